import { GuildScheduledEventEntityType, GuildScheduledEventStatus, MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { createPoll } from '../../src/emulator/polls.js';
import { pollResultEmbed } from '../../src/emulator/poll-results.js';
import { summarizeEvents } from '../../src/playground/session/event-summary.js';
import { renderMessage, type NameLookup } from '../../src/playground/terminal/render.js';
import { eventsText } from '../../src/playground/terminal/render-events.js';
import { recordedMessage } from '../fixtures/recorded-message.js';

/** Polls, their results and the events list as terminal text. */

const start = Date.UTC(2026, 11, 8, 20);
const names: NameLookup = { user: (id) => ({ '1': 'Grimoire', '4': 'you', '5': 'alice', '6': 'bob' })[id], channel: (id) => ({ '77': 'reading-room' })[id], role: () => undefined };
const storedPoll = () => {
  const poll = createPoll({ question: { text: 'Which book next?' }, answers: [{ poll_media: { text: 'Fluent Python' } }, { poll_media: { text: 'Effective Python' } }], duration: 24 }, start);
  poll.votes.set('4', [1]).set('5', [1]).set('6', [2]);
  return poll;
};

describe('a poll in the terminal', () => {
  it('shows the question, how to vote, each answer with its bar, count, share and voters, and the time left', () => {
    const text = renderMessage(recordedMessage({ authorId: '1', poll: storedPoll() }), { names, polls: { now: () => start + 3_600_000, number: () => 1 } });
    expect(text.split('\n')).toEqual([
      'Grimoire',
      '  📊 Which book next?',
      '     Poll 1 · Select one answer · vote 1 <answer>',
      '  [1] Fluent Python     ███████░░░  2 votes   67%  you, alice',
      '  [2] Effective Python  ███░░░░░░░  1 vote    33%  bob',
      '  3 votes · 23h left',
    ]);
  });

  it('marks the winner once the poll has closed, and stops offering a vote', () => {
    const poll = storedPoll();
    poll.finalized = true;
    const text = renderMessage(recordedMessage({ authorId: '1', poll }), { names, polls: { now: () => start, number: () => 2 } });
    expect(text).toContain('     Poll 2 · Select one answer\n');
    expect(text).toContain('67%  (winner) you, alice');
    expect(text).toMatch(/3 votes · Poll closed$/);
  });

  it('shows the result message as Discord’s system line with the winner', () => {
    const result = recordedMessage({ authorId: '1', type: MessageType.PollResult, embeds: [pollResultEmbed(storedPoll())], reference: { messageId: '10', channelId: '3' } });
    expect(renderMessage(result, { names })).toBe("📊 Grimoire's poll “Which book next?” has closed.\n  Winning answer: Fluent Python — 2 of 3 votes (67%)");
  });
});

describe('eventsText', () => {
  it('lists each event with its status, start and end in the zone, how often, where, description and link', () => {
    const events = summarizeEvents(
      [
        {
          id: '9',
          guild_id: '500',
          channel_id: '77',
          creator_id: '1',
          name: '📖 Readers: weekly session',
          description: 'Reading Fluent Python together.',
          scheduled_start_time: '2026-12-16T18:00:00.000Z',
          scheduled_end_time: '2026-12-16T19:00:00.000Z',
          privacy_level: 2,
          status: GuildScheduledEventStatus.Scheduled,
          entity_type: GuildScheduledEventEntityType.Voice,
          entity_id: null,
          entity_metadata: null,
          recurrence_rule: { start: '2026-12-16T18:00:00.000Z', end: null, frequency: 2, interval: 1, by_weekday: [2], by_n_weekday: null, by_month: null, by_month_day: null, by_year_day: null, count: null },
          user_count: 0,
        },
      ],
      names.channel,
      'Europe/Berlin',
    );
    expect(eventsText(events, { guildName: 'Playground', timeZone: 'Europe/Berlin', width: 100 }).split('\n')).toEqual([
      'Scheduled events in Playground (1 upcoming; times in Europe/Berlin):',
      '',
      '  📅 📖 Readers: weekly session — Scheduled',
      '     Wed, 16 Dec 2026, 19:00 – 20:00 · every Wednesday · 🔊 #reading-room',
      '     Reading Fluent Python together.',
      '     https://discord.com/events/500/9',
    ]);
    expect(eventsText([], { guildName: 'Playground', timeZone: 'UTC', width: 100 })).toBe('Playground has no scheduled events.');
  });
});
