import type { Catalog } from './catalog/catalog.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { SchedulerRunner } from './schedule/scheduler-runner.js';
import type { Store } from './store/store.js';

/** What handlers may ask of the live Discord connection (the shell implements it from discord.js' cache). */
export interface DiscordAccess {
  /** The bot's permissions in a channel, or null when the channel (or server) is unknown to it. */
  botPermissionsIn(guildId: string, channelId: string): bigint | null;
}

/** Everything a handler may use, built once in the composition root (src/app.ts) and passed down. */
export interface Context {
  catalog: Catalog;
  store: Store;
  clock: Clock;
  log: Logger;
  discord: DiscordAccess;
  scheduler: SchedulerRunner;
}
