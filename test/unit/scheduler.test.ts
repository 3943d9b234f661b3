import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import type { Poster } from '../../src/platform/discord/poster.js';
import { messageProblems } from '../../src/platform/discord/limits.js';
import { createSpotlightJob } from '../../src/features/spotlight/job.js';
import { spotlightMessage } from '../../src/features/spotlight/rotation-state.js';
import { silentLogger } from '../../src/platform/logger.js';
import { maxAttemptsPerOccurrence } from '../../src/platform/scheduling/core/due-plan.js';
import { createSchedulerRunner } from '../../src/platform/scheduling/runner.js';
import { nextDueInstant, type WeeklyRule } from '../../src/core/weekly-rule.js';
import { openStore, type Store } from '../../src/platform/store/store.js';
import { fixedClock, realCatalog, recordingPoster, type TestClock } from '../fixtures/context.js';

const hour = 3_600_000;
const day = 24 * hour;
const guildId = '200000000000000002';
const channelId = '300000000000000003';
const rule: WeeklyRule = { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' };
const catalog = realCatalog();

function world(poster: Poster = recordingPoster(), store: Store = openStore(':memory:'), clock: TestClock = fixedClock()) {
  const runner = createSchedulerRunner({ store, clock, log: silentLogger, poster, jobs: [createSpotlightJob(store, catalog)] });
  return { store, clock, runner, poster };
}

function setUp(store: Store, clock: TestClock, roleId: string | null = null, guild = guildId, channel = channelId): number {
  store.guilds.touch(guild, clock.now());
  const nextDueMs = nextDueInstant(rule, clock.now());
  store.schedules.save({ guildId: guild, kind: 'spotlight', channelId: channel, rule, nextDueMs }, clock.now());
  store.spotlight.saveSettings({ guildId: guild, roleId, configuredBy: '400000000000000004' });
  return nextDueMs;
}

const failingPoster = (error: () => unknown): Poster & { calls: number } => {
  const poster = {
    calls: 0,
    async send(): Promise<{ messageId: string }> {
      poster.calls++;
      throw error();
    },
  };
  return poster;
};

const apiError = (code: number, status: number) => new DiscordAPIError({ code, message: 'x' }, code, status, 'POST', '/channels/3/messages', {});

describe('scheduler: on time, exactly once', () => {
  it('posts once when due, then waits for next week', async () => {
    const { store, clock, runner, poster } = world();
    const due = setUp(store, clock);
    clock.set(due - 60_000);
    expect((await runner.tick()).sent).toBe(0);
    clock.set(due);
    expect(await runner.tick()).toMatchObject({ ran: true, due: 1, sent: 1 });
    await runner.tick();
    clock.advance(30 * 60_000);
    await runner.tick();
    const sent = (poster as ReturnType<typeof recordingPoster>).sent;
    expect(sent).toHaveLength(1);
    expect(sent[0]!.channelId).toBe(channelId);
    expect(sent[0]!.nonce.length).toBeLessThanOrEqual(25);
    expect(store.schedules.find(guildId, 'spotlight')!.nextDueMs).toBe(nextDueInstant(rule, due));
    expect(store.deliveries.countByStatus('spotlight')).toMatchObject({ sent: 1, claimed: 0 });
  });

  it('posts a different book each week until every book had its turn', async () => {
    const { store, clock, runner, poster } = world();
    setUp(store, clock);
    for (let week = 0; week < catalog.books.length; week++) {
      clock.set(store.schedules.earliestDue()!);
      await runner.tick();
    }
    const books = (poster as ReturnType<typeof recordingPoster>).sent.map((s) => s.body.embeds?.[0]?.title);
    expect(new Set(books).size).toBe(catalog.books.length);
  });

  it('keeps every post within Discord limits, and pings nobody unless a role opted in', async () => {
    const store = openStore(':memory:');
    for (const book of catalog.books) {
      const message = spotlightMessage(store, catalog, guildId, book, '2026-W48');
      expect(messageProblems(message), book.id).toEqual([]);
    }
    const { clock, runner, poster } = world(recordingPoster(), store);
    const due = setUp(store, clock);
    clock.set(due);
    await runner.tick();
    const first = (poster as ReturnType<typeof recordingPoster>).sent[0]!.body;
    expect(first.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(first.content).not.toContain('<@&');

    const withRole = world();
    const roleDue = setUp(withRole.store, withRole.clock, '500000000000000005');
    withRole.clock.set(roleDue);
    await withRole.runner.tick();
    const pinged = (withRole.poster as ReturnType<typeof recordingPoster>).sent[0]!.body;
    expect(pinged.allowed_mentions).toEqual({ parse: [], roles: ['500000000000000005'] });
    expect(pinged.content).toMatch(/^<@&500000000000000005> 📚 \*\*Weekly spotlight: /);
  });

  it('sends the same book with the same nonce when a send is retried', async () => {
    let fail = true;
    const recorder = recordingPoster();
    const flaky: Poster = {
      async send(...args) {
        if (fail) throw new HTTPError(502, 'Bad Gateway', 'POST', '/channels/3/messages', {});
        return recorder.send(...args);
      },
    };
    const { store, clock, runner } = world(flaky);
    const due = setUp(store, clock);
    clock.set(due);
    await runner.tick();
    const claimed = store.deliveries.find({ guildId, kind: 'spotlight', subjectId: '', weekKey: '2026-W48' })!;
    expect(claimed).toMatchObject({ status: 'claimed', attempts: 1 });
    fail = false;
    clock.advance(2 * 60_000);
    await runner.tick();
    expect(recorder.sent).toHaveLength(1);
    expect(recorder.sent[0]!.nonce).toBe(claimed.nonce);
    expect(store.deliveries.find(claimed)).toMatchObject({ status: 'sent', payloadRef: claimed.payloadRef });
  });

  it('never runs two ticks at once, and only the lease holder runs', async () => {
    let release!: () => void;
    const slow: Poster = { send: () => new Promise((resolve) => (release = () => resolve({ messageId: '1' }))) };
    const { store, clock, runner } = world(slow);
    const due = setUp(store, clock);
    clock.set(due);
    const first = runner.tick();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await runner.tick()).toMatchObject({ ran: false });
    const other = createSchedulerRunner({ store, clock, log: silentLogger, poster: recordingPoster(), jobs: [createSpotlightJob(store, catalog)], holderId: 'other-process' });
    expect(await other.tick()).toMatchObject({ ran: false });
    release();
    expect(await first).toMatchObject({ ran: true, sent: 1 });
  });
});

describe('scheduler: changes during a long tick', () => {
  it('does not post to a server whose admin paused it after the tick began', async () => {
    const recorder = recordingPoster();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const poster: Poster = {
      async send(...args) {
        await gate;
        return recorder.send(...args);
      },
    };
    const store = openStore(':memory:');
    const clock = fixedClock();
    const runner = createSchedulerRunner({ store, clock, log: silentLogger, poster, jobs: [createSpotlightJob(store, catalog)], concurrency: 1 });
    const due = setUp(store, clock, null, '200000000000000020', '300000000000000020');
    setUp(store, clock, null, '200000000000000021', '300000000000000021');
    clock.set(due);
    const tick = runner.tick();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = store.schedules.find('200000000000000021', 'spotlight')!;
    store.schedules.pause(second.scheduleId, 'paused by an admin', clock.now());
    release();
    expect(await tick).toMatchObject({ due: 2, sent: 1 });
    expect(recorder.sent.map((s) => s.channelId)).toEqual(['300000000000000020']);
  });
});

describe('scheduler: downtime', () => {
  it('posts once, late, after 3 hours of downtime', async () => {
    const { store, clock, runner, poster } = world();
    const due = setUp(store, clock);
    clock.set(due + 3 * hour);
    expect(await runner.tick()).toMatchObject({ sent: 1, missed: 0 });
    await runner.tick();
    expect((poster as ReturnType<typeof recordingPoster>).sent).toHaveLength(1);
    // The schedule keeps its rhythm: next week at the usual time, not 3 hours later.
    expect(store.schedules.find(guildId, 'spotlight')!.nextDueMs).toBe(due + 7 * day);
  });

  it('skips and records a post missed during 3 days of downtime, then posts next week on time', async () => {
    const { store, clock, runner, poster } = world();
    const due = setUp(store, clock);
    clock.set(due + 3 * day);
    expect(await runner.tick()).toMatchObject({ sent: 0, missed: 1 });
    expect(store.deliveries.find({ guildId, kind: 'spotlight', subjectId: '', weekKey: '2026-W48' })?.status).toBe('missed');
    const next = store.schedules.find(guildId, 'spotlight')!.nextDueMs;
    expect(next).toBe(nextDueInstant(rule, due));
    clock.set(next);
    await runner.tick();
    expect((poster as ReturnType<typeof recordingPoster>).sent).toHaveLength(1);
  });

  it('never bursts old posts after a long outage', async () => {
    const { store, clock, runner, poster } = world();
    const due = setUp(store, clock);
    clock.set(due + 60 * day);
    const report = await runner.tick();
    expect(report.sent).toBeLessThanOrEqual(1);
    expect(report.missed).toBeGreaterThanOrEqual(8);
    expect((poster as ReturnType<typeof recordingPoster>).sent.length).toBeLessThanOrEqual(1);
  });
});

describe('scheduler: failures', () => {
  it.each([
    [10003, 404, /channel was deleted/],
    [10004, 404, /no longer in this server/],
    [50001, 403, /cannot see the channel/],
    [50013, 403, /missing Send Messages or Embed Links/],
  ])('pauses on %i with the reason, and sends nothing more', async (code, status, reason) => {
    const poster = failingPoster(() => apiError(code, status));
    const { store, clock, runner } = world(poster);
    const due = setUp(store, clock);
    clock.set(due);
    expect(await runner.tick()).toMatchObject({ paused: 1 });
    const schedule = store.schedules.find(guildId, 'spotlight')!;
    expect(schedule.pausedReason).toMatch(reason);
    clock.advance(8 * day);
    await runner.tick();
    expect(poster.calls).toBe(1);
  });

  it('retries 5xx and network errors on later ticks with backoff, then gives up for the week', async () => {
    const poster = failingPoster(() => new HTTPError(500, 'Internal Server Error', 'POST', '/channels/3/messages', {}));
    const { store, clock, runner } = world(poster);
    const due = setUp(store, clock);
    clock.set(due);
    await runner.tick();
    const schedule = store.schedules.find(guildId, 'spotlight')!;
    expect(schedule.retryAtMs).toBe(due + 60_000);
    // Before the retry time nothing is attempted.
    clock.set(due + 30_000);
    await runner.tick();
    expect(poster.calls).toBe(1);
    for (let i = 0; i < 10; i++) {
      const retryAt = store.schedules.find(guildId, 'spotlight')!.retryAtMs;
      if (retryAt === null) break;
      clock.set(retryAt);
      await runner.tick();
    }
    expect(poster.calls).toBe(maxAttemptsPerOccurrence);
    expect(store.deliveries.find({ guildId, kind: 'spotlight', subjectId: '', weekKey: '2026-W48' })).toMatchObject({ status: 'failed' });
    const after = store.schedules.find(guildId, 'spotlight')!;
    expect(after).toMatchObject({ pausedReason: null, retryAtMs: null, nextDueMs: nextDueInstant(rule, due) });
  });

  it('pauses every schedule of a server the bot was removed from', () => {
    const { store, clock } = world();
    setUp(store, clock);
    expect(store.schedules.pauseGuild(guildId, 'Grimoire was removed from this server', clock.now())).toBe(1);
    expect(store.schedules.due(clock.now() + 30 * day, 10)).toEqual([]);
  });

  it('keeps serving other servers when one fails', async () => {
    const recorder = recordingPoster();
    const poster: Poster = {
      async send(channel, body, nonce) {
        if (channel === 'broken-channel') throw apiError(10003, 404);
        return recorder.send(channel, body, nonce);
      },
    };
    const { store, clock, runner } = world(poster);
    setUp(store, clock, null, '200000000000000010', 'broken-channel');
    const due = setUp(store, clock, null, '200000000000000011', '300000000000000011');
    clock.set(due);
    expect(await runner.tick()).toMatchObject({ sent: 1, paused: 1 });
    expect(recorder.sent.map((s) => s.channelId)).toEqual(['300000000000000011']);
  });
});
