import { ApplicationCommandOptionType, ButtonStyle, ComponentType, InteractionContextType } from 'discord-api-types/v10';
import type { Catalog } from '../src/features/catalog/core/catalog.js';
import { recommendBooks } from '../src/features/catalog/core/recommend.js';
import type { Book } from '../src/features/catalog/core/schema.js';
import { defineCommand } from '../src/platform/discord/command-definition.js';
import { componentId, registerCommand, type Choice } from '../src/platform/discord/command.js';
import { bookChoices } from '../src/features/catalog/presenters/book-choices.js';
import { bookCardButtons, bookCardEmbed } from '../src/features/catalog/presenters/book-card.js';
import { recommendationListEmbed } from '../src/features/catalog/presenters/recommendation-list.js';
import { privateMessage, type Reply } from '../src/platform/discord/reply.js';
import { UserError } from '../src/platform/discord/user-error.js';

export const bookDefinition = defineCommand({
  name: 'book',
  description: 'Look up an advanced Python book: what it teaches, its level, how to read it legally',
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'query',
      description: 'Title, author, alias or ISBN (typos are fine)',
      required: true,
      autocomplete: true,
      max_length: 200,
    },
  ],
});

const similarCount = 3;

export function bookCard(catalog: Catalog, book: Book): Reply {
  return { embeds: [bookCardEmbed(catalog, book)], components: [bookCardButtons(bookDefinition.name, book)] };
}

function quoteUserText(text: string): string {
  const shown = text.trim().replace(/[`*_~|>]/g, '').slice(0, 80);
  return `“${shown}${text.trim().length > 80 ? '…' : ''}”`;
}

function notFound(catalog: Catalog, query: string, suggestions: readonly Book[]): Reply {
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
          custom_id: componentId(bookDefinition.name, 'show', book.id),
        })),
      },
    ],
    ephemeral: true,
  };
}

function similarBooks(catalog: Catalog, book: Book): Reply {
  const recommendations = recommendBooks(catalog, { topicIds: book.topics, count: similarCount, excludeBookId: book.id });
  if (recommendations.length === 0) return privateMessage(`No other book in the catalog shares a topic with **${book.title}**.`);
  return {
    embeds: [recommendationListEmbed({ title: `Books similar to ${book.title}`, recommendations })],
    ephemeral: true,
  };
}

export const bookCommand = registerCommand({
  definition: bookDefinition,
  handle(ctx, { query }) {
    const result = ctx.catalog.lookup(query);
    switch (result.kind) {
      case 'found':
        return bookCard(ctx.catalog, result.book);
      case 'empty':
        throw new UserError('Type part of a title, an author or an ISBN, e.g. `/book query: fluent python`.');
      case 'not-found':
        return notFound(ctx.catalog, query, result.suggestions);
    }
  },
  autocomplete(ctx, focused): Choice[] {
    return bookChoices(ctx.catalog, focused.value);
  },
  handleComponent(ctx, action, [bookId = '']) {
    const book = ctx.catalog.bookById(bookId);
    if (!book) return privateMessage('That book is no longer in the catalog. Try `/book` again.');
    if (action === 'similar') return similarBooks(ctx.catalog, book);
    if (action === 'show') return bookCard(ctx.catalog, book);
    return privateMessage('This button is no longer supported. Run `/book` again.');
  },
});
