import type { Book } from '../../catalog/core/schema.js';
import { privateCard, textDisplay } from '../../../platform/discord/layout.js';
import { dateWithRelative, messageLink } from '../../../platform/discord/markup.js';
import type { Reply } from '../../../platform/discord/reply.js';
import { tieRule } from '../core/poll-tally.js';
import type { StartedPoll } from '../service.js';

/** The private answer to whoever started a poll: where it is, when it ends, what the winner will do. */
export function pollStartedReply(started: StartedPoll): Reply {
  const { poll, books } = started;
  const link = messageLink(poll.guildId, poll.channelId, poll.messageId!);
  const winnerDoes =
    poll.purpose === 'spotlight'
      ? 'The winner becomes the next spotlight (first in the queue).'
      : poll.beginAtOnce
        ? `The group begins the winner at once.`
        : 'The winner is the group’s next book: it begins once every active member has checked in the end of the current one (or `/study edit book:` begins it sooner).';
  return privateCard([
    textDisplay(`📊 **Poll posted** in <#${poll.channelId}>: [${started.question}](${link})`),
    textDisplay(`It offers ${books.length} book${books.length === 1 ? '' : 's'} and ends ${dateWithRelative(poll.expiresAtMs)}. ${winnerDoes}\n-# I post the result when it ends. ${tieRule}`),
  ]);
}

/** "…, Fluent Python" – the titles a poll offers, for tests and logs. */
export const offeredTitles = (books: readonly Book[]): string => books.map((book) => book.title).join(', ');
