import type { SqliteDatabase } from './database.js';

/** Numbered schema steps; the database's PRAGMA user_version is the number of steps applied. Append only. */
export type Migrations = readonly string[];

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the steps this database has not seen yet, each in its own transaction together with its
 * version bump, so a failed step leaves the database exactly at the previous version.
 */
export function migrate(db: SqliteDatabase, steps: Migrations): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > steps.length) {
    throw new Error(`Database schema version ${from} is newer than this build knows (${steps.length}); upgrade Grimoire.`);
  }
  for (let version = from; version < steps.length; version++) {
    db.transaction(() => {
      db.exec(steps[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return { from, to: steps.length };
}
