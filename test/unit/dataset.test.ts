import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { isbnsOf } from '../../src/features/catalog/core/catalog.js';
import { normalizeText } from '../../src/core/normalize-text.js';
import type { Dataset } from '../../src/features/catalog/core/schema.js';
import { loadDataset } from '../../src/features/catalog/load.js';
import type { Book } from '../../src/features/catalog/core/schema.js';
import { bookSchema, coverSchema } from '../../src/features/catalog/core/schema.js';

const dataset: Dataset = loadDataset();

const expectedIds = [
  'fluent-python-2e',
  'high-performance-python-2e',
  'architecture-patterns-with-python',
  'serious-python',
  'cpython-internals',
  'using-asyncio-in-python',
  'python-cookbook-3e',
  'black-hat-python-2e',
  'python-standard-library-by-example',
  'design-of-web-apis',
] as const;

const expectedAuthors: Record<string, string[]> = {
  'fluent-python-2e': ['Luciano Ramalho'],
  'high-performance-python-2e': ['Micha Gorelick', 'Ian Ozsvald'],
  'architecture-patterns-with-python': ['Harry Percival', 'Bob Gregory'],
  'serious-python': ['Julien Danjou'],
  'cpython-internals': ['Anthony Shaw'],
  'using-asyncio-in-python': ['Caleb Hattingh'],
  'python-cookbook-3e': ['David Beazley', 'Brian K. Jones'],
  'black-hat-python-2e': ['Justin Seitz', 'Tim Arnold'],
  'python-standard-library-by-example': ['Doug Hellmann'],
  'design-of-web-apis': ['Arnaud Lauret'],
};

/** Ranks checked by hand against the five articles in shared/sources (articleId -> rank). */
const expectedRanks: Record<string, Record<string, number>> = {
  'fluent-python-2e': { '000': 1, '001': 4, '002': 1, '003': 1, '004': 1 },
  'high-performance-python-2e': { '000': 2, '001': 2, '002': 2, '003': 4, '004': 2 },
  'architecture-patterns-with-python': { '000': 3, '001': 1, '002': 3, '003': 3, '004': 4 },
  'serious-python': { '000': 4, '002': 5 },
  'cpython-internals': { '000': 5, '001': 5 },
  'using-asyncio-in-python': { '001': 3, '003': 2 },
  'python-cookbook-3e': { '002': 4 },
  'black-hat-python-2e': { '004': 3 },
  'python-standard-library-by-example': { '004': 5 },
  'design-of-web-apis': { '003': 5 },
};

/** Hosts of unofficial or pirated copies, and the dead O'Reilly Chimera Labs edition: never link these. */
const deniedHosts = [
  'archive.org',
  'chimera.labs.oreilly.com',
  'zbook.org',
  'libgen',
  'z-lib',
  'pdfdrive.com',
  'scribd.com',
  'dokumen.pub',
  'epdf.pub',
  'vdoc.pub',
  'ebin.pub',
  'cudavinci.github.io',
  'github.com/ckarageorgkaneen',
  'python3-cookbook.readthedocs.io',
];

interface FactSheet {
  sources: Record<string, { locator: string; kind: string }>;
  discrepancies: { id: string; book_id: string | null }[];
}

/**
 * The fact sheet: ../shared/data/books-facts.json where the repository sits next to it, else the copy in
 * data/fact-sheet/ (a clean clone in CI). Where both exist they must be the same file.
 */
const sharedFactSheet = fileURLToPath(new URL('../../../shared/data/books-facts.json', import.meta.url));
const copiedFactSheet = fileURLToPath(new URL('../../data/fact-sheet/books-facts.json', import.meta.url));
const factSheetText = readFileSync(existsSync(sharedFactSheet) ? sharedFactSheet : copiedFactSheet, 'utf8');
const facts = JSON.parse(factSheetText) as FactSheet;

/** Every URL-like string the fact sheet mentions (values, and source locators such as "github.com/x/y (README.md)"). */
const listedUrls = new Set(
  [...factSheetText.matchAll(/(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s"'(),]*)?)/gi)].map((m) => m[1]!.replace(/\/+$/, '').toLowerCase()),
);
const isListed = (url: string): boolean => listedUrls.has(url.replace(/^https?:\/\//, '').replace(/\/+$/, '').toLowerCase());

/** Names are compared the way the catalog compares them. */
const norm = normalizeText;

function isbn13IsValid(isbn: string): boolean {
  if (!/^\d{13}$/.test(isbn)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(isbn[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(isbn[12]);
}

function book(id: string): Book {
  const found = dataset.books.find((b) => b.id === id);
  if (!found) throw new Error(`missing book ${id}`);
  return found;
}

function allUrls(b: Book): string[] {
  return [b.officialUrl, ...b.access.flatMap((a) => (a.url ? [a.url] : []))];
}

describe('dataset files', () => {
  it('parse with the schemas', () => {
    expect(() => loadDataset()).not.toThrow();
  });

  it('have the five articles 000..004 with short names', () => {
    expect(dataset.articles.map((a) => a.id)).toEqual(['000', '001', '002', '003', '004']);
    for (const article of dataset.articles) expect(article.shortName.length).toBeLessThanOrEqual(40);
  });
});

describe('books', () => {
  it('are exactly the ten expected ids, with no duplicates', () => {
    const ids = dataset.books.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expectedIds].sort());
  });

  it.each(expectedIds)('%s has the expected authors', (id) => {
    expect(book(id).authors).toEqual(expectedAuthors[id]);
  });

  it.each(expectedIds)('%s has the verified article ranks', (id) => {
    const actual = Object.fromEntries(book(id).recommendedBy.map((r) => [r.articleId, r.rank]));
    expect(actual).toEqual(expectedRanks[id]);
    expect(book(id).recommendedBy).toHaveLength(Object.keys(expectedRanks[id] ?? {}).length);
  });

  it('recommendations point at known articles, and each article ranks 1..5 once', () => {
    const articleIds = new Set(dataset.articles.map((a) => a.id));
    const ranksByArticle = new Map<string, number[]>();
    for (const b of dataset.books) {
      for (const r of b.recommendedBy) {
        expect(articleIds.has(r.articleId)).toBe(true);
        ranksByArticle.set(r.articleId, [...(ranksByArticle.get(r.articleId) ?? []), r.rank]);
      }
    }
    for (const id of articleIds) {
      expect([...(ranksByArticle.get(id) ?? [])].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('have valid ISBN-13 check digits, print and ebook, and no ISBN shared between books', () => {
    const owner = new Map<string, string>();
    for (const b of dataset.books) {
      for (const isbn of isbnsOf(b)) {
        expect(isbn13IsValid(isbn), `${b.id} ${isbn}`).toBe(true);
        expect(owner.get(isbn) ?? b.id, isbn).toBe(b.id);
        owner.set(isbn, b.id);
      }
    }
  });

  it('number their edition as their edition text does, and describe other editions', () => {
    for (const b of dataset.books) {
      expect(b.edition, b.id).toMatch(new RegExp(`^${b.editionNumber}(st|nd|rd|th) edition`));
      for (const other of b.otherEditions) {
        expect(other.number === undefined || other.number !== b.editionNumber, b.id).toBe(true);
        expect(other.number !== undefined || other.title !== undefined, `${b.id}: an edition without a number has a title`).toBe(true);
      }
    }
  });

  it('are about one to three of their own topics', () => {
    for (const b of dataset.books) for (const topic of b.about) expect(b.topics, b.id).toContain(topic);
  });

  it('have non-empty summaries and 3 to 6 takeaways', () => {
    for (const b of dataset.books) {
      expect(b.summary.trim().length, b.id).toBeGreaterThan(0);
      expect(b.summary.length, b.id).toBeLessThanOrEqual(900);
      expect(b.takeaways.length, b.id).toBeGreaterThanOrEqual(3);
      expect(b.takeaways.length, b.id).toBeLessThanOrEqual(6);
    }
  });
});

describe('aliases', () => {
  it('are never shared between books nor equal to any book title', () => {
    const owner = new Map<string, string>();
    for (const b of dataset.books) {
      for (const alias of new Set(b.aliases.map(norm))) {
        expect(alias, `${b.id} has an empty alias`).not.toBe('');
        const previous = owner.get(alias);
        expect(previous, `alias "${alias}" in ${b.id} and ${previous ?? ''}`).toBeUndefined();
        owner.set(alias, b.id);
      }
    }
    for (const b of dataset.books) {
      expect(owner.has(norm(b.title)), `title of ${b.id} is used as an alias`).toBe(false);
    }
  });

  it('are also unique when only case and surrounding spaces are ignored', () => {
    const seen = new Set<string>();
    const titles = new Set(dataset.books.map((b) => b.title.trim().toLowerCase()));
    for (const b of dataset.books) {
      for (const alias of new Set(b.aliases.map((a) => a.trim().toLowerCase()))) {
        expect(seen.has(alias), alias).toBe(false);
        expect(titles.has(alias), alias).toBe(false);
        seen.add(alias);
      }
    }
  });

  it.each([
    ['Clean Architecture in Python', 'architecture-patterns-with-python'],
    ['The Design of Everyday APIs', 'design-of-web-apis'],
    ['The Python Standard Library by Example', 'python-standard-library-by-example'],
  ])('wrong title "%s" resolves to %s', (wrongTitle, id) => {
    const owners = dataset.books.filter((b) => b.aliases.some((a) => norm(a) === norm(wrongTitle)));
    expect(owners.map((b) => b.id)).toEqual([id]);
  });

  it('include every title as written by the articles (unless it is the book title)', () => {
    for (const b of dataset.books) {
      const names = new Set([norm(b.title), ...b.aliases.map(norm)]);
      for (const r of b.recommendedBy) expect(names.has(norm(r.titleAsWritten)), `${b.id}: ${r.titleAsWritten}`).toBe(true);
    }
  });
});

describe('links and access', () => {
  it('use https only', () => {
    for (const b of dataset.books) {
      for (const url of allUrls(b)) expect(url.startsWith('https://'), `${b.id} ${url}`).toBe(true);
    }
  });

  it('never point at unofficial copies or the Chimera Labs edition', () => {
    for (const b of dataset.books) {
      for (const url of allUrls(b)) {
        const lower = url.toLowerCase();
        for (const host of deniedHosts) expect(lower.includes(host), `${b.id} ${url}`).toBe(false);
        expect(lower.includes('chimera'), `${b.id} ${url}`).toBe(false);
      }
    }
  });

  it('list at least one way in, with free kinds before paid', () => {
    for (const b of dataset.books) {
      expect(b.access.length, b.id).toBeGreaterThan(0);
      const firstPaid = b.access.findIndex((a) => a.kind === 'paid');
      if (firstPaid >= 0) {
        expect(b.access.slice(firstPaid).every((a) => a.kind === 'paid'), b.id).toBe(true);
      }
    }
  });

  it('are each listed by the fact sheet, or carry their own source', () => {
    for (const b of dataset.books) {
      expect(isListed(b.officialUrl) || b.access.some((a) => a.url === b.officialUrl && a.source), `${b.id} ${b.officialUrl}`).toBe(true);
      for (const a of b.access) {
        if (!a.url) continue;
        expect(isListed(a.url) || a.source !== undefined, `${b.id} ${a.url} needs a source`).toBe(true);
        if (a.source && 'factSheet' in a.source) {
          const source = facts.sources[a.source.factSheet];
          expect(source, `${b.id}: unknown fact-sheet source ${a.source.factSheet}`).toBeDefined();
          expect(source?.locator ?? '', `${b.id}: ${a.source.factSheet} is a third-party copy`).not.toMatch(/third-party copy/);
        }
      }
    }
  });

  it('say "ebook ISBN" where a link carries an ISBN other than the print one', () => {
    for (const b of dataset.books) {
      for (const a of b.access) {
        const isbn = a.url?.match(/97[89]\d{10}/)?.[0];
        if (isbn && isbn !== b.isbn13) expect(a.label, `${b.id} ${a.url}`).toMatch(/ebook ISBN/);
      }
    }
  });

  it('do not call the Portuguese translation complete (the fact sheet does not say so)', () => {
    const portuguese = book('fluent-python-2e').access.filter((a) => /portuguese/i.test(a.label));
    expect(portuguese.length).toBeGreaterThan(0);
    for (const a of portuguese) expect(a.label).not.toMatch(/complete|whole|entire/i);
  });

  it('give Architecture Patterns with Python its free full text on cosmicpython.com', () => {
    const fullText = book('architecture-patterns-with-python').access.filter((a) => a.kind === 'full-text');
    expect(fullText.some((a) => a.url?.startsWith('https://cosmicpython.com/'))).toBe(true);
  });

  it('do not claim a free full text for books that have none in English', () => {
    for (const id of ['cpython-internals', 'high-performance-python-2e', 'serious-python', 'using-asyncio-in-python', 'black-hat-python-2e']) {
      expect(book(id).access.some((a) => a.kind === 'full-text'), id).toBe(false);
    }
    const fluentFullText = book('fluent-python-2e').access.filter((a) => a.kind === 'full-text');
    for (const a of fluentFullText) expect(a.label).toMatch(/portuguese/i);
  });
});

describe('topics', () => {
  const topicIds = new Set(dataset.topics.map((t) => t.id));

  it('have unique ids', () => {
    expect(topicIds.size).toBe(dataset.topics.length);
  });

  it('cover every topic a book uses, and each book has at least two', () => {
    for (const b of dataset.books) {
      expect(b.topics.length, b.id).toBeGreaterThanOrEqual(2);
      expect(new Set(b.topics).size, b.id).toBe(b.topics.length);
      for (const topic of b.topics) expect(topicIds.has(topic), `${b.id}: ${topic}`).toBe(true);
    }
  });

  it('are each used by some book or chapter', () => {
    const used = new Set(dataset.books.flatMap((b) => [...b.topics, ...(b.contents?.chapters ?? []).flatMap((c) => c.topics)]));
    for (const id of topicIds) expect(used.has(id), id).toBe(true);
  });

  it('have lower-case synonyms that no two topics share', () => {
    const owner = new Map<string, string>();
    for (const topic of dataset.topics) {
      for (const synonym of topic.synonyms) {
        expect(synonym, topic.id).toBe(synonym.toLowerCase());
        expect(synonym, topic.id).toBe(synonym.trim());
        const previous = owner.get(synonym);
        expect(previous, `synonym "${synonym}" in ${topic.id} and ${previous ?? ''}`).toBeUndefined();
        owner.set(synonym, topic.id);
      }
    }
  });

  it('tag The Design of Web APIs as API design, not as a Python topic', () => {
    const topics = book('design-of-web-apis').topics;
    expect(topics).toContain('api-design');
    for (const pythonOnly of ['data-model', 'cpython-internals', 'standard-library', 'asyncio', 'metaprogramming']) {
      expect(topics).not.toContain(pythonOnly);
    }
  });
});

describe('corrections', () => {
  it('the copy of the fact sheet in data/fact-sheet is the shared one', () => {
    expect(readFileSync(copiedFactSheet, 'utf8')).toBe(factSheetText);
  });

  it('record every discrepancy of the fact sheet, on its book (or for the whole list when it has none)', () => {
    expect(facts.discrepancies.length).toBeGreaterThanOrEqual(23);
    for (const discrepancy of facts.discrepancies) {
      if (discrepancy.book_id === null) {
        expect(dataset.notes.map((note) => note.ref), discrepancy.id).toContain(discrepancy.id);
      } else {
        expect(book(discrepancy.book_id).corrections.map((c) => c.ref), discrepancy.id).toContain(discrepancy.id);
      }
    }
    const known = new Set(facts.discrepancies.map((d) => d.id));
    const used = [...dataset.books.flatMap((b) => b.corrections.map((c) => c.ref)), ...dataset.notes.map((n) => n.ref), ...dataset.neighbours.map((n) => n.ref)];
    for (const ref of used) expect(known.has(ref), ref).toBe(true);
  });

  it('are not repeated within a book', () => {
    for (const b of dataset.books) {
      const refs = b.corrections.map((c) => c.ref);
      expect(new Set(refs).size, b.id).toBe(refs.length);
    }
  });

  it('say CPython Internals is not free and is published by Real Python', () => {
    const cpi = book('cpython-internals');
    const notes = cpi.corrections.map((c) => c.note);
    expect(notes.some((n) => /not free/i.test(n))).toBe(true);
    expect(notes.some((n) => /Real Python/.test(n) && /not O'Reilly/i.test(n))).toBe(true);
    expect(cpi.publisher).toBe('Real Python');
    expect(cpi.access.some((a) => a.kind === 'paid')).toBe(true);
  });

  it('say Architecture Patterns with Python does not cover event sourcing', () => {
    const d03 = book('architecture-patterns-with-python').corrections.find((c) => c.ref === 'D03');
    expect(d03?.note).toMatch(/not event sourcing/i);
    const text = [book('architecture-patterns-with-python').summary, ...book('architecture-patterns-with-python').takeaways].join(' ');
    expect(text).not.toMatch(/implements[^.]*event sourcing/i);
  });
});

describe('tables of contents', () => {
  const topicIds = new Set(dataset.topics.map((t) => t.id));

  it('exist for every book: a sourced chapter list, or the reason there is none', () => {
    for (const b of dataset.books) {
      expect(b.contents, `${b.id} has no data/contents file`).toBeDefined();
      if (b.contents?.chapters === null) expect(b.contents.absence?.length ?? 0, b.id).toBeGreaterThan(20);
    }
  });

  it('come from an official source: listed by the fact sheet, or the authors\' or publisher\'s own page or repository', () => {
    for (const b of dataset.books) {
      const source = b.contents?.source;
      if (!source || b.contents?.chapters === null) continue;
      expect(source.url.startsWith('https://'), b.id).toBe(true);
      if (source.factSheetSource !== null) expect(facts.sources[source.factSheetSource], `${b.id}: ${source.factSheetSource}`).toBeDefined();
      else expect(source.kind, b.id).toMatch(/publisher page|authors' site|official/);
      for (const host of deniedHosts) expect(source.url.toLowerCase().includes(host), `${b.id} ${source.url}`).toBe(false);
    }
  });

  it('number chapters 1..n, with known topics, lower-case keywords, and parts inside the chapter range', () => {
    for (const b of dataset.books) {
      const chapters = b.contents?.chapters ?? [];
      expect(chapters.map((c) => c.number), b.id).toEqual(chapters.map((_, i) => i + 1));
      for (const chapter of chapters) {
        expect(chapter.topics.length, `${b.id} ch ${chapter.number}`).toBeGreaterThan(0);
        for (const topic of chapter.topics) expect(topicIds.has(topic), `${b.id} ch ${chapter.number}: ${topic}`).toBe(true);
        for (const keyword of chapter.keywords) expect(keyword, b.id).toBe(keyword.toLowerCase());
      }
      for (const part of b.contents?.parts ?? []) {
        expect(part.firstChapter, b.id).toBeLessThanOrEqual(part.lastChapter);
        expect(part.lastChapter, b.id).toBeLessThanOrEqual(chapters.length);
      }
    }
  });

  it('have the chapter counts read from their sources', () => {
    const counts = Object.fromEntries(dataset.books.map((b) => [b.id, b.contents?.chapters?.length ?? null]));
    expect(counts).toEqual({
      'fluent-python-2e': 24,
      'high-performance-python-2e': 12,
      'architecture-patterns-with-python': 13,
      'serious-python': 13,
      'cpython-internals': null,
      'using-asyncio-in-python': null,
      'python-cookbook-3e': 15,
      'black-hat-python-2e': null,
      'python-standard-library-by-example': 20,
      'design-of-web-apis': null,
    });
  });
});

describe('covers', () => {
  const openLibraryDocs = 'https://openlibrary.org/dev/docs/api/covers';
  const imageFile = /\.(png|jpe?g|gif|webp|avif|svg|bmp)$/i;
  const repoDir = (dir: string): string => fileURLToPath(new URL(`../../${dir}/`, import.meta.url));
  const filesUnder = (dir: string): string[] => readdirSync(repoDir(dir), { recursive: true, encoding: 'utf8' });
  const withCover = dataset.books.flatMap((b) => (b.cover ? [{ b, cover: b.cover }] : []));

  it('are recorded for every book: a cover, or null with the reason', () => {
    for (const b of dataset.books) {
      expect(b.cover, `${b.id} has no cover field`).not.toBeUndefined();
      if (b.cover === null) expect(b.coverAbsence?.length ?? 0, b.id).toBeGreaterThan(20);
    }
  });

  it('are https on covers.openlibrary.org, or on a publisher page they cite', () => {
    for (const { b, cover } of withCover) {
      const url = new URL(cover.url);
      expect(url.protocol, b.id).toBe('https:');
      if (url.host !== 'covers.openlibrary.org') expect(cover.source.kind, `${b.id} ${cover.url}`).toBe('publisher page');
      for (const host of deniedHosts) expect(`${cover.url} ${cover.source.url}`.toLowerCase().includes(host), b.id).toBe(false);
    }
  });

  it('ask Open Library by the cover\'s own ISBN with ?default=false, so a missing cover is a 404, not a blank image', () => {
    for (const { b, cover } of withCover.filter(({ cover }) => cover.source.kind === 'open-library-isbn')) {
      expect(cover.url, b.id).toBe(`https://covers.openlibrary.org/b/isbn/${cover.isbn}-M.jpg?default=false`);
    }
  });

  it('carry one of the book\'s ISBNs, with a valid check digit; Open Library ISBN covers use the print ISBN of the card\'s edition', () => {
    for (const { b, cover } of withCover) {
      expect(isbn13IsValid(cover.isbn), `${b.id} ${cover.isbn}`).toBe(true);
      expect(isbnsOf(b), b.id).toContain(cover.isbn);
      if (cover.source.kind === 'open-library-isbn') expect(cover.isbn, b.id).toBe(b.isbn13);
    }
  });

  it('have alt text in our words naming the book, at most 1,024 characters', () => {
    for (const { b, cover } of withCover) {
      expect(cover.alt.startsWith(`Cover of ${b.title}`), `${b.id}: ${cover.alt}`).toBe(true);
      expect(cover.alt.length, b.id).toBeLessThanOrEqual(1024);
    }
  });

  it('cite the page that documents them, and do not claim an Open Library cover exists without having seen it', () => {
    for (const { b, cover } of withCover) {
      if (cover.source.kind === 'open-library-isbn') {
        expect(cover.source.url, b.id).toBe(openLibraryDocs);
        expect(cover.source.read, b.id).toMatch(/default=false/);
        expect(cover.source.read, b.id).toMatch(/not checked/i);
      }
      if (cover.courtesyUrl !== undefined) expect(cover.courtesyUrl, b.id).toBe(`https://openlibrary.org/isbn/${cover.isbn}`);
    }
  });

  it('are never stored: no image file under data/, and the only images under docs/ are the screenshots in the manifest', () => {
    expect(filesUnder('data').filter((file) => imageFile.test(file))).toEqual([]);
    const manifest = JSON.parse(readFileSync(`${repoDir('docs')}screenshots/manifest.json`, 'utf8')) as Record<string, { file: string }>;
    const screenshots = new Set(Object.values(manifest).map((entry) => `screenshots/${entry.file}`));
    for (const file of filesUnder('docs').filter((name) => imageFile.test(name))) expect(screenshots.has(file.replaceAll('\\', '/')), file).toBe(true);
  });

  describe('schema', () => {
    const good = {
      url: 'https://covers.openlibrary.org/b/isbn/9781492056355-M.jpg?default=false',
      isbn: '9781492056355',
      alt: "Cover of Fluent Python, 2nd edition (O'Reilly)",
      source: { kind: 'open-library-isbn', url: openLibraryDocs, read: 'The Covers API documents the ISBN URL pattern.' },
    };

    it('accepts a well-formed Open Library ISBN cover', () => {
      expect(coverSchema.safeParse(good).success).toBe(true);
    });

    it.each([
      ['an http URL', { ...good, url: good.url.replace('https:', 'http:') }],
      ['an ISBN URL without ?default=false', { ...good, url: 'https://covers.openlibrary.org/b/isbn/9781492056355-M.jpg' }],
      ['an ISBN URL for another ISBN', { ...good, url: 'https://covers.openlibrary.org/b/isbn/9781492056348-M.jpg?default=false' }],
      ['another host labelled as Open Library', { ...good, url: 'https://example.com/b/isbn/9781492056355-M.jpg?default=false' }],
      ['an Open Library URL labelled as a publisher page', { ...good, source: { ...good.source, kind: 'publisher page' } }],
      ['a malformed cover-id URL', { ...good, url: 'https://covers.openlibrary.org/b/id/abc-M.jpg', source: { ...good.source, kind: 'open-library-cover-id' } }],
      ['alt text over 1,024 characters', { ...good, alt: 'x'.repeat(1025) }],
    ])('rejects %s', (_what, cover) => {
      expect(coverSchema.safeParse(cover).success).toBe(false);
    });

    it('rejects a book with a null cover and no reason, or a cover and a reason', () => {
      const { contents: _contents, authorNames: _authorNames, ...fluent } = book('fluent-python-2e');
      expect(bookSchema.safeParse({ ...fluent, cover: null, coverAbsence: undefined }).success).toBe(false);
      expect(bookSchema.safeParse({ ...fluent, coverAbsence: 'No source gives a cover for this edition.' }).success).toBe(false);
      expect(bookSchema.safeParse({ ...fluent, cover: null, coverAbsence: 'No source gives a cover for this edition.' }).success).toBe(true);
    });
  });
});
