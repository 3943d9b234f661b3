import { boundedEditDistance } from './edit-distance.js';
import { normalizeText, tokenize } from '../../../core/normalize-text.js';
import { genericWords } from './generic-words.js';
import { expandAbbreviations, fillerWords, wordStem, type Abbreviation } from './query-words.js';
import type { Book, Neighbour } from './schema.js';

/**
 * Does a query name this book, or another book that shares some of its words? The search index ranks;
 * this judges its best answer. Every meaningful word of the query must belong to the book (title,
 * alias, author, subtitle or publisher, typos allowed), and at least one must come from the title, an
 * alias or an author: "effective python" matches only Fluent Python's subtitle, "black hat go" has a
 * word Black Hat Python does not, so neither gets a card.
 */

export interface BookQuery {
  /** Normalized words with edition words and years taken out. */
  words: string[];
  /** The edition asked for ("2nd edition", "3e"), or null. */
  edition: number | null;
  /** A publication year in the query ("2015"), or null. */
  year: number | null;
  /** The whole query, normalized, for phrase checks. */
  normalized: string;
}

/** Words that say nothing about which book is meant: "python", and the words that frame a question in any language. */
const neutralWords: ReadonlySet<string> = new Set(['python', 'py', ...fillerWords]);

const ordinalWords = new Map([
  ['first', 1], ['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['sixth', 6],
  ['1st', 1], ['2nd', 2], ['3rd', 3], ['4th', 4], ['5th', 5], ['6th', 6],
  ['segunda', 2], ['terceira', 3], ['tercera', 3], ['zweite', 2], ['dritte', 3], ['deuxieme', 2], ['seconda', 2], ['terza', 3],
]);

/** "2e", "3ed", "2nd", "second": the edition number a word names, if any. */
function editionOf(word: string, next: string | undefined): number | null {
  const ordinal = ordinalWords.get(word);
  if (ordinal !== undefined) return ordinal;
  // "2e", "3ed", and "2ª"/"2a" (Portuguese, Spanish: "2ª edição").
  const compact = /^(\d{1,2})(?:e|ed|edn|a)$/.exec(word);
  if (compact) return Number(compact[1]);
  if (/^\d{1,2}$/.test(word) && (next === 'edition' || next === 'ed')) return Number(word);
  return null;
}

export function readBookQuery(query: string, abbreviations: readonly Abbreviation[] = []): BookQuery {
  const all = expandAbbreviations(tokenize(query.slice(0, 300)), abbreviations);
  const words: string[] = [];
  let edition: number | null = null;
  let year: number | null = null;
  all.forEach((word, index) => {
    const named = editionOf(word, all[index + 1]);
    if (named !== null) edition = named;
    else if (/^(19|20)\d\d$/.test(word)) year = Number(word);
    else words.push(word);
  });
  return { words, edition, year, normalized: all.join(' ') };
}

type Field = 'title' | 'author' | 'subtitle' | 'publisher';

const subtitleShareNeeded = 0.6;

interface BookVocabulary {
  /** Each word of the book's names, with the strongest field it appears in. */
  fields: Map<string, Field>;
  /** How many meaningful words only the subtitle has. */
  subtitleWords: number;
}

const fieldStrength: Record<Field, number> = { title: 3, author: 2, subtitle: 1, publisher: 0 };
const vocabularies = new WeakMap<Book, BookVocabulary>();

function vocabularyOf(book: Book): BookVocabulary {
  let vocabulary = vocabularies.get(book);
  if (vocabulary) return vocabulary;
  const fields = new Map<string, Field>();
  const add = (text: string, field: Field): void => {
    for (const word of tokenize(text)) {
      const previous = fields.get(word);
      if (previous === undefined || fieldStrength[field] > fieldStrength[previous]) fields.set(word, field);
    }
  };
  if (book.subtitle) add(book.subtitle, 'subtitle');
  const subtitleOnly = new Set(fields.keys());
  for (const word of tokenize(book.title)) subtitleOnly.delete(word);
  add(book.title, 'title');
  // An alias that repeats the subtitle ("Fluent Python: Clear, Concise, and Effective Programming") or
  // names the authors ("Ramalho Fluent Python") does not make those words title words.
  const authorWords = new Set(book.authors.flatMap(tokenize));
  for (const alias of book.aliases) for (const word of tokenize(alias)) if (!subtitleOnly.has(word) && !authorWords.has(word)) add(word, 'title');
  for (const author of [...book.authors, ...(book.authorNames ?? [])]) add(author, 'author');
  add(book.publisher, 'publisher');
  const subtitleWords = [...fields].filter(([word, field]) => field === 'subtitle' && !isNeutral(word)).length;
  vocabulary = { fields, subtitleWords };
  vocabularies.set(book, vocabulary);
  return vocabulary;
}

/** The field a query word belongs to in this book: exact, a prefix being typed, a typo, or two words run together. */
function fieldOf(vocabulary: BookVocabulary, word: string): Field | null {
  const exact = vocabulary.fields.get(word);
  if (exact) return exact;
  let best: Field | null = null;
  const consider = (field: Field): void => {
    if (best === null || fieldStrength[field] > fieldStrength[best]) best = field;
  };
  const maxDistance = word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
  for (const [known, field] of vocabulary.fields) {
    if (word.length >= 3 && known.startsWith(word)) consider(field);
    else if (maxDistance > 0 && boundedEditDistance(word, known, maxDistance) <= maxDistance) consider(field);
  }
  if (best !== null) return best;
  for (let cut = 2; cut <= word.length - 2; cut++) {
    const left = vocabulary.fields.get(word.slice(0, cut));
    const right = vocabulary.fields.get(word.slice(cut));
    if (left && right) return fieldStrength[left] >= fieldStrength[right] ? left : right;
  }
  return null;
}

export type BookVerdict =
  /** The query names this book. */
  | { kind: 'names-book' }
  /** Words this book does not have ("go" in "black hat go", "lutz" in "fluent python by lutz"). */
  | { kind: 'extra-words'; words: string[] }
  /** Only the subtitle or publisher matched ("effective python" and Fluent Python's subtitle). */
  | { kind: 'subtitle-only' }
  /** Nothing but neutral words ("python book"). */
  | { kind: 'too-vague' };

/** Version numbers ("python 2", "2.7") say which Python, not which book. */
function isNeutral(word: string): boolean {
  return neutralWords.has(word) || /^\d{1,2}$/.test(word);
}

/**
 * `context`: words about what the book covers ("interpreter" for CPython Internals). In a query that names the
 * book by its title, an alias or an author, they describe it ("the book by Anthony Shaw about how the
 * interpreter works") rather than name another book.
 */
export function judgeBookQuery(book: Book, query: BookQuery, context: ReadonlySet<string> = new Set()): BookVerdict {
  const vocabulary = vocabularyOf(book);
  const extra: string[] = [];
  const matched = new Set<Field>();
  let subtitleHits = 0;
  const { words } = query;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (isNeutral(word)) continue;
    let field = fieldOf(vocabulary, word);
    // "c python" for "cpython": a word that fits only when joined to the next one.
    const next = words[index + 1];
    if (field === null && next !== undefined) {
      field = vocabulary.fields.get(word + next) ?? null;
      if (field !== null) index++;
    }
    if (field === null) extra.push(word);
    else matched.add(field);
    if (field === 'subtitle') subtitleHits++;
  }
  // Named by an author, the rest may describe the book ("the one about writing pythonic code"); a title's words
  // next to others ("patterns of enterprise application architecture") may be another book's title.
  const named = matched.has('author');
  const unexplained = named ? extra.filter((word) => !genericWords.has(word) && !context.has(wordStem(word))) : extra;
  if (unexplained.length > 0) return { kind: 'extra-words', words: unexplained };
  if (matched.has('title')) return { kind: 'names-book' };
  // The subtitle counts for less: typed nearly whole it names the book, one word of it does not.
  if (subtitleHits >= 2 && subtitleHits >= subtitleShareNeeded * vocabulary.subtitleWords) return { kind: 'names-book' };
  // An author names their book, also with words of its subtitle ("anthony shaw ... the interpreter"); their other
  // books are named by words this one lacks, or listed as not ours (data/not-ours.json).
  if (matched.has('author')) return { kind: 'names-book' };
  if (matched.size === 0 || (matched.size === 1 && matched.has('publisher'))) return { kind: 'too-vague' };
  return { kind: 'subtitle-only' };
}

/** A neighbour the query names: its exact title as a phrase, or a word only it is called by. */
export function neighbourNamed(neighbours: readonly Neighbour[], query: BookQuery): Neighbour | undefined {
  const padded = ` ${query.normalized} `;
  return neighbours.find(
    (neighbour) =>
      padded.includes(` ${normalizeText(neighbour.title)} `) ||
      neighbour.names.some((name) => padded.includes(` ${normalizeText(name)} `)),
  );
}
