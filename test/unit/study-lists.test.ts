import { describe, expect, it } from 'vitest';
import type { Book } from '../../src/features/catalog/core/schema.js';
import { groupListPageSize, listReply, myGroupsReply } from '../../src/features/study-groups/presenters/group-lists.js';
import type { GroupView } from '../../src/features/study-groups/service.js';
import { messageProblems } from '../../src/platform/discord/limits.js';
import { realCatalog } from '../fixtures/context.js';

const fluent = realCatalog().bookById('fluent-python-2e')!;
/** The longest a dataset allows: a 200-character title and 200-character chapter titles. */
const longest: Book = {
  ...fluent,
  title: 'T'.repeat(200),
  contents: { ...fluent.contents!, chapters: fluent.contents!.chapters!.map((chapter) => ({ ...chapter, title: 'C'.repeat(200) })) },
};

function view(i: number): GroupView {
  return {
    group: { groupId: i + 1, guildId: '1', name: `${i} `.padEnd(50, '*'), bookId: longest.id, ownerId: '1', target: { unit: 'chapter', amount: 2 }, createdAtMs: 0, archivedAtMs: null },
    schedule: { scheduleId: i, guildId: '1', kind: 'study-reminder', subjectId: String(i + 1), channelId: '1', rule: { weekday: 7, hour: 18, minute: 0, timeZone: 'Europe/Berlin' }, nextDueMs: 1_800_000_000_000, pausedReason: null, pausedAtMs: null, retryAtMs: null },
    book: longest,
  };
}

const groups = Array.from({ length: 50 }, (_, i) => view(i));
const state = {
  userId: '1',
  joinedAtMs: 0,
  displayName: null,
  latest: { userId: '1', atMs: 1_700_000_000_000, weekKey: '2026-W47', progress: { unit: 'chapter' as const, value: 17, total: null }, raw: 'ch 17', note: null },
  streak: 52,
  onBreak: false,
  inactive: false,
  track: { onTrack: false, expected: 100_000 },
};

describe('the paged group lists', () => {
  it('keeps every page of /study list and /study me inside Discord\'s limits with the longest lines', () => {
    const pages = Math.ceil(groups.length / groupListPageSize);
    for (let page = 0; page < pages; page++) {
      for (const reply of [listReply(groups.map((g) => ({ ...g, memberCount: 200 })), page), myGroupsReply(groups.map((g) => ({ ...g, state })), page)]) {
        expect(messageProblems(reply as never)).toEqual([]);
        expect(reply.embeds![0]!.description!.split('\n')).toHaveLength(groupListPageSize);
        expect(reply.embeds![0]!.footer!.text).toBe(`50 groups · page ${page + 1} of ${pages}`);
      }
    }
  });

  it('shows the nearest page for a page number past either end, and no buttons when one page is enough', () => {
    const withCounts = groups.map((g) => ({ ...g, memberCount: 1 }));
    expect(listReply(withCounts, 99).embeds![0]!.footer!.text).toMatch(/page 5 of 5/);
    expect(listReply(withCounts, -3).embeds![0]!.footer!.text).toMatch(/page 1 of 5/);
    const one = listReply(withCounts.slice(0, 3));
    expect(one.components).toEqual([]);
    expect(one.embeds![0]!.footer!.text).toBe('3 groups');
  });
});
