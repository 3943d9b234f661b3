import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/migrations.js';
import { parseCsv } from '../../src/features/server-data/core/csv.js';
import { createServerDataRepository, emptyCounts, type ServerDataCounts } from '../../src/features/server-data/repository.js';
import { createServerDataService } from '../../src/features/server-data/service.js';
import { UserError } from '../../src/platform/discord/user-error.js';
import type { SqliteDatabase } from '../../src/platform/store/database.js';
import { openStore, type Store } from '../../src/platform/store/store.js';
import { fixedClock, realCatalog } from '../fixtures/context.js';

const serverA = '210000000000000001';
const serverB = '220000000000000002';
const noon = Date.UTC(2026, 10, 22, 12, 0);

/** Rows in every table the bot keeps for a server; `n` varies the amounts so the servers differ. */
function seed(db: SqliteDatabase, guildId: string, n: number): void {
  db.prepare('INSERT INTO guilds (guild_id, created_at_ms, last_seen_ms) VALUES (?, ?, ?)').run(guildId, noon, noon);
  const group = db.prepare(
    `INSERT INTO study_groups (guild_id, name, name_key, book_id, owner_id, target_unit, target_amount, created_at_ms, archived_at_ms)
     VALUES (?, ?, ?, 'fluent-python-2e', '42', 'chapter', 2, ?, ?) RETURNING group_id`,
  );
  for (let g = 0; g < n; g++) {
    const { group_id: groupId } = group.get(guildId, `Group ${g}`, `group ${g}`, noon, g === 0 ? null : noon) as { group_id: number };
    db.prepare("INSERT INTO study_plans (group_id, start_week_key, end_week_key, set_by, set_at_ms) VALUES (?, '2026-W47', '2027-W04', '42', ?)").run(groupId, noon);
    db.prepare("INSERT INTO study_events (group_id, event_id, place_kind, location, duration_minutes, created_by, created_at_ms) VALUES (?, ?, 'external', 'Library', 60, '42', ?)").run(groupId, `9${groupId}`, noon);
    db.prepare("INSERT INTO study_read_books (group_id, book_id, until_ms) VALUES (?, 'serious-python', ?)").run(groupId, noon);
    db.prepare(
      `INSERT INTO book_polls (guild_id, purpose, group_id, channel_id, message_id, started_by, answers, expires_at_ms, state, created_at_ms)
       VALUES (?, 'study', ?, '300', ?, '42', '[]', ?, 'announced', ?)`,
    ).run(guildId, groupId, `8${groupId}`, noon, noon);
    db.prepare("INSERT INTO timed_tasks (guild_id, kind, subject_id, due_ms, created_at_ms) VALUES (?, 'study-event-move', ?, ?, ?)").run(guildId, String(groupId), noon, noon);
    for (let m = 0; m <= n; m++) {
      const userId = String(400 + m);
      db.prepare('INSERT INTO study_members (group_id, user_id, joined_at_ms) VALUES (?, ?, ?)').run(groupId, userId, noon);
      db.prepare(
        `INSERT INTO study_checkins (group_id, user_id, at_ms, week_key, unit, value, total, raw, note)
         VALUES (?, ?, ?, '2026-W47', 'chapter', 5, 24, '5/24', '=HYPERLINK("x")')`,
      ).run(groupId, userId, noon + m);
      db.prepare("INSERT INTO study_breaks (group_id, user_id, week_key) VALUES (?, ?, '2026-W48')").run(groupId, userId);
    }
  }
  db.prepare("INSERT INTO study_notify_off (guild_id, user_id) VALUES (?, '401')").run(guildId);
  db.prepare("INSERT INTO spotlight_settings (guild_id, role_id, configured_by) VALUES (?, NULL, '42')").run(guildId);
  for (let i = 1; i <= n; i++) {
    db.prepare("INSERT INTO spotlight_queue (guild_id, position, book_id, queued_by, queued_at_ms) VALUES (?, ?, 'fluent-python-2e', '42', ?)").run(guildId, i, noon);
    db.prepare("INSERT INTO spotlight_history (guild_id, sequence, book_id, outcome, week_key, at_ms) VALUES (?, ?, 'fluent-python-2e', 'posted', ?, ?)").run(guildId, i, `2026-W${40 + i}`, noon);
  }
  const schedule = db.prepare(
    `INSERT INTO schedules (guild_id, kind, subject_id, channel_id, weekday, local_time, time_zone, next_due_ms, created_at_ms, updated_at_ms)
     VALUES (?, ?, ?, '300', 1, '18:30', 'Europe/Berlin', ?, ?, ?)`,
  );
  schedule.run(guildId, 'spotlight', '', noon, noon, noon);
  schedule.run(guildId, 'study-reminder', '1', noon, noon, noon);
  for (let i = 0; i < n; i++) {
    db.prepare(
      `INSERT INTO deliveries (guild_id, kind, subject_id, week_key, due_ms, channel_id, status, nonce, claimed_at_ms)
       VALUES (?, 'spotlight', '', ?, ?, '300', 'sent', ?, ?)`,
    ).run(guildId, `2026-W${40 + i}`, noon, `nonce-${guildId}-${i}`, noon);
  }
}

/** The counts `seed(…, n)` produces. */
function seededCounts(n: number): ServerDataCounts {
  return {
    studyGroups: n,
    studyMembers: n * (n + 1),
    studyCheckins: n * (n + 1),
    studyBreaks: n * (n + 1),
    studyPlans: n,
    studyEvents: n,
    studyReadBooks: n,
    bookPolls: n,
    reminderOptOuts: 1,
    spotlightSettings: 1,
    spotlightQueue: n,
    spotlightHistory: n,
    schedules: 2,
    deliveries: n,
    timedTasks: n,
  };
}

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
