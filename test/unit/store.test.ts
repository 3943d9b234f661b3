import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/store/database.js';
import { migrate, migrations, schemaVersion } from '../../src/platform/store/migrations.js';
import { openStore } from '../../src/platform/store/store.js';

const folders: string[] = [];
const tempPath = (name = 'grimoire.db'): string => {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-store-'));
  folders.push(folder);
  return join(folder, 'nested', 'deeper', name);
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const tableSql = (db: ReturnType<typeof openDatabase>): string[] =>
  db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.sql);

describe('SQLite store', () => {
  it('creates folders and opens the file with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tempPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('migrates an empty file to the latest version', () => {
    const db = openDatabase(tempPath());
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toEqual({ from: 0, to: migrations.length });
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tableSql(db).some((sql) => sql.includes('CREATE TABLE guilds'))).toBe(true);
    db.close();
  });

  it('changes nothing when migrations run again, also after reopening', () => {
    const path = tempPath();
    const first = openDatabase(path);
    migrate(first);
    const before = tableSql(first);
    first.close();
    const again = openDatabase(path);
    expect(migrate(again)).toEqual({ from: migrations.length, to: migrations.length });
    expect(tableSql(again)).toEqual(before);
    again.close();
  });

  it('migrates from every earlier version', () => {
    for (let version = 0; version < migrations.length; version++) {
      const db = openDatabase(':memory:');
      migrate(db, migrations.slice(0, version));
      expect(migrate(db)).toEqual({ from: version, to: migrations.length });
      db.close();
    }
  });

  it('rolls a failed migration back, leaving the previous version intact', () => {
    const db = openDatabase(':memory:');
    const broken = [...migrations, 'CREATE TABLE half_done (id INTEGER); THIS IS NOT SQL;'];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tableSql(db).some((sql) => sql.includes('half_done'))).toBe(false);
    db.close();
  });

  it('refuses a database written by a newer build', () => {
    const db = openDatabase(':memory:');
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this build knows/);
    db.close();
  });

  it('creates a server row on first use and keeps its creation time', () => {
    const path = tempPath();
    const store = openStore(path);
    store.guilds.touch('200000000000000002', 1_000);
    store.guilds.touch('200000000000000002', 5_000);
    store.close();
    const reopened = openStore(path);
    expect(reopened.guilds.find('200000000000000002')).toEqual({ guildId: '200000000000000002', createdAtMs: 1_000, lastSeenMs: 5_000 });
    expect(reopened.guilds.count()).toBe(1);
    reopened.close();
  });
});
