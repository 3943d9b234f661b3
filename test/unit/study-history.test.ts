import { describe, expect, it } from 'vitest';
import type { Book } from '../../src/features/catalog/core/schema.js';
import { historyReply } from '../../src/features/study-groups/presenters/replies.js';
import type { GroupView, HistoryWeek } from '../../src/features/study-groups/service.js';
import { discordLimits } from '../../src/platform/discord/limits.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';
import { realCatalog } from '../fixtures/context.js';
import { componentCount, isLayout, sendProblems, textOf } from '../fixtures/layout.js';

const fluent = realCatalog().bookById('fluent-python-2e')!;
/** The longest a dataset allows: 200-character chapter titles. */
const longest: Book = { ...fluent, contents: { ...fluent.contents!, chapters: fluent.contents!.chapters!.map((chapter) => ({ ...chapter, title: 'C'.repeat(200) })) } };

const view: GroupView = {
  group: { groupId: 1, guildId: '1', name: '@everyone **Readers**', bookId: longest.id, ownerId: '1', target: null, createdAtMs: 0, archivedAtMs: null, bookSinceMs: 0, nextBookId: null },
  schedule: { scheduleId: 1, guildId: '1', kind: 'study-reminder', subjectId: '1', channelId: '1', rule: { weekday: 7, hour: 18, minute: 0, timeZone: 'UTC' }, nextDueMs: 1_800_000_000_000, pausedReason: null, pausedAtMs: null, retryAtMs: null },
  book: longest,
};

const member = (n: number): string => String(700000000000000000n + BigInt(n));

/** `count` weeks, newest first (2026-W47 back), each with `perWeek` check-ins typed and noted as long as allowed. */
function weeks(count: number, perWeek: number): HistoryWeek[] {
  return Array.from({ length: count }, (_, w) => ({
    weekKey: `2026-W${String(47 - w).padStart(2, '0')}`,
    checkins: Array.from({ length: perWeek }, (_, i) => ({
      userId: member(i),
      atMs: Date.UTC(2026, 10, 22) - w * 604_800_000 - i * 60_000,
      weekKey: `2026-W${String(47 - w).padStart(2, '0')}`,
      progress: { unit: 'chapter' as const, value: 17, total: null },
      raw: `ch 17 ${'x'.repeat(94)}`,
      note: `<@${member(99)}> ${'n'.repeat(480)}`,
    })),
  }));
}

describe('/study history', () => {
  it('shows a short history whole: each week, each check-in as typed, its chapter and its note', () => {
    const reply = toMessageBody(historyReply({ ...view, weeks: weeks(2, 2), breaks: new Set(['2026-W47', '2026-W40']) }, member(0)));
    expect(isLayout(reply)).toBe(true);
    expect(sendProblems(reply)).toEqual([]);
    const text = textOf(reply);
    expect(text).toMatch(/^### 📜 History · @\u200beveryone \\\*\\\*Readers\\\*\\\*\nCheck-ins of <@700000000000000000>/);
    expect(text).toMatch(/\*\*2026-W47\*\* \(break\)\n<t:\d+:f> <@700000000000000000>: ch 17 x+… \(chapter 17 of 24: C+…\) — \\<@\u200b700000000000000099> n+…/);
    expect(text).toContain('**2026-W46**\n');
    expect(text).toContain('Breaks without check-ins: 2026-W40');
    expect(text).toMatch(/-# Newest first$/);
    expect(reply.allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it(`keeps the longest history inside Discord's ${discordLimits.layoutText} characters: less of each check-in, then only the newest weeks, saying so`, () => {
    const reply = toMessageBody(historyReply({ ...view, weeks: weeks(30, 11), breaks: new Set() }, null));
    expect(sendProblems(reply)).toEqual([]);
    const text = textOf(reply);
    expect(text.length).toBeLessThanOrEqual(discordLimits.layoutText);
    expect(componentCount(reply)).toBeLessThanOrEqual(discordLimits.layoutComponents);
    expect(text).toContain('**2026-W47**\n');
    expect(text).toContain('… and 1 more that week');
    expect(text).toContain('<@700000000000000009>: chapter 17 of 24');
    const shown = text.match(/\*\*2026-W\d+\*\*/g)!.length;
    expect(shown).toBeGreaterThan(1);
    expect(text).toMatch(new RegExp(`-# Newest first · ${30 - shown} older weeks not shown$`));
  });

  it('keeps all twelve weeks it shows when shorter check-ins fit, and counts the weeks beyond them', () => {
    const many = weeks(13, 1).map((week) => ({ ...week, checkins: week.checkins.map((checkin) => ({ ...checkin, raw: 'ch 17', note: null })) }));
    const text = textOf(toMessageBody(historyReply({ ...view, weeks: many, breaks: new Set() }, null)));
    expect(text.match(/\*\*2026-W\d+\*\*/g)).toHaveLength(12);
    expect(text).toContain('ch 17 (chapter 17 of 24: ');
    expect(text).toMatch(/-# Newest first · 1 older week not shown$/);
  });

  it('answers plainly when there is nothing to show', () => {
    expect(historyReply({ ...view, weeks: [], breaks: new Set() }, member(1))).toEqual({ content: `No check-ins of <@${member(1)}> in **@\u200beveryone \\*\\*Readers\\*\\*** yet.`, ephemeral: true });
  });
});
