import { describe, expect, it } from 'vitest';
import { createPictureCache } from '../../src/features/study-groups/picture/picture-cache.js';
import { sampleProgressInput } from '../fixtures/progress-picture.js';

/** The cache of drawn pictures: what it shows is the key, so it never serves a stale picture. */

describe('the picture cache', () => {
  it('draws a picture once while nothing it shows changes, and again after any change', async () => {
    let draws = 0;
    const cache = createPictureCache(async () => Buffer.from(`picture ${++draws}`));
    const input = sampleProgressInput(5);
    const [first, second] = await Promise.all([cache.render(input), cache.render(structuredClone(input))]);
    expect(first.toString()).toBe('picture 1');
    expect(second).toBe(first);
    const renamed = { ...input, members: input.members.map((member, index) => (index === 0 ? { ...member, name: 'someone else' } : member)) };
    expect((await cache.render(renamed)).toString()).toBe('picture 2');
    expect((await cache.render(input)).toString()).toBe('picture 1');
    expect(draws).toBe(2);
  });

  it('keeps the most recently used pictures up to its capacity, and forgets a failed draw', async () => {
    let draws = 0;
    let fail = false;
    const cache = createPictureCache(async (input) => {
      draws++;
      if (fail) throw new Error('worker gone');
      return Buffer.from(input.groupName);
    }, 2);
    const named = (groupName: string) => ({ ...sampleProgressInput(1), groupName });
    await cache.render(named('a'));
    await cache.render(named('b'));
    await cache.render(named('a')); // a is now the most recent
    await cache.render(named('c')); // evicts b
    expect(draws).toBe(3);
    await cache.render(named('a'));
    expect(draws).toBe(3);
    await cache.render(named('b'));
    expect(draws).toBe(4);
    fail = true;
    await expect(cache.render(named('d'))).rejects.toThrow('worker gone');
    fail = false;
    expect((await cache.render(named('d'))).toString()).toBe('d');
    expect(draws).toBe(6);
  });
});
