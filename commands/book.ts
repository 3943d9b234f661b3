import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import { bookCommandName } from '../src/features/catalog/presenters/book-card.js';
import { bookChoices } from '../src/features/catalog/presenters/book-choices.js';
import { bookCardReply, bookGoneReply, chaptersReply, bookNotFoundReply, bookNotInListReply, sectionsReply, similarBooksReply } from '../src/features/catalog/presenters/book-replies.js';
import { correctionsReply, readingReply, takeawaysReply } from '../src/features/catalog/presenters/book-details.js';
import { findBook, similarBooks } from '../src/features/catalog/service.js';
import { defineCommand } from '../src/platform/discord/command-definition.js';
import { type Choice } from '../src/platform/discord/command.js';
import { registerCommand } from './register.js';
import { privateMessage } from '../src/platform/discord/reply.js';

export const bookDefinition = defineCommand({
  name: bookCommandName,
  description: 'Look up an advanced Python book: what it teaches, its level, how to read it legally',
  // Installable to a member's own account too: then it answers in any server or DM, from the interaction alone.
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
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

export const bookCommand = registerCommand({
  definition: bookDefinition,
  handle(ctx, { query }) {
    const result = findBook(ctx.catalog, query);
    if (result.kind === 'found') return bookCardReply(ctx.catalog, result.book, result.otherEdition);
    if (result.kind === 'not-in-list') return bookNotInListReply(ctx.catalog, query, result);
    return bookNotFoundReply(ctx.catalog, query, result.suggestions);
  },
  autocomplete(ctx, focused): Choice[] {
    return bookChoices(ctx.catalog, focused.value);
  },
  /** The card's detail buttons (also those of cards sent before Components v2), the chapter list's section buttons and the "did you mean" buttons; each answers privately. */
  handleComponent(ctx, action, [bookId = '', chapter = '']) {
    const book = ctx.catalog.bookById(bookId);
    if (!book) return bookGoneReply;
    if (action === 'similar') return similarBooksReply(book, similarBooks(ctx.catalog, book));
    if (action === 'show') return bookCardReply(ctx.catalog, book);
    if (action === 'chapters') return chaptersReply(book);
    if (action === 'read') return readingReply(book);
    if (action === 'takeaways') return takeawaysReply(ctx.catalog, book);
    if (action === 'corrections') return correctionsReply(book);
    if (action === 'sections') return sectionsReply(book, Number(chapter));
    return privateMessage('This button is no longer supported. Run `/book` again.');
  },
});
