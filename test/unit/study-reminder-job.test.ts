import { describe, expect, it } from 'vitest';
import type { WeeklyRule } from '../../src/core/weekly-rule.js';
import type { Context } from '../../src/context.js';
import { fixedClock, recordingPoster, testContext, type RecordedPost, type TestClock } from '../fixtures/context.js';
import { ids } from '../fixtures/interactions.js';
import { textOf } from '../fixtures/layout.js';

/**
 * The weekly reminder through the real job, scheduler and SQLite store: which check-ins count as "since the
 * previous reminder".
 */

const utc = (iso: string): number => Date.parse(iso);
const owner = '700000000000000001';
const reader = '700000000000000002';
const SUNDAY = 7;

function world(rule: WeeklyRule, createdAtMs: number) {
  const clock: TestClock = fixedClock(createdAtMs);
  const poster = recordingPoster();
  const ctx: Context = testContext({ poster, clock });
  ctx.store.guilds.touch(ids.guild, createdAtMs);
  ctx.studyGroups.create({ guildId: ids.guild, userId: owner, name: 'Readers', book: 'fluent python', channelId: ids.channel, rule: () => rule, target: null });
  ctx.studyGroups.join(ids.guild, reader, 'Readers');
  /** The reminder due at `dueMs`: ticks there and returns its messages. */
  const reminderAt = async (dueMs: number): Promise<RecordedPost[]> => {
    const before = poster.sent.length;
    clock.set(dueMs);
    expect(await ctx.scheduler.tick()).toMatchObject({ sent: 1 });
    return poster.sent.slice(before);
  };
  const checkinAt = (atMs: number, userId: string, progress: string): void => {
    clock.set(atMs);
    ctx.studyGroups.checkin(ids.guild, userId, 'Readers', progress, null);
  };
  return { ctx, clock, reminderAt, checkinAt };
}

const pinged = (posts: RecordedPost[]): string[] => posts.flatMap((post) => post.body.allowed_mentions.users ?? []);
const content = (posts: RecordedPost[]): string => posts.map((post) => textOf(post.body)).join('\n');

describe('the study reminder counts check-ins since the previous reminder', () => {
  // [case, zone, Sunday at, the previous reminder, the next one]: a slot in the hour a DST change skips or repeats,
  // in the week of the change or the week after; "a local week before the next" would start up to an hour late.
  it.each([
    ['Berlin spring, the week after', 'Europe/Berlin', '02:30', '2026-03-29T01:00:00Z', '2026-04-05T00:30:00Z'],
    ['Berlin spring, the week of', 'Europe/Berlin', '02:30', '2026-03-22T01:30:00Z', '2026-03-29T01:00:00Z'],
    ['Berlin autumn', 'Europe/Berlin', '02:30', '2026-10-25T00:30:00Z', '2026-11-01T01:30:00Z'],
    ['New York spring', 'America/New_York', '02:15', '2026-03-08T07:00:00Z', '2026-03-15T06:15:00Z'],
    ['New York autumn', 'America/New_York', '01:30', '2026-11-01T05:30:00Z', '2026-11-08T06:30:00Z'],
    ['Lord Howe spring (30 minutes)', 'Australia/Lord_Howe', '02:15', '2026-10-03T15:30:00Z', '2026-10-10T15:15:00Z'],
    ['Lord Howe autumn (30 minutes)', 'Australia/Lord_Howe', '01:45', '2026-04-04T14:45:00Z', '2026-04-11T15:15:00Z'],
  ])('%s: a check-in 5 minutes after the previous reminder counts', async (_name, timeZone, time, previous, next) => {
    const [hour, minute] = time.split(':').map(Number);
    const { reminderAt, checkinAt } = world({ weekday: SUNDAY, hour: hour!, minute: minute!, timeZone }, utc(previous) - 3 * 86_400_000);
    expect(pinged(await reminderAt(utc(previous)))).toEqual([owner, reader]);
    checkinAt(utc(previous) + 5 * 60_000, reader, 'ch 3');
    const reminder = await reminderAt(utc(next));
    expect(pinged(reminder)).toEqual([owner]);
    expect(content(reminder)).toMatch(new RegExp(`<@${reader}>: chapter 3$`, 'm'));
  });

  it('also when no reminder was posted the week before (its first, here): one occurrence of the rule back', async () => {
    const rule: WeeklyRule = { weekday: SUNDAY, hour: 2, minute: 30, timeZone: 'Europe/Berlin' };
    const { reminderAt, checkinAt } = world(rule, utc('2026-03-27T12:00:00Z'));
    // Before the occurrence a week earlier (never posted: the group is newer): not this week's.
    checkinAt(utc('2026-03-29T00:59:00Z'), owner, 'ch 1');
    checkinAt(utc('2026-03-29T01:05:00Z'), reader, 'ch 2');
    const reminder = await reminderAt(utc('2026-04-05T00:30:00Z'));
    expect(pinged(reminder)).toEqual([owner]);
    expect(content(reminder)).toMatch(new RegExp(`<@${reader}>: chapter 2$`, 'm'));
    expect(content(reminder)).not.toMatch(/chapter 1$/m);
  });

  it('sent late (after downtime), it is the reminder as of its due time: a member who joined since is not pinged', async () => {
    const rule: WeeklyRule = { weekday: SUNDAY, hour: 18, minute: 0, timeZone: 'UTC' };
    const { ctx, clock, reminderAt } = world(rule, utc('2026-11-20T12:00:00Z'));
    const late = '700000000000000003';
    clock.set(utc('2026-11-22T19:00:00Z'));
    ctx.studyGroups.join(ids.guild, late, 'Readers');
    expect(pinged(await reminderAt(utc('2026-11-22T20:00:00Z')))).toEqual([owner, reader]);
  });

  it('after the day is edited, from the reminder last posted rather than the new day a week back', async () => {
    const sunday: WeeklyRule = { weekday: SUNDAY, hour: 18, minute: 0, timeZone: 'UTC' };
    const { ctx, clock, reminderAt, checkinAt } = world(sunday, utc('2026-11-20T12:00:00Z'));
    // Friday: the owner checks in before Sunday's reminder, which lists it; the reader checks in after it.
    checkinAt(utc('2026-11-20T13:00:00Z'), owner, 'ch 1');
    expect(pinged(await reminderAt(utc('2026-11-22T18:00:00Z')))).toEqual([reader]);
    checkinAt(utc('2026-11-23T09:00:00Z'), reader, 'ch 2');
    // Monday: the reminder moves to Wednesdays. Its first one is since Sunday's, not since last Wednesday.
    clock.set(utc('2026-11-23T10:00:00Z'));
    ctx.studyGroups.edit(ids.guild, { userId: owner, manageServer: false }, 'Readers', { rule: () => ({ ...sunday, weekday: 3 }) });
    const wednesday = await reminderAt(utc('2026-11-25T18:00:00Z'));
    expect(pinged(wednesday)).toEqual([owner]);
    expect(content(wednesday)).toMatch(new RegExp(`<@${reader}>: chapter 2$`, 'm'));
    expect(content(wednesday)).not.toMatch(/chapter 1$/m);
  });
});
