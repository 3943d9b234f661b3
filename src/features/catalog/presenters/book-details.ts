import { ComponentType } from 'discord-api-types/v10';
import type { Reply } from '../../../platform/discord/reply.js';
import type { Catalog } from '../core/catalog.js';
import type { Book } from '../core/schema.js';
import { accessLine, levelColours, recommendedByLine } from './book-card.js';

/**
 * The parts of a book card one press away, each answered privately to whoever pressed (so nobody's press
 * changes what the channel sees): how to read it legally, the key takeaways, and our corrections to the articles.
 */

function detailReply(book: Book, heading: string, body: string): Reply {
  return {
    layout: [{ type: ComponentType.Container, accent_color: levelColours[book.level], components: [{ type: ComponentType.TextDisplay, content: `### ${heading}\n${body}` }] }],
    ephemeral: true,
  };
}

/** Free options first, each labelled honestly (full text, code only, sample, extras, paid). */
export function readingReply(book: Book): Reply {
  return detailReply(book, `How to read ${book.title}`, book.access.map(accessLine).join('\n'));
}

export function takeawaysReply(catalog: Pick<Catalog, 'articleById' | 'articles'>, book: Book): Reply {
  const takeaways = book.takeaways.map((takeaway) => `• ${takeaway}`).join('\n');
  return detailReply(book, `${book.title}: key takeaways`, `${takeaways}\n\n**Level: ${book.level}.** ${book.levelReason}\n-# Recommended by ${recommendedByLine(catalog, book)}`);
}

/** Where the articles got this book wrong, against the publisher's facts. */
export function correctionsReply(book: Book): Reply {
  if (book.corrections.length === 0) return detailReply(book, `${book.title}: corrections`, 'The articles agree with the publisher facts on this book.');
  return detailReply(book, `${book.title}: corrections to the articles`, `${book.corrections.map((correction) => `⚠️ ${correction.note}`).join('\n')}\n-# Checked against the publisher facts.`);
}
