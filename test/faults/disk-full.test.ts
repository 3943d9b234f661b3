import { afterEach, describe, expect, it } from 'vitest';
import { storeRecoveryQuietMs } from '../../src/platform/store/store-health.js';
import type { Poster } from '../../src/platform/discord/poster.js';
import type { TickReport } from '../../src/platform/scheduling/runner.js';
import type { SqliteDatabase } from '../../src/platform/store/database.js';
import { fixedClock, type TestClock } from '../fixtures/context.js';
import {
  createFaultWorld,
  duePosts,
  expectExactlyOnce,
  mondayEvening,
  mondayRule,
  mondayWeek,
  outlastNonceWindow,
  postsIn,
  setUpByCommand,
  spotlightKind,
  startBot,
  statusField,
  sundayNoon,
  tallyPosts,
  writeSpotlights,
  type Bot,
  type FaultWorld,
  type Server,
} from './harness.js';

let world: FaultWorld | undefined;
let bots: Bot[] = [];

afterEach(async () => {
  for (const bot of bots) await bot.stop();
  bots = [];
  await world?.close();
  world = undefined;
});

const servers = 100;
const sendsBeforeDiskFull = 10;

/**
 * A full disk, for real: SQLite may not grow the file beyond the pages it has now (SQLITE_FULL). Writes that fit
 * in pages the file already has still succeed, as on a real disk with some space left in the file.
 */
function fillDisk(db: SqliteDatabase): void {
  // Pages the file already has but does not use (freed rows) are room too: take it up, as other files would.
  db.exec('CREATE TABLE IF NOT EXISTS disk_filler (bytes BLOB)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  for (const size of [4_000, 500, 50]) {
    try {
      for (;;) db.prepare('INSERT INTO disk_filler VALUES (randomblob(?))').run(size);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
    }
  }
}
function freeDisk(db: SqliteDatabase): void {
  db.pragma('max_page_count = 1073741823');
}

/** Passes sends through, and calls `after` once `count` of them went through. */
function hookAfterSends(rest: Poster, count: number, after: () => void): Poster {
  let sends = 0;
  return {
    async send(...args) {
      const result = await rest.send(...args);
      if (++sends === count) after();
      return result;
    },
    findMarked: (...args) => rest.findMarked(...args),
  };
}

interface DiskFullRun {
  bot: Bot;
  clock: TestClock;
  database: SqliteDatabase;
  /** The server set up with `/spotlight setup` (the others are written with the repositories). */
  admin: Server;
  report: TickReport;
}

/** 100 servers due at once; the disk fills up after the first 10 posts of the fan-out. */
async function fanOutUntilDiskFull(): Promise<DiskFullRun> {
  world = await createFaultWorld({ servers });
  const clock = fixedClock(sundayNoon);
  let diskFull = (): void => {};
  const bot = await startBot(world, { clock, wrap: (rest) => hookAfterSends(rest, sendsBeforeDiskFull, () => diskFull()) });
  bots.push(bot);
  const { database } = bot.app.ctx.store;
  diskFull = () => fillDisk(database);
  const admin = world.servers[0]!;
  await setUpByCommand(world, admin);
  writeSpotlights(bot.app.ctx.store, world.servers.slice(1), mondayRule, sundayNoon);
  clock.set(mondayEvening);
  const report = await bot.tick();
  return { bot, clock, database, admin, report };
}

const deliveryOf = (bot: Bot, server: Server) => bot.app.ctx.store.deliveries.find({ guildId: server.guildId, kind: spotlightKind, subjectId: '', weekKey: mondayWeek });

describe('scenario 5: the disk fills up during a fan-out', () => {
  it('keeps running, a command says why it cannot save, and once there is room everything is posted exactly once', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { bot, clock, database, report } = await fanOutUntilDiskFull();
      expect(report.ran).toBe(true);
      expect(bot.app.ctx.health.failure?.reason).toBe('the disk is full');
      // Mid fan-out: some posts went out and were recorded, some went out and could not be recorded, most could not
      // even be claimed (so they were not sent).
      const counts = bot.app.ctx.store.deliveries.countByStatus(spotlightKind);
      expect(counts.sent).toBeGreaterThanOrEqual(sendsBeforeDiskFull - 1);
      expect(counts.sent + counts.claimed).toBeLessThan(servers);
      const unrecorded = world!.servers.filter((server) => postsIn(world!.emulator, server.channelId).length > 0 && deliveryOf(bot, server)?.status === 'claimed');
      const unclaimed = world!.servers.filter((server) => !deliveryOf(bot, server));
      expect(unclaimed.length).toBeGreaterThan(0);

      // An admin of a server whose post is missing tries to post it now. A full disk still lets through writes
      // that fit in space a page already has (a finished delivery drops its stored messages, and a new claim may
      // land in that room), so the answer is one of two, never an error id: why nothing can be saved, and no
      // post; or the post, recorded, which the ticks below must then not repeat.
      fillDisk(database);
      const postNow = await world!.spotlight(unclaimed[0]!, 'post-now');
      expect(postNow.message?.content).not.toMatch(/error id/);
      if (/cannot write its database .*\(the disk is full\)/.test(postNow.message?.content ?? '')) {
        expect(postsIn(world!.emulator, unclaimed[0]!.channelId)).toEqual([]);
      } else {
        expect(postNow.message?.content).toMatch(/^📚 Posted this week's spotlight/);
        expect(postsIn(world!.emulator, unclaimed[0]!.channelId)).toHaveLength(1);
        expect(deliveryOf(bot, unclaimed[0]!)?.status).toBe('sent');
      }

      // Room again: the next ticks post what is left, and find (rather than repeat) the posts whose record was lost.
      freeDisk(database);
      await outlastNonceWindow(world!.emulator);
      const after = [await bot.tick()];
      while (after.length < 5 && bot.app.ctx.store.schedules.due(clock.now(), servers).length > 0) after.push(await bot.tick());
      expect(bot.app.ctx.store.schedules.due(clock.now(), servers)).toEqual([]);
      expect(after.reduce((sum, tick) => sum + tick.verified, 0)).toBe(unrecorded.length);
      // The failure stays visible until writes have worked for a quiet period (a full disk lets some through).
      clock.advance(storeRecoveryQuietMs);
      await bot.tick();
      expect(bot.app.ctx.health.failure).toBeNull();
      expect(bot.app.ctx.store.deliveries.countByStatus(spotlightKind)).toMatchObject({ sent: servers, claimed: 0 });

      expectExactlyOnce('5 disk full mid fan-out', tallyPosts(world!.emulator, bot.app.ctx.store, duePosts(world!.servers, [mondayWeek])));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('shows in /spotlight status that the database cannot be written while the fan-out cannot record its posts', async () => {
    const { bot, admin } = await fanOutUntilDiskFull();
    expect(bot.app.ctx.health.failure?.reason).toBe('the disk is full');
    expect(world!.servers.filter((server) => !deliveryOf(bot, server)).length).toBeGreaterThan(0);
    const status = await world!.spotlight(admin, 'status');
    expect(statusField(status, 'Database') ?? 'no Database field in status').toMatch(/cannot write its database .*\(the disk is full\)/);
  });
});
