import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/migrations.js';
import { parseCsv } from '../../src/features/server-data/core/csv.js';
import { createServerDataRepository, emptyCounts } from '../../src/features/server-data/repository.js';
import { createServerDataService } from '../../src/features/server-data/service.js';
import { UserError } from '../../src/platform/discord/user-error.js';
import type { SqliteDatabase } from '../../src/platform/store/database.js';
import { openStore, type Store } from '../../src/platform/store/store.js';
import { fixedClock, realCatalog } from '../fixtures/context.js';
import { noon, seed, seededCounts, serverA, serverB } from '../fixtures/server-rows.js';

/** Every table with a guild_id or group_id column, and how many of its rows belong to the server. */
function rowsPerTable(db: SqliteDatabase, guildId: string): Record<string, number> {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((column) => column.name);
    if (columns.includes('guild_id')) counts[name] = (db.prepare(`SELECT COUNT(*) AS n FROM "${name}" WHERE guild_id = ?`).get(guildId) as { n: number }).n;
    else if (columns.includes('group_id')) {
      counts[name] = (db.prepare(`SELECT COUNT(*) AS n FROM "${name}" WHERE group_id IN (SELECT group_id FROM study_groups WHERE guild_id = ?)`).get(guildId) as { n: number }).n;
    }
  }
  return counts;
}

function setup(): { store: Store; db: SqliteDatabase } {
  const store = openStore(':memory:', migrations);
  seed(store.database, serverA, 2);
  seed(store.database, serverB, 3);
  return { store, db: store.database };
}

describe('server data repository', () => {
  it("counts one server's rows in every table, not another's", () => {
    const { db } = setup();
    const repository = createServerDataRepository(db);
    expect(repository.counts(serverA)).toEqual(seededCounts(2));
    expect(repository.counts(serverB)).toEqual(seededCounts(3));
    expect(repository.counts('230000000000000003')).toEqual(emptyCounts());
  });

  it("reads one server's rows only, joined with their group's name", () => {
    const { db } = setup();
    const data = createServerDataRepository(db).read(serverA);
    expect(data.groups.map((group) => group.name)).toEqual(['Group 0', 'Group 1']);
    expect(data.groups[1]!.archivedAtMs).toBe(noon);
    expect(data.members).toHaveLength(6);
    expect(data.checkins[0]).toMatchObject({ groupName: 'Group 0', userId: '400', unit: 'chapter', value: 5, total: 24, raw: '5/24', note: '=HYPERLINK("x")' });
    expect(data.breaks).toHaveLength(6);
    expect(data.reminderOptOuts).toEqual(['401']);
    expect(data.spotlightSettings).toEqual({ roleId: null, configuredBy: '42' });
    expect(data.spotlightQueue.map((entry) => entry.position)).toEqual([1, 2]);
    expect(data.spotlightHistory.map((entry) => entry.weekKey)).toEqual(['2026-W41', '2026-W42']);
    expect(data.schedules.map((schedule) => schedule.kind)).toEqual(['spotlight', 'study-reminder']);
  });

  it('deletes every row of the server in every table that has a guild_id or group_id, and no other server’s', () => {
    const { store, db } = setup();
    const before = rowsPerTable(db, serverB);
    // The check covers tables added later too: each one with a guild_id or group_id column must be emptied.
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['guilds', 'study_groups', 'study_members', 'study_checkins', 'study_breaks', 'study_notify_off', 'spotlight_settings', 'spotlight_queue', 'spotlight_history', 'schedules', 'deliveries']));
    const service = createServerDataService({ store, catalog: realCatalog(), clock: fixedClock() });
    expect(service.forgetServer(serverA)).toEqual(seededCounts(2));
    const after = rowsPerTable(db, serverA);
    for (const [table, rows] of Object.entries(after)) expect(rows, table).toBe(0);
    expect(rowsPerTable(db, serverB)).toEqual(before);
    expect(service.counts(serverB)).toEqual(seededCounts(3));
    // Again: nothing left to delete.
    expect(service.forgetServer(serverA)).toEqual(emptyCounts());
  });

  it('deletes in one transaction: a failure part-way leaves every row in place', () => {
    const { store, db } = setup();
    db.exec(`CREATE TRIGGER refuse_guild_delete BEFORE DELETE ON guilds BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const before = rowsPerTable(db, serverA);
    const service = createServerDataService({ store, catalog: realCatalog(), clock: fixedClock() });
    expect(() => service.forgetServer(serverA)).toThrow(/disk trouble/);
    expect(rowsPerTable(db, serverA)).toEqual(before);
  });
});

describe('server data export', () => {
  it('exports CSV files as UTF-8 with their row counts', () => {
    const { store } = setup();
    const result = createServerDataService({ store, catalog: realCatalog(), clock: fixedClock(noon) }).exportServer(serverA);
    expect(result.atMs).toBe(noon);
    expect(result.files).toHaveLength(10);
    for (const file of result.files) {
      expect(file.contentType).toBe('text/csv; charset=utf-8');
      expect(parseCsv(file.data.toString('utf8'))).toHaveLength(file.rows + 1);
    }
    const checkins = result.files.find((file) => file.name === 'study-checkins.csv')!;
    expect(checkins.rows).toBe(6);
    expect(parseCsv(checkins.data.toString('utf8'))[1]!.at(-1)).toBe('\'=HYPERLINK("x")');
    const groups = parseCsv(result.files.find((file) => file.name === 'study-groups.csv')!.data.toString('utf8'));
    expect(groups[1]!.slice(2, 4)).toEqual(['fluent-python-2e', realCatalog().bookById('fluent-python-2e')!.title]);
  });

  it('refuses an export larger than Discord lets a bot attach, saying so', () => {
    const { store } = setup();
    const service = createServerDataService({ store, catalog: realCatalog(), clock: fixedClock(), sizeLimitBytes: 1000 });
    expect(() => service.exportServer(serverA)).toThrow(UserError);
    expect(() => service.exportServer(serverA)).toThrow(/more than the 0\.0 MiB Discord lets a bot attach/);
  });
});
