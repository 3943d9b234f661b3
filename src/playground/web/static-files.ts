import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The page's own files (static/) and the few packages it loads from node_modules (the Discord web components
 * and Lit, their one dependency), so nothing comes from a CDN. Anything else under node_modules is refused.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const staticRoot = fileURLToPath(new URL('./static/', import.meta.url));
const nodeModules = join(repoRoot, 'node_modules');

/** Packages the page may load, by the name it imports them under. */
export const servedPackages = ['@skyra/discord-components-core', 'lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/context'] as const;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** A path inside `root`, or null when the request tries to leave it (`..`, an absolute path). */
function inside(root: string, relative: string): string | null {
  const decoded = (() => {
    try {
      return decodeURIComponent(relative);
    } catch {
      return null;
    }
  })();
  if (decoded === null || decoded.includes('\0')) return null;
  const path = normalize(join(root, decoded));
  return path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

async function read(path: string | null): Promise<StaticFile | null> {
  const contentType = path ? contentTypes[extname(path)] : undefined;
  if (!path || !contentType) return null;
  try {
    return { body: await readFile(path), contentType };
  } catch {
    return null;
  }
}

/** `/static/<file>` → the page's own file; null when there is none. */
export function staticFile(relative: string): Promise<StaticFile | null> {
  return read(inside(staticRoot, relative));
}

/** `/node_modules/<package>/<file>` → that file of an allowed package; null for any other. */
export function packageFile(relative: string): Promise<StaticFile | null> {
  const name = servedPackages.find((candidate) => relative.startsWith(`${candidate}/`));
  if (!name) return Promise.resolve(null);
  return read(inside(join(nodeModules, name), relative.slice(name.length + 1)));
}

/** The import map that lets the page's modules import the packages by name. */
export function importMap(): string {
  const imports: Record<string, string> = {
    lit: '/node_modules/lit/index.js',
    'lit/': '/node_modules/lit/',
    'lit-html': '/node_modules/lit-html/lit-html.js',
    'lit-html/': '/node_modules/lit-html/',
    'lit-element/': '/node_modules/lit-element/',
    '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
    '@lit/context': '/node_modules/@lit/context/index.js',
  };
  return JSON.stringify({ imports });
}
