import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedEditDistance } from '../../src/features/catalog/core/edit-distance.js';
import { toIsbn13 } from '../../src/features/catalog/core/isbn.js';
import { normalizeText } from '../../src/core/normalize-text.js';
import { buildSearchIndex, selectTop } from '../../src/features/catalog/core/search-index.js';
import { realCatalog } from '../fixtures/context.js';

const catalog = realCatalog();
const foundId = (query: string): string | null => {
  const result = catalog.lookup(query);
  return result.kind === 'found' ? result.book.id : null;
};

describe('book lookup', () => {
  it.each([
    ['Fluent Python', 'fluent-python-2e'],
    ['high performance python', 'high-performance-python-2e'],
    ['Architecture Patterns with Python', 'architecture-patterns-with-python'],
    ['CPython Internals', 'cpython-internals'],
    ['Using Asyncio in Python', 'using-asyncio-in-python'],
    ['Python Cookbook', 'python-cookbook-3e'],
    ['Black Hat Python', 'black-hat-python-2e'],
    ['The Python 3 Standard Library by Example', 'python-standard-library-by-example'],
    ['The Design of Web APIs', 'design-of-web-apis'],
    ['Serious Python', 'serious-python'],
  ])('finds %s by its title', (query, id) => {
    expect(foundId(query)).toBe(id);
  });

  it.each([
    ['Clean Architecture in Python', 'architecture-patterns-with-python'],
    ['The Design of Everyday APIs', 'design-of-web-apis'],
    ['The Python Standard Library by Example', 'python-standard-library-by-example'],
    ['cosmic python', 'architecture-patterns-with-python'],
  ])('finds %s by an alias (including titles the articles got wrong)', (query, id) => {
    expect(foundId(query)).toBe(id);
  });

  it.each([
    ['ramalho', 'fluent-python-2e'],
    ['Luciano Ramalho', 'fluent-python-2e'],
    ['Gorelick', 'high-performance-python-2e'],
    ['percival', 'architecture-patterns-with-python'],
    ['Anthony Shaw', 'cpython-internals'],
    ['hattingh', 'using-asyncio-in-python'],
    ['Julien Danjou', 'serious-python'],
    ['Doug Hellmann', 'python-standard-library-by-example'],
    ['arnaud lauret', 'design-of-web-apis'],
  ])('finds a book by its author %s', (query, id) => {
    expect(foundId(query)).toBe(id);
  });

  it.each([
    ['9781492056355', 'fluent-python-2e'],
    ['978-1-492-05635-5', 'fluent-python-2e'],
    ['978 1 4920 5635 5', 'fluent-python-2e'],
    ['1492056359', 'fluent-python-2e'],
    ['978-1-77509-334-3', 'cpython-internals'],
  ])('finds a book by ISBN %s', (query, id) => {
    expect(foundId(query)).toBe(id);
  });

  it('does not accept an ISBN with a wrong check digit', () => {
    expect(toIsbn13('978-1-492-05635-4')).toBeNull();
    expect(foundId('978-1-492-05635-4')).toBeNull();
  });

  it.each([
    ['fluent pyhton', 'fluent-python-2e'],
    ['beazly cookbook', 'python-cookbook-3e'],
    ['cpython internal', 'cpython-internals'],
    ['black hat', 'black-hat-python-2e'],
    ['archtecture patterns', 'architecture-patterns-with-python'],
    ['high perfomance python', 'high-performance-python-2e'],
    ['usng asyncio', 'using-asyncio-in-python'],
    ['FLUENT   python!!', 'fluent-python-2e'],
    ['fluent python book', 'fluent-python-2e'],
  ])('tolerates the typo or partial input %s', (query, id) => {
    expect(foundId(query)).toBe(id);
  });

  it.each([
    ['beazly', 'python-cookbook-3e'],
    ['ramahlo', 'fluent-python-2e'],
    ['hatingh', 'using-asyncio-in-python'],
    ['gorelik', 'high-performance-python-2e'],
    ['cookbok', 'python-cookbook-3e'],
    ['internlas', 'cpython-internals'],
    ['hellman', 'python-standard-library-by-example'],
  ])('reads the single misspelt word %s as its book', (query, id) => {
    expect(catalog.search(query, 3)[0]?.book.id).toBe(id);
  });

  it('ranks typo matches first in search results', () => {
    expect(catalog.search('fluent pyhton', 5)[0]?.book.id).toBe('fluent-python-2e');
    expect(catalog.search('beazly', 5)[0]?.book.id).toBe('python-cookbook-3e');
  });

  it('treats a word common to many titles as ambiguous and suggests books instead of guessing', () => {
    const result = catalog.lookup('python');
    expect(result.kind).toBe('not-found');
    if (result.kind === 'not-found') expect(result.suggestions).toHaveLength(3);
  });

  it('does not pick a book from one or two letters', () => {
    expect(catalog.lookup('f').kind).toBe('not-found');
  });

  it.each(['', '   ', '\n\t'])('reports empty input %j as empty', (query) => {
    expect(catalog.lookup(query)).toEqual({ kind: 'empty' });
    expect(catalog.search(query, 25)).toEqual([]);
  });

  it('answers a 1,000-character input cleanly', () => {
    const long = 'fluent python '.repeat(72).slice(0, 1000);
    expect(long).toHaveLength(1000);
    expect(catalog.search(long, 25).length).toBeLessThanOrEqual(25);
    expect(['found', 'not-found']).toContain(catalog.lookup(long).kind);
    const noise = 'x'.repeat(1000);
    expect(catalog.lookup(noise)).toEqual({ kind: 'not-found', suggestions: [] });
  });

  it('handles emoji and other unicode without matching nonsense', () => {
    expect(catalog.lookup('🐍📚').kind).toBe('empty');
    expect(catalog.lookup('ＦＬＵＥＮＴ ＰＹＴＨＯＮ')).toMatchObject({ kind: 'found', book: { id: 'fluent-python-2e' } });
    expect(foundId('Flüent Pythön')).toBe('fluent-python-2e');
    expect(catalog.lookup('日本語の本')).toEqual({ kind: 'not-found', suggestions: [] });
    expect(catalog.lookup('zzzzqqqq')).toEqual({ kind: 'not-found', suggestions: [] });
  });

  it('looks a book up by id (what autocomplete sends)', () => {
    for (const book of catalog.books) expect(foundId(book.id)).toBe(book.id);
  });

  it('never throws and keeps scores in 0–1 for any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.integer({ min: 0, max: 30 }), (query, limit) => {
        const hits = catalog.search(query, limit);
        expect(hits.length).toBeLessThanOrEqual(limit);
        for (const hit of hits) {
          expect(hit.score).toBeGreaterThan(0);
          expect(hit.score).toBeLessThanOrEqual(1);
        }
        catalog.lookup(query);
      }),
      { numRuns: 300 },
    );
  });

  it('lists the most recommended books first', () => {
    const top = catalog.mostRecommended(3).map((book) => book.id);
    expect(top).toEqual(['fluent-python-2e', 'high-performance-python-2e', 'architecture-patterns-with-python']);
  });
});

describe('search index', () => {
  const index = buildSearchIndex(
    Array.from({ length: 60 }, (_, i) => ({ fields: [{ text: `Python Book Number ${i}`, weight: 1 }], popularity: i })),
  );

  it('returns at most the limit, best first, even when everything matches', () => {
    const hits = index.search('python', 25);
    expect(hits).toHaveLength(25);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('reads two words typed without a space', () => {
    const books = buildSearchIndex(
      ['Swift Illustrated', 'Production SQLAlchemy', 'Swift Patterns', 'Cosmic Python'].map((title) => ({ fields: [{ text: title, weight: 1 }], popularity: 0 })),
    );
    expect(books.search('SwiftIllustrated', 3)[0]?.doc).toBe(0);
    expect(books.search('productionsqlalchemy', 3)[0]?.doc).toBe(1);
    expect(books.search('cosmicppython', 3)[0]?.doc).toBe(3);
  });

  it('prefers the title the query covers more of when both contain every word', () => {
    const books = buildSearchIndex([
      { fields: [{ text: 'Python Networking Cookbook', weight: 1 }], popularity: 5 },
      { fields: [{ text: 'Python Cookbook', weight: 1 }], popularity: 1 },
    ]);
    expect(books.search('python cookboko', 2)[0]?.doc).toBe(1);
  });

  it('prefers the document whose words match exactly', () => {
    expect(index.search('number 42', 3)[0]?.doc).toBe(42);
  });
});

describe('text helpers', () => {
  it('normalises case, accents and punctuation', () => {
    expect(normalizeText('  Flüent—PYTHON, 2nd Ed.! ')).toBe('fluent python 2nd ed');
  });

  it.each([
    ['python', 'python', 0],
    ['pyhton', 'python', 1],
    ['pyton', 'python', 1],
    ['pythonn', 'python', 1],
    ['beazly', 'beazley', 1],
    ['kitten', 'sitting', 3],
  ])('edit distance %s → %s is %i (bounded at 2)', (a, b, distance) => {
    expect(boundedEditDistance(a, b, 2)).toBe(Math.min(distance, 3));
  });

  it('reads plain ASCII exactly as the full Unicode rule does', () => {
    const unicodeRule = (text: string): string =>
      text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), (text) => normalizeText(text) === unicodeRule(text)));
  });

  it('bounded edit distance agrees with the plain dynamic programme, for short and long words alike', () => {
    const reference = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    const word = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 60, maxLength: 140 }));
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        expect(boundedEditDistance(a, b, max)).toBe(Math.min(reference(a, b), max + 1));
      }),
    );
  });

  it('selects the top items by score without sorting everything', () => {
    const scores = [5, 1, 9, 3, 9, 7];
    expect(selectTop([0, 1, 2, 3, 4, 5], 3, (i) => scores[i]!)).toEqual([2, 4, 5]);
  });
});
