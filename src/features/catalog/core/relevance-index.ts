import { genericWords } from './generic-words.js';
import { normalizeText, tokenize } from '../../../core/normalize-text.js';
import type { Book, Chapter } from './schema.js';

/**
 * How much each book is about each topic and keyword, built once: every term keeps its books in a list
 * ordered by weight, so a one-term request reads the head of one list, and a several-term request adds up
 * only the books those terms reach, never scoring or sorting the whole catalog.
 *
 * A book's weight for a topic comes from how much of it covers the topic: the share of its chapters tagged
 * with it (a chapter's main topic counts fully, a side topic a fifth), a little more when at least one
 * chapter is mainly about it, and a fixed amount when the whole book is about the topic. A book without a
 * sourced chapter list falls back to its book-level topics. A keyword ("itertools") counts for each chapter
 * that names it, in its keywords or in its title's meaningful words ("protocols" in "Interfaces, Protocols,
 * and ABCs"). Popularity only breaks ties.
 */

export type TermKey = `topic:${string}` | `keyword:${string}`;

export interface Posting {
  /** Index into the book list the index was built from. */
  book: number;
  weight: number;
  /** The chapters behind the weight, the most specific first. */
  chapters: readonly Chapter[];
}

export interface RelevanceIndex {
  readonly books: readonly Book[];
  /** See rankBooks. */
  rank(request: RankRequest): RankedBook[];
  /** A book's position, by id (-1 when unknown). */
  positionOf(bookId: string): number;
  /** Topic ids books are about, the most common first: what "closest topics we cover" falls back to. */
  readonly aboutTopics: readonly string[];
  /** Postings per term, heaviest first. */
  postings(term: TermKey): readonly Posting[];
  /** A book's posting for a term, if it has one. */
  postingOf(term: TermKey, book: number): Posting | undefined;
  /** Every chapter keyword, normalized. */
  readonly keywords: ReadonlySet<string>;
  /** Tie-breaker: more recommending articles first. */
  readonly popularity: Float64Array;
}

/** Weight for being about a topic as a whole, on top of chapter coverage. */
export const aboutWeight = 0.5;
/** A book without a chapter list: assumed coverage of the topics it is about, and of others it lists. */
const assumedAboutCoverage = 0.8;
const assumedListedCoverage = 0.1;
const sideTopicShare = 0.2;
/** A chapter mainly about the topic is worth more than the same share spread over side mentions. */
export const dedicatedChapterBonus = 0.05;
/** Per chapter naming a keyword, at most two counted; a word of a chapter's title counts its share of the title. */
export const keywordWeight = 0.3;

export function topicTerm(topicId: string): TermKey {
  return `topic:${topicId}`;
}

export function keywordTerm(keyword: string): TermKey {
  return `keyword:${normalizeText(keyword)}`;
}

export function chaptersOf(book: Book): readonly Chapter[] {
  return book.contents?.chapters ?? [];
}

export function buildRelevanceIndex(books: readonly Book[]): RelevanceIndex {
  const lists = new Map<TermKey, Posting[]>();
  const add = (term: TermKey, posting: Posting): void => {
    if (!(posting.weight > 0)) return; // rank() relies on every posting adding something
    const list = lists.get(term);
    if (list) list.push(posting);
    else lists.set(term, [posting]);
  };
  const keywords = new Set<string>();

  books.forEach((book, index) => {
    const chapters = chaptersOf(book);
    for (const [topicId, posting] of topicPostings(book, index, chapters)) add(topicTerm(topicId), posting);
    // keyword -> the chapters naming it, with what each is worth.
    const byKeyword = new Map<string, Map<Chapter, number>>();
    const offer = (keyword: string, chapter: Chapter, weight: number): void => {
      if (keyword === '') return;
      keywords.add(keyword);
      const chaptersNaming = byKeyword.get(keyword) ?? new Map<Chapter, number>();
      chaptersNaming.set(chapter, Math.max(chaptersNaming.get(chapter) ?? 0, weight));
      byKeyword.set(keyword, chaptersNaming);
    };
    for (const chapter of chapters) {
      for (const keyword of chapter.keywords) offer(normalizeText(keyword), chapter, keywordWeight);
      // A title word carries its share of the title: all of "Profiling", a third of "Testing, Debugging, and Exceptions".
      const words = titleWords(chapter.title);
      for (const word of words) offer(word, chapter, keywordWeight / words.length);
    }
    for (const [keyword, chaptersNaming] of byKeyword) {
      const ordered = [...chaptersNaming].sort((a, b) => b[1] - a[1] || a[0].number - b[0].number);
      const weight = ordered.slice(0, 2).reduce((sum, [, value]) => sum + value, 0);
      add(`keyword:${keyword}`, { book: index, weight, chapters: ordered.map(([chapter]) => chapter) });
    }
  });

  const popularity = Float64Array.from(books, (book) => book.recommendedBy.length);
  const byBook = new Map<TermKey, Map<number, Posting>>();
  for (const [term, list] of lists) {
    list.sort((a, b) => b.weight - a.weight || popularity[b.book]! - popularity[a.book]! || a.book - b.book);
    byBook.set(term, new Map(list.map((posting) => [posting.book, posting])));
  }

  const positions = new Map(books.map((book, position) => [book.id, position]));
  const aboutCounts = new Map<string, number>();
  for (const book of books) for (const topicId of book.about) aboutCounts.set(topicId, (aboutCounts.get(topicId) ?? 0) + 1);
  const aboutTopics = [...aboutCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([topicId]) => topicId);

  // The same lists as plain columns, for adding several terms up quickly.
  const columns = new Map<TermKey, { books: Int32Array; weights: Float64Array }>();
  for (const [term, list] of lists) {
    columns.set(term, { books: Int32Array.from(list, (posting) => posting.book), weights: Float64Array.from(list, (posting) => posting.weight) });
  }
  // Scratch space for adding up several terms, one slot per book, reused by every request.
  const scores = new Float64Array(books.length);
  const touched = new Int32Array(books.length);

  function rank(request: RankRequest): RankedBook[] {
    const terms = [...new Set(request.terms)];
    if (request.count <= 0 || terms.length === 0) return [];
    if (terms.length === 1) return rankOneList(terms[0]!, lists.get(terms[0]!) ?? [], request);
    // scores[] is all zeros between requests: only touched slots are written, and they are reset below.
    let touchedCount = 0;
    for (const term of terms) {
      const column = columns.get(term);
      if (!column) continue;
      const { books: termBooks, weights } = column;
      for (let i = 0; i < termBooks.length; i++) {
        const book = termBooks[i]!;
        const before = scores[book]!;
        if (before === 0) touched[touchedCount++] = book;
        scores[book] = before + weights[i]!;
      }
    }
    const best: RankedBook[] = [];
    let floor = request.minScore;
    for (let t = 0; t < touchedCount; t++) {
      const book = touched[t]!;
      const score = scores[book]!;
      scores[book] = 0;
      if (score < floor) continue;
      if (score < request.minScore || (request.accept && !request.accept(book))) continue;
      insertRanked(best, { book, score, matched: [] }, request.count, popularity);
      // Once full, a book must at least tie the last one kept to get in.
      if (best.length === request.count) floor = Math.max(floor, best.at(-1)!.score);
    }
    for (const entry of best) {
      entry.matched = terms.flatMap((term) => {
        const posting = byBook.get(term)?.get(entry.book);
        return posting ? [{ term, posting }] : [];
      });
    }
    return best;
  }

  return {
    books,
    rank,
    positionOf: (bookId) => positions.get(bookId) ?? -1,
    aboutTopics,
    postings: (term) => lists.get(term) ?? [],
    postingOf: (term, book) => byBook.get(term)?.get(book),
    keywords,
    popularity,
  };
}

/** A chapter title's words that say something on their own ("descriptors", not "attribute" or "the"). */
function titleWords(title: string): string[] {
  return tokenize(title).filter((word) => word.length >= 4 && !genericWords.has(word));
}

function topicPostings(book: Book, index: number, chapters: readonly Chapter[]): Map<string, Posting> {
  const result = new Map<string, Posting>();
  const about = new Set(book.about);
  if (chapters.length === 0) {
    for (const topicId of new Set([...book.about, ...book.topics])) {
      const weight = about.has(topicId) ? aboutWeight + assumedAboutCoverage : assumedListedCoverage;
      result.set(topicId, { book: index, weight, chapters: [] });
    }
    return result;
  }
  const share = new Map<string, number>();
  const mainChapters = new Map<string, Chapter[]>();
  const sideChapters = new Map<string, Chapter[]>();
  for (const chapter of chapters) {
    chapter.topics.forEach((topicId, position) => {
      share.set(topicId, (share.get(topicId) ?? 0) + (position === 0 ? 1 : sideTopicShare));
      const into = position === 0 ? mainChapters : sideChapters;
      into.set(topicId, [...(into.get(topicId) ?? []), chapter]);
    });
  }
  for (const topicId of new Set([...book.about, ...share.keys()])) {
    const coverage = (share.get(topicId) ?? 0) / chapters.length;
    const dedicated = mainChapters.has(topicId) ? dedicatedChapterBonus : 0;
    const weight = (about.has(topicId) ? aboutWeight : 0) + coverage + dedicated;
    result.set(topicId, { book: index, weight, chapters: [...(mainChapters.get(topicId) ?? []), ...(sideChapters.get(topicId) ?? [])] });
  }
  return result;
}

export interface RankedBook {
  book: number;
  score: number;
  /** The postings that made the score, in the order of the requested terms. */
  matched: { term: TermKey; posting: Posting }[];
}

export interface RankRequest {
  terms: readonly TermKey[];
  count: number;
  /** Books to skip (another level, the book itself). */
  accept?: (book: number) => boolean;
  /** Books scoring less than this are not worth recommending. */
  minScore: number;
}

/**
 * The best `count` books for the sum of the terms' weights. One term: its list is already in order, so
 * the answer is its head. Several: add up their postings into a per-index scratch array (only the
 * books the terms reach are touched) and keep the best few as they come, never sorting the matches.
 */
export function rankBooks(index: RelevanceIndex, request: RankRequest): RankedBook[] {
  return index.rank(request);
}

function rankOneList(term: TermKey, list: readonly Posting[], request: RankRequest): RankedBook[] {
  const best: RankedBook[] = [];
  for (const posting of list) {
    if (best.length >= request.count || posting.weight < request.minScore) break;
    if (request.accept && !request.accept(posting.book)) continue;
    best.push({ book: posting.book, score: posting.weight, matched: [{ term, posting }] });
  }
  return best;
}

/** Keeps `ranked` sorted and at most `count` long (count is small: five at most on Discord). */
function insertRanked(ranked: RankedBook[], entry: RankedBook, count: number, popularity: Float64Array): void {
  if (ranked.length === count && !beats(entry, ranked[count - 1]!, popularity)) return;
  let position = ranked.length;
  while (position > 0 && beats(entry, ranked[position - 1]!, popularity)) position--;
  ranked.splice(position, 0, entry);
  if (ranked.length > count) ranked.pop();
}

/** Higher score first; among equals, more recommending articles, then catalog order. */
function beats(a: RankedBook, b: RankedBook, popularity: Float64Array): boolean {
  return a.score > b.score || (a.score === b.score && (popularity[a.book]! > popularity[b.book]! || (popularity[a.book] === popularity[b.book] && a.book < b.book)));
}
