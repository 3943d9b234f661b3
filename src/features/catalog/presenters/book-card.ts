import type { Catalog } from '../core/catalog.js';
import type { Access, Book, Level } from '../core/schema.js';
import { componentId } from '../../../platform/discord/command.js';

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
