import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';

export interface GuildLifecycle {
  /** The bot was removed from a server (not an outage): its schedules pause, with the reason shown in status. */
  removed(guildId: string): void;
}

export function createGuildLifecycle({ store, clock, log }: { store: Store; clock: Clock; log: Logger }): GuildLifecycle {
  return {
    removed(guildId) {
      const paused = store.schedules.pauseGuild(guildId, 'Grimoire was removed from this server', clock.now());
      if (paused > 0) log.info({ guildId, paused }, 'paused the schedules of a server that removed the bot');
    },
  };
}
