import { setTimeout as sleep } from 'node:timers/promises';
import { commands } from '../commands/index.js';
import { createApp, type App } from '../src/app.js';
import type { Config } from '../src/config.js';
import type { CommandAction } from '../src/emulator/interaction-payloads.js';
import type { Emulator } from '../src/emulator/emulator.js';
import { deployCommands } from '../src/platform/discord/deploy.js';
import { discordGlobalRequestsPerSecond, otherRequestsPerSecond, schedulerRequestsPerSecond } from '../src/platform/discord/rest-budget.js';
import { silentLogger } from '../src/platform/logger.js';
import { heading, table } from './format.js';
import { seededRandom, type Random } from './prng.js';
import { fanoutWorld, type FanoutResult } from './scheduler-fanout.js';
import { percentile } from './stats.js';

export interface FanoutWithTrafficResult extends FanoutResult {
  /** The rate members used the bot at during the fan-out. */
  interactionsPerSecond: number;
  /** Interactions started during the fan-out. */
  interactions: number;
  /** Of those, not answered (expired, or no reply). */
  unanswered: number;
  /** From the member's action to the bot's final answer (an autocomplete's choices, a command's reply). */
  interactionP50Ms: number;
  interactionP99Ms: number;
  /** 429s during the fan-out, by kind (`globalLimited` and `rateLimited` count the same window). */
  routeLimited: number;
}

/** What members do meanwhile, in turn: the two commands and their autocompletes. */
const actions: readonly ((random: Random) => Omit<CommandAction, 'guildId' | 'channelId' | 'userId'> & { focused?: string })[] = [
  (r) => ({ name: 'book', options: { query: r.pick(['fluent python', 'beazly', 'rust programming', 'designing data-intensive applications', 'clean architecture']) } }),
  (r) => ({ name: 'book', options: { query: r.pick(['flu', 'asyn', 'data', 'rust', 'effective']) }, focused: 'query' }),
  (r) => ({ name: 'recommend', options: { topic: r.pick(['asyncio', 'testing', 'databases', 'web scraping', 'concurrency']) } }),
  (r) => ({ name: 'recommend', options: { topic: r.pick(['event lo', 'test', 'data', 'conc']) }, focused: 'topic' }),
];

interface Sample {
  startedAt: number;
  ms: number;
  answered: boolean;
}

/** Members use the bot at `perSecond` (each interaction on its own, not waiting for the previous one) until stopped. */
function startTraffic(emulator: Emulator, perSecond: number): { samples: Sample[]; stop(): Promise<void> } {
  const guild = emulator.createGuild({ name: 'readers' });
  const channelId = emulator.createChannel(guild.id, { name: 'books' });
  const members = Array.from({ length: 8 }, (_, i) => emulator.createMember(guild.id, { username: `reader${i}` }));
  const random = seededRandom(2_024);
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  let running = true;

  async function one(index: number): Promise<void> {
    const action = { ...actions[index % actions.length]!(random), guildId: guild.id, channelId, userId: random.pick(members) };
    const startedAt = performance.now();
    const answered = action.focused
      ? (await emulator.autocomplete({ ...action, focused: action.focused })) !== null
      : await emulator.runCommand(action).then((outcome) => !outcome.expired && (outcome.message !== null || outcome.followUps.length > 0));
    samples.push({ startedAt, ms: performance.now() - startedAt, answered });
  }

  const loop = (async () => {
    const interval = 1000 / perSecond;
    const t0 = performance.now();
    for (let index = 0; running; index++) {
      const task = one(index).catch(() => void samples.push({ startedAt: performance.now(), ms: Number.NaN, answered: false }));
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      const next = t0 + (index + 1) * interval;
      await sleep(Math.max(0, next - performance.now()));
    }
  })();

  return {
    samples,
    async stop() {
      running = false;
      await loop;
      await Promise.all(inFlight);
    },
  };
}

/** Resolves once discord.js has every server and the bot's catch-up tick (nothing due yet) has finished. */
async function untilReady(app: App): Promise<void> {
  while (!app.client.isReady()) await sleep(50);
  await app.ctx.scheduler.idle();
}

/**
 * The fan-out of section 5 (`servers` spotlights due in the same minute), run by the real bot (createApp: its
 * runner, poster and discord.js client on one emulator) while members use /book, /recommend and their
 * autocompletes at `interactionsPerSecond`. Interaction responses are not bound to Discord's global limit, so
 * the target is no global 429 and interaction latency as without the fan-out.
 */
export async function runFanoutWithTraffic(servers: number, interactionsPerSecond = 30): Promise<FanoutWithTrafficResult> {
  const world = await fanoutWorld(servers);
  let now = world.due - 10 * 60_000;
  const config: Config = {
    DISCORD_TOKEN: world.emulator.token,
    DISCORD_APPLICATION_ID: world.emulator.applicationId,
    DATABASE_PATH: world.databasePath,
    DISCORD_API_BASE: world.emulator.apiBase,
    LOG_LEVEL: 'silent',
  };
  let app: App | null = null;
  let traffic: ReturnType<typeof startTraffic> | null = null;
  try {
    await deployCommands(config, commands);
    app = createApp({ config, log: silentLogger, clock: { now: () => now } });
    await app.start();
    await untilReady(app);
    traffic = startTraffic(world.emulator, interactionsPerSecond);
    // A second of traffic alone first: the handlers' first calls (JIT, caches) are not what is measured.
    await sleep(1000);
    const before = { ...world.emulator.core.limiter.stats };
    now = world.due + 1000;
    const started = Date.now();
    const t0 = performance.now();
    const report = await app.ctx.scheduler.tick();
    const t1 = performance.now();
    await traffic.stop();
    const result = world.measure(started, (t1 - t0) / 1000);
    if (report.sent !== result.delivered) throw new Error(`runner reports ${report.sent} sent, emulator holds ${result.delivered}`);
    const stats = world.emulator.core.limiter.stats;
    const during = traffic.samples.filter((sample) => sample.startedAt >= t0 && sample.startedAt < t1);
    const latencies = Float64Array.from(during.filter((sample) => sample.answered).map((sample) => sample.ms)).sort();
    return {
      ...result,
      globalLimited: stats.globalLimited - before.globalLimited,
      rateLimited: stats.limited - before.limited,
      routeLimited: stats.limited - before.limited - (stats.globalLimited - before.globalLimited),
      interactionsPerSecond,
      interactions: during.length,
      unanswered: during.filter((sample) => !sample.answered).length,
      interactionP50Ms: percentile(latencies, 50),
      interactionP99Ms: percentile(latencies, 99),
    };
  } finally {
    await traffic?.stop();
    await app?.stop();
    await world.close();
  }
}

/** Prints the run as a bench section; `number` is its place in the bench (run.ts decides). */
export function printFanoutWithTraffic(result: FanoutWithTrafficResult, number = '5b'): void {
  console.log(
    heading(`${number}. Scheduler fan-out of ${result.servers.toLocaleString('en-US')} servers while members use the bot (${result.interactionsPerSecond} interactions/s)`),
  );
  console.log('  The real bot (its runner, poster and discord.js client) against the emulator; members run /book, /recommend and');
  console.log('  their autocompletes throughout. Latency: from the member\'s action to the bot\'s final answer.');
  console.log(
    table(
      ['servers', 'delivered', 'duplicates', 'tick s', 'posts/s', '429 global', '429 route', 'interactions', 'unanswered', 'p50 ms', 'p99 ms', 'peak RSS MiB'],
      [
        [
          result.servers.toLocaleString('en-US'),
          result.delivered.toLocaleString('en-US'),
          String(result.duplicates),
          result.seconds.toFixed(1),
          result.postsPerSecond.toFixed(1),
          String(result.globalLimited),
          String(result.routeLimited),
          result.interactions.toLocaleString('en-US'),
          String(result.unanswered),
          result.interactionP50Ms.toFixed(1),
          result.interactionP99Ms.toFixed(1),
          result.peakRssMb.toFixed(0),
        ],
      ],
    ),
  );
  console.log(
    `  Budget (src/platform/discord/rest-budget.ts): the scheduler's posts and history reads share ${schedulerRequestsPerSecond} requests/s of Discord's ${discordGlobalRequestsPerSecond};`,
  );
  console.log(`  ${otherRequestsPerSecond}/s stay free for the bot's other calls. Interaction responses are not bound to the global limit, so they use none of it.`);
}
