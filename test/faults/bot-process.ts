import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { localWeekKey, type WeeklyRule } from '../../src/core/weekly-rule.js';
import { withStore, writeSpotlights, type FaultWorld } from './harness.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** The bot's log lines with this message, parsed. */
  logs(msg: string): Record<string, unknown>[];
}

/** The bot from its sources (`tsx src/main.ts`: `npm start` runs the same code compiled, see npm-start.test.ts), in its own process group. */
export function startBotProcess(world: FaultWorld): BotProcess {
  const env = {
    ...process.env,
    DISCORD_TOKEN: world.config.DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: world.config.DISCORD_APPLICATION_ID,
    DISCORD_API_BASE: world.config.DISCORD_API_BASE,
    DATABASE_PATH: world.config.DATABASE_PATH,
    DISCORD_DEV_GUILD_ID: '',
    LOG_LEVEL: 'info',
  };
  const child = spawn(`${repoRoot}node_modules/.bin/tsx`, ['src/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = once(child, 'close').then(([code]) => code as number | null);
  const logs = (msg: string): Record<string, unknown>[] =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === msg);
  return { child, output: () => output, exited, logs };
}

export const killGroup = (run: BotProcess, signal: NodeJS.Signals): void => {
  try {
    process.kill(-run.child.pid!, signal);
  } catch {
    // Already gone.
  }
};


/** Every server's spotlight fell due a minute ago by the real clock a child process runs on; returns that week. */
export function spotlightsDueNow(world: FaultWorld): string {
  const dueMs = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const due = new Date(dueMs);
  const rule: WeeklyRule = { weekday: ((due.getUTCDay() + 6) % 7) + 1, hour: due.getUTCHours(), minute: due.getUTCMinutes(), timeZone: 'UTC' };
  withStore(world, (store) => writeSpotlights(store, world.servers, rule, dueMs - 3_600_000, dueMs));
  return localWeekKey(dueMs, 'UTC');
}

/** Kills whatever bot processes a test left running and waits for them (afterEach). */
export async function stopBotProcesses(runs: BotProcess[]): Promise<void> {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) killGroup(run, 'SIGKILL');
    await run.exited;
  }
}
