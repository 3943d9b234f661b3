import type { Catalog } from '../catalog/core/catalog.js';
import { toMessageBody } from '../../platform/discord/reply.js';
import type { ScheduledJob } from '../../platform/scheduling/job.js';
import type { Store } from '../../platform/store/store.js';
import { nextPick, spotlightMessage } from './rotation-state.js';

/** The weekly spotlight as the scheduler runs it. */
export function createSpotlightJob(store: Store, catalog: Catalog): ScheduledJob {
  return {
    kind: 'spotlight',
    choosePayload: (schedule) => nextPick(store, catalog, schedule.guildId)?.bookId ?? null,
    compose(schedule, delivery) {
      const book = delivery.payloadRef ? catalog.bookById(delivery.payloadRef) : undefined;
      return book ? toMessageBody(spotlightMessage(store, catalog, schedule.guildId, book, delivery.weekKey)) : null;
    },
    recordSent(schedule, delivery, nowMs) {
      const bookId = delivery.payloadRef!;
      // A queued book leaves the queue when it is posted.
      store.spotlight.dequeue(schedule.guildId, bookId);
      store.spotlight.appendHistory(schedule.guildId, { bookId, outcome: 'posted' }, delivery.weekKey, nowMs);
    },
  };
}
