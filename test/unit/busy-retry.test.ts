import { describe, expect, it } from 'vitest';
import { DatabaseBusyError, isDatabaseBusy, retryWhileBusy } from '../../src/platform/store/busy-retry.js';

const busy = (): Error => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('retryWhileBusy', () => {
  it('tries again while the database is locked and nothing was written, then returns the answer', async () => {
    let attempts = 0;
    const result = await retryWhileBusy(
      () => {
        attempts++;
        if (attempts < 3) throw busy();
        return 'done';
      },
      { budgetMs: 5_000, writesSoFar: () => 0 },
    );
    expect(result).toBe('done');
    expect(attempts).toBe(3);
  });

  it('does not repeat an attempt that wrote something before it met the lock', async () => {
    let writes = 0;
    let attempts = 0;
    const error = busy();
    await expect(
      retryWhileBusy(
        () => {
          attempts++;
          writes++;
          throw error;
        },
        { budgetMs: 5_000, writesSoFar: () => writes },
      ),
    ).rejects.toBe(error);
    expect(attempts).toBe(1);
  });

  it('gives up with a DatabaseBusyError once the budget is spent, and passes other errors through at once', async () => {
    await expect(retryWhileBusy(() => Promise.reject(busy()), { budgetMs: 100, writesSoFar: () => 0 })).rejects.toBeInstanceOf(DatabaseBusyError);
    const other = new Error('no such table');
    let attempts = 0;
    await expect(
      retryWhileBusy(
        () => {
          attempts++;
          throw other;
        },
        { budgetMs: 5_000, writesSoFar: () => 0 },
      ),
    ).rejects.toBe(other);
    expect(attempts).toBe(1);
  });

  it('knows SQLite\'s lock errors by their codes', () => {
    expect(isDatabaseBusy(busy())).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error(), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error(), { code: 'SQLITE_LOCKED' }))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error(), { code: 'SQLITE_FULL' }))).toBe(false);
    expect(isDatabaseBusy('SQLITE_BUSY')).toBe(false);
  });
});
