import { migrations } from './migrations.js';
import type { Client } from 'discord.js';
import cron, { type ScheduledTask } from 'node-cron';
import { commands as allCommands } from '../commands/index.js';
import type { Config } from './config.js';
import { createPictureCache } from './features/study-groups/picture/picture-cache.js';
import { createProgressPictureWorker } from './features/study-groups/picture/render-in-worker.js';
import { createContext, type Context } from './context.js';
import { createCatalog } from './features/catalog/core/catalog.js';
import type { Dataset } from './features/catalog/core/schema.js';
import { loadDataset } from './features/catalog/load.js';
import { systemClock, type Clock } from './platform/clock.js';
import { createDiscordClient, listenToDiscord } from './platform/discord/client.js';
import type { AppCommand } from '../commands/register.js';
import { discordAccessFrom } from './platform/discord/discord-access.js';
import { scheduledEventsOver } from './platform/discord/scheduled-events.js';
import { pollsOver } from './platform/discord/polls.js';
import { createGuildLifecycle } from './platform/discord/guild-lifecycle.js';
import { createPacer } from './platform/discord/pacer.js';
import { createRestPoster, type Poster } from './platform/discord/poster.js';
import { createRouter, type Router } from './platform/discord/router.js';
import { createLogger, type Logger } from './platform/logger.js';
import { openStore } from './platform/store/store.js';
import { createMetrics } from './platform/metrics/metrics.js';
import { ownsGuild, schedulerRequestsPerSecondOn, type MachineShards } from './platform/discord/machine-shards.js';
import { startMetricsServer, type MetricsServer } from './platform/metrics/metrics-server.js';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  dataset?: Dataset;
  commands?: readonly AppCommand[];
  /** How scheduled posts reach Discord (default: REST, paced below the global limit). */
  poster?: Poster;
  /** Defer an interaction whose handler has not answered after this long (default 2 s, inside Discord's 3 s). */
  deferAfterMs?: number;
  /** How long an interaction that must write waits for another process's database lock (default 12 s). */
  writeRetryBudgetMs?: number;
  /** Scheduler lease lifetime and this process's holder id (fault tests run several processes). */
  leaseTtlMs?: number;
  holderId?: string;
  /** Take the scheduler over as soon as another process's lease runs out (on for `npm start`). */
  schedulerStandby?: boolean;
  /** This machine's shards when the bot runs on several machines (its servers, its REST share); null: every server. */
  machine?: MachineShards | null;
  /** Discord's clock, for searching a channel's history by message time (default real time; tests that pin Discord's clock pass it). */
  wallClock?: () => number;
}

export interface App {
  ctx: Context;
  /** Where /metrics and /healthz are served (METRICS_PORT), once started; null without. */
  readonly metricsUrl: string | null;
  router: Router;
  client: Client;
  /** Connects to the gateway and starts the once-a-minute scheduler tick. */
  start(): Promise<void>;
  /**
   * Stops the tick (no new send starts; in-flight sends finish or, after a grace period, are aborted and left
   * for verification), releases the scheduler lease, disconnects and closes the database; safe to call twice.
   */
  stop(): Promise<void>;
}

/** The composition root: the only place that builds and wires the bot's parts. */
export function createApp(options: AppOptions): App {
  const { config } = options;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const machine = options.machine ?? null;
  const store = openStore(config.DATABASE_PATH, migrations, { ownsGuild: (guildId) => ownsGuild(machine, guildId) });
  const catalog = createCatalog(options.dataset ?? loadDataset());
  // Built first so the REST clients report their 429s; its gauges read the parts below when scraped.
  const parts: { ctx?: Context; client?: Client } = {};
  // The global limit is the bot's: on several machines each paces at its share.
  const pacer = createPacer(schedulerRequestsPerSecondOn(machine));
  const metrics =
    config.METRICS_PORT === undefined
      ? null
      : createMetrics({
          deliveries: () => store.deliveries.countsByStatus(),
          databaseWritable: () => parts.ctx?.health.failure === null,
          holdsSchedulerLease: () => parts.ctx?.scheduler.holdsLease() ?? false,
          gatewayReady: () => parts.client?.isReady() ?? false,
          pacerWaiting: () => pacer.waiting,
        });
  const onRateLimited = metrics ? (global: boolean) => metrics.rateLimited(global ? 'global' : 'route') : undefined;
  const poster = options.poster ?? createRestPoster({ apiBase: config.DISCORD_API_BASE, token: config.DISCORD_TOKEN, pacer, ...(onRateLimited ? { onRateLimited } : {}) });
  const client = createDiscordClient({ apiBase: config.DISCORD_API_BASE });
  if (onRateLimited) client.rest.on('rateLimited', (info) => onRateLimited(info.global));
  parts.client = client;
  const pictures = createProgressPictureWorker();
  const pictureCache = createPictureCache((input) => pictures.render(input));
  const ctx = createContext({
    catalog,
    store,
    clock,
    log,
    poster,
    discord: discordAccessFrom(client),
    leaseTtlMs: options.leaseTtlMs,
    holderId: options.holderId,
    schedulerStandby: options.schedulerStandby,
    wallClock: options.wallClock,
    renderProgressPicture: (input) => pictureCache.render(input),
    scheduledEvents: scheduledEventsOver(client.rest),
    polls: pollsOver(client.rest),
  });
  parts.ctx = ctx;
  const router = createRouter(ctx, options.commands ?? allCommands, {
    writeRetryBudgetMs: options.writeRetryBudgetMs,
    observe: metrics ? (command, outcome, seconds) => metrics.interaction(command, outcome, seconds) : undefined,
  });
  let metricsServer: MetricsServer | null = null;
  /** /healthz: the gateway ready and the database writable. */
  const problem = (): string | null => {
    if (!client.isReady()) return 'not connected to Discord (the gateway is not ready)';
    const failure = ctx.health.failure;
    return failure ? `the database cannot be written: ${failure.reason}` : null;
  };
  const guilds = createGuildLifecycle({ store, clock, log });
  listenToDiscord(client, {
    applicationId: config.DISCORD_APPLICATION_ID,
    log,
    router,
    deferAfterMs: options.deferAfterMs,
    onGuildRemoved: (guildId) => void guilds.removed(guildId),
    // Catch up at once on posts that fell due while the bot was offline.
    onReady: () => void ctx.scheduler.tick(),
  });
  let ticker: ScheduledTask | undefined;
  let stopped: Promise<void> | null = null;

  return {
    ctx,
    router,
    client,
    get metricsUrl() {
      return metricsServer?.url ?? null;
    },
    async start() {
      if (metrics) {
        metricsServer = await startMetricsServer(metrics, { problem }, { port: config.METRICS_PORT!, host: config.METRICS_HOST });
        log.info({ url: metricsServer.url }, 'metrics and health at /metrics and /healthz');
      }
      // node-cron only triggers; what is due lives in SQLite, so a missed trigger loses nothing.
      ticker = cron.schedule('* * * * *', () => void ctx.scheduler.tick(), { name: 'scheduler', noOverlap: true });
      await client.login(config.DISCORD_TOKEN);
    },
    stop() {
      stopped ??= (async () => {
        await ticker?.stop();
        await ticker?.destroy();
        await ctx.scheduler.stop();
        await client.destroy();
        await pictures.close();
        await metricsServer?.close();
        store.close();
        log.info('stopped');
      })();
      return stopped;
    },
  };
}
