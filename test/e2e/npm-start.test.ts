import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { commands } from '../../commands/index.js';
import { createWorld, type World } from './harness.js';
import { textOf } from '../fixtures/layout.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves with the first output line containing `text`, as soon as it is written. */
  line: (text: string) => Promise<string>;
}

/** Starts an npm script exactly as a person would, with the given environment on top of ours. */
function npm(script: string[], env: Record<string, string>): Run {
  // Its own process group, so a failed test can still stop npm and the bot together.
  const child = spawn('npm', script, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const waiting = new Set<() => void>();
  const append = (chunk: unknown): void => {
    output += String(chunk);
    for (const check of waiting) check();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  // 'close' waits for every process holding the pipes (npm → node), not only npm itself.
  const exited = once(child, 'close').then(([code]) => code as number | null);
  const line = (text: string): Promise<string> =>
    new Promise((resolve) => {
      const check = (): void => {
        // Only whole lines: the last piece may still be arriving.
        const found = output.split('\n').slice(0, -1).find((candidate) => candidate.includes(text));
        if (found === undefined) return;
        waiting.delete(check);
        resolve(found);
      };
      waiting.add(check);
      check();
    });
  return { child, output: () => output, exited, line };
}

let world: World;

// The suite's global set-up made the compiled build (npm run build): each `npm start` below runs it without building.
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const envFor = (world: World): Record<string, string> => ({
  DISCORD_TOKEN: world.config.DISCORD_TOKEN,
  DISCORD_APPLICATION_ID: world.config.DISCORD_APPLICATION_ID,
  DISCORD_API_BASE: world.config.DISCORD_API_BASE,
  DATABASE_PATH: world.config.DATABASE_PATH,
  DISCORD_DEV_GUILD_ID: '',
  LOG_LEVEL: 'info',
});

describe('the bot as `npm start` runs it', () => {
  it('connects, answers /book, and shuts down cleanly on SIGTERM', async () => {
    // SHARD_COUNT= as copied from .env.example: discord.js would read it, but it is for start:sharded only.
    const run = npm(['start'], { ...envFor(world), SHARD_COUNT: '' });
    try {
      await world.emulator.waitForBot();
      const outcome = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'high performance python' } }));
      expect(textOf(outcome.message!)).toContain('## High Performance Python');
      // The log line can trail the session the emulator saw (discord.js waits for the servers first).
      const ready = await run.line('connected to Discord and ready');
      // A process manager signals the bot process itself (npm does not forward signals to its script when piped).
      process.kill(JSON.parse(ready).pid as number, 'SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      if (run.child.exitCode === null) process.kill(-run.child.pid!, 'SIGKILL');
    }
    expect(run.output()).toMatch(/"signal":"SIGTERM".*shutting down/);
    expect(run.output()).toContain('"msg":"stopped"');
    expect(run.output()).not.toContain(world.config.DISCORD_TOKEN);
    // It ran the build with plain node: nothing was compiled at start.
    expect(run.output()).not.toMatch(/building dist/);
    expect(run.output()).toMatch(/> node src\/run-built\.mjs main\.js/);
  });

  it('registers exactly the router commands with `npm run deploy-commands`', async () => {
    const run = npm(['run', 'deploy-commands'], { ...envFor(world), DISCORD_DEV_GUILD_ID: world.guildId });
    expect(await run.exited).toBe(0);
    const names = commands.map((command) => command.definition.name);
    expect(run.output()).toContain(`Registered ${names.length} commands to server ${world.guildId}: ${names.map((name) => `/${name}`).join(', ')}`);
    expect(world.emulator.registeredCommands(world.guildId).slice(0, names.length).map((c) => c.name)).toEqual(names);
  });

  it('exits non-zero with one clear message when the configuration is missing', async () => {
    const run = npm(['start'], { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Grimoire cannot start: the configuration is incomplete\.\n {2}DISCORD_TOKEN is missing/);
    expect(run.output()).toMatch(/DISCORD_APPLICATION_ID is missing/);
  });

  it('exits non-zero, without retrying, when Discord rejects the token', async () => {
    const run = npm(['start'], { ...envFor(world), DISCORD_TOKEN: 'MTIz.wrong.token' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Discord rejected DISCORD_TOKEN');
    expect(run.output()).not.toContain('MTIz.wrong.token');
    const gatewayCalls = world.emulator.core.requests.filter((r) => r.path === '/gateway/bot' && r.status === 401);
    expect(gatewayCalls).toHaveLength(1);
  });

  it('gives up with a time-out message when DISCORD_API_BASE accepts connections and never answers', async () => {
    // A server that accepts every connection and never says a word.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const base = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api`;
    const folder = mkdtempSync(join(tmpdir(), 'grimoire-silent-'));
    const run = npm(['start'], { ...envFor(world), DISCORD_API_BASE: base, DATABASE_PATH: join(folder, 'grimoire.db'), GRIMOIRE_CONNECT_TIMEOUT_MS: '1500' });
    // Also when the test's own time-out fails it, which never returns from the await below.
    onTestFinished(() => {
      if (run.child.exitCode === null) process.kill(-run.child.pid!, 'SIGKILL');
      for (const socket of sockets) socket.destroy();
      silent.close();
      rmSync(folder, { recursive: true, force: true });
    });
    // Without the time-out this never ends, and the test's own time-out fails it.
    expect(await run.exited).toBe(1);
    expect(sockets.size).toBeGreaterThan(0);
    expect(run.output()).toContain(`Grimoire cannot start: Discord did not answer within 1.5 s at ${base}: check DISCORD_API_BASE`);
    expect(run.output()).not.toContain(world.config.DISCORD_TOKEN);
  });

  it('builds first when there is no build, or it is older than the sources, then runs it', async () => {
    // A folder of its own (GRIMOIRE_DIST), so the other tests' dist/ is never rebuilt under them.
    const dist = 'dist-start-test';
    onTestFinished(() => rmSync(join(repoRoot, dist), { recursive: true, force: true }));
    const first = npm(['start'], { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', GRIMOIRE_DIST: dist });
    expect(await first.exited).toBe(1);
    expect(first.output()).toContain(`No build yet: building ${dist}/ (npm run build)`);
    expect(first.output()).toContain('DISCORD_TOKEN is missing');
    // As after a `git pull`: the sources are newer than the last build.
    utimesSync(join(repoRoot, dist, '.built-at'), 0, 0);
    const again = npm(['start'], { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', GRIMOIRE_DIST: dist });
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain(`The sources changed since the last build: building ${dist}/ (npm run build)`);
    // Stamped again (from the epoch to the file system's now; the test's own clock may be pinned by libfaketime).
    expect(statSync(join(repoRoot, dist, '.built-at')).mtimeMs).toBeGreaterThan(0);
    const current = npm(['start'], { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', GRIMOIRE_DIST: dist });
    expect(await current.exited).toBe(1);
    expect(current.output()).not.toContain('building');
  }, 180_000);
});
