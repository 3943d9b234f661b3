import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import type { Book } from '../../catalog/core/schema.js';
import { bookButtonId, levelColours } from '../../catalog/presenters/book-card.js';
import { grimoireAccent, textDisplay } from '../../../platform/discord/layout.js';
import { messageLink } from '../../../platform/discord/markup.js';
import type { Reply } from '../../../platform/discord/reply.js';
import { progressBar } from '../../study-groups/core/progress.js';
import { tieRule, type PollTally } from '../core/poll-tally.js';

/**
 * The public post when a poll for the next book has closed (Components v2; the poll itself cannot be): the votes
 * per book, the winner and what it changed, the tie rule when a tie decided it, and the books' cards as buttons.
 */

export interface OutcomeInput {
  question: string;
  tally: PollTally;
  /** What the winner changed ("It is queued as the next spotlight."), or why nothing changed. */
  outcome: string;
  books: ReadonlyMap<string, Book>;
  poll: { guildId: string; channelId: string; messageId: string };
}

const votes = (n: number): string => `${n} vote${n === 1 ? '' : 's'}`;

export function pollOutcomeReply({ question, tally, outcome, books, poll }: OutcomeInput): Reply {
  const title = (bookId: string): string => books.get(bookId)?.title ?? bookId;
  const winner = tally.winner ? books.get(tally.winner) : undefined;
  // Books with votes, most first (a tie keeps the poll's order); the rest in one line, so ten answers stay short.
  const voted = tally.votes.filter((entry) => entry.votes > 0).sort((a, b) => b.votes - a.votes);
  const unvoted = tally.votes.filter((entry) => entry.votes === 0).map((entry) => title(entry.bookId));
  const lines = voted.map(({ bookId, votes: count }) => {
    const share = count / tally.total;
    const mark = bookId === tally.winner ? '🏆 ' : '';
    return `${mark}**${title(bookId)}**: ${votes(count)} \`${progressBar(share, 10)}\` ${Math.round(share * 100)}%`;
  });
  if (unvoted.length > 0) lines.push(`-# ${voted.length === 0 ? 'Offered' : 'No votes'}: ${unvoted.join(', ')}`);
  const verdict = tally.winner
    ? `🏆 **${title(tally.winner)}** won with ${votes(tally.votes.find((entry) => entry.bookId === tally.winner)!.votes)} of ${tally.total}.`
    : 'Nobody voted.';
  const tie = tally.tiedWith.length > 0 ? `\n-# Tied with ${tally.tiedWith.map((bookId) => `**${title(bookId)}**`).join(', ')}. ${tieRule}` : '';
  // A card button for each book with votes (at most five in a row); without votes, the first three offered.
  const shown = voted.length > 0 ? voted.slice(0, 5) : tally.votes.slice(0, 3);
  const buttons: APIButtonComponent[] = shown.map(({ bookId }) => {
    const book = books.get(bookId);
    return book
      ? { type: ComponentType.Button, style: bookId === tally.winner ? ButtonStyle.Primary : ButtonStyle.Secondary, label: book.title.slice(0, 80), custom_id: bookButtonId('show', book) }
      : { type: ComponentType.Button, style: ButtonStyle.Secondary, label: bookId.slice(0, 80), custom_id: `book:show:${bookId}`.slice(0, 90), disabled: true };
  });
  return {
    layout: [
      {
        type: ComponentType.Container,
        accent_color: winner ? levelColours[winner.level] : grimoireAccent,
        components: [
          textDisplay(`📊 **Poll closed:** ${question}`),
          textDisplay(lines.join('\n')),
          textDisplay(`${verdict} ${outcome}${tie}\n-# [The poll](${messageLink(poll.guildId, poll.channelId, poll.messageId)}) · ${votes(tally.total)} in all`),
          ...(buttons.length > 0 ? [{ type: ComponentType.ActionRow as const, components: buttons }] : []),
        ],
      },
    ],
  };
}
