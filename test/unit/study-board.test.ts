import { describe, expect, it } from 'vitest';
import { boardPageSize, boardReply } from '../../src/features/study-groups/presenters/board.js';
import type { Board } from '../../src/features/study-groups/service.js';
import { realCatalog } from '../fixtures/context.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';
import { sendProblems, textOf } from '../fixtures/layout.js';

const fluent = realCatalog().bookById('fluent-python-2e')!;

/** A full page of members with everything a line can show: the longest chapter title, a break, inactive, behind. */
function crowdedBoard(chapter: number): Board {
  const members = Array.from({ length: boardPageSize }, (_, i) => ({
    userId: String(1_000_000_000_000_000_000n + BigInt(i)),
    joinedAtMs: 0, displayName: null,
    latest: { userId: '', atMs: 1_700_000_000_000, weekKey: '2026-W47', progress: { unit: 'chapter' as const, value: chapter, total: null }, raw: `ch ${chapter}`, note: null },
    streak: 52,
    onBreak: true,
    inactive: true,
    track: { onTrack: false, expected: 24 },
  }));
  return {
    group: { groupId: 1, guildId: '1', name: 'x'.repeat(50), bookId: fluent.id, ownerId: '1', target: { unit: 'chapter', amount: 2 }, createdAtMs: 0, archivedAtMs: null, bookSinceMs: 0, nextBookId: null },
    schedule: { scheduleId: 1, guildId: '1', kind: 'study-reminder', subjectId: '1', channelId: '1', rule: { weekday: 7, hour: 18, minute: 0, timeZone: 'Europe/Berlin' }, nextDueMs: 1_800_000_000_000, pausedReason: null, pausedAtMs: null, retryAtMs: null },
    book: fluent,
    nextBook: null,
    members,
    plan: null,
    currentWeekKey: '2027-W02',
  };
}

describe('the study board', () => {
  it('keeps a crowded page inside Discord\'s limits by showing less of each progress, not fewer members', () => {
    const reply = toMessageBody(boardReply(crowdedBoard(17)));
    expect(sendProblems(reply)).toEqual([]);
    const description = textOf(reply);
    expect(description.length).toBeLessThanOrEqual(4000);
    expect(description.match(/<@\d+>/g)).toHaveLength(boardPageSize);
    expect(description).toContain('chapter 17 of 24');
  });

  it('shows the whole chapter title when there is room', () => {
    const board = crowdedBoard(5);
    board.members = board.members.slice(0, 3);
    expect(textOf(toMessageBody(boardReply(board)))).toContain('chapter 5 of 24: Data Class Builders');
  });
});
