import type { Book } from '../../catalog/core/schema.js';

/** The book's chapter titles in order, from its sourced table of contents; null when it has none. */
export function chapterTitlesOf(book: Book | undefined): string[] | null {
  const chapters = book?.contents?.chapters;
  return chapters ? chapters.map((chapter) => chapter.title) : null;
}
