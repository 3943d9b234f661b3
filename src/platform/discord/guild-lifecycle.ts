import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { retryWhileBusy } from '../store/busy-retry.js';
import type { Store } from '../store/store.js';

export interface GuildLifecycle {
  /** The bot was removed from a server (not an outage): its schedules pause, with the reason shown in status. */
  removed(guildId: string): Promise<void>;
}

/** A removal arrives once: while another process holds the lock, keep trying for a minute rather than drop it. */
const removalRetryBudgetMs = 60_000;

export function createGuildLifecycle({ store, clock, log }: { store: Store; clock: Clock; log: Logger }): GuildLifecycle {
  return {
    async removed(guildId) {
      try {
        const paused = await retryWhileBusy(() => store.schedules.pauseGuild(guildId, 'Grimoire was removed from this server', clock.now()), {
          budgetMs: removalRetryBudgetMs,
          writesSoFar: () => store.writesSoFar(),
        });
        if (paused > 0) log.info({ guildId, paused }, 'paused the schedules of a server that removed the bot');
      } catch (error) {
        // An event handler has nobody to answer: log, never an unhandled rejection.
        log.error({ err: error, guildId }, 'could not pause the schedules of a server that removed the bot');
      }
    },
  };
}
