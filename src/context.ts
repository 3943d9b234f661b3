import type { Catalog } from './features/catalog/core/catalog.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import type { SchedulerRunner } from './platform/scheduling/runner.js';
import type { Store } from './platform/store/store.js';

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
