import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/migrations.js';
import { StartupError } from '../../src/platform/startup-error.js';
import { BackupError, backupDatabase, defaultBackupPath } from '../../src/platform/store/backup.js';
import { openStore } from '../../src/platform/store/store.js';

const options = { knownSchemaVersion: migrations.length };

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-backup-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A Grimoire database with a few rows, as the bot leaves it (WAL mode); returns its path. */
function grimoireDatabase(folder: string): string {
  const path = join(folder, 'grimoire.db');
  const store = openStore(path, migrations);
  for (const guildId of ['111111111111111111', '222222222222222222']) store.guilds.touch(guildId, Date.UTC(2026, 10, 22));
  store.close();
  return path;
}

/** Every row of every table, in a fixed order. */
function everyRow(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

/** The error `backupDatabase` rejects with; fails the test when it succeeds. */
async function refusal(source: string, target: string): Promise<Error> {
  const error = await backupDatabase(source, target, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('backupDatabase', () => {
  it('copies every row into one self-contained file and reports what it holds', async () => {
    const folder = tempFolder();
    const source = grimoireDatabase(folder);
    const target = join(folder, 'backups', 'nested', 'copy.db');

    const summary = await backupDatabase(source, target, options);

    expect(summary).toMatchObject({ source, target, rows: 2, schemaVersion: migrations.length });
    expect(summary.tables).toBe(Object.keys(everyRow(source)).filter((name) => !name.startsWith('sqlite_')).length);
    expect(everyRow(target)).toEqual(everyRow(source));
    // No -wal or -shm next to it: the copy can be moved or restored as this one file.
    expect(readdirSync(join(folder, 'backups', 'nested'))).toEqual(['copy.db']);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
  });

  it('refuses a target that exists, and leaves it as it was', async () => {
    const folder = tempFolder();
    const source = grimoireDatabase(folder);
    const target = join(folder, 'precious.db');
    writeFileSync(target, 'an earlier backup');

    const error = await refusal(source, target);

    expect(error).toBeInstanceOf(BackupError);
    expect(error.message).toBe(`${target} already exists and a backup never overwrites a file: choose another backup file name, or move that file away.`);
    expect(readFileSync(target, 'utf8')).toBe('an earlier backup');
  });

  it('refuses a target with a journal left next to it, which SQLite would replay into the copy', async () => {
    const folder = tempFolder();
    const source = grimoireDatabase(folder);
    const target = join(folder, 'copy.db');
    writeFileSync(`${target}-journal`, 'left over');

    expect((await refusal(source, target)).message).toMatch(/copy\.db-journal already exists next to the backup file/);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a missing database without creating anything', async () => {
    const folder = tempFolder();
    const source = join(folder, 'data', 'grimoire.db');
    const target = join(folder, 'backups', 'copy.db');

    const error = await refusal(source, target);

    expect(error).toBeInstanceOf(BackupError);
    expect(error.message).toBe(
      `DATABASE_PATH (${source}) does not exist, so there is nothing to back up: set DATABASE_PATH (in the environment or .env) to the file the bot runs with.`,
    );
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a file that is not SQLite, with the message the bot gives for it', async () => {
    const folder = tempFolder();
    const source = join(folder, 'notes.txt');
    writeFileSync(source, 'this is not a database, just enough text to fill a SQLite header of one hundred bytes. '.repeat(3));
    const target = join(folder, 'copy.db');

    const error = await refusal(source, target);

    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toMatch(/^DATABASE_PATH \(.*notes\.txt\) is not a SQLite database/);
    expect(existsSync(target)).toBe(false);
  });

  it("refuses a SQLite database that is not Grimoire's", async () => {
    const folder = tempFolder();
    const source = join(folder, 'other.db');
    const other = new Database(source);
    other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept')");
    other.close();
    const target = join(folder, 'copy.db');

    const error = await refusal(source, target);

    // Refused by the same check as the bot's start (another application's file is never touched).
    expect(error.message).toBe(
      `DATABASE_PATH (${source}) is another application's SQLite database (1 table, none of them Grimoire's), and Grimoire leaves it as it is: set DATABASE_PATH to a file of Grimoire's own, such as data/grimoire.db.`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a database from a newer Grimoire', async () => {
    const folder = tempFolder();
    const source = grimoireDatabase(folder);
    const db = new Database(source);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();

    const error = await refusal(source, join(folder, 'copy.db'));

    expect(error.message).toMatch(/was written by a newer version of Grimoire/);
    expect(existsSync(join(folder, 'copy.db'))).toBe(false);
  });
});

describe('defaultBackupPath', () => {
  it('names the file after the UTC time, sortable and without colons', () => {
    expect(defaultBackupPath(Date.UTC(2026, 10, 22, 9, 5, 7, 450))).toBe('backups/grimoire-20261122T090507Z.db');
  });
});
