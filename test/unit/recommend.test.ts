import { describe, expect, it } from 'vitest';
import { recommendBooks, recommendationReason, minimumRelevance } from '../../src/features/catalog/core/recommend.js';
import { readRequest, topicPick } from '../../src/features/catalog/core/request-terms.js';
import { suggestTopics } from '../../src/features/catalog/core/topics.js';
import { placeLabel } from '../../src/features/catalog/presenters/recommendation-list.js';
import { recommendFor, topicChoiceValue } from '../../src/features/catalog/service.js';
import { realCatalog } from '../fixtures/context.js';

const catalog = realCatalog();
const pick = (topicId: string) => topicPick(catalog.topicById(topicId)!, catalog.relevance.keywords).terms;
const ids = (topicId: string, extra: Partial<Parameters<typeof recommendBooks>[1]> = {}): string[] =>
  recommendBooks(catalog, { terms: pick(topicId), count: 10, ...extra }).map((r) => r.book.id);
const read = (text: string) => readRequest(catalog.topics, catalog.relevance.keywords, text);
const termsFor = (text: string): string[] => read(text).terms.map((term) => term.term);
const firstFor = (text: string): string | undefined => {
  const answer = recommendFor(catalog, { topic: text });
  return answer.kind === 'recommendations' ? answer.recommendations[0]?.book.id : undefined;
};

describe('recommendation ranking', () => {
  it.each([
    ['asyncio', 'using-asyncio-in-python'],
    ['performance', 'high-performance-python-2e'],
    ['architecture', 'architecture-patterns-with-python'],
    ['security', 'black-hat-python-2e'],
    ['cpython-internals', 'cpython-internals'],
    ['api-design', 'design-of-web-apis'],
    ['standard-library', 'python-standard-library-by-example'],
    ['data-model', 'fluent-python-2e'],
    ['testing', 'architecture-patterns-with-python'],
    ['multiprocessing', 'high-performance-python-2e'],
    ['databases', 'serious-python'],
    ['dates-and-times', 'serious-python'],
    ['documentation', 'serious-python'],
    ['profiling', 'high-performance-python-2e'],
  ])('puts the book most about %s first', (topic, first) => {
    expect(ids(topic)[0]).toBe(first);
  });

  it('weighs how much of a book covers a topic, not where the topic sits in its list', () => {
    // Fluent Python lists asyncio among its topics, but one chapter of 24 is about it.
    const asyncio = ids('asyncio');
    expect(asyncio.indexOf('using-asyncio-in-python')).toBeLessThan(asyncio.indexOf('fluent-python-2e'));
    // One chapter mainly about databases beats four chapters that mention them.
    const databases = ids('databases');
    expect(databases.indexOf('serious-python')).toBeLessThan(databases.indexOf('architecture-patterns-with-python'));
  });

  it('never recommends a book for a topic it covers only in passing', () => {
    for (const topic of catalog.topics) {
      for (const recommendation of recommendBooks(catalog, { terms: pick(topic.id), count: 10 })) {
        expect(recommendation.score, `${topic.id}: ${recommendation.book.id}`).toBeGreaterThanOrEqual(minimumRelevance);
      }
    }
  });

  it('filters by level', () => {
    for (const level of ['intermediate', 'advanced', 'expert'] as const) {
      const all = catalog.topics.flatMap((topic) => pick(topic.id));
      for (const r of recommendBooks(catalog, { terms: all, level, count: 10 })) expect(r.book.level).toBe(level);
    }
  });

  it('respects the count and can exclude a book', () => {
    expect(recommendBooks(catalog, { terms: pick('concurrency'), count: 2 })).toHaveLength(2);
    expect(ids('asyncio', { excludeBookId: 'using-asyncio-in-python' })).not.toContain('using-asyncio-in-python');
  });

  it('names one to three chapters that fit, from the sourced table of contents', () => {
    const answer = recommendFor(catalog, { topic: 'multiprocessing' });
    if (answer.kind !== 'recommendations') throw new Error('expected recommendations');
    const hpp = answer.recommendations.find((r) => r.book.id === 'high-performance-python-2e')!;
    expect(hpp.chapters.map((chapter) => chapter.number)).toContain(9);
    for (const r of answer.recommendations) {
      expect(r.chapters.length).toBeLessThanOrEqual(3);
      const sourced = r.book.contents?.chapters ?? [];
      for (const chapter of r.chapters) expect(sourced).toContain(chapter);
    }
    const itertools = recommendFor(catalog, { topic: 'itertools' });
    if (itertools.kind !== 'recommendations') throw new Error('expected recommendations');
    const fluent = itertools.recommendations.find((r) => r.book.id === 'fluent-python-2e')!;
    expect(fluent.chapters.map((chapter) => chapter.title)).toContain('Iterators, Generators, and Classic Coroutines');
  });

  it('says "the whole book" only for a book about the topic, and no chapters when none is sourced', () => {
    const [asyncio] = recommendBooks(catalog, { terms: pick('asyncio'), count: 1 });
    expect(asyncio?.wholeBook).toBe(true);
    expect(asyncio?.chapters).toEqual([]);
    const fluent = recommendBooks(catalog, { terms: pick('asyncio'), count: 10 }).find((r) => r.book.id === 'fluent-python-2e');
    expect(fluent?.wholeBook).toBe(false);
    expect(fluent?.chapters.map((chapter) => chapter.number)).toContain(21);
  });

  it('explains each pick with what matched and the article count', () => {
    const [first] = recommendBooks(catalog, { terms: pick('asyncio'), count: 1 });
    expect(first?.reason).toMatch(/^Centred on asyncio/);
    expect(first?.reason).toMatch(/recommended by 2 of 5 articles \(best rank #2\)/);
    const fluent = catalog.bookById('fluent-python-2e')!;
    expect(recommendationReason(fluent, ['asyncio & async/await', 'Concurrency & parallelism', 'itertools', 'Idioms'], false, 5)).toBe(
      'Covers asyncio & async/await, Concurrency & parallelism, itertools and 1 more; recommended by 5 of 5 articles (best rank #1).',
    );
  });
});

describe('ranking on sections', () => {
  it('puts the book with a section on a module first and points at that section', () => {
    const answer = recommendFor(catalog, { topic: 'itertools' });
    expect(answer.kind).toBe('recommendations');
    if (answer.kind !== 'recommendations') return;
    const [first] = answer.recommendations;
    expect(first?.book.id).toBe('python-standard-library-by-example');
    expect(placeLabel(first!.places[0]!)).toMatch(/^ch\. \d+ Algorithms › itertools/);
  });

  it('lets a section on the thing itself beat a chapter on a broader topic named by a synonym ("sqlite3", "databases")', () => {
    const answer = recommendFor(catalog, { topic: 'sqlite3' });
    expect(answer.kind === 'recommendations' && answer.recommendations[0]?.book.id).toBe('python-standard-library-by-example');
  });

  it('keeps a book about the whole topic ahead of books that touch each word of the request', () => {
    const answer = recommendFor(catalog, { topic: 'how the asyncio event loop works' });
    expect(answer.kind === 'recommendations' && answer.recommendations.map((r) => r.book.id).slice(0, 2)).toContain('using-asyncio-in-python');
  });
});

describe('reading a request', () => {
  it.each([
    ['asyncio', 'topic:asyncio'],
    ['async', 'topic:asyncio'],
    ['event loop', 'topic:asyncio'],
    ['speed', 'topic:performance'],
    ['make my code faster', 'topic:performance'],
    ['Domain-Driven Design', 'topic:architecture'],
    ['the GIL', 'topic:cpython-internals'],
    ['asynco', 'topic:asyncio'],
    ['perfromance', 'topic:performance'],
    ['itertools', 'keyword:itertools'],
    ['time zones', 'topic:dates-and-times'],
    ['protocols', 'keyword:protocols'],
  ])('reads %s as including %s', (text, term) => {
    expect(termsFor(text)).toContain(term);
  });

  it('reads the longest phrase once: "event loop" is not also "loop"', () => {
    expect(read('event loop').unmatched).toEqual([]);
    expect(termsFor('testing async code').sort()).toEqual(expect.arrayContaining(['topic:asyncio', 'topic:testing']));
  });

  it.each(['web', 'python', 'book', 'programming', 'python book', 'good code'])('finds nothing in the generic %j', (text) => {
    expect(read(text).terms).toEqual([]);
  });

  it.each(['', '   ', 'knitting', '🧶', 'x'.repeat(2000), 'web scraping', 'machine learning', 'code review'])('finds nothing in %j', (text) => {
    expect(read(text).terms).toEqual([]);
  });

  it('does not guess from a lone chapter keyword next to unknown words', () => {
    expect(read('deep learning with pytorch').terms).toEqual([]);
    expect(read('pytorch').terms.map((term) => term.term)).toEqual(['keyword:pytorch']);
  });

  it('reports the words it could not place', () => {
    expect(read('testing flask apps').terms.map((term) => term.term)).toContain('topic:testing');
    expect(read('testing kubernetes apps').unmatched).toEqual(['kubernetes']);
  });
});

describe('/recommend answers', () => {
  it.each([
    ['multiprocessing', 'high-performance-python-2e'],
    ['TDD', 'architecture-patterns-with-python'],
    ['documentation', 'serious-python'],
    ['time zones', 'serious-python'],
    ['databases', 'serious-python'],
  ])('puts a sensible book first for %s', (text, first) => {
    expect(firstFor(text)).toBe(first);
  });

  it.each(['web scraping', 'web', 'machine learning', 'django', 'code review', 'asdfgh'])('says honestly that no book covers %j', (text) => {
    const answer = recommendFor(catalog, { topic: text });
    expect(answer.kind).toBe('no-match');
    if (answer.kind === 'no-match') expect(answer.closestTopics.length).toBeGreaterThan(0);
  });

  it('takes an autocomplete pick as the topic, and the same word typed as free text', () => {
    const logging = catalog.topicById('logging')!;
    const picked = recommendFor(catalog, { topic: topicChoiceValue(logging) });
    expect(picked.kind).toBe('recommendations');
    expect(recommendFor(catalog, { topic: 'topic:web' }).kind).toBe('recommendations');
    expect(recommendFor(catalog, { topic: 'web' }).kind).toBe('no-match');
  });

  it('blames the level, not the topic, when only the level rules books out', () => {
    // The Standard Library book's dis section is an intermediate answer now that sections count; no intermediate book has more on the GIL.
    expect(() => recommendFor(catalog, { topic: 'gil', level: 'intermediate' })).toThrow(/level/);
  });
});

describe('topic suggestions while typing', () => {
  it('suggests topics best first, within the limit', () => {
    expect(suggestTopics(catalog.topics, 'asy', 25)[0]?.id).toBe('asyncio');
    expect(suggestTopics(catalog.topics, 'faster', 25)[0]?.id).toBe('performance');
    expect(suggestTopics(catalog.topics, '', 25)).toHaveLength(Math.min(25, catalog.topics.length));
    expect(suggestTopics(catalog.topics, 'a', 3)).toHaveLength(3);
    expect(suggestTopics(catalog.topics, 'qqqqq', 25)).toEqual([]);
  });

  it('reads a misspelt or embedded topic name, and a kept answer is the same answer, whatever was done to the last copy', () => {
    expect(suggestTopics(catalog.topics, 'asynico', 5).map((topic) => topic.id)).toContain('asyncio');
    expect(suggestTopics(catalog.topics, 'help with testing please', 5).map((topic) => topic.id)).toContain('testing');
    const first = suggestTopics(catalog.topics, 'perf', 3);
    const ids = first.map((topic) => topic.id);
    first.length = 0;
    expect(suggestTopics(catalog.topics, 'perf', 3).map((topic) => topic.id)).toEqual(ids);
    expect(suggestTopics(catalog.topics, 'perf', 1).map((topic) => topic.id)).toEqual(ids.slice(0, 1));
  });
});
