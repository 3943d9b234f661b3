import { describe, expect, it } from 'vitest';
import { nextOffsetChange } from '../../src/core/offset-changes.js';
import { migrations } from '../../src/migrations.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createSchedulerRunner } from '../../src/platform/scheduling/runner.js';
import { maxTimedTaskAttempts, type TimedTask, type TimedTaskOutcome } from '../../src/platform/scheduling/timed-task.js';
import { createStoreHealth } from '../../src/platform/store/store-health.js';
import { openStore } from '../../src/platform/store/store.js';
import { fakeDiscord, fixedClock, recordingPoster } from '../fixtures/context.js';

/**
 * One-off tasks on the shared scheduler (issue 19: a poll's result at its expiry, moving an event after a DST
 * change): run when due and not before, again when they ask, retried with backoff after an error and given up
 * after a bounded number of tries, left due when another process holds the lease. Real SQLite, pinned clock.
 */

const guildId = '200000000000000002';
const minute = 60_000;

function setUp(run: (calls: number) => Promise<TimedTaskOutcome>, holderId?: string) {
  const store = openStore(':memory:', migrations);
  const clock = fixedClock(Date.UTC(2027, 2, 1, 12, 0));
  store.guilds.touch(guildId, clock.now());
  const ran: number[] = [];
  const givenUp: string[] = [];
  const task: TimedTask = {
    kind: 'test-task',
    run: async () => {
      ran.push(clock.now());
      return run(ran.length);
    },
    giveUp: (_, reason) => void givenUp.push(reason),
  };
  const runner = createSchedulerRunner({
    store,
    clock,
    log: silentLogger,
    poster: recordingPoster(),
    jobs: [],
    timedTasks: [task],
    discord: fakeDiscord(),
    health: createStoreHealth(clock),
    ...(holderId ? { holderId } : {}),
  });
  return { store, clock, runner, ran, givenUp, key: { kind: 'test-task', subjectId: '7' } };
}

describe('timed tasks', () => {
  it('runs a task at its due time, not before, and deletes it when done', async () => {
    const { store, clock, runner, ran, key } = setUp(async () => ({ kind: 'done', detail: 'ok' }));
    store.timedTasks.schedule(guildId, key, clock.now() + 10 * minute, clock.now());
    expect((await runner.tick()).tasks).toBe(0);
    clock.advance(10 * minute);
    expect((await runner.tick()).tasks).toBe(1);
    expect(ran).toEqual([clock.now()]);
    expect(store.timedTasks.find(key)).toBeUndefined();
    expect((await runner.tick()).tasks).toBe(0);
  });

  it('runs it again when it asks, at the time it names', async () => {
    const { store, clock, runner, ran, key } = setUp(async (calls) => (calls === 1 ? { kind: 'again', atMs: clock.now() + 5 * minute, detail: 'not yet' } : { kind: 'done', detail: 'ok' }));
    store.timedTasks.schedule(guildId, key, clock.now(), clock.now());
    await runner.tick();
    expect(store.timedTasks.find(key)).toMatchObject({ dueMs: clock.now() + 5 * minute, attempts: 0 });
    clock.advance(4 * minute);
    await runner.tick();
    expect(ran).toHaveLength(1);
    clock.advance(minute);
    await runner.tick();
    expect(ran).toHaveLength(2);
    expect(store.timedTasks.find(key)).toBeUndefined();
  });

  it('retries a failing task with a growing delay, then gives it up once', async () => {
    const { store, clock, runner, ran, givenUp, key } = setUp(async () => {
      throw new Error('Discord is unreachable');
    });
    store.timedTasks.schedule(guildId, key, clock.now(), clock.now());
    const delays: number[] = [];
    for (let attempt = 1; attempt < maxTimedTaskAttempts; attempt++) {
      await runner.tick();
      const pending = store.timedTasks.find(key)!;
      expect(pending).toMatchObject({ attempts: attempt, lastError: 'Discord is unreachable' });
      delays.push(pending.dueMs - clock.now());
      clock.set(pending.dueMs);
    }
    expect(delays.slice(0, 4)).toEqual([1, 2, 4, 8].map((n) => n * minute));
    await runner.tick();
    expect(ran).toHaveLength(maxTimedTaskAttempts);
    expect(givenUp).toEqual([`gave up after ${maxTimedTaskAttempts} attempts: Discord is unreachable`]);
    expect(store.timedTasks.find(key)).toBeUndefined();
  });

  it('leaves a due task alone while another process holds the scheduler lease', async () => {
    const { store, clock, runner, ran, key } = setUp(async () => ({ kind: 'done', detail: 'ok' }), 'this-process');
    store.leases.tryAcquire('scheduler', 'other-process', clock.now(), 3 * minute);
    store.timedTasks.schedule(guildId, key, clock.now(), clock.now());
    expect((await runner.tick()).ran).toBe(false);
    expect(ran).toHaveLength(0);
    clock.advance(3 * minute);
    await runner.tick();
    expect(ran).toHaveLength(1);
  });

  it('runs every task due in one tick, past a batch, each once', async () => {
    const { store, clock, runner, ran } = setUp(async () => ({ kind: 'again', atMs: clock.now() + minute, detail: 'later' }));
    for (let i = 0; i < 450; i++) store.timedTasks.schedule(guildId, { kind: 'test-task', subjectId: String(i) }, clock.now(), clock.now());
    expect((await runner.tick()).tasks).toBe(450);
    expect(ran).toHaveLength(450);
    expect((await runner.tick()).tasks).toBe(0);
  });

  it('leaves tasks of a kind it does not run alone, and they never crowd out its own', async () => {
    const { store, clock, runner, ran, key } = setUp(async () => ({ kind: 'done', detail: 'ok' }));
    for (let i = 0; i < 250; i++) store.timedTasks.schedule(guildId, { kind: 'newer-build', subjectId: String(i) }, clock.now() - 60_000, clock.now());
    store.timedTasks.schedule(guildId, key, clock.now(), clock.now());
    await runner.tick();
    expect(ran).toHaveLength(1);
    expect(store.timedTasks.due(clock.now(), 1_000)).toHaveLength(250);
  });

  it('is deleted with its server (forget-server)', () => {
    const { store, clock, key } = setUp(async () => ({ kind: 'done', detail: 'ok' }));
    store.timedTasks.schedule(guildId, key, clock.now(), clock.now());
    store.database.prepare('DELETE FROM guilds WHERE guild_id = ?').run(guildId);
    expect(store.timedTasks.find(key)).toBeUndefined();
  });
});

describe('nextOffsetChange', () => {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  it('finds both DST changes of a zone, to the minute', () => {
    expect(iso(nextOffsetChange('Europe/Berlin', Date.UTC(2027, 2, 21)))).toBe('2027-03-28T01:00:00.000Z');
    expect(iso(nextOffsetChange('Europe/Berlin', Date.UTC(2027, 2, 28, 1, 0)))).toBe('2027-10-31T01:00:00.000Z');
    expect(iso(nextOffsetChange('America/New_York', Date.UTC(2027, 0, 1)))).toBe('2027-03-14T07:00:00.000Z');
  });
  it('handles half-hour zones and a half-hour DST shift', () => {
    expect(iso(nextOffsetChange('Australia/Adelaide', Date.UTC(2027, 2, 27)))).toBe('2027-04-03T16:30:00.000Z');
    expect(iso(nextOffsetChange('Australia/Adelaide', Date.UTC(2027, 3, 5)))).toBe('2027-10-02T16:30:00.000Z');
    // Lord Howe Island moves its clocks by 30 minutes.
    expect(iso(nextOffsetChange('Australia/Lord_Howe', Date.UTC(2027, 0, 1)))).toBe('2027-04-03T15:00:00.000Z');
  });
  it('is null for a zone without DST', () => {
    expect(nextOffsetChange('Asia/Kolkata', Date.UTC(2027, 0, 1))).toBeNull();
    expect(nextOffsetChange('UTC', Date.UTC(2027, 0, 1))).toBeNull();
  });
});
