import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breadthStep, buildRelevanceIndex, depthWeights, otherTermsShare, rankBooks, topicTerm, type TermKey } from '../../src/features/catalog/core/relevance-index.js';
import type { Book } from '../../src/features/catalog/core/schema.js';
import { realCatalog } from '../fixtures/context.js';

/** Synthetic books: only the fields the relevance index reads matter. */
function bookWith(id: number, chapterTopics: string[][], about: string[], articles: number): Book {
  const template = realCatalog().books[0]!;
  return {
    ...template,
    id: `book-${id}`,
    about,
    topics: about,
    recommendedBy: template.recommendedBy.slice(0, articles),
    contents: {
      bookId: `book-${id}`,
      source: { url: 'https://example.com', kind: 'publisher page', factSheetSource: null, read: 'generated for this test' },
      numbering: 'source',
      parts: [],
      chapters: chapterTopics.map((topics, index) => ({ number: index + 1, title: `Chapter ${index + 1}`, topics, keywords: [] })),
      appendices: [],
    },
  };
}

const topicIds = ['a', 'b', 'c', 'd'];
const arbitraryBook = fc.record({
  chapters: fc.array(fc.uniqueArray(fc.constantFrom(...topicIds), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
  about: fc.uniqueArray(fc.constantFrom(...topicIds), { minLength: 1, maxLength: 2 }),
  articles: fc.integer({ min: 0, max: 5 }),
});

/** Several things asked for: the best-served counts whole, the others a quarter each. */
function combined(weights: readonly number[]): number {
  const sum = weights.reduce((total, weight) => total + weight, 0);
  if (weights.length <= 1) return sum;
  const peak = Math.max(...weights);
  return peak + otherTermsShare * (sum - peak);
}

/** The answer the index must give: score every book, sort everything. */
function bruteForce(books: readonly Book[], terms: readonly TermKey[], count: number, minScore: number): { book: number; score: number }[] {
  const index = buildRelevanceIndex(books);
  return books
    .map((book, position) => ({
      book: position,
      score: combined(terms.map((term) => index.postingOf(term, position)?.weight ?? 0)),
      popularity: book.recommendedBy.length,
    }))
    .filter((entry) => entry.score >= minScore && entry.score > 0)
    .sort((x, y) => y.score - x.score || y.popularity - x.popularity || x.book - y.book)
    .slice(0, count)
    .map(({ book, score }) => ({ book, score }));
}

describe('relevance index', () => {
  it('ranks exactly like scoring and sorting every book (threshold algorithm, property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryBook, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.constantFrom(...topicIds), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(0, 1, 3.5),
        (specs, requested, count, minScore) => {
          const books = specs.map((spec, i) => bookWith(i, spec.chapters, spec.about, spec.articles));
          const terms = requested.map(topicTerm);
          const ranked = rankBooks(buildRelevanceIndex(books), { terms, count, minScore }).map(({ book, score }) => ({ book, score }));
          expect(ranked).toEqual(bruteForce(books, terms, count, minScore));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ranks terms read from the same words by their best, exactly like scoring every book (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryBook, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.constantFrom(...topicIds), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (specs, requested, count, oneGroup) => {
          const books = specs.map((spec, i) => bookWith(i, spec.chapters, spec.about, spec.articles));
          const index = buildRelevanceIndex(books);
          const terms = requested.map(topicTerm);
          // Either all the terms are one thing asked for, or the first two are and the rest are others.
          const groups = terms.map((_, i) => (oneGroup || i < 2 ? 0 : i));
          const ranked = rankBooks(index, { terms, groups, count, minScore: 0 }).map(({ book, score }) => ({ book, score }));
          const expected = books
            .map((book, position) => {
              const byGroup = new Map<number, number>();
              terms.forEach((term, i) => byGroup.set(groups[i]!, Math.max(byGroup.get(groups[i]!) ?? 0, index.postingOf(term, position)?.weight ?? 0)));
              return { book: position, score: combined([...byGroup.values()].filter((weight) => weight > 0)), popularity: book.recommendedBy.length };
            })
            .filter((entry) => entry.score > 0)
            .sort((x, y) => y.score - x.score || y.popularity - x.popularity || x.book - y.book)
            .slice(0, count)
            .map(({ book, score }) => ({ book, score }));
          expect(ranked.map((entry) => entry.book)).toEqual(expected.map((entry) => entry.book));
          ranked.forEach((entry, i) => expect(entry.score).toBeCloseTo(expected[i]!.score, 9));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('weighs a topic by the deepest place a book gives it, then by how many places at that depth', () => {
    const books = [
      bookWith(0, [['a'], ['b'], ['b'], ['b']], ['b'], 0), // one chapter of four mainly on "a"
      bookWith(1, [['b', 'a'], ['b', 'a'], ['b'], ['b']], ['b'], 0), // two side mentions of "a"
      bookWith(2, [['a'], ['a'], ['a'], ['b']], ['a'], 0), // about "a"
      bookWith(3, [['a'], ...Array.from({ length: 39 }, () => ['b'])], ['b'], 0), // one chapter in forty
    ];
    const index = buildRelevanceIndex(books);
    const weights = index.postings(topicTerm('a')).map((posting) => [posting.book, Number(posting.weight.toFixed(3))]);
    expect(weights).toEqual([
      [2, depthWeights.book + breadthStep],
      // A chapter on it counts the same in a long book as in a short one.
      [0, depthWeights.chapter + breadthStep],
      [3, depthWeights.chapter + breadthStep],
      [1, depthWeights.mention + 2 * breadthStep],
    ]);
  });

  it('lets a section on a keyword beat a chapter that only mentions it, and points at the section', () => {
    const withSection = bookWith(0, [['b']], ['b'], 0);
    withSection.contents!.chapters![0]!.sections = [{ title: 'itertools — Iterator Functions', topics: [], keywords: ['itertools'] }];
    const mentioning = bookWith(1, [['b']], ['b'], 5);
    mentioning.contents!.chapters![0] = { ...mentioning.contents!.chapters![0]!, sections: [{ title: 'Other things', topics: [], keywords: ['zip', 'itertools'] }] };
    const index = buildRelevanceIndex([withSection, mentioning]);
    const [first, second] = index.postings('keyword:itertools');
    expect(first!.book).toBe(0);
    expect(first!.places[0]!.section?.title).toBe('itertools — Iterator Functions');
    expect(second!.weight).toBeLessThan(first!.weight);
  });

  it('lists a main chapter before a side one', () => {
    const index = buildRelevanceIndex([bookWith(0, [['b', 'a'], ['a'], ['c']], ['b'], 0)]);
    expect(index.postings(topicTerm('a'))[0]!.chapters.map((chapter) => chapter.number)).toEqual([2, 1]);
  });

  it('returns nothing for unknown terms, a zero count or a score floor nobody reaches', () => {
    const index = buildRelevanceIndex([bookWith(0, [['a']], ['a'], 0)]);
    expect(rankBooks(index, { terms: [topicTerm('zzz')], count: 3, minScore: 0 })).toEqual([]);
    expect(rankBooks(index, { terms: [topicTerm('a')], count: 0, minScore: 0 })).toEqual([]);
    expect(rankBooks(index, { terms: [topicTerm('a')], count: 3, minScore: 10 })).toEqual([]);
  });
});
