import type { Client } from 'discord.js';
import cron, { type ScheduledTask } from 'node-cron';
import { commands as allCommands } from '../commands/index.js';
import { createCatalog } from './features/catalog/core/catalog.js';
import type { Dataset } from './features/catalog/core/schema.js';
import { loadDataset } from './features/catalog/load.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { createDiscordClient, discordAccessFrom } from './platform/discord/client.js';
import type { RegisteredCommand } from './platform/discord/command.js';
import { createRestPoster, type Poster } from './platform/discord/poster.js';
import { createRouter, type Router } from './platform/discord/router.js';
import { createSpotlightJob } from './features/spotlight/job.js';
import { createLogger, type Logger } from './platform/logger.js';
import { createSchedulerRunner } from './platform/scheduling/runner.js';
import { openStore } from './platform/store/store.js';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  dataset?: Dataset;
  commands?: readonly RegisteredCommand[];
  /** How scheduled posts reach Discord (default: REST, paced below the global limit). */
  poster?: Poster;
}

export interface App {
  ctx: Context;
  router: Router;
  client: Client;
  /** Connects to the gateway and starts the once-a-minute scheduler tick. */
  start(): Promise<void>;
  /** Stops the tick (waiting for one in progress), disconnects and closes the database; safe to call twice. */
  stop(): Promise<void>;
}

/** The composition root: the only place that builds and wires the bot's parts. */
export function createApp(options: AppOptions): App {
  const { config } = options;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const store = openStore(config.DATABASE_PATH);
  const catalog = createCatalog(options.dataset ?? loadDataset());
  const poster = options.poster ?? createRestPoster({ apiBase: config.DISCORD_API_BASE, token: config.DISCORD_TOKEN });
  const scheduler = createSchedulerRunner({ store, clock, log, poster, jobs: [createSpotlightJob(store, catalog)] });
  const client = createDiscordClient({
    apiBase: config.DISCORD_API_BASE,
    applicationId: config.DISCORD_APPLICATION_ID,
    log,
    // The router needs the context, which needs the client: it is looked up when an interaction arrives.
    onInteraction: (interaction) => router.handle(interaction),
    onGuildRemoved: (guildId) => {
      const paused = store.schedules.pauseGuild(guildId, 'Grimoire was removed from this server', clock.now());
      if (paused > 0) log.info({ guildId, paused }, 'paused the schedules of a server that removed the bot');
    },
    // Catch up at once on posts that fell due while the bot was offline.
    onReady: () => void scheduler.tick(),
  });
  const ctx: Context = { catalog, store, clock, log, discord: discordAccessFrom(client), scheduler };
  const router = createRouter(ctx, options.commands ?? allCommands);
  let ticker: ScheduledTask | undefined;
  let stopped: Promise<void> | null = null;

  return {
    ctx,
    router,
    client,
    async start() {
      // node-cron only triggers; what is due lives in SQLite, so a missed trigger loses nothing.
      ticker = cron.schedule('* * * * *', () => void scheduler.tick(), { name: 'scheduler', noOverlap: true });
      await client.login(config.DISCORD_TOKEN);
    },
    stop() {
      stopped ??= (async () => {
        await ticker?.stop();
        await ticker?.destroy();
        await scheduler.release();
        await client.destroy();
        store.close();
        log.info('stopped');
      })();
      return stopped;
    },
  };
}
