import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { checkDatabasePath, checkSchemaVersion } from './database-check.js';

/** A reason a backup cannot be made that the person running it can fix; the message says what to do. */
export class BackupError extends Error {
  override readonly name = 'BackupError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface BackupOptions {
  /** The newest schema version this build knows (the number of migrations). */
  knownSchemaVersion: number;
}

export interface BackupSummary {
  source: string;
  target: string;
  bytes: number;
  tables: number;
  rows: number;
  schemaVersion: number;
}

/**
 * Pages per backup step: all of them. One step copies the whole database inside one read transaction, so the
 * copy is the database as of one moment. Smaller steps would let the bot's writes in between, and SQLite
 * restarts a backup whose source another process changed: under steady writes it might never finish.
 */
const allPages = 0x7fffffff;

/** The first table every Grimoire database has (migration 1). */
const grimoireTable = 'guilds';

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `backups/grimoire-20261122T120000Z.db`: UTC, sortable, no characters a file system or shell minds. */
export function defaultBackupPath(nowMs: number, folder = 'backups'): string {
  const stamp = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${folder}/grimoire-${stamp}.db`;
}

function requireExistingSource(source: string): void {
  try {
    statSync(source);
  } catch (error) {
    const code = codeOf(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return; // checkDatabasePath explains the other failures.
    throw new BackupError(`DATABASE_PATH (${source}) does not exist, so there is nothing to back up: set DATABASE_PATH (in the environment or .env) to the file the bot runs with.`, {
      cause: error,
    });
  }
}

/** A SQLite file is not necessarily the bot's: refuse one without Grimoire's schema rather than copy it. */
function requireGrimoireSchema(db: Database.Database, source: string, options: BackupOptions): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  // The file header can lag behind a WAL database: check the version again now that it is open.
  checkSchemaVersion(source, version, options);
  const hasGuilds = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(grimoireTable) !== undefined;
  if (version < 1 || !hasGuilds) {
    throw new BackupError(
      `DATABASE_PATH (${source}) is a SQLite database but not Grimoire's (schema version ${version}, ${hasGuilds ? 'a' : 'no'} ${grimoireTable} table): set DATABASE_PATH to the file the bot runs with.`,
    );
  }
  return version;
}

/** Creates the target (and its folder) exclusively, so that a backup never overwrites anything. */
function claimTarget(target: string): void {
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new BackupError(`The folder ${dirname(target)} cannot be created (${describe(error)}): choose a backup file in a folder this user may write.`, { cause: error });
  }
  // A journal left next to the target name would be replayed into the new file by SQLite.
  for (const leftover of [`${target}-journal`, `${target}-wal`]) {
    if (exists(leftover)) throw new BackupError(`${leftover} already exists next to the backup file: choose another backup file name, or move that file away.`);
  }
  try {
    closeSync(openSync(target, 'wx'));
  } catch (error) {
    if (codeOf(error) === 'EEXIST') {
      throw new BackupError(`${target} already exists and a backup never overwrites a file: choose another backup file name, or move that file away.`, { cause: error });
    }
    throw new BackupError(`${target} cannot be created (${describe(error)}): choose a backup file in a folder this user may write.`, { cause: error });
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function removeCopy(target: string): void {
  for (const path of [target, `${target}-journal`, `${target}-wal`, `${target}-shm`]) rmSync(path, { force: true });
}

/** The copy as one self-contained file: WAL mode (copied from the source's header) would need -wal and -shm beside it. */
function makeSelfContained(target: string): void {
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Opens the copy read-only: SQLite's integrity check, the schema version, and what it holds. */
function verifyCopy(target: string, schemaVersion: number): { tables: number; rows: number } {
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const problems = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).filter((line) => line !== 'ok');
    if (problems.length > 0) {
      throw new BackupError(
        `The copy failed SQLite's integrity check (${problems[0]}), so it was removed: the database itself may be damaged; keep the earlier backups, and check DATABASE_PATH with PRAGMA integrity_check (sqlite3 tool).`,
      );
    }
    const copied = copy.pragma('user_version', { simple: true }) as number;
    if (copied !== schemaVersion) {
      throw new BackupError(`The copy has schema version ${copied} but the database has ${schemaVersion} (was the bot upgraded during the backup?), so it was removed: run the backup again.`);
    }
    const tables = copy.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all();
    const rows = tables.reduce((sum, { name }) => sum + (copy.prepare(`SELECT COUNT(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }).n, 0);
    return { tables: tables.length, rows };
  } finally {
    copy.close();
  }
}

/**
 * Copies the database at `source` to the new file `target` while the bot keeps running and writing in another
 * process (SQLite's online backup API, reading through the WAL), then checks the copy. Throws a BackupError, or
 * the StartupError of checkDatabasePath, naming the fix; a failed copy is removed.
 */
export async function backupDatabase(source: string, target: string, options: BackupOptions): Promise<BackupSummary> {
  requireExistingSource(source);
  // Refuses a folder, a special file, a file that is not SQLite or from a newer Grimoire, without touching it.
  checkDatabasePath(source, options);
  // Read-write like the bot (nothing is written): a read-only connection would leave -wal and -shm behind.
  const db = new Database(source, { fileMustExist: true });
  let claimed = false;
  try {
    // The bot may hold the write lock for a moment; the backup itself only reads.
    db.pragma('busy_timeout = 5000');
    requireGrimoireSchema(db, source, options);
    claimTarget(target);
    claimed = true;
    try {
      await db.backup(target, { progress: () => allPages });
    } catch (error) {
      throw new BackupError(`Copying DATABASE_PATH (${source}) to ${target} failed (${describe(error)}); nothing was kept: check the free space and permissions there, then run the backup again.`, {
        cause: error,
      });
    }
    // The version the copy was taken at: read after the copy, in the same connection.
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    makeSelfContained(target);
    const { tables, rows } = verifyCopy(target, schemaVersion);
    return { source, target, bytes: statSync(target).size, tables, rows, schemaVersion };
  } catch (error) {
    if (claimed) removeCopy(target);
    throw error;
  } finally {
    db.close();
  }
}
