import { accessSync, closeSync, constants, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import Database from 'better-sqlite3';
import { StartupError } from '../startup-error.js';

export interface DatabaseCheckOptions {
  /** The newest schema version this build knows (the number of migrations); a file beyond it is refused untouched. */
  knownSchemaVersion?: number;
}

/** Folders whose files are the kernel's, not a disk's: opening them can block forever or make no sense. */
const systemFolders = ['/proc', '/sys'];

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');
const headerSize = 100;
const example = 'data/grimoire.db';

const subject = (path: string): string => `DATABASE_PATH (${path})`;

const damaged = (path: string, cause?: unknown): StartupError =>
  new StartupError(
    `${subject(path)} is not a SQLite database (it is another kind of file, or it is damaged): restore it from a backup, or move it aside so that Grimoire creates a new, empty database there.`,
    { cause },
  );

const newer = (path: string, version: number, known: number): StartupError =>
  new StartupError(
    `${subject(path)} was written by a newer version of Grimoire (schema version ${version}; this build knows up to ${known}): upgrade Grimoire, or set DATABASE_PATH to a database made by this version.`,
  );

const foreign = (path: string, tables: number): StartupError =>
  new StartupError(
    `${subject(path)} is another application's SQLite database (${tables} table${tables === 1 ? '' : 's'}, none of them Grimoire's), and Grimoire leaves it as it is: set DATABASE_PATH to a file of Grimoire's own, such as ${example}.`,
  );

/** The first table every version of Grimoire's schema has (step 1 of src/migrations.ts). */
const signatureTable = 'guilds';

/**
 * Refuses a database that is neither new (no tables) nor Grimoire's (a schema version and its first table), so
 * another application's file is never migrated in place. Reads only.
 */
export function checkIsGrimoireDatabase(db: Database.Database, shown: string): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[];
  if (tables.length === 0) return;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= 1 && tables.includes(signatureTable)) return;
  throw foreign(shown, tables.length);
}

const readOnlyFile = (path: string, cause?: unknown): StartupError =>
  new StartupError(`${subject(path)} is read-only for this user: give it write permission (for example chmod u+w ${path}) or set DATABASE_PATH to another file.`, { cause });

function unwritableFolder(path: string, folder: string, cause: unknown, creating: boolean): StartupError {
  const what = creating ? 'cannot be created' : 'cannot be used';
  const why = creating ? '' : ' (SQLite writes its -wal and -shm files next to the database)';
  if (codeOf(cause) === 'EROFS') {
    return new StartupError(`${subject(path)} ${what}: the folder ${folder} is on a read-only file system${why}: set DATABASE_PATH to a file on a writable disk.`, { cause });
  }
  return new StartupError(
    `${subject(path)} ${what}: this user may not write in the folder ${folder}${why}: give it write permission (for example chown or chmod u+w ${folder}) or set DATABASE_PATH to a writable location.`,
    { cause },
  );
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;

const isInside = (path: string, folder: string): boolean => path === folder || path.startsWith(folder + sep);

/** What a non-regular file is, in words. */
function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'named pipe (FIFO)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'special file';
}

/** `stat` that reports a missing path as undefined and any other failure as a StartupError. */
function statOrMissing(path: string, shown: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new StartupError(
        `${subject(shown)} cannot be reached: this user may not open one of the folders on the way to it: give the bot's user access to those folders or set DATABASE_PATH to another location.`,
        { cause: error },
      );
    }
    throw new StartupError(`${subject(shown)} cannot be used (${describe(error)}): set DATABASE_PATH to a file such as ${example}.`, { cause: error });
  }
}

function refuseSystemFolder(path: string, shown: string): void {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    real = path;
  }
  const folder = systemFolders.find((candidate) => isInside(real, candidate) || isInside(path, candidate));
  if (folder) {
    throw new StartupError(
      `${subject(shown)} is inside ${folder}, a system folder that cannot hold a database: set DATABASE_PATH to a file in an ordinary folder, such as ${example}.`,
    );
  }
}

/** Reads the 100-byte header without opening the file as a database (nothing is written, no -wal/-shm). */
function readHeader(path: string, shown: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new StartupError(`${subject(shown)} cannot be read by this user: give it read and write permission or set DATABASE_PATH to another file.`, { cause: error });
  }
  try {
    const header = Buffer.alloc(headerSize);
    const read = readSync(fd, header, 0, headerSize, 0);
    return header.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens the file read-only and reads the schema, so a damaged file is refused before anything writes to it.
 * Only for rollback-journal files: a read-only connection to a WAL file leaves -wal/-shm behind.
 */
function probeReadOnly(path: string, shown: string, options: DatabaseCheckOptions): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    checkIsGrimoireDatabase(db, shown);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (options.knownSchemaVersion !== undefined && version > options.knownSchemaVersion) throw newer(shown, version, options.knownSchemaVersion);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const code = codeOf(error) ?? '';
    // A hot journal to roll back, or another process's lock: the read-write open deals with those.
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return;
    if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) throw damaged(shown, error);
    throw new StartupError(`${subject(shown)} could not be opened (${describe(error)}): check that it is a SQLite file this user may read and write, or set DATABASE_PATH to another file.`, {
      cause: error,
    });
  } finally {
    db?.close();
  }
}

function checkExistingFile(path: string, shown: string, stats: Stats, options: DatabaseCheckOptions): void {
  if (stats.isDirectory()) {
    throw new StartupError(`${subject(shown)} is a folder, not a database file: set DATABASE_PATH to a file name, such as ${join(shown, 'grimoire.db')}.`);
  }
  if (!stats.isFile()) {
    throw new StartupError(
      `${subject(shown)} is a ${kindOf(stats)}, not a regular file, and opening it could hang: set DATABASE_PATH to an ordinary file, such as ${example}.`,
    );
  }
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (error) {
    if (codeOf(error) === 'EROFS') throw unwritableFolder(shown, dirname(path), error, false);
    throw readOnlyFile(shown, error);
  }
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    throw unwritableFolder(shown, dirname(path), error, false);
  }
  // An empty file is a new, empty database to SQLite.
  if (stats.size === 0) return;
  const header = readHeader(path, shown);
  if (header.length < headerSize || !header.subarray(0, sqliteMagic.length).equals(sqliteMagic)) throw damaged(shown);
  const version = header.readUInt32BE(60);
  // Bytes 18 and 19 are 2 in WAL mode. Such a file is checked after opening (see openDatabase): a read-only
  // connection to it would leave -wal/-shm behind. Its header's version is checked here already.
  const wal = header[18] === 2 || header[19] === 2;
  if (!wal) return probeReadOnly(path, shown, options);
  if (options.knownSchemaVersion !== undefined && version > options.knownSchemaVersion) throw newer(shown, version, options.knownSchemaVersion);
}

function checkNewFile(path: string, shown: string): void {
  // The nearest part of the path that exists must be a writable folder: the rest is created.
  let ancestor = dirname(path);
  let stats = statOrMissing(ancestor, shown);
  while (!stats && dirname(ancestor) !== ancestor) {
    ancestor = dirname(ancestor);
    stats = statOrMissing(ancestor, shown);
  }
  if (!stats) return;
  refuseSystemFolder(ancestor, shown);
  if (!stats.isDirectory()) {
    throw new StartupError(
      `${subject(shown)} cannot be created because ${ancestor} is a file, not a folder: set DATABASE_PATH to a file in a folder, such as ${example}, or move that file away.`,
    );
  }
  try {
    accessSync(ancestor, constants.W_OK);
  } catch (error) {
    throw unwritableFolder(shown, ancestor, error, true);
  }
}

/**
 * Refuses the forms SQLite would read differently from a plain path: `:memory:` (nothing would survive a
 * restart, and shards would not share it), a `file:` URI (better-sqlite3 would create a folder named "file:…"),
 * and a path ending in a slash (it names a folder; the file would be created beside it under the folder's name).
 */
function checkPathForm(path: string): void {
  if (path === ':memory:') {
    throw new StartupError(
      `${subject(path)} keeps the database in memory only: every schedule, study group and check-in would be lost when the bot stops, and shards would not share it: set DATABASE_PATH to a file such as ${example}.`,
    );
  }
  if (/^file:/i.test(path)) {
    const plain = path.replace(/^file:(\/\/)?/i, '').replace(/[?#].*$/, '');
    throw new StartupError(`${subject(path)} is a URI, which Grimoire does not read: set DATABASE_PATH to a plain file path${plain && plain !== ':memory:' ? `, such as ${plain}` : ''}.`);
  }
  if (/[/\\]$/.test(path)) {
    throw new StartupError(`${subject(path)} ends with a slash, so it names a folder: set DATABASE_PATH to a file in it, such as ${join(path, 'grimoire.db')}.`);
  }
}

/**
 * Checks that `path` can hold Grimoire's database, without changing anything on disk: it exists as a
 * readable, writable SQLite file (or can be created in a writable folder), is no folder, pipe, device or
 * system file, and is not from a newer version. Throws a StartupError naming DATABASE_PATH and the fix.
 */
export function checkDatabasePath(path: string, options: DatabaseCheckOptions = {}): void {
  if (path === '') return;
  checkPathForm(path);
  const absolute = resolve(path);
  refuseSystemFolder(absolute, path);
  const stats = statOrMissing(absolute, path);
  if (stats) {
    checkExistingFile(absolute, path, stats, options);
  } else {
    checkNewFile(absolute, path);
  }
}

/** Refuses an open database whose schema is newer than this build (the header can lag behind a WAL file). */
export function checkSchemaVersion(path: string, version: number, options: DatabaseCheckOptions): void {
  if (options.knownSchemaVersion !== undefined && version > options.knownSchemaVersion) throw newer(path, version, options.knownSchemaVersion);
}

const newerFromMigrate = /^Database schema version (\d+) is newer than this build knows \((\d+)\)/;

/**
 * Turns an error from the database (SQLite's, or migrate's "newer than this build") into a StartupError that
 * names DATABASE_PATH, or returns undefined when the error is not the database's (a bug: let it show its stack).
 */
export function databaseStartupError(error: unknown, path: string): StartupError | undefined {
  if (error instanceof StartupError) return error;
  if (!(error instanceof Error)) return undefined;
  const newerMatch = newerFromMigrate.exec(error.message);
  if (newerMatch) return newer(path, Number(newerMatch[1]), Number(newerMatch[2]));
  if (!(error instanceof Database.SqliteError)) return undefined;
  const code = error.code;
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) return damaged(path, error);
  if (code.startsWith('SQLITE_READONLY')) return readOnlyFile(path, error);
  return new StartupError(`${subject(path)} could not be opened (${describe(error)}): check that it names a SQLite file this user may read and write, or set DATABASE_PATH to another file.`, {
    cause: error,
  });
}

/** Like databaseStartupError, and also for the file system's errors while creating the folder and opening the file. */
export function openStartupError(error: unknown, path: string): StartupError | undefined {
  const fromDatabase = databaseStartupError(error, path);
  if (fromDatabase) return fromDatabase;
  const code = codeOf(error);
  if (!code || !/^E[A-Z]+$/.test(code)) return undefined;
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new StartupError(`${subject(path)} cannot be created because a part of it is a file, not a folder: set DATABASE_PATH to a file in a folder, such as ${example}.`, {
      cause: error,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return unwritableFolder(path, dirname(resolve(path)), error, true);
  return new StartupError(`${subject(path)} could not be opened (${describe(error)}): set DATABASE_PATH to a file such as ${example}.`, { cause: error });
}
