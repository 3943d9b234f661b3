import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { InteractionResponseType } from 'discord-api-types/v10';
import type { App } from '../src/app.js';
import type { CommandAction } from '../src/emulator/interaction-payloads.js';
import { startupBusyTimeoutMs } from '../src/platform/store/database.js';
import { createWorld, startBot, type World } from '../test/e2e/harness.js';
import { holdWriteLock } from '../test/fixtures/lock-holder.js';
import { percentile, startWaitClock } from './stats.js';

/**
 * Section 12: another process holds SQLite's write lock for 10 s (an operator's `sqlite3` shell with an open
 * BEGIN IMMEDIATE) while members use the bot at a steady rate: lookups, boards and check-ins (writes). Measured
 * on the real bot against the emulator: the worst event-loop stall, and what members got. The same traffic runs
 * first with no lock (baseline), then with the lock, then with the lock and the old setting (busy_timeout 5 s on
 * the serving connection) for comparison.
 */

export interface LockPhase {
  label: string;
  /** The longest the event loop could not run a timer (monitorEventLoopDelay max), in ms. */
  worstStallMs: number;
  interactions: number;
  /** Not answered within Discord's 3 s, or not at all. */
  unanswered: number;
  /** Read-only interactions (/book, /study status): from the member's action to the answer. */
  readP50Ms: number;
  readP99Ms: number;
  /** Check-ins: acknowledged with "thinking…" in time, then done. */
  writesDeferred: number;
  writesDone: number;
  /** Check-ins answered "busy, try again" (nothing changed). */
  writesBusy: number;
  /** Share of the phase the main thread waited for a CPU (other load inflates the figures). */
  cpuWaitShare: number | null;
}

export interface LockBenchResult {
  holdMs: number;
  perSecond: number;
  phases: LockPhase[];
}

const holdMs = 10_000;
const perSecond = 10;
/** Enough members that no one checks in twice within the bench (a check-in a minute per member is allowed). */
const memberCount = 150;

interface Sample {
  kind: 'read' | 'write';
  ms: number;
  answered: boolean;
  deferred: boolean;
  content: string;
}

interface LockWorld {
  world: World;
  app: App;
  members: string[];
}

/** The e2e tests' world (emulator, server, channel, a real SQLite file) with a study group of `memberCount`. */
async function benchWorld(): Promise<LockWorld> {
  const world = await createWorld();
  const app = await startBot(world);
  const members = [world.adminId, world.memberId, ...Array.from({ length: memberCount - 2 }, (_, i) => world.emulator.createMember(world.guildId, { username: `reader${i}` }))];
  const act = (userId: string, subcommand: string, options: Record<string, string>) =>
    world.emulator.runCommand({ guildId: world.guildId, channelId: world.channelId, userId, name: 'study', subcommand, options });
  await act(world.adminId, 'create', { name: 'Lock Readers', book: 'fluent python', day: 'sunday', time: '18:00', timezone: 'UTC' });
  for (const member of members.slice(1)) await act(member, 'join', { group: 'Lock Readers' });
  return { world, app, members };
}

/** Members act at `perSecond` for `durationMs`, each interaction on its own; resolves once all are answered. */
let writesSoFar = 0;

async function traffic({ world, members }: LockWorld, durationMs: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const running: Promise<void>[] = [];
  const t0 = performance.now();
  for (let index = 0; performance.now() - t0 < durationMs; index++) {
    const kind: Sample['kind'] = index % 3 === 2 ? 'write' : 'read';
    const userId = members[(kind === 'write' ? writesSoFar++ : index) % members.length]!;
    const base = { guildId: world.guildId, channelId: world.channelId, userId };
    const action: CommandAction =
      kind === 'write'
        ? { ...base, name: 'study', subcommand: 'checkin', options: { group: 'Lock Readers', progress: `ch ${1 + (index % 20)}` } }
        : index % 3 === 0
          ? { ...base, name: 'book', options: { query: 'fluent python' } }
          : { ...base, name: 'study', subcommand: 'status', options: { group: 'Lock Readers' } };
    const startedAt = performance.now();
    const { interaction, outcome } = world.emulator.startCommand(action, { timeoutMs: 20_000 });
    running.push(
      outcome.then((result) => {
        const message = result.message ?? result.followUps[0] ?? null;
        samples.push({
          kind,
          ms: performance.now() - startedAt,
          answered: !result.expired && message !== null,
          deferred: interaction.responseType === InteractionResponseType.DeferredChannelMessageWithSource,
          content: message?.content ?? '',
        });
      }),
    );
    await sleep(Math.max(0, t0 + ((index + 1) * 1000) / perSecond - performance.now()));
  }
  await Promise.all(running);
  return samples;
}

async function phase(lockWorld: LockWorld, label: string, withLock: boolean): Promise<LockPhase> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const cpuWait = startWaitClock();
  histogram.enable();
  const lock = withLock ? await holdWriteLock(lockWorld.world.config.DATABASE_PATH, holdMs) : null;
  const samples = await traffic(lockWorld, holdMs);
  await lock?.released;
  histogram.disable();
  const reads = samples.filter((s) => s.kind === 'read' && s.answered).map((s) => s.ms).sort((a, b) => a - b);
  const writes = samples.filter((s) => s.kind === 'write');
  return {
    label,
    worstStallMs: histogram.max / 1e6,
    interactions: samples.length,
    unanswered: samples.filter((s) => !s.answered).length,
    readP50Ms: percentile(reads, 50),
    readP99Ms: percentile(reads, 99),
    writesDeferred: writes.filter((s) => s.deferred).length,
    writesDone: writes.filter((s) => s.answered && /Checked in/.test(s.content)).length,
    writesBusy: writes.filter((s) => /database is busy/.test(s.content)).length,
    cpuWaitShare: cpuWait(),
  };
}

export async function runDatabaseLockBench(): Promise<LockBenchResult> {
  const lockWorld = await benchWorld();
  try {
    const phases: LockPhase[] = [];
    phases.push(await phase(lockWorld, 'no lock (baseline)', false));
    phases.push(await phase(lockWorld, `lock held ${holdMs / 1000} s`, true));
    // The previous build: the serving connection waited up to 5 s on the lock, synchronously.
    lockWorld.app.ctx.store.database.pragma(`busy_timeout = ${startupBusyTimeoutMs}`);
    phases.push(await phase(lockWorld, `lock held ${holdMs / 1000} s, old busy_timeout ${startupBusyTimeoutMs / 1000} s`, true));
    return { holdMs, perSecond, phases };
  } finally {
    await lockWorld.app.stop();
    await lockWorld.world.close();
  }
}
