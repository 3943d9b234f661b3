import { describe, expect, it } from 'vitest';
import { progressPictureAltText } from '../../src/features/study-groups/core/progress-picture-alt.js';
import { progressPictureInput } from '../../src/features/study-groups/picture/progress-picture-input.js';
import { createStudyGroupRepository } from '../../src/features/study-groups/repository.js';
import { fixedClock, testContext } from '../fixtures/context.js';
import { ids } from '../fixtures/interactions.js';

/** The board's data through the real service and SQLite, turned into the picture's input: which week each cell is. */

const utc = (iso: string): number => Date.parse(iso);
const owner = '700000000000000001';
const reader = '700000000000000002';

function groupWithHistory() {
  const clock = fixedClock(utc('2026-10-01T10:00:00Z'));
  const ctx = testContext({ clock });
  ctx.store.guilds.touch(ids.guild, clock.now());
  const rule = { weekday: 7, hour: 18, minute: 0, timeZone: 'Europe/Berlin' };
  ctx.studyGroups.create({ guildId: ids.guild, userId: owner, name: 'Readers', book: 'fluent python', channelId: ids.channel, rule: () => rule, target: null });
  // The owner has used /study since names were kept; the reader has not.
  ctx.studyGroups.rememberName(ids.guild, owner, 'Owner');
  const checkin = (iso: string, userId: string, progress: string): void => {
    clock.set(utc(iso));
    ctx.studyGroups.checkin(ids.guild, userId, 'Readers', progress, null);
  };
  checkin('2026-10-01T11:00:00Z', owner, 'ch 1'); // W40
  checkin('2026-10-07T11:00:00Z', owner, 'ch 2'); // W41; W42 nothing
  clock.set(utc('2026-10-20T09:00:00Z'));
  ctx.studyGroups.takeBreak(ids.guild, owner, 'Readers', 1); // W43
  clock.set(utc('2026-10-21T09:00:00Z'));
  ctx.studyGroups.join(ids.guild, reader, 'Readers'); // W43
  // Sunday 23:30 in Berlin (UTC+1 after 25 October): still W44 there.
  checkin('2026-11-01T22:30:00Z', owner, 'ch 4');
  // Sunday 23:30 in UTC but Monday 00:30 in Berlin: W46, so W45 is missed.
  checkin('2026-11-08T23:30:00Z', owner, 'ch 5');
  checkin('2026-11-22T10:00:00Z', reader, 'p. 120'); // W47, this week
  clock.set(utc('2026-11-22T12:00:00Z'));
  const board = ctx.studyGroups.board(ids.guild, 'Readers');
  const repository = createStudyGroupRepository(ctx.store.database);
  const history = { checkinWeeks: repository.checkinWeeksByMember(board.group.groupId), breakWeeks: repository.breakWeeksByMember(board.group.groupId) };
  return { board, history, now: clock.now() };
}

describe('the progress picture from the board', () => {
  it('has a week per column since the group began (at least 8), each member\'s state in the group\'s zone, and positions', () => {
    const { board, history, now } = groupWithHistory();
    const input = progressPictureInput(board, history, now);
    expect(input.weeks.map((week) => week.key)).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47']);
    expect(input.weeks[0]!.start).toEqual({ year: 2026, month: 9, day: 28 });
    expect(input).toMatchObject({ groupName: 'Readers', bookTitle: board.book!.title, chapterCount: 24 });
    expect(input.members).toEqual([
      { name: 'Owner', weeks: ['checked-in', 'checked-in', 'missed', 'break', 'checked-in', 'missed', 'checked-in', 'pending'], position: { kind: 'chapter', value: 5, of: null }, planStanding: null },
      { name: 'member …0002', weeks: ['not-member', 'not-member', 'not-member', 'missed', 'missed', 'missed', 'missed', 'checked-in'], position: { kind: 'page', value: 120, of: null }, planStanding: null },
    ]);
    expect(progressPictureAltText(input)).toContain('Owner: chapter 5 of 24, checked in 4 of 8 weeks.');
  });

  it('shows 12 weeks at most for an older group', () => {
    const { board, history } = groupWithHistory();
    const input = progressPictureInput(board, history, utc('2027-03-01T12:00:00Z'));
    expect(input.weeks).toHaveLength(12);
    expect(input.weeks.at(-1)!.key).toBe('2027-W09');
    expect(input.members[1]!.weeks.every((state) => state === 'missed' || state === 'pending')).toBe(true);
  });
});
