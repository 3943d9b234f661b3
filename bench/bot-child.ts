import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
/** What bench/bot-probe.mjs answers: memory in bytes, maxRss the peak so far, cpuUs user + system since start. */
export interface ProbeReading {
  rss: number;
  heapUsed: number;
  maxRss: number;
  cpuUs: number;
}

interface ProbeRequest {
  id: number;
  gc: boolean;
}

/**
 * A bot in its own process, so the memory and CPU it reports are its own: Grimoire as `npm start` runs it (its
 * build, dist/src/main.js, with plain node; the bench builds it first) or the peer (bench/peer-bot.mjs), both as
 * `node --expose-gc --import bench/bot-probe.mjs …`.
 */

export type BotKind = 'Grimoire' | 'peer';

export interface BotChild {
  kind: BotKind;
  /** Resolves when the bot says it is ready (every server received): ms since the spawn. */
  ready: Promise<{ msSinceSpawn: number; guilds: number }>;
  /** The bot's own memory and CPU; `gc` forces a full collection first. */
  read(options?: { gc?: boolean }): Promise<ProbeReading>;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const probe = fileURLToPath(new URL('./bot-probe.mjs', import.meta.url));
const entries: Record<BotKind, string> = { Grimoire: 'dist/src/main.js', peer: 'bench/peer-bot.mjs' };

/** Builds dist/ when it is missing or older than the sources (as `npm start` would), before any bot is timed. */
export function ensureBuilt(): void {
  const built = spawnSync(process.execPath, ['src/run-built.mjs', '--build'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}
const readyMessage = 'connected to Discord and ready';

export interface BotEnv {
  DISCORD_TOKEN: string;
  DISCORD_APPLICATION_ID: string;
  DISCORD_API_BASE: string;
  /** Grimoire only. */
  DATABASE_PATH?: string;
}

let builtThisRun = false;

export function spawnBot(kind: BotKind, env: BotEnv): BotChild {
  if (kind === 'Grimoire' && !builtThisRun) {
    ensureBuilt();
    builtThisRun = true;
  }
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', probe, entries[kind]], {
    cwd: repoRoot,
    // Production's log level (no per-guild lines at start-up); time enough to take in 10,000 servers.
    env: { ...process.env, ...env, DISCORD_DEV_GUILD_ID: '', LOG_LEVEL: 'info', GRIMOIRE_CONNECT_TIMEOUT_MS: '600000' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  let pending = '';
  let resolveReady!: (value: { msSinceSpawn: number; guilds: number }) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<{ msSinceSpawn: number; guilds: number }>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = String(chunk);
    output += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.includes(readyMessage)) continue;
      const parsed = JSON.parse(line) as { guilds?: number };
      resolveReady({ msSinceSpawn: performance.now() - started, guilds: parsed.guilds ?? Number.NaN });
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
  const exited = once(child, 'exit').catch(() => [null, 'error']);
  void exited.then(([code, signal]) => rejectReady(new Error(`${kind} exited before it was ready (${String(code ?? signal)}):\n${output.slice(-2000)}`)));

  let nextId = 0;
  const waiting = new Map<number, (reading: ProbeReading) => void>();
  child.on('message', (message: { id: number; reading: ProbeReading }) => {
    waiting.get(message.id)?.(message.reading);
    waiting.delete(message.id);
  });

  return {
    kind,
    ready,
    read({ gc = false } = {}) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.send({ id, gc } satisfies ProbeRequest);
      });
    },
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
