import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import type { Catalog } from '../core/catalog.js';
import type { Recommendation } from '../core/recommend.js';
import type { Book } from '../core/schema.js';
import { bookButtonId, bookCardButtons, bookCardEmbed } from './book-card.js';
import { recommendationListEmbed } from './recommendation-list.js';

/** The public card for one book. */
export function bookCardReply(catalog: Catalog, book: Book): Reply {
  return { embeds: [bookCardEmbed(catalog, book)], components: [bookCardButtons(book)] };
}

/** User text quoted back without Markdown that could change the message. */
function quoteUserText(text: string): string {
  const shown = text.trim().replace(/[`*_~|>]/g, '').slice(0, 80);
  return `“${shown}${text.trim().length > 80 ? '…' : ''}”`;
}

/** Nothing clearly matched: "did you mean" buttons for near misses, or examples to try. */
export function bookNotFoundReply(catalog: Catalog, query: string, suggestions: readonly Book[]): Reply {
  if (suggestions.length === 0) {
    const examples = catalog.mostRecommended(3).map((book) => `**${book.title}**`).join(', ');
    return privateMessage(`No book matches ${quoteUserText(query)}. Try part of a title, an author or an ISBN, for example ${examples}.`);
  }
  return {
    content: `No book clearly matches ${quoteUserText(query)}. Did you mean:\n${suggestions.map((book) => `• **${book.title}** by ${book.authors.join(', ')}`).join('\n')}`,
    components: [
      {
        type: ComponentType.ActionRow,
        components: suggestions.map((book) => ({
          type: ComponentType.Button as const,
          style: ButtonStyle.Primary as const,
          label: book.title.slice(0, 80),
          custom_id: bookButtonId('show', book),
        })),
      },
    ],
    ephemeral: true,
  };
}

export function similarBooksReply(book: Book, recommendations: readonly Recommendation[]): Reply {
  if (recommendations.length === 0) return privateMessage(`No other book in the catalog shares a topic with **${book.title}**.`);
  return { embeds: [recommendationListEmbed({ title: `Books similar to ${book.title}`, recommendations })], ephemeral: true };
}

export const bookGoneReply = privateMessage('That book is no longer in the catalog. Try `/book` again.');
