import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FaultWorld } from './harness.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** The bot's log lines with this message, parsed. */
  logs(msg: string): Record<string, unknown>[];
}

/** The bot exactly as `npm start` runs it (`tsx src/main.ts`), in its own process group. */
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

