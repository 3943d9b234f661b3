import type { Catalog } from '../catalog/core/catalog.js';
import { toMessageBody } from '../../platform/discord/reply.js';
import type { CatchUpPolicy, ScheduledJob } from '../../platform/scheduling/job.js';
import { spotlightPostReply } from './presenters/post.js';
import type { Store } from '../../platform/store/store.js';
import { createSpotlightRepository } from './repository.js';
import { nextPick } from './rotation-state.js';

export const spotlightJobKind = 'spotlight';

/** A spotlight that fell due up to 12 hours ago is still posted after downtime; an older one is recorded as missed. */
export const spotlightCatchUp: CatchUpPolicy = { lateWindowMs: 12 * 60 * 60 * 1000 };

/** The weekly spotlight as the scheduler runs it. */
export function createSpotlightJob({ catalog, store }: { catalog: Catalog; store: Store }): ScheduledJob {
  const repository = createSpotlightRepository(store.database);
  return {
    kind: spotlightJobKind,
    catchUp: spotlightCatchUp,
    choosePayload: (schedule) => nextPick(repository, catalog, schedule.guildId)?.bookId ?? null,
    compose(schedule, delivery) {
      const book = delivery.payloadRef ? catalog.bookById(delivery.payloadRef) : undefined;
      if (!book) return { kind: 'fail', reason: 'nothing to post (the book is no longer in the catalog)' };
      const roleId = repository.settings(schedule.guildId)?.roleId ?? null;
      return { kind: 'send', messages: [toMessageBody(spotlightPostReply(catalog, book, delivery.weekKey, roleId))] };
    },
    recordSent(delivery, nowMs) {
      const bookId = delivery.payloadRef;
      if (!bookId) return;
      // A queued book leaves the queue when it is posted.
      repository.dequeue(delivery.guildId, bookId);
      repository.appendHistory(delivery.guildId, { bookId, outcome: 'posted' }, delivery.weekKey, nowMs);
    },
  };
}
