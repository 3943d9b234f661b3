import { setTimeout as sleep } from 'node:timers/promises';

/**
 * While serving, the database never waits on another process's write lock (busy_timeout 0): better-sqlite3
 * would wait synchronously on Node's one thread, and every interaction behind it would go unanswered. A write
 * that finds the lock held fails at once with SQLITE_BUSY, and its caller waits here, asynchronously.
 */

/** SQLite's "someone else holds the lock" (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, …). */
export function isDatabaseBusy(error: unknown): boolean {
  const code = error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export interface BusyRetryOptions {
  /** How long to keep trying after the first attempt, in ms (measured on the monotonic clock). */
  budgetMs: number;
  /**
   * Rows this connection has changed so far (SQLite's total_changes()). An attempt is repeated only if it
   * changed nothing: one that committed a write before the busy one would otherwise write it twice.
   */
  writesSoFar: () => number;
  /** Called before each wait (for a log line). */
  onBusy?: (attempt: number, waitMs: number) => void;
}

/** Waits between attempts: short at first (another shard's write takes milliseconds), then up to half a second. */
export const busyRetryDelaysMs = [10, 25, 50, 100, 200, 400, 500] as const;

export class DatabaseBusyError extends Error {
  readonly code = 'SQLITE_BUSY';
  constructor(readonly waitedMs: number, options?: { cause: unknown }) {
    super(`the database stayed locked by another process for ${Math.round(waitedMs)} ms`, options);
    this.name = 'DatabaseBusyError';
  }
}

/**
 * Runs `attempt`, and again after a pause each time it fails because the database is locked, until it succeeds,
 * fails otherwise, wrote something before failing, or `budgetMs` has passed (then a DatabaseBusyError).
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, options: BusyRetryOptions): Promise<T> {
  const startedAt = performance.now();
  for (let tries = 1; ; tries++) {
    const writesBefore = options.writesSoFar();
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseBusy(error) || options.writesSoFar() !== writesBefore) throw error;
      const waitedMs = performance.now() - startedAt;
      const waitMs = busyRetryDelaysMs[Math.min(tries - 1, busyRetryDelaysMs.length - 1)]!;
      if (waitedMs + waitMs > options.budgetMs) throw new DatabaseBusyError(waitedMs, { cause: error });
      options.onBusy?.(tries, waitMs);
      await sleep(waitMs);
    }
  }
}
