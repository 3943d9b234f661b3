import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { z } from 'zod';

/**
 * Validates data/names.json (names people use for our books) and data/not-ours.json (famous books that are
 * not ours), so a broken hand edit fails CI. The schemas are written here from the files' documented shape;
 * the code that reads the files has its own.
 */

function readJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(relativePath, import.meta.url)), 'utf8')) as unknown;
}

/** Same key for names that differ only in case, width, curly quotes or spacing. */
function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Hosts of unofficial copies: a source must never point there. */
const deniedHosts = ['archive.org', 'libgen', 'z-lib', 'pdfdrive', 'scribd.com', 'dokumen.pub', 'bitbucket.org/snippets'];

const httpsUrl = z
  .string()
  .url()
  .refine((url) => url.startsWith('https://'), 'the source URL must use https')
  .refine((url) => !deniedHosts.some((host) => url.includes(host)), 'the source URL points to an unofficial copy');

const source = z.strictObject({ url: httpsUrl, read: z.string().trim().min(10) });

const nameKinds = ['translated-title', 'author-handle', 'author-name-form', 'abbreviation', 'official-alias'] as const;

const bookName = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(nameKinds),
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/)
      .optional(),
    author: z.string().min(1).optional(),
    source: source.nullable(),
  })
  .refine((entry) => (entry.kind === 'abbreviation') === (entry.source === null), {
    message: 'abbreviations have source null; every other name needs a source',
  })
  .refine((entry) => (entry.kind === 'translated-title') === (entry.lang !== undefined), {
    message: 'a translated title has a lang, and only a translated title',
  })
  .refine(
    (entry) => (entry.kind === 'author-handle' || entry.kind === 'author-name-form') === (entry.author !== undefined),
    { message: 'author handles and name forms say whose they are (author), and only they' },
  );

const genericName = z.strictObject({
  name: z.string().trim().min(1).max(40),
  means: z.string().trim().min(1),
  kind: z.literal('abbreviation'),
});

const namesSchema = z.strictObject({
  books: z.record(z.string(), z.array(bookName).min(1)),
  generic: z.array(genericName).min(1),
});

const notOursSchema = z
  .array(
    z.strictObject({
      title: z.string().trim().min(1),
      authors: z.array(z.string().trim().min(1)).min(1),
      publisher: z.string().trim().min(1).optional(),
      year: z.number().int().min(1950).max(2100).optional(),
      whyListed: z.string().trim().min(10).max(200),
      source,
    }),
  )
  .min(40);

const catalogSchema = z.object({
  books: z.array(
    z.object({ id: z.string(), title: z.string(), authors: z.array(z.string()), aliases: z.array(z.string()) }),
  ),
  neighbours: z.array(z.object({ title: z.string(), names: z.array(z.string()) })),
});

type Names = z.infer<typeof namesSchema>;
type NotOurs = z.infer<typeof notOursSchema>;
type Catalog = z.infer<typeof catalogSchema>;

/** Problems a schema cannot see: ids, authors and names checked against the catalog and each other. */
function crossCheckNames(names: Names, catalog: Catalog): string[] {
  const problems: string[] = [];
  const byId = new Map(catalog.books.map((book) => [book.id, book]));
  const ownerOfName = new Map<string, string>();
  for (const [bookId, entries] of Object.entries(names.books)) {
    const book = byId.get(bookId);
    if (book === undefined) {
      problems.push(`unknown book id ${bookId}`);
      continue;
    }
    const seen = new Set<string>();
    for (const entry of entries) {
      const key = nameKey(entry.name);
      if (seen.has(key)) problems.push(`${bookId}: duplicate name "${entry.name}"`);
      seen.add(key);
      const owner = ownerOfName.get(key);
      if (owner !== undefined && owner !== bookId) problems.push(`"${entry.name}" is listed for ${owner} and ${bookId}`);
      ownerOfName.set(key, bookId);
      if (entry.author !== undefined && !book.authors.includes(entry.author)) {
        problems.push(`${bookId}: "${entry.name}" names author "${entry.author}", who is not in data/books.json`);
      }
    }
  }
  const genericSeen = new Set<string>();
  for (const entry of names.generic) {
    const key = nameKey(entry.name);
    if (genericSeen.has(key)) problems.push(`generic: duplicate "${entry.name}"`);
    genericSeen.add(key);
    if (ownerOfName.has(key)) problems.push(`generic "${entry.name}" is also a name of ${ownerOfName.get(key) ?? ''}`);
  }
  return problems;
}

/** Names that belong to our books or their known neighbours; a not-ours title must be none of them. */
function ourNames(catalog: Catalog, names: Names): Map<string, string> {
  const taken = new Map<string, string>();
  for (const book of catalog.books) {
    for (const name of [book.title, ...book.aliases]) taken.set(nameKey(name), book.id);
  }
  for (const neighbour of catalog.neighbours) {
    for (const name of [neighbour.title, ...neighbour.names]) taken.set(nameKey(name), `neighbour ${neighbour.title}`);
  }
  for (const [bookId, entries] of Object.entries(names.books)) {
    for (const entry of entries) taken.set(nameKey(entry.name), bookId);
  }
  return taken;
}

function crossCheckNotOurs(notOurs: NotOurs, catalog: Catalog, names: Names): string[] {
  const problems: string[] = [];
  const taken = ourNames(catalog, names);
  const seen = new Set<string>();
  for (const book of notOurs) {
    const key = nameKey(book.title);
    const owner = taken.get(key);
    if (owner !== undefined) problems.push(`"${book.title}" is one of our names (${owner})`);
    if (seen.has(key)) problems.push(`duplicate not-ours title "${book.title}"`);
    seen.add(key);
  }
  return problems;
}

const catalog = catalogSchema.parse(readJson('../../data/books.json'));
const namesParse = namesSchema.safeParse(readJson('../../data/names.json'));
const notOursParse = notOursSchema.safeParse(readJson('../../data/not-ours.json'));

describe('data/names.json', () => {
  it('has the documented shape: kinds, https sources, lang only on translated titles', () => {
    expect(namesParse.error?.issues ?? []).toEqual([]);
  });

  it('uses only book ids and authors from data/books.json, with no name twice', () => {
    if (!namesParse.success) throw new Error('names.json does not parse');
    expect(crossCheckNames(namesParse.data, catalog)).toEqual([]);
  });

  it('has at least one sourced name for every book', () => {
    if (!namesParse.success) throw new Error('names.json does not parse');
    const withSourcedName = Object.entries(namesParse.data.books)
      .filter(([, entries]) => entries.some((entry) => entry.source !== null))
      .map(([bookId]) => bookId);
    expect(withSourcedName.sort()).toEqual(catalog.books.map((book) => book.id).sort());
  });
});

describe('data/not-ours.json', () => {
  it('lists at least 40 books, each with authors, a reason and an https source', () => {
    expect(notOursParse.error?.issues ?? []).toEqual([]);
  });

  it('never lists one of our titles, aliases, names or neighbours, and no title twice', () => {
    if (!notOursParse.success || !namesParse.success) throw new Error('a data file does not parse');
    expect(crossCheckNotOurs(notOursParse.data, catalog, namesParse.data)).toEqual([]);
  });
});

describe('the checks reject broken edits', () => {
  const sourced = { url: 'https://example.org/book', read: 'the page says so, verbatim' };

  it('rejects an http source, a sourced abbreviation, a translated title without lang and a handle without author', () => {
    const broken = [
      { name: 'x', kind: 'official-alias', source: { ...sourced, url: 'http://example.org/book' } },
      { name: 'x', kind: 'abbreviation', source: sourced },
      { name: 'x', kind: 'official-alias', source: null },
      { name: 'x', kind: 'translated-title', source: sourced },
      { name: 'x', kind: 'author-handle', source: sourced },
      { name: 'x', kind: 'official-alias', source: { ...sourced, url: 'https://archive.org/details/x' } },
    ];
    for (const entry of broken) expect(bookName.safeParse(entry).success).toBe(false);
    expect(bookName.safeParse({ name: 'x', kind: 'translated-title', lang: 'pt', source: sourced }).success).toBe(true);
  });

  it('reports an unknown book id, an author not in the catalog and a duplicate name', () => {
    const names: Names = {
      books: {
        'no-such-book': [{ name: 'a', kind: 'abbreviation', source: null }],
        'fluent-python-2e': [
          { name: 'Someone', kind: 'author-name-form', author: 'Someone Else', source: sourced },
          { name: 'fpy', kind: 'abbreviation', source: null },
          { name: 'FPY ', kind: 'abbreviation', source: null },
        ],
      },
      generic: [{ name: 'py', means: 'Python', kind: 'abbreviation' }],
    };
    expect(crossCheckNames(names, catalog)).toHaveLength(3);
  });

  it('reports a not-ours title that is one of ours, and fewer than 40 books', () => {
    const one = { title: 'fluent  python', authors: ['A'], whyListed: 'it is ours, so it is wrong', source: sourced };
    expect(crossCheckNotOurs([one], catalog, { books: {}, generic: [] })).toHaveLength(1);
    expect(notOursSchema.safeParse([one]).success).toBe(false);
  });
});
