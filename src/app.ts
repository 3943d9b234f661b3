import type { Client } from 'discord.js';
import { commands as allCommands } from '../commands/index.js';
import { createCatalog } from './catalog/catalog.js';
import { loadDataset, type Dataset } from './catalog/load.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { createDiscordClient } from './discord/client.js';
import type { RegisteredCommand } from './discord/command.js';
import { createRouter, type Router } from './discord/router.js';
import { createLogger, type Logger } from './logger.js';
import { openStore } from './store/store.js';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  dataset?: Dataset;
  commands?: readonly RegisteredCommand[];
}

export interface App {
  ctx: Context;
  router: Router;
  client: Client;
  /** Connects to the gateway; resolves once logged in. */
  start(): Promise<void>;
  /** Disconnects and closes the database; safe to call twice. */
  stop(): Promise<void>;
}

/** The composition root: the only place that builds and wires the bot's parts. */
export function createApp(options: AppOptions): App {
  const { config } = options;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const ctx: Context = {
    catalog: createCatalog(options.dataset ?? loadDataset()),
    store: openStore(config.DATABASE_PATH),
    clock: options.clock ?? systemClock,
    log,
  };
  const router = createRouter(ctx, options.commands ?? allCommands);
  const client = createDiscordClient({ apiBase: config.DISCORD_API_BASE, applicationId: config.DISCORD_APPLICATION_ID, router, log });
  let stopped: Promise<void> | null = null;

  return {
    ctx,
    router,
    client,
    async start() {
      await client.login(config.DISCORD_TOKEN);
    },
    stop() {
      stopped ??= (async () => {
        await client.destroy();
        ctx.store.close();
        log.info('stopped');
      })();
      return stopped;
    },
  };
}
