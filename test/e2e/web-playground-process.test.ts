import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm run playground -- --web` as a newcomer runs it: one line with the address, a page on loopback, and Ctrl-C or SIGTERM stop it. */

const root = join(import.meta.dirname, '..', '..');
const workDir = mkdtempSync(join(tmpdir(), 'grimoire-web-process-'));
const started: { pid?: number | undefined; exitCode: number | null }[] = [];
afterAll(() => {
  // A failed test must not leave a playground running.
  for (const child of started) if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function startWebPlayground(args: string[]) {
  // Its own process group, as a terminal gives it: Ctrl-C signals the whole group (tsx and the playground).
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['src/playground/main.ts', '--web', '--fresh', '--db', join(workDir, `${args.join('-') || 'web'}.db`), '--now', '2026-12-08T20:00:00Z', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = (async () => {
    for (let waited = 0; waited < 25_000; waited += 100) {
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
      if (match) return match[0];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no address printed; stdout:\n${stdout}\nstderr:\n${stderr}`);
  })();
  const signal = (name: NodeJS.Signals): boolean => process.kill(-child.pid!, name);
  return { child, url, exited, signal, output: () => ({ stdout, stderr }) };
}

describe('npm run playground -- --web', () => {
  it('prints one line with its address, serves the page and only its own files, and stops cleanly on SIGTERM', { timeout: 40_000 }, async () => {
    const run = startWebPlayground([]);
    const url = await run.url;
    expect(run.output().stdout.trim().split('\n')).toHaveLength(1);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>#books');
    const state = (await (await fetch(`${url}api/state?viewer=you&zone=Europe/Berlin`)).json()) as { nowMs: number; members: string[] };
    expect(state.nowMs).toBe(Date.UTC(2026, 11, 8, 20, 0));
    expect(state.members).toEqual(['you', 'alice', 'bob']);
    for (const path of ['static/../server.ts', 'static/%2e%2e/server.ts', 'node_modules/better-sqlite3/package.json', 'node_modules/lit/../../package.json', 'data/playground.db']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${url}node_modules/lit/index.js`)).status).toBe(200);
    const bad = await fetch(`${url}api/command`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    run.signal('SIGTERM');
    expect(await run.exited).toBe(143);
  });

  it('takes --port, and Ctrl-C (SIGINT) stops it too', { timeout: 40_000 }, async () => {
    const port = await freePort();
    const run = startWebPlayground(['--port', String(port)]);
    expect(await run.url).toBe(`http://127.0.0.1:${port}/`);
    run.signal('SIGINT');
    expect(await run.exited).toBe(130);
  });
});
