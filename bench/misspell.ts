import type { Dataset } from '../src/features/catalog/core/schema.js';
import { boundedEditDistance } from '../src/features/catalog/core/edit-distance.js';
import { normalizeText } from '../src/core/normalize-text.js';
import type { Book } from '../src/features/catalog/core/schema.js';
import { titleKey } from './generate-catalog.js';
import { seededRandom, type Random } from './prng.js';

/**
 * Misspelled queries with a known answer: a book's title (or title + author's last name, or an alias of a
 * real book) with one or two realistic typos, plus a few misspellings people really type.
 */

export type TypoKind = 'transposition' | 'dropped letter' | 'doubled letter' | 'neighbouring key' | 'missing space';
export type QueryForm = 'title' | 'title + author' | 'alias' | 'real-world';

export interface MisspelledQuery {
  query: string;
  /** What the person meant to type. */
  intended: string;
  expectedId: string;
  form: QueryForm;
  typos: TypoKind[];
  /** A real book (one of the ten) or a synthetic one. */
  realBook: boolean;
}

/** Misspellings seen in the wild, with the book meant. */
export const realWorldMisspellings: readonly { query: string; expectedId: string }[] = [
  { query: 'fluent pyhton', expectedId: 'fluent-python-2e' },
  { query: 'beazly cookbook', expectedId: 'python-cookbook-3e' },
  { query: 'cpython internal', expectedId: 'cpython-internals' },
  { query: 'black hat', expectedId: 'black-hat-python-2e' },
  { query: 'archtecture patterns python', expectedId: 'architecture-patterns-with-python' },
  { query: 'hi perf python', expectedId: 'high-performance-python-2e' },
  { query: 'using asyncoi', expectedId: 'using-asyncio-in-python' },
];

/** Keys next to each letter on a QWERTY keyboard. */
const neighbours: Record<string, string> = {
  q: 'wa', w: 'qeas', e: 'wrsd', r: 'etdf', t: 'ryfg', y: 'tugh', u: 'yihj', i: 'uojk', o: 'ipkl', p: 'ol',
  a: 'qwsz', s: 'awedxz', d: 'serfcx', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', j: 'huikmn', k: 'jiolm', l: 'kop',
  z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};

const isLetter = (char: string | undefined): boolean => char !== undefined && /\p{L}/u.test(char);

/** Letter runs of four or more in a word ("Hands-On" → "Hands"): short words are rarely mistyped. */
function letterRuns(word: string): [number, number][] {
  return [...word.matchAll(/\p{L}{4,}/gu)].map((match) => [match.index, match.index + match[0].length]);
}

type LetterTypo = Exclude<TypoKind, 'missing space'>;
const letterTypos: readonly LetterTypo[] = ['transposition', 'dropped letter', 'doubled letter', 'neighbouring key'];

function typoInWord(r: Random, word: string, kind: LetterTypo): string | null {
  const runs = letterRuns(word);
  if (runs.length === 0) return null;
  const [start, end] = r.pick(runs);
  const i = start + r.int(end - start);
  const char = word[i]!;
  switch (kind) {
    case 'transposition': {
      const [a, b] = i + 1 < end ? [i, i + 1] : [i - 1, i];
      if (word[a] === word[b]) return null;
      return word.slice(0, a) + word[b] + word[a] + word.slice(b + 1);
    }
    case 'dropped letter':
      return word.slice(0, i) + word.slice(i + 1);
    case 'doubled letter':
      return word.slice(0, i + 1) + char + word.slice(i + 1);
    case 'neighbouring key': {
      const lower = char.toLowerCase();
      const options = neighbours[lower];
      if (!options) return null;
      const replacement = r.pick([...options]);
      return word.slice(0, i) + (char === lower ? replacement : replacement.toUpperCase()) + word.slice(i + 1);
    }
  }
}

function removeSpace(r: Random, text: string): string | null {
  const spaces = [...text.matchAll(/ /g)].map((match) => match.index).filter((i) => isLetter(text[i - 1]) && isLetter(text[i + 1]));
  if (spaces.length === 0) return null;
  const i = r.pick(spaces);
  return text.slice(0, i) + text.slice(i + 1);
}

/** One or two typos, letter typos in different words; null if this text offers no room for them. */
export function misspell(r: Random, text: string): { text: string; typos: TypoKind[] } | null {
  const typoCount = r.chance(0.6) ? 1 : 2;
  const words = text.split(' ');
  const eligible = r.shuffled(words.map((_, index) => index).filter((index) => letterRuns(words[index]!).length > 0));
  const typos: TypoKind[] = [];
  let dropSpace = false;
  for (let n = 0; n < typoCount; n++) {
    if (!dropSpace && r.chance(0.12)) {
      dropSpace = true;
      continue;
    }
    const index = eligible.pop();
    if (index === undefined) break;
    const kind = r.pick(letterTypos);
    const changed = typoInWord(r, words[index]!, kind);
    if (changed === null) continue;
    words[index] = changed;
    typos.push(kind);
  }
  let result = words.join(' ');
  if (dropSpace) {
    const merged = removeSpace(r, result);
    if (merged !== null) {
      result = merged;
      typos.push('missing space');
    }
  }
  if (typos.length === 0 || normalizeText(result) === normalizeText(text)) return null;
  return { text: result, typos };
}

function lastName(author: string): string {
  return author.split(' ').at(-1)!;
}

/** Aliases a person might actually type: not acronyms ("HPP"), not a full subtitle. */
function typableAliases(book: Book): string[] {
  return book.aliases.filter((alias) => alias.length >= 8 && alias.split(' ').length <= 6 && !alias.includes(':'));
}

/** Book names (title and aliases) by their word set, to spot a query that names several books. */
function nameIndex(books: readonly Book[]): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const book of books) {
    for (const name of [book.title, ...book.aliases]) {
      const key = titleKey(name);
      const ids = index.get(key) ?? new Set<string>();
      ids.add(book.id);
      index.set(key, ids);
    }
  }
  return index;
}

/**
 * Every way a query can name a book (title, alias, title + an author's last name), normalised and bucketed by
 * length, to find the books a misspelled query is closest to.
 */
class NameNeighbourhood {
  private readonly byLength = new Map<number, { text: string; bookId: string }[]>();

  constructor(books: readonly Book[]) {
    for (const book of books) {
      const names = [book.title, ...book.aliases, ...book.authors.map((author) => `${book.title} ${lastName(author)}`)];
      for (const text of new Set(names.map(normalizeText))) {
        const bucket = this.byLength.get(text.length) ?? [];
        bucket.push({ text, bookId: book.id });
        this.byLength.set(text.length, bucket);
      }
    }
  }

  /** Whether a book other than `bookId` has a name at most `distance` edits from `query` (normalised). */
  otherBookWithin(query: string, distance: number, bookId: string): boolean {
    for (let length = query.length - distance; length <= query.length + distance; length++) {
      for (const name of this.byLength.get(length) ?? []) {
        if (name.bookId !== bookId && boundedEditDistance(query, name.text, distance) <= distance) return true;
      }
    }
    return false;
  }
}

export interface QuerySetStats {
  generated: number;
  /** The intended text itself names several books ("Docker and Kubernetes" / "Kubernetes and Docker"). */
  skippedAmbiguous: number;
  /** The typo is as close to another book's name as to the intended one ("High Performance ython"). */
  skippedCloserToOtherBook: number;
}

/**
 * `count` generated queries (plus the real-world ones) over the books of `dataset`, deterministic for a seed.
 * About one in eight is about one of the real books (the rest of the catalog is synthetic).
 */
export function misspelledQuerySet(dataset: Dataset, realIds: ReadonlySet<string>, count: number, seed = 772_024): { queries: MisspelledQuery[]; stats: QuerySetStats } {
  const r = seededRandom(seed);
  const names = nameIndex(dataset.books);
  const realBooks = dataset.books.filter((book) => realIds.has(book.id));
  const syntheticBooks = dataset.books.filter((book) => !realIds.has(book.id));
  const seen = new Set<string>();
  const queries: MisspelledQuery[] = [];
  const neighbourhood = new NameNeighbourhood(dataset.books);
  const stats: QuerySetStats = { generated: 0, skippedAmbiguous: 0, skippedCloserToOtherBook: 0 };

  for (const { query, expectedId } of realWorldMisspellings) {
    const book = dataset.books.find((candidate) => candidate.id === expectedId);
    if (!book) throw new Error(`Real-world misspelling points at unknown book ${expectedId}`);
    queries.push({ query, intended: book.title, expectedId, form: 'real-world', typos: [], realBook: true });
    seen.add(normalizeText(query));
  }

  for (let attempt = 0; stats.generated < count && attempt < count * 50; attempt++) {
    const real = realBooks.length > 0 && r.chance(0.125);
    const book = r.pick(real ? realBooks : syntheticBooks);
    const aliases = typableAliases(book);
    const roll = r.next();
    let form: QueryForm;
    let intended: string;
    if (real && aliases.length > 0 && roll < 0.4) {
      form = 'alias';
      intended = r.pick(aliases);
    } else if (roll < 0.9) {
      form = 'title';
      intended = book.title;
    } else {
      form = 'title + author';
      intended = `${book.title} ${lastName(r.pick(book.authors))}`;
    }
    // Many people type in lower case only.
    if (r.chance(0.5)) intended = intended.toLowerCase();

    // The intended text must name one book only ("Docker and Kubernetes" vs "Kubernetes and Docker").
    const namedBy = names.get(titleKey(intended));
    if (namedBy && (namedBy.size > 1 || !namedBy.has(book.id))) {
      stats.skippedAmbiguous++;
      continue;
    }
    const typo = misspell(r, intended);
    if (!typo) continue;
    // If another book's name is as few edits away as the intended text, a correction could equally mean that book.
    const typed = normalizeText(typo.text);
    const distance = boundedEditDistance(typed, normalizeText(intended), 4);
    if (neighbourhood.otherBookWithin(typed, distance, book.id)) {
      stats.skippedCloserToOtherBook++;
      continue;
    }
    if (seen.has(typed)) continue;
    seen.add(typed);
    queries.push({ query: typo.text, intended, expectedId: book.id, form, typos: typo.typos, realBook: real });
    stats.generated++;
  }
  return { queries, stats };
}
