import { judgeBookQuery, neighbourNamed, readBookQuery } from './book-match.js';
import { isValidIsbn13, toIsbn13 } from './isbn.js';
import { buildRelevanceIndex, type RelevanceIndex } from './relevance-index.js';
import { normalizeText } from '../../../core/normalize-text.js';
import type { Article, Book, Dataset, NamesFile, Neighbour, NotOurs, OtherEdition, Topic } from './schema.js';
import { containsPhrase, fillerWords, wordStem, type Abbreviation } from './query-words.js';
import { genericWords } from './generic-words.js';
import { tokenize } from '../../../core/normalize-text.js';
import type { BookQuery } from './book-match.js';
import { buildSearchIndex, type SearchDocument } from './search-index.js';

export interface BookHit {
  book: Book;
  score: number;
}

/** A query for another edition than the one the card describes ("design of web apis 2nd edition"). */
export interface EditionAsked {
  /** The edition number asked for, when the query gave one. */
  asked: number | null;
  /** A publication year asked for that is not the card's, when the query gave one. */
  year?: number;
  /** What the fact sheet says of that edition, when it knows it. */
  known: OtherEdition | undefined;
}

export type BookLookup =
  | { kind: 'found'; book: Book; otherEdition?: EditionAsked }
  | { kind: 'empty' }
  /** Nothing clearly matched; `suggestions` holds up to three near misses (maybe none). */
  | { kind: 'not-found'; suggestions: Book[] }
  /**
   * The query names a book we do not have: one with words ours lacks, one matching only a subtitle,
   * or a known neighbour. Never answered with a card.
   */
  | { kind: 'not-in-list'; suggestions: Book[]; neighbour?: Neighbour | undefined; notOurs?: NotOurs | undefined; extraWords: string[] };

export interface Catalog {
  readonly books: readonly Book[];
  readonly articles: readonly Article[];
  readonly topics: readonly Topic[];
  readonly neighbours: readonly Neighbour[];
  /** Which books cover which topics and chapter keywords, for /recommend. */
  readonly relevance: RelevanceIndex;
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

/** The subtitle counts for less than the title: "effective python" is not a query for Fluent Python. */
export const fieldWeights = { title: 1, alias: 0.95, author: 0.9, subtitle: 0.4 } as const;

/** Every ISBN that finds a book: print, ebook, and any ISBN carried by one of its own links. */
export function isbnsOf(book: Book): string[] {
  const inLinks = [book.officialUrl, ...book.access.map((access) => access.url ?? '')].flatMap((url) => url.match(/97[89]\d{10}/g) ?? []);
  return [...new Set([book.isbn13, ...(book.isbn13Ebook ? [book.isbn13Ebook] : []), ...inLinks.filter(isValidIsbn13)])];
}

export function bookSearchDocument(book: Book): SearchDocument {
  return {
    fields: [
      { text: book.title, weight: fieldWeights.title },
      ...book.aliases.map((alias) => ({ text: alias, weight: fieldWeights.alias })),
      ...[...book.authors, ...(book.authorNames ?? [])].map((author) => ({ text: author, weight: fieldWeights.author })),
      ...(book.subtitle ? [{ text: book.subtitle, weight: fieldWeights.subtitle }] : []),
    ],
    popularity: book.recommendedBy.length,
  };
}

/** Our books with the names data/names.json gives them: translated titles and short forms as aliases, the authors' other names. */
function withNames(books: readonly Book[], names: NamesFile | undefined): Book[] {
  return books.map((book) => {
    const known = names?.books[book.id] ?? [];
    if (known.length === 0) return book;
    const aliases = known.filter((name) => name.kind === 'translated-title' || name.kind === 'official-alias' || name.kind === 'abbreviation').map((name) => name.name);
    const authorNames = known.filter((name) => name.kind === 'author-name-form' || name.kind === 'author-handle').map((name) => name.name);
    return { ...book, aliases: [...book.aliases, ...aliases], authorNames };
  });
}

/** Words about what a book covers: its topics' names, its subtitle, summary and chapter titles (see judgeBookQuery). */
function contextWordsOf(book: Book, topicsById: ReadonlyMap<string, Topic>): Set<string> {
  const texts = [
    book.subtitle ?? '',
    book.summary,
    ...[...book.about, ...book.topics].flatMap((id) => {
      const topic = topicsById.get(id);
      return topic ? [topic.label, ...topic.synonyms] : [];
    }),
    ...(book.contents?.chapters ?? []).flatMap((chapter) => [chapter.title, ...chapter.keywords]),
  ];
  return new Set(texts.flatMap(tokenize).filter((word) => word.length >= 3 && !genericWords.has(word)).map(wordStem));
}

/** Phrases (titles, aliases) by their first word, so a query is checked only against those that can occur in it. */
interface PhraseIndex {
  byFirstWord: Map<string, string[][]>;
}

function phraseIndex(phrases: readonly string[]): PhraseIndex {
  const byFirstWord = new Map<string, string[][]>();
  for (const phrase of phrases) {
    const words = tokenize(phrase);
    if (words.length === 0) continue;
    byFirstWord.set(words[0]!, [...(byFirstWord.get(words[0]!) ?? []), words]);
  }
  return { byFirstWord };
}

/** The longest indexed phrase the query's words hold, in words (0 when none). */
function longestPhraseIn(index: PhraseIndex, words: readonly string[]): number {
  let longest = 0;
  words.forEach((word, start) => {
    for (const phrase of index.byFirstWord.get(word) ?? []) {
      if (phrase.length > longest && phrase.every((part, offset) => words[start + offset] === part)) longest = phrase.length;
    }
  });
  return longest;
}

interface NotOursEntry {
  book: NotOurs;
  titleWords: string[];
  surnames: string[];
}

/**
 * A famous book that is not ours, named by the query: its title as a phrase (longer than any title of ours the
 * query holds: "modern python cookbook", not "python cookbook"), or its author's surname; for an author of ours
 * (Percival's TDD book), the query must share more words with their title than with ours.
 */
function notOursNamed(entries: readonly NotOursEntry[], words: readonly string[], ours: { phrases: PhraseIndex; titleWordsBySurname: ReadonlyMap<string, ReadonlySet<string>> }): NotOurs | undefined {
  const shared = (titleWords: Iterable<string>): number => [...new Set(titleWords)].filter((word) => !genericWords.has(word) && word !== 'python' && words.includes(word)).length;
  let longestOurs: number | undefined;
  return entries.find(({ book, titleWords, surnames }) => {
    // (Checks below are cheap first: a title's every word must be in the query before the phrase is looked for.)
    if (titleWords.length > 0 && titleWords.every((word) => words.includes(word)) && containsPhrase(words, book.title)) {
      longestOurs ??= longestPhraseIn(ours.phrases, words);
      if (titleWords.length > longestOurs) return true;
    }
    return surnames.some((surname) => {
      if (!words.includes(surname)) return false;
      const ourTitleWords = ours.titleWordsBySurname.get(surname);
      return ourTitleWords === undefined || shared(titleWords) > shared(ourTitleWords);
    });
  })?.book;
}

export function createCatalog(dataset: Dataset): Catalog {
  const { articles, topics, neighbours } = dataset;
  const books = withNames(dataset.books, dataset.names);
  const abbreviations: readonly Abbreviation[] = dataset.names?.generic ?? [];
  const notOurs: NotOursEntry[] = (dataset.notOurs ?? []).map((book) => ({
    book,
    titleWords: tokenize(book.title),
    surnames: book.authors.map((author) => tokenize(author).at(-1) ?? '').filter((surname) => surname.length >= 4),
  }));
  const booksById = new Map(books.map((book) => [book.id, book]));
  const topicsById = new Map(topics.map((topic) => [topic.id, topic]));
  const articlesById = new Map(articles.map((article) => [article.id, article]));
  const booksByIsbn = new Map(books.flatMap((book) => isbnsOf(book).map((isbn) => [isbn, book] as const)));
  const editionsByIsbn = new Map(
    books.flatMap((book) => book.otherEditions.flatMap((edition) => (edition.isbn13 ? [[edition.isbn13, { book, edition }] as const] : []))),
  );
  const neighboursByIsbn = new Map(neighbours.flatMap((neighbour) => (neighbour.isbn13 ? [[neighbour.isbn13, neighbour] as const] : [])));
  const booksByExactName = new Map<string, Book>();
  for (const book of books) {
    for (const name of [book.title, `${book.title} ${book.subtitle ?? ''}`, ...book.aliases]) {
      booksByExactName.set(normalizeText(name), book);
    }
  }
  const index = buildSearchIndex(books.map(bookSearchDocument));
  // Worked out for the few books a query reaches, not for the whole catalog at start.
  const contextWords = new Map<Book, Set<string>>();
  const contextWordsFor = (book: Book): Set<string> => {
    let words = contextWords.get(book);
    if (!words) contextWords.set(book, (words = contextWordsOf(book, topicsById)));
    return words;
  };
  // Per surname of an author of ours, the words of their titles here.
  const titleWordsBySurname = new Map<string, Set<string>>();
  for (const book of books) {
    for (const author of book.authors) {
      const surname = tokenize(author).at(-1) ?? '';
      titleWordsBySurname.set(surname, new Set([...(titleWordsBySurname.get(surname) ?? []), ...tokenize(book.title)]));
    }
  }
  // Surnames and handles (four letters or more), to find a book by its author whatever else a query says.
  const booksByAuthorWord = new Map<string, Book[]>();
  for (const book of books) {
    for (const word of new Set([...book.authors.map((author) => tokenize(author).at(-1) ?? ''), ...(book.authorNames ?? []).flatMap((name) => (name.includes(' ') ? [] : tokenize(name)))])) {
      if (word.length >= 4) booksByAuthorWord.set(word, [...(booksByAuthorWord.get(word) ?? []), book]);
    }
  }
  const ourPhrases = phraseIndex(books.flatMap((book) => [book.title, ...book.aliases, ...(book.subtitle ? [book.subtitle] : [])]));
  const relevance = buildRelevanceIndex(books);
  const byRecommendation = [...books].sort(
    (a, b) => b.recommendedBy.length - a.recommendedBy.length || averageRank(a) - averageRank(b) || a.title.localeCompare(b.title),
  );

  function search(query: string, limit: number): BookHit[] {
    const isbnBook = booksByIsbn.get(toIsbn13(query) ?? '');
    if (isbnBook) return [{ book: isbnBook, score: 1 }];
    return index.search(query, limit).map((hit) => ({ book: books[hit.doc]!, score: hit.score }));
  }

  function lookup(query: string): BookLookup {
    const trimmed = query.trim().replace(/^isbn(?:-?1[03])?:?\s*/i, '');
    // An ISBN inside other words ("ebook isbn 978-1-59327-879-3", "e-isbn 9781449357337").
    const isbn = toIsbn13(trimmed) ?? toIsbn13(/(?:97[89][-\s]?)?\d[\d-\s]{7,15}[\dXx]/.exec(trimmed)?.[0] ?? '') ?? '';
    if (normalizeText(trimmed) === '' && isbn === '') return { kind: 'empty' };
    const byId = booksById.get(trimmed) ?? booksByIsbn.get(isbn);
    if (byId) return { kind: 'found', book: byId };
    const otherEdition = editionsByIsbn.get(isbn);
    if (otherEdition) return { kind: 'found', book: otherEdition.book, otherEdition: { asked: otherEdition.edition.number ?? null, known: otherEdition.edition } };
    const reading = readBookQuery(trimmed, abbreviations);
    const neighbour = neighboursByIsbn.get(isbn) ?? neighbourNamed(neighbours, reading);
    if (neighbour) {
      const confused = booksById.get(neighbour.confusedWith);
      return { kind: 'not-in-list', neighbour, suggestions: confused ? [confused] : [], extraWords: [] };
    }
    const other = notOursNamed(notOurs, reading.normalized.split(' '), { phrases: ourPhrases, titleWordsBySurname });
    if (other) return { kind: 'not-in-list', notOurs: other, suggestions: [], extraWords: [] };
    // What names the book: the query without the words that frame the question.
    const naming = reading.words.filter((word) => !fillerWords.has(word)).join(' ');
    const byName = booksByExactName.get(normalizeText(trimmed)) ?? booksByExactName.get(reading.words.join(' ')) ?? booksByExactName.get(naming);
    if (byName) return { kind: 'found', book: byName, ...editionAsked(byName, reading) };
    // A search ranks by all the words; an author's name among many others still names their book.
    const byAuthor = new Set(reading.words.flatMap((word) => booksByAuthorWord.get(word) ?? []));
    const searched = search(naming, 4).map((hit) => (byAuthor.has(hit.book) ? { ...hit, score: Math.max(hit.score, confidentScore) } : hit));
    const hits = [...searched, ...[...byAuthor].filter((book) => !searched.some((hit) => hit.book === book)).map((book) => ({ book, score: confidentScore }))].sort(
      (a, b) => b.score - a.score,
    );
    const suggestions = hits.filter((hit) => hit.score >= suggestionScore).slice(0, 3).map((hit) => hit.book);
    const verdicts = hits.map((hit) => judgeBookQuery(hit.book, reading, contextWordsFor(hit.book)));
    const named = hits.filter((_, index) => verdicts[index]!.kind === 'names-book');
    const [first, second] = named;
    // One or two letters are a start, not a choice.
    const longEnough = naming.replace(/ /g, '').length >= 3;
    if (first && longEnough && first.score >= confidentScore && (!second || first.score - second.score >= clearLead)) {
      return { kind: 'found', book: first.book, ...editionAsked(first.book, reading) };
    }
    const [best] = verdicts;
    if (longEnough && named.length === 0 && best && (best.kind === 'extra-words' || best.kind === 'subtitle-only') && hits[0]!.score >= suggestionScore) {
      return { kind: 'not-in-list', suggestions, extraWords: best.kind === 'extra-words' ? best.words : [] };
    }
    return { kind: 'not-found', suggestions };
  }

  return {
    books,
    articles,
    topics,
    neighbours,
    relevance,
    bookById: (id) => booksById.get(id),
    topicById: (id) => topicsById.get(id),
    articleById: (id) => articlesById.get(id),
    search,
    lookup,
    mostRecommended: (limit) => byRecommendation.slice(0, Math.max(0, limit)),
  };
}

/** Another edition than the card's, named by number, by its other title, or by its year. */
function editionAsked(book: Book, reading: BookQuery): { otherEdition?: EditionAsked } {
  const { edition, year, normalized } = reading;
  if (edition !== null && edition !== book.editionNumber) {
    return { otherEdition: { asked: edition, known: book.otherEditions.find((other) => other.number === edition) } };
  }
  const padded = ` ${normalized} `;
  const byTitle = book.otherEditions.find((other) => other.title !== undefined && padded.includes(` ${normalizeText(other.title)} `));
  const byYear = year !== null && year !== book.year && edition === null ? book.otherEditions.find((other) => other.year === year) : undefined;
  const known = byTitle ?? byYear;
  if (known) return { otherEdition: { asked: known.number ?? null, known } };
  // A year we know nothing of still deserves to hear which edition the card is.
  if (year !== null && year !== book.year && edition === null) return { otherEdition: { asked: null, known: undefined, year } };
  return {};
}

function averageRank(book: Book): number {
  if (book.recommendedBy.length === 0) return Number.POSITIVE_INFINITY;
  return book.recommendedBy.reduce((sum, r) => sum + r.rank, 0) / book.recommendedBy.length;
}
