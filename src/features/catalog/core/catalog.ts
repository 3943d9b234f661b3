import { toIsbn13 } from './isbn.js';
import { normalizeText } from '../../../core/normalize-text.js';
import type { Article, Book, Dataset, Topic } from './schema.js';
import { buildSearchIndex, type SearchDocument } from './search-index.js';

export interface BookHit {
  book: Book;
  score: number;
}

export type BookLookup =
  | { kind: 'found'; book: Book }
  | { kind: 'empty' }
  /** Nothing clearly matched; `suggestions` holds up to three near misses (maybe none). */
  | { kind: 'not-found'; suggestions: Book[] };

export interface Catalog {
  readonly books: readonly Book[];
  readonly articles: readonly Article[];
  readonly topics: readonly Topic[];
  bookById(id: string): Book | undefined;
  topicById(id: string): Topic | undefined;
  articleById(id: string): Article | undefined;
  /** Ranked, typo-tolerant search over titles, subtitles, aliases, authors and ISBNs. */
  search(query: string, limit: number): BookHit[];
  /** One book for a query typed by a person, or the reason there is none. */
  lookup(query: string): BookLookup;
  /** Books recommended by the most articles (best average rank first among equals). */
  mostRecommended(limit: number): Book[];
}

/** A match this good, and clearly ahead of the next one, is taken as the book the person meant. */
const confidentScore = 0.6;
const clearLead = 0.08;
const suggestionScore = 0.2;

export const fieldWeights = { title: 1, alias: 0.95, author: 0.9, subtitle: 0.6 } as const;

export function bookSearchDocument(book: Book): SearchDocument {
  return {
    fields: [
      { text: book.title, weight: fieldWeights.title },
      ...book.aliases.map((alias) => ({ text: alias, weight: fieldWeights.alias })),
      ...book.authors.map((author) => ({ text: author, weight: fieldWeights.author })),
      ...(book.subtitle ? [{ text: book.subtitle, weight: fieldWeights.subtitle }] : []),
    ],
    popularity: book.recommendedBy.length,
  };
}

export function createCatalog(dataset: Dataset): Catalog {
  const { books, articles, topics } = dataset;
  const booksById = new Map(books.map((book) => [book.id, book]));
  const topicsById = new Map(topics.map((topic) => [topic.id, topic]));
  const articlesById = new Map(articles.map((article) => [article.id, article]));
  const booksByIsbn = new Map(books.map((book) => [book.isbn13, book]));
  const booksByExactName = new Map<string, Book>();
  for (const book of books) {
    for (const name of [book.title, `${book.title} ${book.subtitle ?? ''}`, ...book.aliases]) {
      booksByExactName.set(normalizeText(name), book);
    }
  }
  const index = buildSearchIndex(books.map(bookSearchDocument));
  const byRecommendation = [...books].sort(
    (a, b) => b.recommendedBy.length - a.recommendedBy.length || averageRank(a) - averageRank(b) || a.title.localeCompare(b.title),
  );

  function search(query: string, limit: number): BookHit[] {
    const isbnBook = booksByIsbn.get(toIsbn13(query) ?? '');
    if (isbnBook) return [{ book: isbnBook, score: 1 }];
    return index.search(query, limit).map((hit) => ({ book: books[hit.doc]!, score: hit.score }));
  }

  function lookup(query: string): BookLookup {
    const trimmed = query.trim();
    if (normalizeText(trimmed) === '' && toIsbn13(trimmed) === null) return { kind: 'empty' };
    const direct = booksById.get(trimmed) ?? booksByIsbn.get(toIsbn13(trimmed) ?? '') ?? booksByExactName.get(normalizeText(trimmed));
    if (direct) return { kind: 'found', book: direct };
    const hits = search(trimmed, 4);
    const [first, second] = hits;
    // One or two letters are a start, not a choice.
    const longEnough = normalizeText(trimmed).replace(/ /g, '').length >= 3;
    if (first && longEnough && first.score >= confidentScore && (!second || first.score - second.score >= clearLead)) {
      return { kind: 'found', book: first.book };
    }
    return { kind: 'not-found', suggestions: hits.filter((hit) => hit.score >= suggestionScore).slice(0, 3).map((hit) => hit.book) };
  }

  return {
    books,
    articles,
    topics,
    bookById: (id) => booksById.get(id),
    topicById: (id) => topicsById.get(id),
    articleById: (id) => articlesById.get(id),
    search,
    lookup,
    mostRecommended: (limit) => byRecommendation.slice(0, Math.max(0, limit)),
  };
}

function averageRank(book: Book): number {
  if (book.recommendedBy.length === 0) return Number.POSITIVE_INFINITY;
  return book.recommendedBy.reduce((sum, r) => sum + r.rank, 0) / book.recommendedBy.length;
}
