import { migrations } from '../../src/migrations.js';
import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { ButtonStyle, ComponentType, PermissionFlagsBits } from 'discord-api-types/v10';
import { markersIn } from '../../src/platform/discord/message-marker.js';
import { describe, expect, it } from 'vitest';
import type { Poster } from '../../src/platform/discord/poster.js';
import type { MessageBody } from '../../src/platform/discord/reply.js';
import { spotlightPostReply } from '../../src/features/spotlight/presenters/post.js';
import { createSpotlightRepository } from '../../src/features/spotlight/repository.js';
import { createJobs } from '../../src/jobs.js';
import type { ScheduledJob } from '../../src/platform/scheduling/job.js';
import { silentLogger } from '../../src/platform/logger.js';
import { maxAttemptsPerOccurrence } from '../../src/platform/scheduling/core/due-plan.js';
import { createSchedulerRunner } from '../../src/platform/scheduling/runner.js';
import { nextDueInstant, type WeeklyRule } from '../../src/core/weekly-rule.js';
import { openStore, type Store } from '../../src/platform/store/store.js';
import { fakeDiscord, fixedClock, realCatalog, recordingPoster, type TestClock } from '../fixtures/context.js';
import { createStoreHealth, storeRecoveryQuietMs } from '../../src/platform/store/store-health.js';
import { sendProblems, spotlightTitle, textOf } from '../fixtures/layout.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';

const hour = 3_600_000;
const day = 24 * hour;
const guildId = '200000000000000002';
const channelId = '300000000000000003';
const rule: WeeklyRule = { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' };
const catalog = realCatalog();
/** What the runner needs of the platform besides the store: Discord's permissions (all granted) and the database's health. */
const platform = () => ({ discord: fakeDiscord(), health: createStoreHealth(fixedClock()) });

/** The app's job list, over this store. */
const jobsFor = (store: Store): ScheduledJob[] => createJobs({ catalog, store });

function world(poster: Poster = recordingPoster(), store: Store = openStore(':memory:', migrations), clock: TestClock = fixedClock()) {
  const runner = createSchedulerRunner({ ...platform(), store, clock, log: silentLogger, poster, jobs: jobsFor(store) });
  return { store, clock, runner, poster };
}

/** A poster that holds every send until released, and says when the first one has started. */
function gatedPoster(inner: Poster = recordingPoster()): Poster & { started: Promise<void>; release(): void } {
  let started!: () => void;
  let release!: () => void;
  const startedSignal = new Promise<void>((resolve) => (started = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    started: startedSignal,
    release: () => release(),
    async send(...args) {
      started();
      await gate;
      return inner.send(...args);
    },
    findMarked: (...args) => inner.findMarked(...args),
  };
}

function setUp(store: Store, clock: TestClock, roleId: string | null = null, guild = guildId, channel = channelId): number {
  store.guilds.touch(guild, clock.now());
  const nextDueMs = nextDueInstant(rule, clock.now());
  store.schedules.save({ guildId: guild, kind: 'spotlight', channelId: channel, rule, nextDueMs }, clock.now());
  createSpotlightRepository(store.database).saveSettings({ guildId: guild, roleId, configuredBy: '400000000000000004' });
  return nextDueMs;
}

const failingPoster = (error: () => unknown): Poster & { calls: number } => {
  const poster = {
    calls: 0,
    async send(): Promise<{ messageId: string }> {
      poster.calls++;
      throw error();
    },
    // Nothing ever reached this channel.
    findMarked: async () => ({ found: new Map<string, string>(), complete: true, reads: 1 }),
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
    const books = (poster as ReturnType<typeof recordingPoster>).sent.map((s) => spotlightTitle(s.body));
    expect(new Set(books).size).toBe(catalog.books.length);
  });

  it('keeps every post within Discord limits, and pings nobody unless a role opted in', async () => {
    const store = openStore(':memory:', migrations);
    for (const book of catalog.books) {
      const message = toMessageBody(spotlightPostReply(catalog, book, '2026-W48', null));
      expect(sendProblems(message), book.id).toEqual([]);
    }
    const { clock, runner, poster } = world(recordingPoster(), store);
    const due = setUp(store, clock);
    clock.set(due);
    await runner.tick();
    const first = (poster as ReturnType<typeof recordingPoster>).sent[0]!.body;
    expect(first.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(textOf(first)).not.toContain('<@&');

    const withRole = world();
    const roleDue = setUp(withRole.store, withRole.clock, '500000000000000005');
    withRole.clock.set(roleDue);
    await withRole.runner.tick();
    const pinged = (withRole.poster as ReturnType<typeof recordingPoster>).sent[0]!.body;
    expect(pinged.allowed_mentions).toEqual({ parse: [], roles: ['500000000000000005'] });
    expect(textOf(pinged)).toMatch(/^<@&500000000000000005> 📚 \*\*Weekly spotlight: /);
  });

  it('sends the same book with the same nonce when a send is retried', async () => {
    let fail = true;
    const recorder = recordingPoster();
    const flaky: Poster = {
      async send(...args) {
        if (fail) throw new HTTPError(502, 'Bad Gateway', 'POST', '/channels/3/messages', {});
        return recorder.send(...args);
      },
      findMarked: (...args) => recorder.findMarked(...args),
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
    const slow = gatedPoster();
    const { store, clock, runner } = world(slow);
    const due = setUp(store, clock);
    clock.set(due);
    const first = runner.tick();
    await slow.started;
    expect(await runner.tick()).toMatchObject({ ran: false });
    const other = createSchedulerRunner({ ...platform(), store, clock, log: silentLogger, poster: recordingPoster(), jobs: jobsFor(store), holderId: 'other-process' });
    expect(await other.tick()).toMatchObject({ ran: false });
    slow.release();
    expect(await first).toMatchObject({ ran: true, sent: 1 });
  });

  it('on standby, takes the lease over the moment a dead holder\'s lease runs out, not at the next minute', async () => {
    const store = openStore(':memory:', migrations);
    const clock = { now: () => Date.now() };
    const make = (holderId: string, standby: boolean) =>
      createSchedulerRunner({ ...platform(), store, clock, log: silentLogger, poster: recordingPoster(), jobs: jobsFor(store), holderId, standby, leaseTtlMs: 300 });
    const holder = make('holder', false);
    const passive = make('passive', false);
    const standby = make('standby', true);
    expect(await holder.tick()).toMatchObject({ ran: true });
    // The holder dies without releasing its lease; the others' ticks fail while it lasts.
    expect(await passive.tick()).toMatchObject({ ran: false });
    expect(await standby.tick()).toMatchObject({ ran: false });
    await expect.poll(() => store.leases.holds('scheduler', 'standby', Date.now()), { timeout: 2_000, interval: 20 }).toBe(true);
    expect(store.leases.holds('scheduler', 'passive', Date.now())).toBe(false);
    await standby.stop();
    await passive.stop();
    store.close();
  });
});

describe('scheduler: changes during a long tick', () => {
  it('does not post to a server whose admin paused it after the tick began', async () => {
    const recorder = recordingPoster();
    const poster = gatedPoster(recorder);
    const store = openStore(':memory:', migrations);
    const clock = fixedClock();
    const runner = createSchedulerRunner({ ...platform(), store, clock, log: silentLogger, poster, jobs: jobsFor(store), concurrency: 1 });
    const due = setUp(store, clock, null, '200000000000000020', '300000000000000020');
    setUp(store, clock, null, '200000000000000021', '300000000000000021');
    clock.set(due);
    const tick = runner.tick();
    // The first server's post is in flight; the second server has not been reached yet.
    await poster.started;
    const second = store.schedules.find('200000000000000021', 'spotlight')!;
    store.schedules.pause(second.scheduleId, 'paused by an admin', clock.now());
    poster.release();
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
      findMarked: (...args) => recorder.findMarked(...args),
    };
    const { store, clock, runner } = world(poster);
    setUp(store, clock, null, '200000000000000010', 'broken-channel');
    const due = setUp(store, clock, null, '200000000000000011', '300000000000000011');
    clock.set(due);
    expect(await runner.tick()).toMatchObject({ sent: 1, paused: 1 });
    expect(recorder.sent.map((s) => s.channelId)).toEqual(['300000000000000011']);
  });
});

describe('scheduler: jobs as a platform', () => {
  /** A second kind of job, as study-group reminders will be: one file, one entry in the job list. */
  function reminderJob(outcome: () => ReturnType<ScheduledJob['compose']>, recorded: string[] = []): ScheduledJob {
    return {
      kind: 'test-reminder',
      catchUp: { lateWindowMs: hour },
      choosePayload: (schedule) => `group-of-${schedule.subjectId}`,
      compose: () => outcome(),
      recordSent: (delivery) => void recorded.push(delivery.weekKey),
    };
  }

  function reminderWorld(job: ScheduledJob, poster = recordingPoster()) {
    const store = openStore(':memory:', migrations);
    const clock = fixedClock();
    const runner = createSchedulerRunner({ ...platform(), store, clock, log: silentLogger, poster, jobs: [...jobsFor(store), job] });
    store.guilds.touch(guildId, clock.now());
    const nextDueMs = nextDueInstant(rule, clock.now());
    store.schedules.save({ guildId, kind: job.kind, subjectId: 'g1', channelId, rule, nextDueMs }, clock.now());
    const key = { guildId, kind: job.kind, subjectId: 'g1', weekKey: '2026-W48' };
    return { store, clock, runner, poster, nextDueMs, key };
  }

  it('sends every message of a send outcome, each with its own stable nonce', async () => {
    const recorded: string[] = [];
    const withButton = (content: string, customId: string): MessageBody => ({
      content,
      allowed_mentions: { parse: [] },
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Check in', custom_id: customId }] }],
    });
    const messages = [withButton('first', 'study:checkin:g1'), withButton('second', 'study:checkin:g1')];
    const { store, clock, runner, poster, nextDueMs, key } = reminderWorld(reminderJob(() => ({ kind: 'send', messages }), recorded));
    clock.set(nextDueMs);
    expect(await runner.tick()).toMatchObject({ sent: 1, failed: 0 });
    expect(poster.sent.map((s) => s.body.content)).toEqual(['first', 'second']);
    const nonces = poster.sent.map((s) => s.nonce);
    expect(new Set(nonces).size).toBe(2);
    expect(nonces.every((nonce) => nonce.length <= 25)).toBe(true);
    // Each message carries its nonce as its marker, on its button, for the history search.
    expect(poster.sent.map((s) => markersIn(s.body))).toEqual(nonces.map((nonce) => [nonce]));
    expect((poster.sent[0]!.body.components![0] as { components: unknown[] }).components[0]).toMatchObject({ custom_id: `study:checkin:g1#${nonces[0]}` });
    expect(store.deliveries.find(key)).toMatchObject({ status: 'sent', messageId: '900000000000000001', payloadRef: 'group-of-g1' });
    expect(recorded).toEqual(['2026-W48']);
  });

  it('composes once: a retry sends the rest of the first composition, whatever the job would compose now', async () => {
    const withButton = (content: string): MessageBody => ({
      content,
      allowed_mentions: { parse: [] },
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Check in', custom_id: 'study:checkin:g1' }] }],
    });
    let composed = 0;
    const job = reminderJob(() => {
      composed++;
      return { kind: 'send', messages: ['one', 'two', 'three'].map((part) => withButton(`${part} (composition ${composed})`)) };
    });
    // The second message meets a 5xx once: the first is posted, the rest waits for the retry.
    const recording = recordingPoster();
    let failNext = true;
    const poster = {
      ...recording,
      async send(...args: Parameters<Poster['send']>) {
        if (recording.sent.length === 1 && failNext) {
          failNext = false;
          throw new HTTPError(500, 'Internal Server Error', 'POST', '/channels/3/messages', {});
        }
        return recording.send(...args);
      },
    };
    const { store, clock, runner, nextDueMs, key } = reminderWorld(job, poster);
    clock.set(nextDueMs);
    expect(await runner.tick()).toMatchObject({ sent: 0, retrying: 1 });
    expect(store.deliveries.find(key)?.messages).toHaveLength(3);
    clock.set(store.schedules.find(guildId, job.kind, 'g1')!.retryAtMs!);
    expect(await runner.tick()).toMatchObject({ sent: 1, retrying: 0 });
    expect(recording.sent.map((s) => s.body.content)).toEqual(['one (composition 1)', 'two (composition 1)', 'three (composition 1)']);
    expect(composed).toBe(1);
    // Once sent, the delivery no longer keeps its messages.
    expect(store.deliveries.find(key)).toMatchObject({ status: 'sent', messages: null });
  });

  it('refuses to send a message that has no button to carry its marker', async () => {
    const { store, clock, runner, poster, nextDueMs, key } = reminderWorld(reminderJob(() => ({ kind: 'send', messages: [{ content: 'plain', allowed_mentions: { parse: [] } }] })));
    clock.set(nextDueMs);
    expect(await runner.tick()).toMatchObject({ sent: 0, failed: 1 });
    expect(poster.sent).toEqual([]);
    expect(store.deliveries.find(key)).toMatchObject({ status: 'failed', lastError: 'a scheduled message needs a button to carry its marker' });
  });

  it('records a skip as skipped (not failed), with its reason, and moves to next week', async () => {
    const { store, clock, runner, poster, nextDueMs, key } = reminderWorld(reminderJob(() => ({ kind: 'skip', reason: 'everyone has checked in' })));
    clock.set(nextDueMs);
    expect(await runner.tick()).toMatchObject({ sent: 0, skipped: 1, failed: 0, retrying: 0 });
    expect(poster.sent).toEqual([]);
    expect(store.deliveries.find(key)).toMatchObject({ status: 'skipped', reason: 'everyone has checked in' });
    expect(store.schedules.find(guildId, 'test-reminder', 'g1')).toMatchObject({ nextDueMs: nextDueInstant(rule, nextDueMs), pausedReason: null });
  });

  it('records a fail outcome as failed without sending, and moves on', async () => {
    const { store, clock, runner, poster, nextDueMs, key } = reminderWorld(reminderJob(() => ({ kind: 'fail', reason: 'the group was archived' })));
    clock.set(nextDueMs);
    expect(await runner.tick()).toMatchObject({ sent: 0, failed: 1 });
    expect(poster.sent).toEqual([]);
    expect(store.deliveries.find(key)).toMatchObject({ status: 'failed', lastError: 'the group was archived' });
  });

  it("follows the job's own catch-up window after downtime", async () => {
    const { store, clock, runner, poster, nextDueMs, key } = reminderWorld(reminderJob(() => ({ kind: 'send', messages: [{ content: 'late', allowed_mentions: { parse: [] } }] })));
    // Two hours late: within the spotlight's 12 hours, but past this job's one hour.
    clock.set(nextDueMs + 2 * hour);
    expect(await runner.tick()).toMatchObject({ sent: 0, missed: 1 });
    expect(poster.sent).toEqual([]);
    expect(store.deliveries.find(key)?.status).toBe('missed');
  });

  it('checks job kinds in code: no duplicates, no malformed names', () => {
    const store = openStore(':memory:', migrations);
    const base = { store, clock: fixedClock(), log: silentLogger, poster: recordingPoster() };
    const job = reminderJob(() => ({ kind: 'skip', reason: 'x' }));
    expect(() => createSchedulerRunner({ ...platform(), ...base, jobs: [job, job] })).toThrow(/share the kind "test-reminder"/);
    expect(() => createSchedulerRunner({ ...platform(), ...base, jobs: [{ ...job, kind: 'Not A Kind' }] })).toThrow(/Invalid job kind/);
  });

  it('leaves a schedule of a kind no job runs untouched, and still runs the others', async () => {
    const { store, clock, runner } = world();
    const due = setUp(store, clock);
    store.schedules.save({ guildId, kind: 'from-a-newer-build', channelId, rule, nextDueMs: due }, clock.now());
    clock.set(due);
    expect(await runner.tick()).toMatchObject({ due: 2, sent: 1 });
    expect(store.schedules.find(guildId, 'from-a-newer-build')).toMatchObject({ nextDueMs: due, pausedReason: null });
    expect(store.deliveries.countByStatus('from-a-newer-build')).toMatchObject({ claimed: 0, sent: 0 });
  });
});

describe('scheduler: exactly once without a time window', () => {
  /** Discord received the post, but the answer never came back (after the REST client's own retries). */
  function losingPoster(losses: number) {
    const recorder = recordingPoster();
    let left = losses;
    const poster: Poster = {
      async send(...args) {
        const result = await recorder.send(...args);
        if (left-- > 0) throw new HTTPError(502, 'Bad Gateway', 'POST', '/channels/3/messages', {});
        return result;
      },
      findMarked: (...args) => recorder.findMarked(...args),
    };
    return { poster, recorder };
  }

  it('finds its post after a lost response and records it, sending nothing again', async () => {
    const { poster, recorder } = losingPoster(1);
    const { store, clock, runner } = world(poster);
    const due = setUp(store, clock);
    clock.set(due);
    expect(await runner.tick()).toMatchObject({ retrying: 1, sent: 0 });
    clock.set(store.schedules.find(guildId, 'spotlight')!.retryAtMs!);
    expect(await runner.tick()).toMatchObject({ verified: 1, sent: 0, historyReads: 1 });
    expect(recorder.sent).toHaveLength(1);
    expect(store.deliveries.find({ guildId, kind: 'spotlight', subjectId: '', weekKey: '2026-W48' })).toMatchObject({ status: 'sent', messageId: recorder.sent[0]!.messageId });
    expect(store.schedules.find(guildId, 'spotlight')!.nextDueMs).toBe(nextDueInstant(rule, due));
  });

  it('never re-sends when it cannot read the history: unverified, with the reason', async () => {
    const { poster, recorder } = losingPoster(1);
    const store = openStore(':memory:', migrations);
    const clock = fixedClock();
    const discord = fakeDiscord(new Map([[channelId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks]]));
    const runner = createSchedulerRunner({ ...platform(), discord, store, clock, log: silentLogger, poster, jobs: jobsFor(store) });
    const due = setUp(store, clock);
    clock.set(due);
    await runner.tick();
    clock.set(store.schedules.find(guildId, 'spotlight')!.retryAtMs!);
    expect(await runner.tick()).toMatchObject({ unverified: 1, sent: 0 });
    expect(recorder.sent).toHaveLength(1);
    expect(store.deliveries.find({ guildId, kind: 'spotlight', subjectId: '', weekKey: '2026-W48' })).toMatchObject({ status: 'unverified', reason: expect.stringMatching(/Read Message History/) });
    // The rotation moves on rather than repeat a book that may have been posted.
    clock.set(nextDueInstant(rule, due));
    await runner.tick();
    const titles = recorder.sent.map((s) => spotlightTitle(s.body));
    expect(new Set(titles).size).toBe(2);
  });

  it('resolves a claim its schedule no longer waits for: found → sent, never attempted → missed', async () => {
    const { poster, recorder } = losingPoster(1);
    const { store, clock, runner } = world(poster);
    const due = setUp(store, clock);
    clock.set(due);
    await runner.tick();
    // The admin pauses while the post waits for its retry, then resumes next week: the old claim is orphaned.
    const schedule = store.schedules.find(guildId, 'spotlight')!;
    store.schedules.pause(schedule.scheduleId, 'paused by an admin', clock.now());
    clock.advance(3 * day);
    expect(await runner.tick()).toMatchObject({ resolved: 1, sent: 0 });
    expect(recorder.sent).toHaveLength(1);
    expect(store.deliveries.find({ guildId, kind: 'spotlight', subjectId: '', weekKey: '2026-W48' })?.status).toBe('sent');
    expect(store.deliveries.countByStatus('spotlight').claimed).toBe(0);

    // A claim that never reached the sending step is simply missed.
    const key = { guildId, kind: 'spotlight', subjectId: '', weekKey: '2026-W49' };
    store.deliveries.claim(key, { dueMs: due + 7 * day, channelId, payloadRef: 'fluent-python', nonce: 'gUnsent' }, clock.now());
    expect(await runner.tick()).toMatchObject({ resolved: 1 });
    expect(store.deliveries.find(key)).toMatchObject({ status: 'missed', reason: expect.stringMatching(/paused/) });
  });

  it('does not send once another process holds the lease, even mid fan-out', async () => {
    const poster = gatedPoster();
    const store = openStore(':memory:', migrations);
    const clock = fixedClock();
    const runner = createSchedulerRunner({ ...platform(), store, clock, log: silentLogger, poster, jobs: jobsFor(store), concurrency: 1, leaseTtlMs: 60_000 });
    const due = setUp(store, clock, null, '200000000000000030', '300000000000000030');
    setUp(store, clock, null, '200000000000000031', '300000000000000031');
    clock.set(due);
    const tick = runner.tick();
    await poster.started;
    // The holder stalls past its lease; another process takes over.
    clock.advance(61_000);
    expect(store.leases.tryAcquire('scheduler', 'other-process', clock.now(), 60_000)).toBe(true);
    poster.release();
    const report = await tick;
    expect(report.stoppedEarly).toMatch(/lease/);
    expect(report.sent).toBe(0);
    expect((poster as unknown as { sent?: unknown[] }).sent ?? []).toEqual([]);
  });

  it('stops cleanly: no new send after stop(), the lease released for the next process', async () => {
    const inner = recordingPoster();
    // This request has passed its last check and is on the wire when the stop comes.
    let started!: () => void;
    let release!: () => void;
    const onTheWire = new Promise<void>((resolve) => (started = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const poster: Poster & { started: Promise<void>; release(): void } = {
      started: onTheWire,
      release: () => release(),
      async send(channelId, body, nonce, options) {
        options?.precondition?.();
        started();
        await gate;
        return inner.send(channelId, body, nonce);
      },
      findMarked: (...args) => inner.findMarked(...args),
    };
    const store = openStore(':memory:', migrations);
    const clock = fixedClock();
    const runner = createSchedulerRunner({ ...platform(), store, clock, log: silentLogger, poster, jobs: jobsFor(store), concurrency: 1 });
    const due = setUp(store, clock, null, '200000000000000040', '300000000000000040');
    setUp(store, clock, null, '200000000000000041', '300000000000000041');
    clock.set(due);
    const tick = runner.tick();
    await poster.started;
    const stopped = runner.stop(5_000);
    poster.release();
    await stopped;
    const report = await tick;
    // The send in flight finished and was recorded; the second server waits for the next process.
    expect(inner.sent.map((s) => s.channelId)).toEqual(['300000000000000040']);
    expect(report).toMatchObject({ sent: 1, stoppedEarly: 'the bot is stopping' });
    expect(store.deliveries.countByStatus('spotlight').claimed).toBe(0);
    expect(store.leases.tryAcquire('scheduler', 'next-process', clock.now(), 60_000)).toBe(true);
    expect(await runner.tick()).toMatchObject({ ran: false });
  });

  it('survives a database it cannot write: the tick does not throw, the failure shows, and recovery posts exactly once', async () => {
    const { store, clock } = world();
    const health = createStoreHealth(clock);
    const poster = recordingPoster();
    const runner = createSchedulerRunner({ discord: fakeDiscord(), health, store, clock, log: silentLogger, poster, jobs: jobsFor(store) });
    const due = setUp(store, clock);
    clock.set(due);
    // SQLite refuses every write (SQLITE_READONLY), as with a read-only file.
    store.database.pragma('query_only = ON');
    const report = await runner.tick();
    expect(report).toMatchObject({ ran: false, sent: 0 });
    expect(health.failure?.reason).toBe('the database file is read-only');
    expect(poster.sent).toEqual([]);
    store.database.pragma('query_only = OFF');
    await runner.tick();
    // Shown until writes have worked for a while (a full disk lets some writes through).
    expect(health.failure).not.toBeNull();
    clock.advance(storeRecoveryQuietMs);
    await runner.tick();
    expect(health.failure).toBeNull();
    expect(poster.sent).toHaveLength(1);
    expect(store.deliveries.countByStatus('spotlight')).toMatchObject({ sent: 1, claimed: 0 });
  });

  it('keeps a post that reached Discord when recording it fails, and finds it once writes work again', async () => {
    const { store, clock } = world();
    const health = createStoreHealth(clock);
    const recorder = recordingPoster();
    // The database stops accepting writes right after Discord accepted the post.
    const poster: Poster = {
      async send(...args) {
        const result = await recorder.send(...args);
        store.database.pragma('query_only = ON');
        return result;
      },
      findMarked: (...args) => recorder.findMarked(...args),
    };
    const runner = createSchedulerRunner({ discord: fakeDiscord(), health, store, clock, log: silentLogger, poster, jobs: jobsFor(store) });
    const due = setUp(store, clock);
    clock.set(due);
    await runner.tick();
    expect(health.failure).not.toBeNull();
    expect(store.deliveries.countByStatus('spotlight').claimed).toBe(1);
    store.database.pragma('query_only = OFF');
    clock.advance(60_000);
    expect(await runner.tick()).toMatchObject({ verified: 1, sent: 0 });
    expect(recorder.sent).toHaveLength(1);
    expect(store.deliveries.countByStatus('spotlight')).toMatchObject({ sent: 1, claimed: 0 });
  });
});
