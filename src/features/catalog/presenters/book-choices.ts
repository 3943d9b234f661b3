import type { Catalog } from '../core/catalog.js';
import type { Book } from '../core/schema.js';
import type { Choice } from '../../../platform/discord/command.js';

/** "Fluent Python (2nd edition) — Luciano Ramalho": what a person sees in the autocomplete list. */
export function bookChoiceName(book: Book): string {
  return `${book.title} (${book.edition}) — ${book.authors.join(', ')}`;
}

/** Autocomplete over books, ranked by the same search as /book; empty input lists the most recommended. */
export function bookChoices(catalog: Catalog, typed: string): Choice[] {
  const books = typed.trim() === '' ? catalog.mostRecommended(25) : catalog.search(typed, 25).map((hit) => hit.book);
  return books.map((book) => ({ name: bookChoiceName(book), value: book.id }));
}
