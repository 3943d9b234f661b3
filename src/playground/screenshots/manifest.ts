import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** docs/screenshots/manifest.json: per scene, its picture and the hash of the bot's output it shows. */

export const screenshotsDir = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
export const manifestPath = `${screenshotsDir}manifest.json`;

export type Manifest = Record<string, { file: string; outputHash: string }>;

export function readManifest(path = manifestPath): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

export function writeManifest(manifest: Manifest, path = manifestPath): void {
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}
