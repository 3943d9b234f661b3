import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createWorld, type World } from './harness.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts an npm script exactly as a person would, with the given environment on top of ours. */
function npm(script: string[], env: Record<string, string>): Run {
  // Its own process group, so a failed test can still stop npm, tsx and the bot together.
  const child = spawn('npm', script, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  // 'close' waits for every process holding the pipes (npm → tsx → node), not only npm itself.
  const exited = once(child, 'close').then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}

let world: World;

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
    const run = npm(['start'], envFor(world));
    try {
      await world.emulator.waitForBot();
      const outcome = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'high performance python' } }));
      expect(outcome.message?.embeds[0]?.title).toBe('High Performance Python');
      const ready = run.output().split('\n').find((line) => line.includes('connected to Discord and ready'));
      // A process manager signals the bot process itself (npm does not forward signals to its script when piped).
      process.kill(JSON.parse(ready!).pid as number, 'SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      if (run.child.exitCode === null) process.kill(-run.child.pid!, 'SIGKILL');
    }
    expect(run.output()).toMatch(/"signal":"SIGTERM".*shutting down/);
    expect(run.output()).toContain('"msg":"stopped"');
    expect(run.output()).not.toContain(world.config.DISCORD_TOKEN);
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
});
