import { genericWords } from './generic-words.js';
import { normalizeText, tokenize } from '../../../core/normalize-text.js';
import type { Book, Chapter, Section } from './schema.js';

/**
 * How much each book is about each topic and keyword, built once: every term keeps its books in a list
 * ordered by weight, so a one-term request reads the head of one list, and a several-term request adds up
 * only the books those terms reach, never scoring or sorting the whole catalog.
 *
 * The rule: a book ranks by the deepest place it gives the term (the whole book, then a chapter, then a
 * section, then a passing mention) and, at the same depth, by how many chapters or sections give it; so a
 * book with a chapter or section on the topic beats one that only touches it, whatever its chapter count.
 * Popularity only breaks ties. A book without a sourced chapter list counts the topics it is about as the
 * whole book, and the other topics it lists as sections; a chapter without a sourced section list counts its
 * keywords a little below sections. In a request for several things, the best-served one counts whole, the others a quarter.
 */

export type TermKey = `topic:${string}` | `keyword:${string}`;

/** Where a book treats a term: a chapter, or a section of one. */
export interface Place {
  chapter: Chapter;
  section?: Section | undefined;
}

export interface Posting {
  /** Index into the book list the index was built from. */
  book: number;
  weight: number;
  /** The chapters behind the weight, the deepest first. */
  chapters: readonly Chapter[];
  /** The same, with the section where one is the reason (the deepest first). */
  places: readonly Place[];
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

/** How deep a book goes into a term; a deeper place always outweighs any number of shallower ones. */
export const depthWeights = { book: 4, chapter: 3, section: 2, keyword: 1.5, mention: 1 } as const;
export type Depth = keyof typeof depthWeights;
/** At the same depth, each further chapter or section adds this much, up to `breadthCount` of them (never a depth). */
export const breadthStep = 0.02;
const breadthCount = 5;
/** In a request for several things, what each thing after the best-served one adds, as a share of its weight. */
export const otherTermsShare = 0.25;
const maxPlacesKept = 8;
/** A title of at most this many meaningful words is about each of them ("Iterators, Generators, and Classic Coroutines"). */
const focusedTitleWords = 3;

export function topicTerm(topicId: string): TermKey {
  return `topic:${topicId}`;
}

export function keywordTerm(keyword: string): TermKey {
  return `keyword:${normalizeText(keyword)}`;
}

export function chaptersOf(book: Book): readonly Chapter[] {
  return book.contents?.chapters ?? [];
}

/** A book's weight for a term; where it treats the term is worked out again only for the books shown (see `detail`). */
interface Weighted {
  book: number;
  weight: number;
}

export function buildRelevanceIndex(books: readonly Book[]): RelevanceIndex {
  const lists = new Map<TermKey, Weighted[]>();
  const keywords = new Set<string>();

  books.forEach((book, index) => {
    for (const [term, found] of placesOf(book)) {
      if (term.startsWith('keyword:')) keywords.add(term.slice('keyword:'.length));
      const list = lists.get(term);
      const entry = { book: index, weight: weightOf(found) };
      if (list) list.push(entry);
      else lists.set(term, [entry]);
    }
  });

  const popularity = Float64Array.from(books, (book) => book.recommendedBy.length);
  for (const list of lists.values()) list.sort((a, b) => b.weight - a.weight || popularity[b.book]! - popularity[a.book]! || a.book - b.book);
  /** A book's full posting for a term (its places), computed when it is shown: a few books per request. */
  const recentPlaces = new Map<number, { found: Map<TermKey, Found[]>; postings: Map<TermKey, Posting> }>();
  const maxRecentPlaces = 256;
  const detail = (term: TermKey, book: number): Posting | undefined => {
    let places = recentPlaces.get(book);
    if (!places) {
      places = { found: placesOf(books[book]!), postings: new Map() };
      if (recentPlaces.size >= maxRecentPlaces) recentPlaces.delete(recentPlaces.keys().next().value!);
      recentPlaces.set(book, places);
    }
    let posting = places.postings.get(term);
    if (!posting) {
      const found = places.found.get(term);
      if (!found) return undefined;
      places.postings.set(term, (posting = postingFrom(book, found)));
    }
    return posting;
  };

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

  // Per book, the best weight within the current group of terms (several terms read from the same words).
  const groupBest = new Float64Array(books.length);
  const peaks = new Float64Array(books.length);
  const groupTouched = new Int32Array(books.length);

  function rank(request: RankRequest): RankedBook[] {
    const discountOf = new Map(request.terms.map((term, i) => [term, request.discounts?.[i] ?? 0]));
    const unique = [...new Map(request.terms.map((term, i) => [term, request.groups?.[i] ?? i])).entries()];
    if (request.count <= 0 || unique.length === 0) return [];
    if (unique.length === 1) return withMatched(rankOneList(lists.get(unique[0]![0]) ?? [], request), [unique[0]![0]]);
    const terms = unique.map(([term]) => term);
    const groups = new Map<number, TermKey[]>();
    for (const [term, group] of unique) groups.set(group, [...(groups.get(group) ?? []), term]);
    if (groups.size === 1) return withMatched(rankOneGroup(terms, discountOf, request), terms);
    // scores[] and peaks[] are all zeros between requests: only touched slots are written, and reset below.
    // Each group adds its best term per book: "asyncio" typed once is one topic and one keyword, counted once.
    let touchedCount = 0;
    for (const groupTerms of groups.values()) {
      const column = groupTerms.length === 1 && !(discountOf.get(groupTerms[0]!)! > 0) ? columns.get(groupTerms[0]!) : groupColumn(groupTerms, discountOf);
      if (!column) continue;
      const { books: termBooks, weights } = column;
      for (let i = 0; i < termBooks.length; i++) {
        const book = termBooks[i]!;
        const weight = weights[i]!;
        const before = scores[book]!;
        if (before === 0) touched[touchedCount++] = book;
        scores[book] = before + weight;
        if (weight > peaks[book]!) peaks[book] = weight;
      }
    }
    const best: RankedBook[] = [];
    let floor = request.minScore;
    for (let t = 0; t < touchedCount; t++) {
      const book = touched[t]!;
      // The best-served thing asked for counts whole, each of the others a quarter: a book about what was asked
      // is not overtaken by one that touches every word of it.
      const score = peaks[book]! + otherTermsShare * (scores[book]! - peaks[book]!);
      scores[book] = 0;
      peaks[book] = 0;
      if (score < floor) continue;
      if (score < request.minScore || (request.accept && !request.accept(book))) continue;
      insertRanked(best, { book, score, matched: [] }, request.count, popularity);
      // Once full, a book must at least tie the last one kept to get in.
      if (best.length === request.count) floor = Math.max(floor, best.at(-1)!.score);
    }
    return withMatched(best, terms);
  }

  /**
   * The per-book best of several terms read from the same words, as one column. The same words always give the
   * same terms, so the columns of recent groups are kept (a few hundred at most).
   */
  const groupColumns = new Map<string, { books: Int32Array; weights: Float64Array }>();
  const maxGroupColumns = 256;
  function groupColumn(groupTerms: readonly TermKey[], discountOf: ReadonlyMap<TermKey, number>): { books: Int32Array; weights: Float64Array } {
    const key = groupTerms.map((term) => `${term}~${discountOf.get(term) ?? 0}`).join('|');
    const cached = groupColumns.get(key);
    if (cached) return cached;
    let inGroup = 0;
    for (const term of groupTerms) {
      const column = columns.get(term);
      if (!column) continue;
      const discount = discountOf.get(term) ?? 0;
      for (let i = 0; i < column.books.length; i++) {
        const weight = column.weights[i]! - discount;
        if (!(weight > 0)) continue;
        const book = column.books[i]!;
        const before = groupBest[book]!;
        if (before === 0) groupTouched[inGroup++] = book;
        if (weight > before) groupBest[book] = weight;
      }
    }
    const built = { books: groupTouched.slice(0, inGroup), weights: new Float64Array(inGroup) };
    for (let g = 0; g < inGroup; g++) {
      built.weights[g] = groupBest[built.books[g]!]!;
      groupBest[built.books[g]!] = 0;
    }
    if (groupColumns.size >= maxGroupColumns) groupColumns.delete(groupColumns.keys().next().value!);
    groupColumns.set(key, built);
    return built;
  }

  function withMatched(best: RankedBook[], terms: readonly TermKey[]): RankedBook[] {
    for (const entry of best) {
      entry.matched = terms.flatMap((term) => {
        const posting = detail(term, entry.book);
        return posting ? [{ term, posting }] : [];
      });
    }
    return best;
  }

  /**
   * One thing asked for, read as several terms (the topic and the keyword "asyncio"): a book scores its best term.
   * Each term's list is in weight order, so walking them together from the top meets each book first at its best,
   * and stops once nothing left can reach the last book kept.
   */
  function rankOneGroup(terms: readonly TermKey[], discountOf: ReadonlyMap<TermKey, number>, request: RankRequest): RankedBook[] {
    const walks = terms.map((term) => ({ list: lists.get(term) ?? [], discount: discountOf.get(term) ?? 0, at: 0 }));
    const head = (walk: (typeof walks)[number]): RankedBook => {
      const posting = walk.list[walk.at]!;
      return { book: posting.book, score: posting.weight - walk.discount, matched: [] };
    };
    const seen = new Set<number>();
    const best: RankedBook[] = [];
    // Each list is in the final order (score, then popularity, then catalog order): merged, the first `count`
    // books met are the answer.
    while (best.length < request.count) {
      let next: (typeof walks)[number] | undefined;
      for (const walk of walks) if (walk.at < walk.list.length && (!next || beats(head(walk), head(next), popularity))) next = walk;
      if (!next) break;
      const entry = head(next);
      next.at++;
      if (!(entry.score > 0) || entry.score < request.minScore) break;
      if (seen.has(entry.book)) continue;
      seen.add(entry.book);
      if (!request.accept || request.accept(entry.book)) best.push(entry);
    }
    return best;
  }

  return {
    books,
    rank,
    positionOf: (bookId) => positions.get(bookId) ?? -1,
    aboutTopics,
    postings: (term) => (lists.get(term) ?? []).map((entry) => detail(term, entry.book)!),
    postingOf: detail,
    keywords,
    popularity,
  };
}

/** A title's words that say something on their own ("descriptors", not "attribute" or "the"). */
function titleWords(title: string): readonly string[] {
  return tokenize(title).filter((word) => word.length >= 4 && !genericWords.has(word));
}

/** The normalized form of a keyword. */
function keywordForm(keyword: string): string {
  return remembered(keywordForms, keyword, () => normalizeText(keyword));
}

// Books share keywords ("itertools" in many chapters): each is normalized once.
const keywordForms = new Map<string, string>();
const maxRememberedTexts = 10_000;

function remembered<T>(memo: Map<string, T>, text: string, compute: () => T): T {
  let value = memo.get(text);
  if (value === undefined) {
    if (memo.size >= maxRememberedTexts) memo.clear();
    memo.set(text, (value = compute()));
  }
  return value;
}

interface Found {
  depth: Depth;
  place: Place | null;
}

/** Every term a book treats, with each place it treats it and how deep. */
function placesOf(book: Book): Map<TermKey, Found[]> {
  const found = new Map<TermKey, Found[]>();
  const note = (term: TermKey, depth: Depth, place: Place | null): void => {
    const list = found.get(term) ?? [];
    list.push({ depth, place });
    found.set(term, list);
  };
  const noteWords = (words: readonly string[], depth: Depth, place: Place): void => {
    for (const word of new Set(words)) if (word !== '') note(`keyword:${word}`, depth, place);
  };
  for (const topicId of book.about) note(topicTerm(topicId), 'book', null);
  const chapters = chaptersOf(book);
  if (chapters.length === 0) {
    // No sourced chapter list: what the book lists besides its main subject is taken as sections on it.
    for (const topicId of book.topics) if (!book.about.includes(topicId)) note(topicTerm(topicId), 'section', null);
  }
  for (const chapter of chapters) {
    const place: Place = { chapter };
    chapter.topics.forEach((topicId, position) => note(topicTerm(topicId), position === 0 ? 'chapter' : 'mention', place));
    const words = titleWords(chapter.title);
    noteWords(words, words.length <= focusedTitleWords ? 'chapter' : 'mention', place);
    // Without a sourced section list, a chapter's keywords (the specific things it covers) stand in for its
    // sections, a little below a section an official source titles with the term.
    noteWords(chapter.keywords.map(keywordForm), chapter.sections === undefined ? 'keyword' : 'mention', place);
    for (const section of chapter.sections ?? []) {
      const inSection: Place = { chapter, section };
      for (const topicId of section.topics) note(topicTerm(topicId), 'section', inSection);
      // A long section title ("Determining last fridays date") is described by its keywords, not its every word.
      const sectionWords = titleWords(section.title);
      if (sectionWords.length <= focusedTitleWords) noteWords(sectionWords, 'section', inSection);
      // A section's first keyword is what it is about: a section when its title names it (a module's name),
      // like a chapter keyword otherwise (a recipe that uses it). The others are mentions.
      const [first, ...others] = section.keywords.map(keywordForm);
      if (first !== undefined) noteWords([first], ` ${normalizeText(section.title)} `.includes(` ${first} `) ? 'section' : 'keyword', inSection);
      noteWords(others, 'mention', inSection);
    }
  }
  return found;
}

const depthOrder: readonly Depth[] = ['book', 'chapter', 'section', 'keyword', 'mention'];

/** The weight of a term's places in one book: its deepest depth, plus a little for each further place at that depth. */
function weightOf(found: readonly Found[]): number {
  const deepest = depthOrder.find((depth) => found.some((entry) => entry.depth === depth))!;
  const units = new Set(found.filter((entry) => entry.depth === deepest).map((entry) => entry.place ?? 'book')).size;
  return depthWeights[deepest] + breadthStep * Math.min(units, breadthCount);
}

/** A term's posting in one book: its weight, and its places, the deepest first. */
function postingFrom(book: number, found: readonly Found[]): Posting {
  const weight = weightOf(found);
  const places: Place[] = [];
  const seen = new Set<string>();
  // A reply points at three places at most: keep a few more than that, the deepest first.
  for (const depth of depthOrder) {
    for (const { depth: at, place } of found) {
      if (places.length >= maxPlacesKept) break;
      if (at !== depth || !place) continue;
      const key = `${place.chapter.number}:${place.section?.title ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      places.push(place);
    }
  }
  const chapters = [...new Map(places.map((place) => [place.chapter.number, place.chapter])).values()];
  return { book, weight, chapters, places };
}

export interface RankedBook {
  book: number;
  score: number;
  /** The postings that made the score, in the order of the requested terms. */
  matched: { term: TermKey; posting: Posting }[];
}

export interface RankRequest {
  terms: readonly TermKey[];
  /** Per term, which words of the request it was read from: terms of one group count once (their best). */
  groups?: readonly number[];
  /** Per term, taken off its weight (a topic reached through a synonym of something more specific). */
  discounts?: readonly number[];
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

function rankOneList(list: readonly Weighted[], request: RankRequest): RankedBook[] {
  const best: RankedBook[] = [];
  for (const entry of list) {
    if (best.length >= request.count || entry.weight < request.minScore) break;
    if (request.accept && !request.accept(entry.book)) continue;
    best.push({ book: entry.book, score: entry.weight, matched: [] });
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
