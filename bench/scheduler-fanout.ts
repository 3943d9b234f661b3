import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPError } from '@discordjs/rest';
import { nextDueInstant, type WeeklyRule } from '../src/core/weekly-rule.js';
import { Emulator } from '../src/emulator/emulator.js';
import { createCatalog } from '../src/features/catalog/core/catalog.js';
import { loadDataset } from '../src/features/catalog/load.js';
import { createSpotlightRepository } from '../src/features/spotlight/repository.js';
import { createJobs } from '../src/jobs.js';
import { migrations } from '../src/migrations.js';
import { createRestPoster, defaultPostsPerSecond, type Poster } from '../src/platform/discord/poster.js';
import { silentLogger } from '../src/platform/logger.js';
import { createSchedulerRunner, type SchedulerRunner, type TickReport } from '../src/platform/scheduling/runner.js';
import { createStoreHealth } from '../src/platform/store/store-health.js';
import { openStore, type Store } from '../src/platform/store/store.js';
import { seededRandom } from './prng.js';

export interface FanoutResult {
  servers: number;
  delivered: number;
  duplicates: number;
  seconds: number;
  postsPerSecond: number;
  peakPerSecond: number;
  globalLimited: number;
  rateLimited: number;
  peakRssMb: number;
  peakHeapMb: number;
}

export interface FaultyFanoutResult extends FanoutResult {
  /** Responses lost after Discord had processed the post. */
  lost: number;
  restarts: number;
  /** Found in the channel's history and recorded, not sent again. */
  verified: number;
  historyReads: number;
  /** Posts per second over the whole run, restarts and the retry pass included. */
  overallPerSecond: number;
}

export interface FanoutWorld {
  emulator: Emulator;
  store: Store;
  /** The SQLite file `store` is open on (a bot started on it sees the same schedules). */
  databasePath: string;
  channels: string[];
  due: number;
  makeRunner(poster: Poster, holderId: string, clock: { now(): number }): SchedulerRunner;
  measure(started: number, seconds: number): FanoutResult;
  close(): Promise<void>;
}

/** `servers` servers with a spotlight due in the same minute, in the emulator and in a real SQLite file. */
export async function fanoutWorld(servers: number): Promise<FanoutWorld> {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-bench-'));
  const emulator = await Emulator.start();
  const databasePath = join(folder, 'bench.db');
  const store = openStore(databasePath, migrations);
  const catalog = createCatalog(loadDataset());
  const rule: WeeklyRule = { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' };
  const due = nextDueInstant(rule, Date.UTC(2026, 10, 22));
  const channels: string[] = [];
  const spotlightRepository = createSpotlightRepository(store.database);
  store.transaction(() => {
    for (let i = 0; i < servers; i++) {
      const guild = emulator.createGuild({ name: `server ${i}` });
      const channelId = emulator.createChannel(guild.id, { name: 'books' });
      channels.push(channelId);
      store.guilds.touch(guild.id, due - 86_400_000);
      store.schedules.save({ guildId: guild.id, kind: 'spotlight', channelId, rule, nextDueMs: due }, due - 86_400_000);
      spotlightRepository.saveSettings({ guildId: guild.id, roleId: null, configuredBy: 'bench' });
    }
  });
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 250);
  return {
    emulator,
    store,
    databasePath,
    channels,
    due,
    makeRunner: (poster, holderId, clock) =>
      createSchedulerRunner({
        store,
        clock,
        log: silentLogger,
        poster,
        jobs: createJobs({ catalog, store }),
        // Unknown to a runner without a gateway: the history is read over REST (the emulator grants everything).
        discord: { botPermissionsIn: () => null, role: () => null, botPermissionsInGuild: () => null, channelType: () => null },
        health: createStoreHealth(clock),
        holderId,
      }),
    measure(started, seconds) {
      const posts = emulator.core.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.status === 200 && r.at >= started);
      const perSecond = new Map<number, number>();
      for (const post of posts) perSecond.set(Math.floor(post.at / 1000), (perSecond.get(Math.floor(post.at / 1000)) ?? 0) + 1);
      const counts = channels.map((channelId) => emulator.messages(channelId).length);
      return {
        servers,
        delivered: counts.filter((n) => n >= 1).length,
        duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
        seconds,
        postsPerSecond: posts.length / seconds,
        // Full seconds only: the first and last are partial.
        peakPerSecond: Math.max(...[...perSecond.entries()].sort((a, b) => a[0] - b[0]).slice(1, -1).map(([, n]) => n), 0),
        globalLimited: emulator.core.limiter.stats.globalLimited,
        rateLimited: emulator.core.limiter.stats.limited,
        peakRssMb: peakRss / 2 ** 20,
        peakHeapMb: peakHeap / 2 ** 20,
      };
    },
    async close() {
      clearInterval(sampler);
      store.close();
      await emulator.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * One scheduler tick with `servers` spotlights due in the same minute, against the emulator (real HTTP on
 * loopback, Discord's global 50 requests/s enforced), through the same runner, job and poster as the bot.
 */
export async function runSchedulerFanout(servers: number): Promise<FanoutResult> {
  const world = await fanoutWorld(servers);
  try {
    const poster = createRestPoster({ apiBase: world.emulator.apiBase, token: world.emulator.token });
    const runner = world.makeRunner(poster, 'bench', { now: () => world.due + 1000 });
    const started = Date.now();
    const t0 = performance.now();
    const report = await runner.tick();
    const result = world.measure(started, (performance.now() - t0) / 1000);
    if (report.sent !== result.delivered) throw new Error(`runner reports ${report.sent} sent, emulator holds ${result.delivered}`);
    return result;
  } finally {
    await world.close();
  }
}

/**
 * The same fan-out with 1 % of responses lost after Discord processed the post (the runner sees a 502),
 * Discord's nonce window shortened to 1 s so it cannot hide a re-send, and two restarts (a clean stop and a
 * new process) during it; then the retry pass. Every lost post must be found in the history, not re-sent.
 */
export async function runFaultyFanout(servers: number, lossRate = 0.01): Promise<FaultyFanoutResult> {
  const world = await fanoutWorld(servers);
  try {
    world.emulator.setNonceWindow(1000);
    const rest = createRestPoster({ apiBase: world.emulator.apiBase, token: world.emulator.token });
    const random = seededRandom(48);
    const restartAfter = [Math.floor(servers / 3), Math.floor((2 * servers) / 3)];
    let sends = 0;
    let lost = 0;
    let runner: SchedulerRunner | null = null;
    let stopping: Promise<void> | null = null;
    const poster: Poster = {
      async send(channelId, body, nonce, options) {
        const result = await rest.send(channelId, body, nonce, options);
        sends++;
        // A deploy restarts the bot: the running process stops cleanly, a new one takes over.
        if (restartAfter.includes(sends) && runner && !stopping) stopping = runner.stop(3_000);
        if (random.chance(lossRate)) {
          lost++;
          throw new HTTPError(502, 'Bad Gateway', 'POST', `/channels/${channelId}/messages`, {});
        }
        return result;
      },
      findMarked: (...args) => rest.findMarked(...args),
    };
    let offsetMs = 1000;
    const clock = { now: () => world.due + offsetMs };
    const reports: TickReport[] = [];
    let restarts = -1;
    const started = Date.now();
    const t0 = performance.now();
    let firstPassSeconds = 0;
    let firstPassSends = 0;
    for (let round = 0; round < 20; round++) {
      if (!runner || stopping) {
        await stopping;
        stopping = null;
        runner = world.makeRunner(poster, `bench-${++restarts}`, clock);
      }
      const report = await runner.tick();
      reports.push(report);
      if (process.env.BENCH_DEBUG) console.log(JSON.stringify(report));
      if (world.store.schedules.due(clock.now(), 1).length > 0) continue;
      if (firstPassSeconds === 0) {
        firstPassSeconds = (performance.now() - t0) / 1000;
        firstPassSends = sends;
      }
      // Lost responses wait for their retry (a minute later): move the clock past it.
      const pending = world.store.deliveries.countByStatus('spotlight').claimed;
      if (pending === 0) break;
      offsetMs += 30 * 60_000;
    }
    const seconds = (performance.now() - t0) / 1000;
    const result = world.measure(started, seconds);
    const sum = (key: 'verified' | 'historyReads'): number => reports.reduce((total, report) => total + report[key], 0);
    return {
      ...result,
      // Throughput of the fan-out itself (the retry pass waits for the clock, not for Discord).
      postsPerSecond: firstPassSends / firstPassSeconds,
      overallPerSecond: result.delivered / seconds,
      lost,
      restarts,
      verified: sum('verified'),
      historyReads: sum('historyReads'),
    };
  } finally {
    await world.close();
  }
}

export { defaultPostsPerSecond };
