import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextSpotlightBook, rotationSeed, shuffledOrder, upcomingBooks, type RotationEntry } from '../../src/features/spotlight/core/rotation.js';
import { realCatalog } from '../fixtures/context.js';

const bookIds = realCatalog().books.map((book) => book.id);

/** Posts `count` books in a row, as the weekly spotlight would. */
function postInTurn(seed: number, count: number, start: RotationEntry[] = []): string[] {
  const history = [...start];
  const posted: string[] = [];
  for (let i = 0; i < count; i++) {
    const pick = nextSpotlightBook({ bookIds, seed, history, queue: [] })!;
    history.push({ bookId: pick.bookId, outcome: 'posted' });
    posted.push(pick.bookId);
  }
  return posted;
}

describe('spotlight rotation', () => {
  it('spotlights every book once before any repeats, round after round', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const posted = postInTurn(seed, bookIds.length * 3);
        for (let round = 0; round < 3; round++) {
          expect(new Set(posted.slice(round * bookIds.length, (round + 1) * bookIds.length)).size).toBe(bookIds.length);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is the same after a restart: the order depends only on the server and its history', () => {
    const seed = rotationSeed('200000000000000002');
    const firstRun = postInTurn(seed, 4);
    const history = firstRun.map((bookId) => ({ bookId, outcome: 'posted' as const }));
    // "Restart": a fresh computation from the stored history continues the same round.
    expect(postInTurn(seed, 6, history)).toEqual(postInTurn(seed, 10).slice(4));
  });

  it('shuffles differently per server and per round', () => {
    const orders = new Set(['1', '2', '3', '4', '5'].map((id) => shuffledOrder(bookIds, rotationSeed(`20000000000000000${id}`), 0).join()));
    expect(orders.size).toBeGreaterThan(1);
    expect(shuffledOrder(bookIds, 42, 0)).not.toEqual(shuffledOrder(bookIds, 42, 1));
    expect([...shuffledOrder(bookIds, 42, 0)].sort()).toEqual([...bookIds].sort());
  });

  it('takes queued books first, in queue order', () => {
    const queue = ['serious-python', 'black-hat-python-2e'];
    expect(nextSpotlightBook({ bookIds, seed: 1, history: [], queue })).toEqual({ bookId: 'serious-python', fromQueue: true });
    expect(upcomingBooks({ bookIds, seed: 1, history: [], queue }, 3).map((pick) => pick.bookId).slice(0, 2)).toEqual(queue);
  });

  it('ignores queued or past books that are no longer in the catalog', () => {
    expect(nextSpotlightBook({ bookIds, seed: 1, history: [{ bookId: 'gone', outcome: 'posted' }], queue: ['gone'] })?.fromQueue).toBe(false);
  });

  it('counts a skipped book as done for the round', () => {
    const seed = 7;
    const first = nextSpotlightBook({ bookIds, seed, history: [], queue: [] })!.bookId;
    const afterSkip = nextSpotlightBook({ bookIds, seed, history: [{ bookId: first, outcome: 'skipped' }], queue: [] })!.bookId;
    expect(afterSkip).not.toBe(first);
  });

  it('derives a stable seed from the server id', () => {
    expect(rotationSeed('200000000000000002')).toBe(rotationSeed('200000000000000002'));
    expect(rotationSeed('200000000000000002')).not.toBe(rotationSeed('200000000000000003'));
  });
});
