import {
  ButtonStyle,
  ComponentType,
  SeparatorSpacingSize,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInContainer,
  type APIComponentInMessageActionRow,
  type APIMessageTopLevelComponent,
  type APISectionComponent,
} from 'discord-api-types/v10';
import { truncateText } from '../../../core/truncate-text.js';
import type { Catalog } from '../core/catalog.js';
import type { Book } from '../core/schema.js';
import { bookButtonId, capitalise, levelColours } from './book-card.js';

/**
 * The book card in Components v2, sized for a phone: the cover beside the title, a short summary, level and
 * topics, who recommends it, and how many corrections we hold against the articles. Everything longer
 * (takeaways, how to read it, corrections, chapters, similar books) is one press away, answered privately.
 */

/** The card's text stays within one phone screen. */
export const cardTextBudget = 1200;
const summaryBudget = 360;
const maxTopicsShown = 6;

/** The first sentences of a summary that fit `budget` characters (a long first sentence is cut with "…"). */
export function shortSummary(summary: string, budget = summaryBudget): string {
  const sentences = summary.split(/(?<=[.!?])\s+/);
  let text = '';
  for (const sentence of sentences) {
    const next = text === '' ? sentence : `${text} ${sentence}`;
    if (next.length > budget) break;
    text = next;
  }
  return text === '' ? truncateText(summary, budget) : text;
}

const text = (content: string) => ({ type: ComponentType.TextDisplay as const, content });

function button(label: string, customId: string): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId };
}

function officialPageButton(book: Book): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Official page', url: book.officialUrl };
}

/** Title, byline and summary, beside the cover (or, without a sourced cover, beside the official page's link). */
function headerSection(book: Book): APISectionComponent {
  const byline = `${capitalise(book.edition)} · ${book.authors.join(', ')} · ${book.publisher}, ${book.year}`;
  const heading = [`## ${book.title}`, book.subtitle ? `*${book.subtitle}*` : null, byline].filter((line) => line !== null).join('\n');
  return {
    type: ComponentType.Section,
    components: [text(heading), text(shortSummary(book.summary))],
    accessory: book.cover ? { type: ComponentType.Thumbnail, media: { url: book.cover.url }, description: book.cover.alt } : officialPageButton(book),
  };
}

function factsText(catalog: Pick<Catalog, 'articles' | 'topicById'>, book: Book): string {
  const topics = book.topics.map((id) => catalog.topicById(id)?.label ?? id);
  const shownTopics = topics.length > maxTopicsShown ? [...topics.slice(0, maxTopicsShown), `${topics.length - maxTopicsShown} more`] : topics;
  const best = book.recommendedBy.length > 0 ? ` (best #${Math.min(...book.recommendedBy.map((r) => r.rank))})` : '';
  const recommended = book.recommendedBy.length > 0 ? `📚 Recommended by ${book.recommendedBy.length} of ${catalog.articles.length} articles${best}` : '📚 Not ranked by any of the source articles';
  const free = book.access.some((access) => access.kind !== 'paid') ? ' · 🆓 free options' : '';
  const corrections = book.corrections.length > 0 ? `\n⚠️ ${book.corrections.length} correction${book.corrections.length === 1 ? '' : 's'} to the articles` : '';
  return `**${capitalise(book.level)}** · ${shownTopics.join(' · ')}\n${recommended}${free}${corrections}`;
}

function detailRows(book: Book): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const details = [
    button('How to read it', bookButtonId('read', book)),
    button('Key takeaways', bookButtonId('takeaways', book)),
    ...(book.contents?.chapters ? [button('Chapters', bookButtonId('chapters', book))] : []),
    button('Similar books', bookButtonId('similar', book)),
  ];
  const more = [...(book.corrections.length > 0 ? [button(`Corrections (${book.corrections.length})`, bookButtonId('corrections', book))] : []), ...(book.cover ? [officialPageButton(book)] : [])];
  return [details, more].filter((row) => row.length > 0).map((components) => ({ type: ComponentType.ActionRow, components }));
}

function footerText(book: Book): string {
  const isbns = `ISBN-13 ${book.isbn13} (print)${book.isbn13Ebook ? ` · ebook ${book.isbn13Ebook}` : ''}`;
  return `-# ${isbns}${book.cover ? ' · cover: Open Library' : ''} · Grimoire`;
}

export interface BookCardOptions {
  /** A line above the card (e.g. "you asked for another edition"). */
  note?: string;
}

/** The card as one container, in the book's level colour. */
export function bookCardLayout(catalog: Pick<Catalog, 'articles' | 'topicById'>, book: Book, options: BookCardOptions = {}): APIMessageTopLevelComponent[] {
  const components: APIComponentInContainer[] = [
    ...(options.note ? [text(options.note)] : []),
    headerSection(book),
    text(factsText(catalog, book)),
    { type: ComponentType.Separator, divider: true, spacing: SeparatorSpacingSize.Small },
    ...detailRows(book),
    text(footerText(book)),
  ];
  return [{ type: ComponentType.Container, accent_color: levelColours[book.level], components }];
}

/** Every TextDisplay's text in a layout (Discord counts them together against its 4,000 characters). */
export function layoutText(layout: readonly unknown[]): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const component = node as { type?: unknown; content?: unknown; components?: unknown; accessory?: unknown };
    if (component.type === ComponentType.TextDisplay && typeof component.content === 'string') found.push(component.content);
    if (Array.isArray(component.components)) component.components.forEach(visit);
    visit(component.accessory);
  };
  layout.forEach(visit);
  return found;
}
