import type { Clock } from '../clock.js';

/**
 * Whether the bot can write its database. A write that fails (disk full, read-only file, locked) is
 * remembered in memory, since it cannot be written down, and shown in status and in command answers.
 * A full disk still lets some writes through (those that need no new page), so one success proves little:
 * the failure is cleared by a success that comes after a quiet period with no failure.
 */
export interface StoreHealth {
  /** Since when writes fail, and why; null while they succeed. */
  readonly failure: { sinceMs: number; reason: string } | null;
  /** Records `error` when it is a write failure; returns whether it was one. */
  noteError(error: unknown): boolean;
  noteSuccess(): void;
}

const reasons: [RegExp, string][] = [
  [/^SQLITE_FULL/, 'the disk is full'],
  [/^SQLITE_READONLY/, 'the database file is read-only'],
  [/^SQLITE_(BUSY|LOCKED)/, 'another process holds the database lock'],
  [/^SQLITE_(IOERR|CANTOPEN)/, 'the disk returned an error'],
];

/** A plain-words reason when `error` is SQLite failing to write, else null. */
export function storeWriteFailure(error: unknown): string | null {
  const code = error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
  return reasons.find(([pattern]) => pattern.test(code))?.[1] ?? null;
}

/** How long writes must go without failing before a success clears the failure. */
export const storeRecoveryQuietMs = 2 * 60 * 1000;

export function createStoreHealth(clock: Clock): StoreHealth {
  let failure: { sinceMs: number; reason: string } | null = null;
  let lastFailureMs = 0;
  return {
    get failure() {
      return failure;
    },
    noteError(error) {
      const reason = storeWriteFailure(error);
      if (!reason) return false;
      failure = { sinceMs: failure?.sinceMs ?? clock.now(), reason };
      lastFailureMs = clock.now();
      return true;
    },
    noteSuccess() {
      if (failure && clock.now() - lastFailureMs >= storeRecoveryQuietMs) failure = null;
    },
  };
}
