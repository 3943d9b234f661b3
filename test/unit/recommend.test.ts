import { describe, expect, it } from 'vitest';
import { recommendBooks, recommendationReason } from '../../src/features/catalog/core/recommend.js';
import { resolveTopics, suggestTopics } from '../../src/features/catalog/core/topics.js';
import { realCatalog } from '../fixtures/context.js';

const catalog = realCatalog();
const ids = (topicIds: string[], extra: Partial<Parameters<typeof recommendBooks>[1]> = {}): string[] =>
  recommendBooks(catalog, { topicIds, count: 10, ...extra }).map((r) => r.book.id);
const topicIdsFor = (text: string): string[] => resolveTopics(catalog.topics, text).map((m) => m.topic.id);

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
    ['type-hints', 'fluent-python-2e'],
  ])('puts the book centred on %s first', (topic, first) => {
    expect(ids([topic])[0]).toBe(first);
  });

  it('returns exactly the books that cover a topic, for every topic', () => {
    for (const topic of catalog.topics) {
      const expected = catalog.books.filter((book) => book.topics.includes(topic.id)).map((book) => book.id).sort();
      expect(ids([topic.id]).sort(), topic.id).toEqual(expected);
    }
  });

  it('ranks a book whose main topic matches above one that covers it in passing', () => {
    const asyncio = ids(['asyncio']);
    expect(asyncio.indexOf('using-asyncio-in-python')).toBeLessThan(asyncio.indexOf('fluent-python-2e'));
    const testing = ids(['testing']);
    expect(testing.slice(0, 2).sort()).toEqual(['architecture-patterns-with-python', 'serious-python']);
  });

  it('filters by level', () => {
    const expert = recommendBooks(catalog, { topicIds: ['performance'], level: 'expert', count: 10 });
    expect(expert.map((r) => r.book.id)).toEqual(['cpython-internals']);
    for (const level of ['intermediate', 'advanced', 'expert'] as const) {
      for (const r of recommendBooks(catalog, { topicIds: catalog.topics.map((t) => t.id), level, count: 10 })) expect(r.book.level).toBe(level);
    }
  });

  it('respects the count and can exclude a book', () => {
    expect(recommendBooks(catalog, { topicIds: ['concurrency'], count: 2 })).toHaveLength(2);
    expect(ids(['asyncio'], { excludeBookId: 'using-asyncio-in-python' })).not.toContain('using-asyncio-in-python');
  });

  it('explains each pick with matched topics and article count', () => {
    const [first] = recommendBooks(catalog, { topicIds: ['asyncio'], count: 1 });
    expect(first?.reason).toMatch(/^Centred on asyncio/);
    expect(first?.reason).toMatch(/recommended by 2 of 5 articles \(best rank #2\)/);
    const fluent = catalog.bookById('fluent-python-2e')!;
    const topics = ['asyncio', 'concurrency', 'oop', 'idioms'].map((id) => catalog.topicById(id)!);
    expect(recommendationReason(fluent, topics, 5)).toBe(
      'Covers asyncio & async/await, Concurrency & parallelism, Object-oriented design and 1 more; recommended by 5 of 5 articles (best rank #1).',
    );
  });
});

describe('topic resolution from free text', () => {
  it.each([
    ['asyncio', ['asyncio']],
    ['async', ['asyncio']],
    ['await', ['asyncio']],
    ['event loop', ['asyncio']],
    ['speed', ['performance']],
    ['optimisation', ['performance']],
    ['make python faster', ['performance']],
    ['make my code faster', ['performance']],
    ['Domain-Driven Design', ['architecture']],
    ['hacking', ['security']],
    ['the GIL', ['cpython-internals']],
    ['asynco', ['asyncio']],
    ['perfromance', ['performance']],
  ])('reads %s as %j', (text, expected) => {
    expect(topicIdsFor(text)).toEqual(expected);
  });

  it('finds several topics in one sentence', () => {
    expect(topicIdsFor('testing async code').sort()).toEqual(['asyncio', 'testing']);
  });

  it.each(['', '   ', 'knitting', '🧶', 'x'.repeat(2000)])('finds nothing in %j', (text) => {
    expect(topicIdsFor(text)).toEqual([]);
  });

  it('suggests topics while typing, best first, within the limit', () => {
    expect(suggestTopics(catalog.topics, 'asy', 25)[0]?.id).toBe('asyncio');
    expect(suggestTopics(catalog.topics, 'faster', 25)[0]?.id).toBe('performance');
    expect(suggestTopics(catalog.topics, '', 25)).toHaveLength(Math.min(25, catalog.topics.length));
    expect(suggestTopics(catalog.topics, 'a', 3)).toHaveLength(3);
    expect(suggestTopics(catalog.topics, 'qqqqq', 25)).toEqual([]);
  });
});
