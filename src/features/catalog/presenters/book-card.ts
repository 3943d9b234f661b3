import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed } from 'discord-api-types/v10';
import type { Catalog } from '../core/catalog.js';
import type { Access, Book, Level } from '../core/schema.js';
import { componentId } from '../../../platform/discord/command.js';
import { fitEmbed } from '../../../platform/discord/limits.js';

export const levelColours: Record<Level, number> = { intermediate: 0x3ba55c, advanced: 0x5865f2, expert: 0xed4245 };

const accessLabels: Record<Access['kind'], string> = {
  'full-text': '🆓 Free full text',
  'code-only': '🆓 Free code only',
  'sample-chapter': '🆓 Free sample',
  'related-free': '🆓 Free extras (not the book)',
  paid: '💳 Paid',
};

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function accessLine(access: Access): string {
  const label = access.url ? `[${access.label}](${access.url})` : access.label;
  return `${accessLabels[access.kind]}: ${label}`;
}

/** "#1 in Ghost in the Machine · #4 in The Code Beyond the Code", best rank first. */
export function recommendedByLine(catalog: Pick<Catalog, 'articleById' | 'articles'>, book: Book): string {
  if (book.recommendedBy.length === 0) return 'Not ranked by any of the source articles.';
  const ranks = [...book.recommendedBy]
    .sort((a, b) => a.rank - b.rank || a.articleId.localeCompare(b.articleId))
    .map((r) => `#${r.rank} in *${catalog.articleById(r.articleId)?.shortName ?? `article ${r.articleId}`}*`);
  return `${book.recommendedBy.length} of ${catalog.articles.length} articles: ${ranks.join(' · ')}`;
}

/** The full card for one book: used by /book and by the weekly spotlight. */
export function bookCardEmbed(catalog: Pick<Catalog, 'articleById' | 'articles' | 'topicById'>, book: Book): APIEmbed {
  const byline = `${capitalise(book.edition)} · ${book.authors.join(', ')} · ${book.publisher}, ${book.year}`;
  const topics = book.topics.map((id) => catalog.topicById(id)?.label ?? id).join(' · ');
  const fields = [
    { name: 'Level', value: `**${capitalise(book.level)}**: ${book.levelReason}` },
    { name: 'Topics', value: topics },
    { name: 'Key takeaways', value: book.takeaways.map((takeaway) => `• ${takeaway}`).join('\n') },
    { name: 'How to read it', value: book.access.map(accessLine).join('\n') },
    { name: 'Recommended by', value: recommendedByLine(catalog, book) },
  ];
  fields.push({ name: 'Chapters', value: contentsLine(book) });
  if (book.corrections.length > 0) {
    fields.push({ name: 'Corrections to the articles', value: book.corrections.map((c) => `⚠️ ${c.note}`).join('\n') });
  }
  return fitEmbed({
    title: book.title,
    url: book.officialUrl,
    description: [book.subtitle ? `*${book.subtitle}*` : null, byline, '', book.summary].filter((line) => line !== null).join('\n'),
    color: levelColours[book.level],
    fields,
    footer: { text: `ISBN-13 ${book.isbn13} (print)${book.isbn13Ebook ? ` · ebook ISBN ${book.isbn13Ebook}` : ''} · Grimoire · corrections checked against publisher facts` },
  });
}

/** "24 chapters in 5 parts, from the authors' official code repository": or honestly that we have none. */
export function contentsLine(book: Book): string {
  const contents = book.contents;
  if (!contents?.chapters || !contents.source) return 'No official chapter list we could read yet, so no chapter pointers for this book.';
  const parts = contents.parts.length > 0 ? ` in ${contents.parts.length} parts` : '';
  return `${contents.chapters.length} chapters${parts}, from the [${contents.source.kind}](${contents.source.url}). The **Chapters** button lists them.`;
}

/** The command that owns the card's buttons (`book:<action>:<book id>`), wherever the card is posted. */
export const bookCommandName = 'book';

/** A button on a book card or suggestion, handled by /book. */
export function bookButtonId(action: 'similar' | 'show' | 'chapters' | 'read' | 'takeaways' | 'corrections', book: Book): string {
  return componentId(bookCommandName, action, book.id);
}

/** The button that opens one chapter's sections. */
export function sectionsButtonId(book: Book, chapterNumber: number): string {
  return componentId(bookCommandName, 'sections', book.id, String(chapterNumber));
}

export function bookCardButtons(book: Book): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Similar books', custom_id: bookButtonId('similar', book) },
      ...(book.contents?.chapters ? [{ type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, label: 'Chapters', custom_id: bookButtonId('chapters', book) }] : []),
      { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Official page', url: book.officialUrl },
    ],
  };
}
