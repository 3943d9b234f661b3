import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import type { BookLookup, Catalog, EditionAsked } from '../core/catalog.js';
import type { Recommendation } from '../core/recommend.js';
import type { Book, Chapter } from '../core/schema.js';
import { fitEmbed } from '../../../platform/discord/limits.js';
import { truncateText } from '../../../core/truncate-text.js';
import { bookButtonId, capitalise, levelColours, sectionsButtonId } from './book-card.js';
import { bookCardLayout } from './book-card-layout.js';
import { quoteUserText } from './quote.js';
import { recommendationListLayout } from './recommendation-list.js';

/** The public card for one book (Components v2), with a note when the query asked for another edition. */
export function bookCardReply(catalog: Catalog, book: Book, otherEdition?: EditionAsked): Reply {
  return { layout: bookCardLayout(catalog, book, otherEdition ? { note: editionNote(book, otherEdition) } : {}) };
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "You asked for the 2nd edition; this card describes the 1st edition (2019). A fully revised 2nd edition exists…" */
export function editionNote(book: Book, { asked, known, year }: EditionAsked): string {
  const card = `this card describes the ${ordinal(book.editionNumber)} edition (${book.year})`;
  const described = asked === null ? `ℹ️ ${capitalise(card)}.` : `ℹ️ You asked for the ${ordinal(asked)} edition; ${card}.`;
  if (known) return `${described} ${known.description}.`;
  if (asked !== null) return `${described} We have no facts on a ${ordinal(asked)} edition.`;
  return year === undefined ? described : `${described} We have no facts on an edition from ${year}.`;
}

function suggestionButtons(suggestions: readonly Book[]): Reply['components'] {
  return [
    {
      type: ComponentType.ActionRow,
      components: suggestions.map((book) => ({
        type: ComponentType.Button as const,
        style: ButtonStyle.Primary as const,
        label: truncateText(book.title, 80),
        custom_id: bookButtonId('show', book),
      })),
    },
  ];
}

function bookList(suggestions: readonly Book[]): string {
  return suggestions.map((book) => `• **${book.title}** by ${book.authors.join(', ')}`).join('\n');
}

/** Nothing clearly matched: "did you mean" buttons for near misses, or examples to try. */
export function bookNotFoundReply(catalog: Catalog, query: string, suggestions: readonly Book[]): Reply {
  if (suggestions.length === 0) {
    const examples = catalog.mostRecommended(3).map((book) => `**${book.title}**`).join(', ');
    return privateMessage(`No book matches ${quoteUserText(query)}. Try part of a title, an author or an ISBN, for example ${examples}.`);
  }
  return suggestionsReply(`No book clearly matches ${quoteUserText(query)}. Did you mean:\n${bookList(suggestions)}`, suggestions);
}

/** A private answer offering our books as buttons (Components v2: the text and the buttons in one container). */
function suggestionsReply(text: string, suggestions: readonly Book[]): Reply {
  return {
    layout: [{ type: ComponentType.Container, components: [{ type: ComponentType.TextDisplay, content: text }, ...(suggestionButtons(suggestions) ?? [])] }],
    ephemeral: true,
  };
}

/** The query names a book we do not have: say so privately, point at a known neighbour, offer ours. */
export function bookNotInListReply(catalog: Catalog, query: string, result: Extract<BookLookup, { kind: 'not-in-list' }>): Reply {
  const { neighbour, notOurs, suggestions } = result;
  const lines: string[] = [];
  if (notOurs) {
    lines.push(`**${notOurs.title}** (${notOurs.authors.join(', ')}) is not in our list of ${catalog.books.length} books, so there is no card for it.`);
  } else if (neighbour) {
    lines.push(`**${neighbour.title}** (${neighbour.authors.join(', ')}) ${neighbour.note} — not in our list.`);
    const confused = catalog.bookById(neighbour.confusedWith);
    if (confused) lines.push(`It is often mixed up with **${confused.title}** by ${confused.authors.join(', ')}, which we do have.`);
  } else {
    lines.push(`${quoteUserText(query)} is not in our list of ${catalog.books.length} books, so there is no card for it.`);
    if (suggestions.length > 0) lines.push(`Closest we have:\n${bookList(suggestions)}`);
  }
  if (suggestions.length === 0) return privateMessage(lines.join('\n'));
  return suggestionsReply(lines.join('\n'), suggestions);
}

export function similarBooksReply(book: Book, recommendations: readonly Recommendation[]): Reply {
  if (recommendations.length === 0) return privateMessage(`No other book in the catalog shares a topic with **${book.title}**.`);
  return { layout: recommendationListLayout({ title: `Books similar to ${book.title}`, recommendations }), ephemeral: true };
}

export const bookGoneReply = privateMessage('That book is no longer in the catalog. Try `/book` again.');

/** The book's table of contents, privately: parts as headings, and where the list comes from. */
export function chaptersReply(book: Book): Reply {
  const contents = book.contents;
  if (!contents?.chapters || !contents.source) return privateMessage(`We have no official chapter list for **${book.title}** yet.`);
  const lines: string[] = [];
  for (const chapter of contents.chapters) {
    const part = contents.parts.find((candidate) => candidate.firstChapter === chapter.number);
    if (part) lines.push(`${lines.length > 0 ? '\n' : ''}**${part.label}: ${part.title}**`);
    lines.push(`${chapter.number}. ${chapter.title}`);
  }
  const numbering = contents.numbering === 'order' ? ' (it lists them in order; the numbers are ours)' : '';
  const withSections = contents.chapters.filter((chapter) => (chapter.sections?.length ?? 0) > 0).slice(0, maxSectionButtons);
  return {
    embeds: [
      fitEmbed({
        title: truncateText(`${book.title}: chapters`, 256),
        url: contents.source.url,
        description: lines.join('\n'),
        color: levelColours[book.level],
        footer: { text: `From the ${contents.source.kind}${numbering}. ${withSections.length > 0 ? 'A button opens a chapter\'s sections. ' : ''}/recommend points to these chapters.` },
      }),
    ],
    ...(withSections.length > 0 ? { components: sectionButtonRows(book, withSections) } : {}),
    ephemeral: true,
  };
}

/** Discord allows five rows of five buttons. */
const buttonsPerRow = 5;
const maxSectionButtons = 25;

function sectionButtonRows(book: Book, chapters: readonly Chapter[]): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return chunk(chapters, buttonsPerRow).map((row) => ({
    type: ComponentType.ActionRow,
    components: row.map((chapter) => ({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: `Ch. ${chapter.number}`, custom_id: sectionsButtonId(book, chapter.number) })),
  }));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size));
}

/** One chapter's sections, privately, as the official source lists them, with where they were read. */
export function sectionsReply(book: Book, chapterNumber: number): Reply {
  const chapter = book.contents?.chapters?.find((candidate) => candidate.number === chapterNumber);
  const source = book.contents?.sectionsSource;
  if (!chapter?.sections?.length || !source) return privateMessage(`We have no sourced list of sections for that chapter of **${book.title}**.`);
  return {
    embeds: [
      fitEmbed({
        title: truncateText(`${book.title}, ch. ${chapter.number}: ${chapter.title}`, 256),
        url: source.url,
        description: chapter.sections.map((section) => `• ${section.title}`).join('\n'),
        color: levelColours[book.level],
        footer: { text: `Sections from the ${source.kind}. /recommend points to these too.` },
      }),
    ],
    ephemeral: true,
  };
}
