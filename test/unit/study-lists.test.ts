import { describe, expect, it } from 'vitest';
import type { Book } from '../../src/features/catalog/core/schema.js';
import { groupListPageSize, listReply, myGroupsReply } from '../../src/features/study-groups/presenters/group-lists.js';
import type { GroupView } from '../../src/features/study-groups/service.js';
import { discordLimits } from '../../src/platform/discord/limits.js';
import { toMessageBody, type Reply } from '../../src/platform/discord/reply.js';
import { realCatalog } from '../fixtures/context.js';
import { buttonsOf, componentCount, sendProblems, textOf } from '../fixtures/layout.js';

const fluent = realCatalog().bookById('fluent-python-2e')!;
/** The longest a dataset allows: a 200-character title and 200-character chapter titles. */
const longest: Book = {
  ...fluent,
  title: 'T'.repeat(200),
  contents: { ...fluent.contents!, chapters: fluent.contents!.chapters!.map((chapter) => ({ ...chapter, title: 'C'.repeat(200) })) },
};

function view(i: number): GroupView {
  return {
    group: { groupId: i + 1, guildId: '1', name: `${i} `.padEnd(50, '*'), bookId: longest.id, ownerId: '1', target: { unit: 'chapter', amount: 2 }, createdAtMs: 0, archivedAtMs: null, bookSinceMs: 0, nextBookId: null },
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

/** The text displays of a reply's container, in order: the heading, a block per group, then the footer. */
const blocksOf = (reply: Reply): string[] => (reply.layout![0] as { components: { type: number; content?: string }[] }).components.flatMap((c) => (c.type === 10 ? [c.content!] : []));
const footerOf = (reply: Reply): string => blocksOf(reply).at(-1)!;

describe('the paged group lists', () => {
  it('keeps every page of /study list and /study me inside Discord\'s limits with the longest lines', () => {
    const pages = Math.ceil(groups.length / groupListPageSize);
    for (let page = 0; page < pages; page++) {
      for (const reply of [listReply(groups.map((g) => ({ ...g, memberCount: 200 })), page), myGroupsReply(groups.map((g) => ({ ...g, state })), page)]) {
        const body = toMessageBody(reply);
        expect(sendProblems(body)).toEqual([]);
        expect(textOf(body).length).toBeLessThanOrEqual(discordLimits.layoutText);
        expect(componentCount(body)).toBeLessThanOrEqual(discordLimits.layoutComponents);
        expect(blocksOf(reply)).toHaveLength(groupListPageSize + 2);
        expect(textOf(body).match(/\*\*\d+ \\\*/g)).toHaveLength(groupListPageSize);
        expect(footerOf(reply)).toBe(`-# 50 groups · page ${page + 1} of ${pages}`);
        expect(buttonsOf(body).map((button) => button.label)).toEqual(['◀ Previous', 'Next ▶']);
      }
    }
  });

  it('shows as much of the chapter as fits: the whole title for a few groups, the chapter alone for a full page of the longest', () => {
    const mine = groups.map((g) => ({ ...g, state }));
    expect(textOf(toMessageBody(myGroupsReply(mine.slice(0, 2))))).toContain(`chapter 17 of 24: ${'C'.repeat(100)}`);
    const full = textOf(toMessageBody(myGroupsReply(mine)));
    expect(full).toContain('▓▓▓▓▓▓▓░░░ chapter 17 of 24');
    expect(full).toMatch(/🔥 52 wk · ⚠️ behind \(expected 100000\) · next reminder <t:1800000000:R>/);
  });

  it('shows the nearest page for a page number past either end, and no buttons when one page is enough', () => {
    const withCounts = groups.map((g) => ({ ...g, memberCount: 1 }));
    expect(footerOf(listReply(withCounts, 99))).toMatch(/page 5 of 5/);
    expect(footerOf(listReply(withCounts, -3))).toMatch(/page 1 of 5/);
    // The custom ids are those of the embed version, so its buttons in older messages still turn pages.
    expect(buttonsOf(toMessageBody(listReply(withCounts, 1))).map((button) => button.custom_id)).toEqual(['study:list:0', 'study:list:2']);
    expect(buttonsOf(toMessageBody(myGroupsReply(groups.map((g) => ({ ...g, state })), 4))).map((button) => button.custom_id)).toEqual(['study:me:3', 'study:me:5']);
    const one = listReply(withCounts.slice(0, 3));
    expect(buttonsOf(toMessageBody(one))).toEqual([]);
    expect(footerOf(one)).toBe('-# 3 groups');
    expect(one.ephemeral).toBe(true);
  });
});
