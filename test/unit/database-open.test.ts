import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/migrations.js';
import { StartupError } from '../../src/platform/startup-error.js';
import { checkDatabasePath, databaseStartupError } from '../../src/platform/store/database-check.js';
import { openDatabase } from '../../src/platform/store/database.js';
import { migrate, schemaVersion } from '../../src/platform/store/migrate.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const databaseModule = fileURLToPath(new URL('../../src/platform/store/database.ts', import.meta.url));
const known = migrations.length;

const folders: string[] = [];
const tempFolder = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-open-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) {
    // Undo the tests' chmods so the folder can be removed.
    chmodSync(folder, 0o700);
    for (const entry of readdirSync(folder)) chmodSync(join(folder, entry), 0o700);
    rmSync(folder, { recursive: true, force: true });
  }
});

/** Everything a refusal must leave as it was: the file's bytes and mtime, and the folder's entries. */
function snapshot(path: string): { bytes: Buffer | null; mtimeMs: number | null; siblings: string[] } {
  const exists = existsSync(path) && statSync(path).isFile();
  return {
    bytes: exists ? readFileSync(path) : null,
    mtimeMs: existsSync(path) ? statSync(path).mtimeMs : null,
    siblings: readdirSync(dirname(path)).sort(),
  };
}

/** A SQLite file in rollback-journal mode (SQLite's default) at the given schema version. */
function sqliteFile(path: string, version: number, journalMode: 'delete' | 'wal' = 'delete'): void {
  const db = new Database(path);
  db.pragma(`journal_mode = ${journalMode}`);
  // Grimoire's first table (as any version of its schema has), holding a row that must survive.
  db.exec('CREATE TABLE guilds (guild_id TEXT PRIMARY KEY); INSERT INTO guilds VALUES (\'precious\')');
  db.pragma(`user_version = ${version}`);
  db.close();
}

/** Runs `attempt`, expecting a StartupError: one line that names DATABASE_PATH and says what to do. */
function refusal(attempt: () => unknown): StartupError {
  let caught: unknown;
  try {
    attempt();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StartupError);
  const error = caught as StartupError;
  expect(error.message).toMatch(/^DATABASE_PATH \(/);
  expect(error.message).not.toContain('\n');
  expect(error.message).toMatch(/: (set|give|restore|upgrade)/);
  return error;
}

/** Both ways in: the exported check, and openDatabase itself (which every caller uses). */
function refusedBoth(path: string, options: { knownSchemaVersion?: number } = {}): string {
  const fromCheck = refusal(() => checkDatabasePath(path, options)).message;
  const fromOpen = refusal(() => openDatabase(path, options)).message;
  expect(fromOpen).toBe(fromCheck);
  return fromOpen;
}

const isRoot = process.getuid?.() === 0;
const nobody = 65534;

/**
 * openDatabase as a user that file permissions apply to. Root ignores chmod, so as root it runs in a child
 * process as `nobody`; otherwise in this process.
 */
function openUnprivileged(path: string): { ok: true } | { ok: false; name: string; message: string } {
  if (!isRoot) {
    try {
      openDatabase(path).close();
      return { ok: true };
    } catch (error) {
      return { ok: false, name: (error as Error).name, message: (error as Error).message };
    }
  }
  const code = [
    `import { openDatabase } from ${JSON.stringify(databaseModule)};`,
    'try { openDatabase(process.argv[1]).close(); console.log(JSON.stringify({ ok: true })); }',
    'catch (error) { console.log(JSON.stringify({ ok: false, name: error.name, message: error.message })); }',
  ].join('\n');
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, path], {
    cwd: repoRoot,
    uid: nobody,
    gid: nobody,
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { ok: true } | { ok: false; name: string; message: string };
}

describe('opening DATABASE_PATH', () => {
  it('still opens :memory:, a new file in new folders, an empty file and a current database', () => {
    openDatabase(':memory:').close();
    const folder = tempFolder();
    const fresh = openDatabase(join(folder, 'a', 'b', 'grimoire.db'));
    expect(fresh.pragma('journal_mode', { simple: true })).toBe('wal');
    migrate(fresh, migrations);
    fresh.close();
    const current = openDatabase(join(folder, 'a', 'b', 'grimoire.db'), { knownSchemaVersion: known });
    expect(schemaVersion(current)).toBe(known);
    current.close();
    writeFileSync(join(folder, 'empty.db'), '');
    const empty = openDatabase(join(folder, 'empty.db'), { knownSchemaVersion: known });
    expect(schemaVersion(empty)).toBe(0);
    empty.close();
  });

  it("refuses another application's SQLite database, byte for byte untouched (rollback and WAL files, with or without a schema version)", () => {
    const folder = tempFolder();
    const cases: [string, 'delete' | 'wal', number][] = [
      ['app.db', 'delete', 0],
      ['app-wal.db', 'wal', 0],
      ['versioned.db', 'delete', 3],
      ['versioned-wal.db', 'wal', 3],
      ['far-ahead.db', 'delete', known + 20],
    ];
    for (const [name, mode, version] of cases) {
      const path = join(folder, name);
      const db = new Database(path);
      db.pragma(`journal_mode = ${mode}`);
      db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); CREATE TABLE customers (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1, 9.5)");
      db.pragma(`user_version = ${version}`);
      db.close();
      const before = snapshot(path);
      // A WAL file can only be read by opening it (a read-only look would leave -wal/-shm): openDatabase refuses it.
      const refused = mode === 'wal' ? refusal(() => openDatabase(path, { knownSchemaVersion: known })).message : refusedBoth(path, { knownSchemaVersion: known });
      expect(refused, name).toBe(
        `DATABASE_PATH (${path}) is another application's SQLite database (2 tables, none of them Grimoire's), and Grimoire leaves it as it is: set DATABASE_PATH to a file of Grimoire's own, such as data/grimoire.db.`,
      );
      expect(snapshot(path), name).toEqual(before);
      const after = new Database(path, { readonly: true });
      expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(2);
      expect(after.pragma('journal_mode', { simple: true })).toBe(mode);
      after.close();
    }
  });

  it('refuses :memory:, a file: URI and a path ending in a slash, creating nothing', () => {
    const folder = tempFolder();
    const cases: [string, RegExp][] = [
      [':memory:', /keeps the database in memory only: .* set DATABASE_PATH to a file such as data\/grimoire\.db\.$/],
      [`file:${join(folder, 'g.db')}?mode=rwc`, new RegExp(`is a URI, which Grimoire does not read: set DATABASE_PATH to a plain file path, such as ${join(folder, 'g.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`)],
      ['file::memory:', /is a URI, which Grimoire does not read: set DATABASE_PATH to a plain file path\.$/],
      [`${join(folder, 'data')}/`, /ends with a slash, so it names a folder: set DATABASE_PATH to a file in it, such as .*\/data\/grimoire\.db\.$/],
    ];
    for (const [path, message] of cases) expect(refusal(() => checkDatabasePath(path)).message, path).toMatch(message);
    // A slash-ended path is refused by openDatabase too, rather than creating a file named like the folder.
    refusal(() => openDatabase(`${join(folder, 'data')}/`));
    expect(readdirSync(folder)).toEqual([]);
    // The tests' and the playground's in-memory databases still open directly.
    openDatabase(':memory:').close();
  });

  it('refuses a folder, and leaves it as it was', () => {
    const folder = join(tempFolder(), 'data');
    mkdirSync(folder);
    const before = snapshot(join(folder, 'probe'));
    const mtime = statSync(folder).mtimeMs;
    expect(refusedBoth(folder)).toBe(`DATABASE_PATH (${folder}) is a folder, not a database file: set DATABASE_PATH to a file name, such as ${join(folder, 'grimoire.db')}.`);
    expect(snapshot(join(folder, 'probe'))).toEqual(before);
    expect(statSync(folder).mtimeMs).toBe(mtime);
  });

  it('refuses a path under a regular file, and leaves the file as it was', () => {
    const folder = tempFolder();
    const file = join(folder, 'notes.txt');
    writeFileSync(file, 'my notes\n');
    const before = snapshot(file);
    for (const path of [join(file, 'grimoire.db'), join(file, 'deeper', 'grimoire.db')]) {
      expect(refusedBoth(path)).toContain(`cannot be created because ${file} is a file, not a folder: set DATABASE_PATH to a file in a folder`);
    }
    expect(snapshot(file)).toEqual(before);
  });

  it(`refuses a folder this user may not write in${isRoot ? ' (checked as nobody: root ignores chmod)' : ''}`, () => {
    const top = tempFolder();
    chmodSync(top, 0o755);
    const folder = join(top, 'locked');
    mkdirSync(folder);
    // An existing database there too: SQLite must create -wal/-shm next to it.
    sqliteFile(join(folder, 'existing.db'), known);
    chmodSync(join(folder, 'existing.db'), 0o666);
    chmodSync(folder, 0o555);
    const before = snapshot(join(folder, 'existing.db'));

    const fresh = openUnprivileged(join(folder, 'grimoire.db'));
    expect(fresh).toEqual({
      ok: false,
      name: 'StartupError',
      message: `DATABASE_PATH (${join(folder, 'grimoire.db')}) cannot be created: this user may not write in the folder ${folder}: give it write permission (for example chown or chmod u+w ${folder}) or set DATABASE_PATH to a writable location.`,
    });
    const existing = openUnprivileged(join(folder, 'existing.db'));
    expect(existing).toMatchObject({ ok: false, name: 'StartupError' });
    expect(existing.ok === false && existing.message).toMatch(/^DATABASE_PATH \(.*existing\.db\) cannot be used: this user may not write in the folder .*-wal and -shm/);
    expect(snapshot(join(folder, 'existing.db'))).toEqual(before);
  });

  it(`refuses a read-only file, and leaves it as it was${isRoot ? ' (checked as nobody: root ignores chmod)' : ''}`, () => {
    const folder = tempFolder();
    chmodSync(folder, 0o777);
    const path = join(folder, 'grimoire.db');
    sqliteFile(path, known);
    chmodSync(path, 0o444);
    const before = snapshot(path);
    expect(openUnprivileged(path)).toEqual({
      ok: false,
      name: 'StartupError',
      message: `DATABASE_PATH (${path}) is read-only for this user: give it write permission (for example chmod u+w ${path}) or set DATABASE_PATH to another file.`,
    });
    expect(snapshot(path)).toEqual(before);
  });

  it('refuses a file that is not a SQLite database, byte for byte untouched and without -wal/-shm', () => {
    const folder = tempFolder();
    const text = join(folder, 'text.db');
    writeFileSync(text, 'This is my shopping list, not a database.\n'.repeat(50));
    const short = join(folder, 'short.db');
    writeFileSync(short, 'SQLite format 3\0');
    // A valid header followed by garbage pages: only reading the schema finds it.
    const garbage = join(folder, 'garbage.db');
    sqliteFile(garbage, known);
    const bytes = readFileSync(garbage);
    bytes.fill(0x41, 100);
    writeFileSync(garbage, bytes);

    for (const path of [text, short, garbage]) {
      const before = snapshot(path);
      expect(refusedBoth(path, { knownSchemaVersion: known })).toBe(
        `DATABASE_PATH (${path}) is not a SQLite database (it is another kind of file, or it is damaged): restore it from a backup, or move it aside so that Grimoire creates a new, empty database there.`,
      );
      expect(snapshot(path)).toEqual(before);
    }
    expect(readdirSync(folder).sort()).toEqual(['garbage.db', 'short.db', 'text.db']);
  });

  it('refuses a database from a newer version before changing anything (rollback and WAL files)', () => {
    const folder = tempFolder();
    for (const mode of ['delete', 'wal'] as const) {
      const path = join(folder, `${mode}.db`);
      sqliteFile(path, known + 4, mode);
      const before = snapshot(path);
      expect(refusedBoth(path, { knownSchemaVersion: known })).toBe(
        `DATABASE_PATH (${path}) was written by a newer version of Grimoire (schema version ${known + 4}; this build knows up to ${known}): upgrade Grimoire, or set DATABASE_PATH to a database made by this version.`,
      );
      expect(snapshot(path)).toEqual(before);
    }
    expect(readdirSync(folder).sort()).toEqual(['delete.db', 'wal.db']);
  });

  it('refuses a WAL database whose newer version is still only in its -wal file (the header lags behind)', () => {
    const folder = tempFolder();
    const live = join(folder, 'live.db');
    const writer = new Database(live);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE guilds (guild_id TEXT PRIMARY KEY)');
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.pragma(`user_version = ${known + 2}`);
    // As after a crash: the main file still says the old version, the -wal has the new one.
    const crashed = join(folder, 'crashed.db');
    copyFileSync(live, crashed);
    copyFileSync(`${live}-wal`, `${crashed}-wal`);
    writer.close();
    expect(readFileSync(crashed).readUInt32BE(60)).toBe(0);
    expect(() => checkDatabasePath(crashed, { knownSchemaVersion: known })).not.toThrow();
    expect(refusal(() => openDatabase(crashed, { knownSchemaVersion: known })).message).toContain(`was written by a newer version of Grimoire (schema version ${known + 2}`);
  });

  it("turns migrate's newer-version error (the second line of defence) into the same message", () => {
    const folder = tempFolder();
    const path = join(folder, 'newer.db');
    sqliteFile(path, known + 1);
    let raw: unknown;
    // Opened without the up-front version check, so migrate itself refuses it.
    const db = openDatabase(copy(path));
    try {
      migrate(db, migrations);
    } catch (error) {
      raw = error;
    } finally {
      db.close();
    }
    expect(raw).toBeInstanceOf(Error);
    expect(databaseStartupError(raw, path)?.message).toBe(refusal(() => checkDatabasePath(path, { knownSchemaVersion: known })).message);
    expect(databaseStartupError(new TypeError('a bug'), path)).toBeUndefined();
  });

  it('refuses a named pipe at once instead of hanging on it', () => {
    const folder = tempFolder();
    const path = join(folder, 'pipe.db');
    const made = spawnSync('mkfifo', [path]);
    expect(made.status).toBe(0);
    expect(refusedBoth(path)).toBe(
      `DATABASE_PATH (${path}) is a named pipe (FIFO), not a regular file, and opening it could hang: set DATABASE_PATH to an ordinary file, such as data/grimoire.db.`,
    );
    expect(statSync(path).isFIFO()).toBe(true);
  });

  it('refuses paths in /proc and /sys, existing or not', () => {
    for (const path of ['/proc/self/status', '/proc/self/grimoire.db', '/proc/grimoire/deeper/grimoire.db', '/sys/grimoire.db']) {
      expect(refusedBoth(path)).toMatch(/^DATABASE_PATH \(.*\) is inside \/(proc|sys), a system folder that cannot hold a database: set DATABASE_PATH to a file in an ordinary folder/);
    }
    expect(existsSync('/proc/self/grimoire.db')).toBe(false);
  });
});

function copy(path: string): string {
  const target = `${path}.copy`;
  copyFileSync(path, target);
  return target;
}
