import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/store/database.js';
import { migrations } from '../../src/migrations.js';
import { migrate, schemaVersion } from '../../src/platform/store/migrate.js';
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
  it('creates folders and opens the file with WAL, foreign keys and a busy timeout for start-up', () => {
    const db = openDatabase(tempPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('once migrated and serving, never waits on a lock (busy_timeout 0) and counts its writes', () => {
    const store = openStore(tempPath(), migrations);
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(0);
    const before = store.writesSoFar();
    store.guilds.touch('123456789012345678', 1);
    expect(store.writesSoFar()).toBe(before + 1);
    store.close();
  });

  it('migrates an empty file to the latest version', () => {
    const db = openDatabase(tempPath());
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, migrations)).toEqual({ from: 0, to: migrations.length });
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tableSql(db).some((sql) => sql.includes('CREATE TABLE guilds'))).toBe(true);
    db.close();
  });

  it('changes nothing when migrations run again, also after reopening', () => {
    const path = tempPath();
    const first = openDatabase(path);
    migrate(first, migrations);
    const before = tableSql(first);
    first.close();
    const again = openDatabase(path);
    expect(migrate(again, migrations)).toEqual({ from: migrations.length, to: migrations.length });
    expect(tableSql(again)).toEqual(before);
    again.close();
  });

  it('migrates from every earlier version', () => {
    for (let version = 0; version < migrations.length; version++) {
      const db = openDatabase(':memory:');
      migrate(db, migrations.slice(0, version));
      expect(migrate(db, migrations)).toEqual({ from: version, to: migrations.length });
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

  it('gives weekly events made before timed tasks existed their DST move (migration 9), due at once', () => {
    const db = openDatabase(tempPath());
    migrate(db, migrations.slice(0, 8));
    db.prepare("INSERT INTO guilds (guild_id, created_at_ms, last_seen_ms) VALUES ('7', 0, 0)").run();
    const group = db.prepare("INSERT INTO study_groups (guild_id, name, name_key, book_id, owner_id, created_at_ms) VALUES ('7', ?, ?, 'fluent-python-2e', '1', 0) RETURNING group_id");
    const live = (group.get('Live', 'live') as { group_id: number }).group_id;
    const gone = (group.get('Gone', 'gone') as { group_id: number }).group_id;
    const event = db.prepare("INSERT INTO study_events (group_id, event_id, place_kind, location, duration_minutes, state, created_by, created_at_ms) VALUES (?, ?, 'external', 'Library', 60, ?, '1', 0)");
    event.run(live, '91', 'live');
    event.run(gone, '92', 'deleted');
    migrate(db, migrations);
    expect(db.prepare('SELECT guild_id, kind, subject_id, due_ms FROM timed_tasks').all()).toEqual([{ guild_id: '7', kind: 'study-event-move', subject_id: String(live), due_ms: 0 }]);
    db.close();
  });

  it('refuses a database written by a newer build', () => {
    const db = openDatabase(':memory:');
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db, migrations)).toThrow(/newer than this build knows/);
    db.close();
  });

  it('creates a server row on first use and keeps its creation time', () => {
    const path = tempPath();
    const store = openStore(path, migrations);
    store.guilds.touch('200000000000000002', 1_000);
    store.guilds.touch('200000000000000002', 5_000);
    store.close();
    const reopened = openStore(path, migrations);
    expect(reopened.guilds.find('200000000000000002')).toEqual({ guildId: '200000000000000002', createdAtMs: 1_000, lastSeenMs: 5_000 });
    expect(reopened.guilds.count()).toBe(1);
    reopened.close();
  });
});

describe('migration 3: job kinds checked in code', () => {
  /** A database exactly as the previous release left it (schema version 2), with a schedule and its deliveries. */
  function databaseAtVersion2(path: string) {
    const db = openDatabase(path);
    migrate(db, migrations.slice(0, 2));
    db.prepare("INSERT INTO guilds VALUES ('200000000000000002', 1, 2)").run();
    db.prepare(
      `INSERT INTO schedules (schedule_id, guild_id, kind, subject_id, channel_id, weekday, local_time, time_zone, next_due_ms, paused_reason, paused_at_ms, retry_at_ms, created_at_ms, updated_at_ms)
       VALUES (7, '200000000000000002', 'spotlight', '', '300000000000000003', 1, '18:30', 'Europe/Berlin', 1800000000000, 'paused by <@4>', 5, NULL, 1, 6)`,
    ).run();
    const delivery = db.prepare(
      `INSERT INTO deliveries (guild_id, kind, subject_id, week_key, due_ms, channel_id, status, payload_ref, nonce, attempts, message_id, last_error, claimed_at_ms, finished_at_ms)
       VALUES ('200000000000000002', 'spotlight', '', ?, 10, '300000000000000003', ?, 'fluent-python', ?, ?, ?, ?, 11, ?)`,
    );
    delivery.run('2026-W47', 'sent', 'gAAA', 0, '900000000000000001', null, 12);
    delivery.run('2026-W48', 'failed', 'gBBB', 6, null, 'gave up after 6 attempts', 13);
    delivery.run('2026-W49', 'claimed', 'gCCC', 1, null, 'Discord error HTTP 502', null);
    db.prepare("INSERT INTO spotlight_history VALUES ('200000000000000002', 1, 'fluent-python', 'posted', '2026-W47', 12)").run();
    db.close();
  }

  it('keeps every schedule and delivery of a version-2 database, field for field', () => {
    const path = tempPath();
    databaseAtVersion2(path);
    const before = openDatabase(path);
    const schedulesBefore = before.prepare('SELECT * FROM schedules').all();
    const deliveriesBefore = before.prepare('SELECT * FROM deliveries ORDER BY week_key').all() as Record<string, unknown>[];
    before.close();

    const store = openStore(path, migrations);
    expect(schemaVersion(store.database)).toBe(migrations.length);
    expect(store.database.prepare('SELECT * FROM schedules').all()).toEqual(schedulesBefore);
    // A claim an earlier build left may have been posted: it is marked as attempted, so it is verified before any re-send.
    expect(store.database.prepare('SELECT * FROM deliveries ORDER BY week_key').all()).toEqual(
      deliveriesBefore.map((row) => ({ ...row, reason: null, attempt_wall_ms: row.status === 'claimed' ? row.claimed_at_ms : null, messages_json: null })),
    );
    expect(store.schedules.find('200000000000000002', 'spotlight')).toMatchObject({ scheduleId: 7, pausedReason: 'paused by <@4>', rule: { hour: 18, minute: 30 } });
    expect(store.deliveries.find({ guildId: '200000000000000002', kind: 'spotlight', subjectId: '', weekKey: '2026-W49' })).toMatchObject({ status: 'claimed', attempts: 1, nonce: 'gCCC' });
    expect(store.database.prepare('SELECT COUNT(*) AS n FROM spotlight_history').get()).toEqual({ n: 1 });
    expect(store.database.pragma('foreign_key_check')).toEqual([]);
    store.close();
  });

  it('accepts a kind the database has never seen, and a skipped delivery', () => {
    const store = openStore(':memory:', migrations);
    store.guilds.touch('200000000000000002', 1);
    const rule = { weekday: 3, hour: 9, minute: 0, timeZone: 'Asia/Kolkata' };
    const saved = store.schedules.save({ guildId: '200000000000000002', kind: 'study-reminder', subjectId: 'group-1', channelId: '3', rule, nextDueMs: 50 }, 1);
    expect(store.schedules.due(50, 10)).toEqual([saved]);
    const key = { guildId: '200000000000000002', kind: 'study-reminder', subjectId: 'group-1', weekKey: '2026-W48' };
    store.deliveries.claim(key, { dueMs: 50, channelId: '3', payloadRef: null, nonce: 'gX' }, 50);
    store.deliveries.markSkipped(key, 'everyone has checked in', 51);
    expect(store.deliveries.find(key)).toMatchObject({ status: 'skipped', reason: 'everyone has checked in', finishedAtMs: 51 });
    expect(store.deliveries.countByStatus('study-reminder')).toMatchObject({ skipped: 1, claimed: 0 });
    // Only the job list decides which kinds exist; the database still refuses an empty one.
    expect(() => store.schedules.save({ guildId: '200000000000000002', kind: '', channelId: '3', rule, nextDueMs: 50 }, 1)).toThrow(/CHECK/);
    store.close();
  });
});

describe('migration 5: a delivery keeps the messages of its first attempt', () => {
  const key = { guildId: '200000000000000002', kind: 'study-reminder', subjectId: '1', weekKey: '2026-W48' };
  const message = (content: string) => ({ content, allowed_mentions: { parse: [] as [] } });

  it('leaves a claim of an earlier build as it was, without messages (so it is composed again)', () => {
    const path = tempPath();
    const db = openDatabase(path);
    migrate(db, migrations.slice(0, 4));
    db.prepare("INSERT INTO guilds VALUES ('200000000000000002', 1, 2)").run();
    db.prepare(
      `INSERT INTO deliveries (guild_id, kind, subject_id, week_key, due_ms, channel_id, status, nonce, claimed_at_ms, attempt_wall_ms)
       VALUES ('200000000000000002', 'study-reminder', '1', '2026-W48', 10, '3', 'claimed', 'gA', 11, 12)`,
    ).run();
    db.close();
    const store = openStore(path, migrations);
    expect(store.deliveries.find(key)).toMatchObject({ status: 'claimed', attemptWallMs: 12, messages: null });
    store.close();
  });

  it('stores them with the first attempt only, and forgets them once the delivery ends', () => {
    const store = openStore(':memory:', migrations);
    store.guilds.touch(key.guildId, 1);
    store.deliveries.claim(key, { dueMs: 50, channelId: '3', payloadRef: null, nonce: 'gX' }, 50);
    store.deliveries.markAttemptStarted(key, 60, [message('one'), message('two')]);
    store.deliveries.markAttemptStarted(key, 70, [message('other')]);
    expect(store.deliveries.find(key)).toMatchObject({ attemptWallMs: 60, messages: [message('one'), message('two')] });
    store.deliveries.markSent(key, '9', 80);
    expect(store.deliveries.find(key)).toMatchObject({ status: 'sent', messages: null });
    store.close();
  });
});
