import type { SqliteDatabase } from './database.js';

/** A named lease in the database, so that of several processes (shards) only one runs the scheduler. */
export interface LeaseRepository {
  /** Takes or renews the lease for `holder`; false while another holder's lease has not expired. */
  tryAcquire(name: string, holder: string, nowMs: number, ttlMs: number): boolean;
  /** True while `holder` holds an unexpired lease: the cheap read made before every scheduled send. */
  holds(name: string, holder: string, nowMs: number): boolean;
  release(name: string, holder: string): void;
  /** When the current lease runs out (whoever holds it), or null when nobody does. */
  expiresAt(name: string): number | null;
}

export function createLeaseRepository(db: SqliteDatabase): LeaseRepository {
  const acquire = db.prepare(
    `INSERT INTO leases (name, holder, expires_ms) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
     WHERE leases.holder = excluded.holder OR leases.expires_ms <= ?`,
  );
  const release = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');
  const holds = db.prepare<[string, string, number], { n: number }>('SELECT COUNT(*) AS n FROM leases WHERE name = ? AND holder = ? AND expires_ms > ?');
  const expiry = db.prepare<[string], { expires_ms: number }>('SELECT expires_ms FROM leases WHERE name = ?');
  return {
    tryAcquire: (name, holder, nowMs, ttlMs) => acquire.run(name, holder, nowMs + ttlMs, nowMs).changes > 0,
    holds: (name, holder, nowMs) => holds.get(name, holder, nowMs)!.n > 0,
    release: (name, holder) => void release.run(name, holder),
    expiresAt: (name) => expiry.get(name)?.expires_ms ?? null,
  };
}
