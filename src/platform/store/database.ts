import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { checkDatabasePath, checkIsGrimoireDatabase, checkSchemaVersion, openStartupError, type DatabaseCheckOptions } from './database-check.js';

export type SqliteDatabase = Database.Database;

export type OpenDatabaseOptions = DatabaseCheckOptions;

export const startupBusyTimeoutMs = 5000;

/**
 * Opens (creating folders as needed) a SQLite file with WAL, foreign keys and a busy timeout for start-up
 * (the store drops it once migrated: see createStore).
 * A path that cannot hold the database (a folder, a pipe, read-only, damaged, from a newer version when
 * `knownSchemaVersion` is given, …) is refused with a StartupError before anything on disk changes.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (path === ':memory:') return configure(new Database(path));
  checkDatabasePath(path, options);
  let db: SqliteDatabase | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    // Read before writing anything (the journal mode is written to the file): a damaged file fails here,
    // and a WAL file's schema version is only certain once its -wal is read.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    checkIsGrimoireDatabase(db, path);
    checkSchemaVersion(path, db.pragma('user_version', { simple: true }) as number, options);
    return configure(db);
  } catch (error) {
    db?.close();
    throw openStartupError(error, path) ?? error;
  }
}

function configure(db: SqliteDatabase): SqliteDatabase {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Opening and migrating, nothing is served yet: wait for another process's brief write (a second shard
  // migrating, a backup) rather than fail.
  db.pragma(`busy_timeout = ${startupBusyTimeoutMs}`);
  db.pragma('synchronous = NORMAL');
  return db;
}
