import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// The v2 relevance set is checked for shape and split only. Every failure message is a count
// (or a kind name / index in the tuning part), never a query or an expected answer: the sealed
// part must stay unseen until it is run once at the very end.

const BOOK_KINDS = [
  'title',
  'misspelling',
  'author',
  'author-nickname',
  'abbreviation',
  'question',
  'other-language',
  'other-language-name',
  'isbn',
  'edition',
  'not-ours',
  'neighbour',
] as const;
const RECOMMEND_KINDS = ['module', 'mechanism', 'task', 'question', 'level', 'keyword', 'out-of-scope'] as const;
const PARTS = ['tuning', 'sealed'] as const;
type Part = (typeof PARTS)[number];

const bookQuery = z.strictObject({
  query: z.string().trim().min(1),
  kind: z.enum(BOOK_KINDS),
  expect: z.union([
    z.strictObject({ book: z.string().min(1) }),
    z.strictObject({ notOurs: z.literal(true) }),
    z.strictObject({ neighbour: z.string().min(1) }),
  ]),
  note: z.string().min(1).optional(),
});
const recommendRequest = z.strictObject({
  request: z.string().trim().min(1),
  kind: z.enum(RECOMMEND_KINDS),
  inScope: z.boolean(),
  sensibleFirst: z.array(z.string().min(1)),
  pointer: z.string().min(1).optional(),
  why: z.string().min(1),
});
type BookQuery = z.infer<typeof bookQuery>;
type RecommendRequest = z.infer<typeof recommendRequest>;

const catalog = z
  .object({
    books: z.array(z.object({ id: z.string() })),
    neighbours: z.array(z.object({ title: z.string() })),
  })
  .parse(JSON.parse(readFileSync(fileURLToPath(new URL('../../data/books.json', import.meta.url)), 'utf8')));
const bookIds = new Set(catalog.books.map((book) => book.id));
const neighbourTitles = new Set(catalog.neighbours.map((neighbour) => neighbour.title));

function readPart(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../bench/relevance/v2/${name}`, import.meta.url)), 'utf8'));
}

/** Parses one file; keeps the indices of malformed entries so a test can report how many there are. */
function parseAll<T>(schema: z.ZodType<T>, raw: unknown): { parsed: T[]; malformed: number[] } {
  const parsed: T[] = [];
  const malformed: number[] = [];
  z.array(z.unknown())
    .parse(raw)
    .forEach((entry, index) => {
      const result = schema.safeParse(entry);
      if (result.success) parsed.push(result.data);
      else malformed.push(index);
    });
  return { parsed, malformed };
}

/** The split rule: the first byte of sha256(text) even means tuning, odd means sealed. */
function partOf(text: string): Part {
  return createHash('sha256').update(text, 'utf8').digest()[0]! % 2 === 0 ? 'tuning' : 'sealed';
}

const bookFiles = Object.fromEntries(
  PARTS.map((part) => [part, parseAll(bookQuery, readPart(`book-queries.${part}.json`))]),
) as Record<Part, { parsed: BookQuery[]; malformed: number[] }>;
const recommendFiles = Object.fromEntries(
  PARTS.map((part) => [part, parseAll(recommendRequest, readPart(`recommend-requests.${part}.json`))]),
) as Record<Part, { parsed: RecommendRequest[]; malformed: number[] }>;
const bookParts = { tuning: bookFiles.tuning.parsed, sealed: bookFiles.sealed.parsed };
const recommendParts = { tuning: recommendFiles.tuning.parsed, sealed: recommendFiles.sealed.parsed };
const allBookQueries = [...bookParts.tuning, ...bookParts.sealed];
const allRequests = [...recommendParts.tuning, ...recommendParts.sealed];

function countWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length;
}

function duplicates(texts: readonly string[]): number {
  const normalised = texts.map((text) => text.trim().toLowerCase());
  return normalised.length - new Set(normalised).size;
}

/** Where the malformed entries are, for the tuning part only; for the sealed part just how many. */
function malformedMessage(part: Part, malformed: readonly number[]): string {
  return part === 'tuning' ? `malformed tuning entries at indices ${malformed.join(', ')}` : 'malformed sealed entries';
}

describe('relevance set v2: /book queries', () => {
  it('parses: every entry has the documented shape', () => {
    for (const part of PARTS) expect(bookFiles[part].malformed.length, malformedMessage(part, bookFiles[part].malformed)).toBe(0);
  });

  it('has at least 300 queries, 70 of them not ours, and no duplicate query', () => {
    expect(allBookQueries.length).toBeGreaterThanOrEqual(300);
    expect(countWhere(allBookQueries, (entry) => entry.kind === 'not-ours')).toBeGreaterThanOrEqual(70);
    expect(duplicates(allBookQueries.map((entry) => entry.query)), 'duplicate queries').toBe(0);
  });

  it('points only at books and neighbours that exist in data/books.json', () => {
    for (const part of PARTS) {
      const unknown = countWhere(bookParts[part], ({ expect: wanted }) =>
        'book' in wanted ? !bookIds.has(wanted.book) : 'neighbour' in wanted ? !neighbourTitles.has(wanted.neighbour) : false,
      );
      expect(unknown, `${part} entries naming an unknown book or neighbour`).toBe(0);
    }
  });

  it('keeps kinds consistent with their expectation', () => {
    for (const part of PARTS) {
      const notOursKind = countWhere(bookParts[part], (entry) => entry.kind === 'not-ours' && !('notOurs' in entry.expect));
      const neighbourKind = countWhere(bookParts[part], (entry) => entry.kind === 'neighbour' && !('neighbour' in entry.expect));
      expect(notOursKind + neighbourKind, `${part} not-ours/neighbour entries with another expectation`).toBe(0);
    }
  });

  it('follows the split rule, and every kind is in both parts', () => {
    for (const part of PARTS) {
      expect(countWhere(bookParts[part], (entry) => partOf(entry.query) !== part), `${part} entries in the wrong part`).toBe(0);
      const missing = BOOK_KINDS.filter((kind) => !bookParts[part].some((entry) => entry.kind === kind));
      expect(missing, `kinds absent from the ${part} part`).toEqual([]);
    }
  });
});

describe('relevance set v2: /recommend requests', () => {
  it('parses: every entry has the documented shape', () => {
    for (const part of PARTS) {
      expect(recommendFiles[part].malformed.length, malformedMessage(part, recommendFiles[part].malformed)).toBe(0);
    }
  });

  it('has at least 150 requests, 35 of them out of scope, and no duplicate request', () => {
    expect(allRequests.length).toBeGreaterThanOrEqual(150);
    expect(countWhere(allRequests, (entry) => entry.kind === 'out-of-scope')).toBeGreaterThanOrEqual(35);
    expect(duplicates(allRequests.map((entry) => entry.request)), 'duplicate requests').toBe(0);
  });

  it('names only books that exist, each at most once per request', () => {
    for (const part of PARTS) {
      const unknown = countWhere(recommendParts[part], (entry) => entry.sensibleFirst.some((id) => !bookIds.has(id)));
      const repeated = countWhere(recommendParts[part], (entry) => new Set(entry.sensibleFirst).size !== entry.sensibleFirst.length);
      expect(unknown, `${part} requests naming an unknown book`).toBe(0);
      expect(repeated, `${part} requests naming a book twice`).toBe(0);
    }
  });

  it('has answers exactly when in scope, and out-of-scope requests are never in scope', () => {
    for (const part of PARTS) {
      const inconsistent = countWhere(recommendParts[part], (entry) => entry.inScope !== entry.sensibleFirst.length > 0);
      const outOfScopeKind = countWhere(recommendParts[part], (entry) => entry.kind === 'out-of-scope' && entry.inScope);
      expect(inconsistent, `${part} requests whose inScope disagrees with sensibleFirst`).toBe(0);
      expect(outOfScopeKind, `${part} out-of-scope requests marked in scope`).toBe(0);
    }
  });

  it('follows the split rule, and every kind is in both parts', () => {
    for (const part of PARTS) {
      expect(countWhere(recommendParts[part], (entry) => partOf(entry.request) !== part), `${part} entries in the wrong part`).toBe(0);
      const missing = RECOMMEND_KINDS.filter((kind) => !recommendParts[part].some((entry) => entry.kind === kind));
      expect(missing, `kinds absent from the ${part} part`).toEqual([]);
    }
  });
});
