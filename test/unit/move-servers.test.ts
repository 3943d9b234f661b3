import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { movedTables } from '../../src/features/server-data/move/moved-tables.js';
import { moveServers, MoveRefused } from '../../src/features/server-data/move/move-servers.js';
import { createServerDataRepository, emptyCounts } from '../../src/features/server-data/repository.js';
import { createStudyGroupRepository } from '../../src/features/study-groups/repository.js';
import { shardOfGuild } from '../../src/platform/discord/machine-shards.js';
import { migrations } from '../../src/migrations.js';
import { openStore, type Store } from '../../src/platform/store/store.js';
import { noon, seed, seededCounts } from '../fixtures/server-rows.js';

/** A server id on shard `shard` of 4 (Discord's formula: the id's timestamp bits, modulo the shard count). */
const serverOnShard = (shard: number, n: number): string => String(((1n << 40n) + BigInt(n * 4 + shard)) << 22n);
const [a0, a1, a2, a3] = [serverOnShard(0, 1), serverOnShard(1, 1), serverOnShard(2, 1), serverOnShard(3, 1)];
const b2 = serverOnShard(2, 2);

let folder = '';
const open: Store[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

function databases(): { from: string; to: string } {
  folder = mkdtempSync(join(tmpdir(), 'grimoire-move-'));
  return { from: join(folder, 'machine-a.db'), to: join(folder, 'machine-b.db') };
}

function withStore<T>(path: string, work: (store: Store) => T): T {
  const store = openStore(path, migrations);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

const countsOf = (path: string, guildId: string) => withStore(path, (store) => createServerDataRepository(store.database).counts(guildId));
const move = (from: string, to: string, extra: Partial<Parameters<typeof moveServers>[0]> = {}) =>
  moveServers({ fromPath: from, toPath: to, totalShards: 4, toShards: [2, 3], nowMs: noon, ...extra }, migrations);

describe('npm run move-servers: the servers that change machine, from one database to another', () => {
  it('covers every table that keeps a server\'s rows', () => {
    const store = openStore(':memory:', migrations);
    open.push(store);
    const tables = store.database.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    const perServer = tables
      .filter(({ name }) => store.database.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().some((column) => column.name === 'guild_id' || column.name === 'group_id'))
      .map(({ name }) => name)
      .sort();
    expect(movedTables.map((table) => table.name).sort()).toEqual(perServer);
  });

  it('moves exactly the servers of the target\'s shards, every row, renumbering ids the target already uses', () => {
    expect([a0, a1, a2, a3, b2].map((id) => shardOfGuild(id, 4))).toEqual([0, 1, 2, 3, 2]);
    const { from, to } = databases();
    withStore(from, (store) => [a0, a1, a2, a3].forEach((guildId, index) => seed(store.database, guildId, index + 1)));
    // The target machine already serves a server of its own, whose groups took ids 1 to 5; a2's are 4, 5 and 6.
    withStore(to, (store) => seed(store.database, b2, 5));
    const a2Groups = withStore(from, (store) => createServerDataRepository(store.database).read(a2).groups.map((group) => [group.groupId, group.name]));

    const summary = move(from, to);

    expect(summary.moved.sort()).toEqual([a2, a3].sort());
    expect(summary.alreadyThere).toEqual([]);
    expect(summary.renumbered.group).toBe(2);
    // Moved: in the target with every row, gone from the source. Kept: untouched on both sides.
    expect(countsOf(to, a2)).toEqual({ ...seededCounts(3), studyGroupMovedIds: 2 });
    expect(countsOf(to, a3)).toEqual(seededCounts(4));
    for (const guildId of [a2, a3]) expect(countsOf(from, guildId)).toEqual(emptyCounts());
    expect(countsOf(from, a0)).toEqual(seededCounts(1));
    expect(countsOf(from, a1)).toEqual(seededCounts(2));
    expect(countsOf(to, b2)).toEqual(seededCounts(5));

    withStore(to, (store) => {
      const db = store.database;
      const groups = createStudyGroupRepository(db);
      // A button posted before the move names the old id: it still reaches the same group, in this server only.
      for (const [oldId, name] of a2Groups) expect(groups.find(a2, Number(oldId))?.name).toBe(name);
      expect(groups.find(b2, 1)?.name).toBe('Group 0');
      // References follow the new ids: the reminder's schedule, the event's timed task, the poll's group.
      const reminder = db.prepare<[string], { subject_id: string }>("SELECT subject_id FROM schedules WHERE guild_id = ? AND kind = 'study-reminder'").get(a2)!;
      expect(groups.find(a2, Number(reminder.subject_id))?.name).toBe('Group 0');
      const orphans = db
        .prepare<[], { n: number }>(
          `SELECT COUNT(*) AS n FROM timed_tasks t WHERE kind = 'study-event-move' AND NOT EXISTS (SELECT 1 FROM study_groups g WHERE g.group_id = CAST(t.subject_id AS INTEGER) AND g.guild_id = t.guild_id)`,
        )
        .get()!;
      expect(orphans.n).toBe(0);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
  });

  it('changes nothing on a dry run', () => {
    const { from, to } = databases();
    withStore(from, (store) => seed(store.database, a2, 2));
    const summary = move(from, to, { dryRun: true });
    expect(summary).toMatchObject({ moved: [a2], dryRun: true });
    expect(summary.rows.study_checkins).toBe(6);
    expect(countsOf(from, a2)).toEqual(seededCounts(2));
    expect(countsOf(to, a2)).toEqual(emptyCounts());
  });

  it('finishes a move cut short after the target committed: no row twice, none lost', () => {
    const { from, to } = databases();
    withStore(from, (store) => [a1, a2].forEach((guildId) => seed(store.database, guildId, 2)));
    // The source as it was before the move, as if its delete had never committed.
    const before = join(folder, 'before.db');
    withStore(from, (store) => store.database.exec(`VACUUM INTO '${before}'`));
    move(from, to);
    copyFileSync(before, from);

    const again = move(from, to);
    expect(again).toMatchObject({ moved: [], alreadyThere: [a2] });
    expect(countsOf(to, a2)).toEqual(seededCounts(2));
    expect(countsOf(from, a2)).toEqual(emptyCounts());
    expect(countsOf(from, a1)).toEqual(seededCounts(2));
  });

  it('refuses while a bot runs on either database, or when the target has other rows for a moved server', () => {
    const { from, to } = databases();
    withStore(from, (store) => seed(store.database, a2, 2));
    withStore(to, (store) => store.leases.tryAcquire('scheduler', 'machine-b:4242', noon, 60_000));
    expect(() => move(from, to)).toThrow(/machine-b:4242 holds its scheduler lease/);
    expect(() => move(from, to, { nowMs: noon + 60_001 })).not.toThrow(MoveRefused);

    const { from: from2, to: to2 } = databases();
    withStore(from2, (store) => seed(store.database, a2, 2));
    withStore(to2, (store) => seed(store.database, a2, 1));
    expect(() => move(from2, to2)).toThrow(/already has rows/);
    expect(countsOf(from2, a2)).toEqual(seededCounts(2));
    expect(countsOf(to2, a2)).toEqual(seededCounts(1));
    expect(() => move(from2, from2)).toThrow(/same database/);
  });

  it('refuses a server with a post in flight, until the old machine has settled it', () => {
    const { from, to } = databases();
    withStore(from, (store) => {
      seed(store.database, a2, 1);
      store.database.prepare("UPDATE deliveries SET status = 'claimed' WHERE guild_id = ?").run(a2);
    });
    expect(() => move(from, to)).toThrow(/post in flight/);
    expect(countsOf(from, a2)).toEqual(seededCounts(1));
  });
});
