import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeReminder, type ReminderCheckin, type ReminderInput, type ReminderMessage } from '../../src/features/study-groups/core/reminder.js';

const nudgePrefix = '👋 Still to check in:';
const liveMention = /@(everyone|here)/;

/** A Discord-like user id: 18 digits, distinct for each n. */
const userId = (n: number): string => String(300_000_000_000_000_000n + BigInt(n));

function base(overrides: Partial<ReminderInput> = {}): ReminderInput {
  return { groupName: 'Fluent Python club', bookTitle: 'Fluent Python', checkins: [], nudge: [], inactive: 0, onBreak: 0, ...overrides };
}

const nudgeLines = (message: ReminderMessage): string[] => message.content.split('\n').filter((line) => line.startsWith(nudgePrefix));
const mentionsIn = (text: string): string[] => [...text.matchAll(/<@(\d+)>/g)].map((match) => match[1]!);
const overflowOf = (messages: ReminderMessage[]): number => Number(/… and (\d+) more$/.exec(nudgeLines(messages.at(-1)!).at(-1) ?? '')?.[1] ?? 0);

/** The invariants every reminder keeps, whatever its input. */
function expectWellFormed(messages: ReminderMessage[], input: ReminderInput): void {
  expect(messages.length).toBeGreaterThanOrEqual(1);
  expect(messages.length).toBeLessThanOrEqual(10);
  const nudged = new Set(input.nudge);
  const pinged: string[] = [];
  for (const message of messages) {
    expect(message.content.length).toBeLessThanOrEqual(2000);
    expect(message.pingUserIds.length).toBeLessThanOrEqual(100);
    expect(message.content).not.toMatch(liveMention);
    // Pings are exactly the nudge line's mentions: check-in lines mention without pinging.
    expect(message.pingUserIds).toEqual(nudgeLines(message).flatMap(mentionsIn));
    pinged.push(...message.pingUserIds);
  }
  expect(new Set(pinged).size).toBe(pinged.length);
  for (const id of pinged) expect(nudged.has(id)).toBe(true);
  expect(pinged.length + overflowOf(messages)).toBe(nudged.size);
}

describe('composeReminder', () => {
  it('posts the header, the check-ins, then pings exactly the members to nudge', () => {
    const input = base({
      checkins: [
        { userId: userId(1), progressText: 'chapter 5 of 24', note: 'Loved the data model chapter' },
        { userId: userId(2), progressText: '45%', note: null },
      ],
      nudge: [userId(3), userId(4)],
    });
    const messages = composeReminder(input);
    expect(messages).toEqual([
      {
        content: [
          '📖 **Fluent Python club** · Fluent Python: weekly check-in',
          `<@${userId(1)}>: chapter 5 of 24 — Loved the data model chapter`,
          `<@${userId(2)}>: 45%`,
          `${nudgePrefix} <@${userId(3)}> <@${userId(4)}>`,
        ].join('\n'),
        pingUserIds: [userId(3), userId(4)],
      },
    ]);
    expectWellFormed(messages, input);
  });

  it('congratulates and pings nobody when nobody is missing', () => {
    const messages = composeReminder(base({ checkins: [{ userId: userId(1), progressText: 'done', note: null }] }));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.pingUserIds).toEqual([]);
    expect(messages[0]!.content).toMatch(/🎉 Everyone has checked in/);
    expect(messages[0]!.content).not.toContain(nudgePrefix);
    const quiet = composeReminder(base());
    expect(quiet[0]!.pingUserIds).toEqual([]);
    expect(quiet[0]!.content).toMatch(/🎉 Nobody to nudge/);
  });

  it('shows members on a break and inactive members as counts, without mentioning them', () => {
    const [message] = composeReminder(base({ nudge: [userId(1)], onBreak: 2, inactive: 1 }));
    expect(message!.content).toContain('☕ 2 members on a break this week · 💤 1 member not pinged after 4+ missed reminders');
    expect(message!.pingUserIds).toEqual([userId(1)]);
  });

  it('escapes user text so names and notes cannot ping or format', () => {
    const input = base({
      groupName: '@everyone **Py** club',
      bookTitle: '<@&123456789012345678> `Fluent`',
      checkins: [{ userId: userId(1), progressText: '@here', note: 'see <@123456789012345678>\n> @everyone\n# shout' }],
      nudge: [userId(2)],
    });
    const messages = composeReminder(input);
    expectWellFormed(messages, input);
    const content = messages[0]!.content;
    expect(content).toContain('\\*\\*Py\\*\\*');
    expect(content).toContain('\\<@\u200B&123456789012345678>');
    // The note stays on its check-in line.
    expect(content.split('\n')).toHaveLength(3);
    expect(mentionsIn(content)).toEqual([userId(1), userId(2)]);
  });

  it('mentions a member listed twice in the nudge only once', () => {
    const messages = composeReminder(base({ nudge: [userId(1), userId(2), userId(1)] }));
    expect(messages[0]!.pingUserIds).toEqual([userId(1), userId(2)]);
  });

  it('cuts a 500-character note short', () => {
    const input = base({ checkins: [{ userId: userId(1), progressText: 'page 120', note: 'n'.repeat(500) }], nudge: [userId(2)] });
    const messages = composeReminder(input);
    expectWellFormed(messages, input);
    const line = messages[0]!.content.split('\n')[1]!;
    expect(line).toMatch(/ — n+…$/);
    expect(line.length).toBeLessThan(400);
  });

  it('splits 300 members across messages, each pinged exactly once', () => {
    const members = Array.from({ length: 300 }, (_, n) => userId(n));
    const input = base({
      checkins: members.slice(0, 100).map((id) => ({ userId: id, progressText: 'chapter 12 of 24', note: 'Generators finally click. '.repeat(4) })),
      nudge: members.slice(100),
    });
    const messages = composeReminder(input);
    expectWellFormed(messages, input);
    expect(messages.length).toBeGreaterThan(2);
    expect(messages.flatMap((message) => message.pingUserIds)).toEqual(members.slice(100));
    // Every check-in is shown once, and check-ins continue into the next message.
    const shown = messages.flatMap((message) => message.content.split('\n')).filter((line) => /^<@\d+>: /.test(line));
    expect(shown).toHaveLength(100);
    expect(messages[1]!.content).toMatch(/^<@\d+>: /);
  });

  it('gives way to the nudge: the last check-ins are summarised before any member goes unpinged', () => {
    const input = base({
      checkins: Array.from({ length: 300 }, (_, n) => ({ userId: userId(n), progressText: 'page 100', note: 'x'.repeat(300) })),
      nudge: Array.from({ length: 500 }, (_, n) => userId(1000 + n)),
    });
    const messages = composeReminder(input);
    expectWellFormed(messages, input);
    expect(messages).toHaveLength(10);
    expect(overflowOf(messages)).toBe(0);
    expect(messages.map((message) => message.content).join('\n')).toMatch(/… and \d+ more check-ins/);
  });

  it('ends the last nudge line with "… and N more" when even 10 messages cannot hold everyone', () => {
    const input = base({ nudge: Array.from({ length: 2000 }, (_, n) => userId(n)) });
    const messages = composeReminder(input);
    expectWellFormed(messages, input);
    expect(messages).toHaveLength(10);
    const more = overflowOf(messages);
    expect(more).toBeGreaterThan(0);
    expect(messages.flatMap((message) => message.pingUserIds)).toEqual(input.nudge.slice(0, 2000 - more));
  });

  it('keeps every limit and pings exactly the nudged members, whatever the group', () => {
    const id = fc.bigInt({ min: 10n ** 16n, max: 10n ** 20n - 1n }).map(String);
    const userText = fc.oneof(
      fc.string({ maxLength: 600 }),
      fc.constantFrom('@everyone', '@here', '<@123456789012345678>', '**x**', '> q', '😀'.repeat(200), '@'.repeat(700)),
    );
    const checkin: fc.Arbitrary<ReminderCheckin> = fc.record({ userId: id, progressText: userText, note: fc.option(userText) });
    const input: fc.Arbitrary<ReminderInput> = fc.record({
      groupName: userText,
      bookTitle: userText,
      checkins: fc.array(checkin, { maxLength: 120 }),
      nudge: fc.oneof(fc.array(id, { maxLength: 50 }), fc.array(id, { minLength: 100, maxLength: 1200 })),
      inactive: fc.integer({ min: 0, max: 500 }),
      onBreak: fc.integer({ min: 0, max: 500 }),
    });
    fc.assert(
      fc.property(input, (reminder) => {
        const messages = composeReminder(reminder);
        expectWellFormed(messages, reminder);
        if (reminder.nudge.length === 0) expect(messages.every((message) => message.pingUserIds.length === 0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
