import { GuildScheduledEventEntityType, GuildScheduledEventStatus, MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { createPoll } from '../../src/emulator/polls.js';
import { pollResultEmbed } from '../../src/emulator/poll-results.js';
import { summarizeEvents } from '../../src/playground/session/event-summary.js';
import { eventsHtml } from '../../src/playground/web/render/events.js';
import { messageHtml, type MessageContext, type MessageView } from '../../src/playground/web/render/message.js';

/** The page's poll, poll result line and events list, as the server writes them. */

const now = Date.UTC(2026, 11, 8, 20);
const names = { user: (id: string) => ({ '1': 'Grimoire', '10': 'ana', '11': 'ben' })[id], channel: (id: string) => (id === '77' ? 'reading-room' : undefined), role: () => undefined };
const ctx = (viewerId: string, nowMs = now): MessageContext => ({ timeZone: 'Europe/Berlin', nowMs, viewerId, names, authorName: names.user, authorIsBot: (id) => id === '1' });
const storedPoll = (votes: Record<string, number[]> = {}) => {
  const poll = createPoll({ question: { text: 'Which <b>book</b>?' }, answers: [{ poll_media: { text: 'Fluent Python' } }, { poll_media: { text: 'Effective & Python' } }], duration: 24 }, now);
  for (const [user, ids] of Object.entries(votes)) poll.votes.set(user, ids);
  return poll;
};
const message = (overrides: Partial<MessageView>): MessageView => ({ id: '500', authorId: '1', content: '', embeds: [], components: [], flags: 0, pinged: { everyone: false, users: [], roles: [] }, createdAt: now, editedAt: null, ephemeral: false, ...overrides });

describe('a poll on the page', () => {
  it('offers the answers to pick from and a Vote button, the tally hidden until the viewer votes', () => {
    const html = messageHtml(message({ poll: storedPoll({ '11': [1] }) }), ctx('10'));
    expect(html).toContain('<div class="gr-poll" data-testid="poll" data-poll-id="500" data-results="hidden" data-closed="false">');
    expect(html).toContain('Which &lt;b&gt;book&lt;/b&gt;?');
    expect(html).toContain('Effective &amp; Python');
    expect(html).toContain('<div class="gr-poll-prompt">Select one answer</div>');
    expect(html.match(/<input class="gr-poll-input" type="radio" name="poll-500" value="\d"/g)).toHaveLength(2);
    expect(html).toMatch(/data-action="poll-vote" data-message-id="500" disabled>Vote<\/button>/);
    expect(html).toContain('data-testid="poll-status">1 vote<span class="gr-poll-dot" aria-hidden="true"> · </span>24h left</span>');
  });

  it('shows the viewer’s own choice ticked with the tally, and Remove vote instead of Vote', () => {
    const html = messageHtml(message({ poll: storedPoll({ '10': [2], '11': [1] }) }), ctx('10'));
    expect(html).toContain('data-results="shown"');
    expect(html).toMatch(/data-answer-id="2" data-mine="true" data-winner="false"><span class="gr-poll-fill" style="width: 50%">/);
    expect(html).toContain('<span class="gr-poll-mark" aria-label="your vote">✓</span>');
    expect(html).toContain('data-action="poll-remove-vote"');
    expect(html).not.toContain('data-action="poll-vote"');
  });

  it('says Poll closed once it has ended, marks the winner and takes no more votes', () => {
    const html = messageHtml(message({ poll: storedPoll({ '10': [2], '11': [2] }) }), ctx('10', now + 25 * 3_600_000));
    expect(html).toContain('data-closed="true"');
    expect(html).toMatch(/data-answer-id="2" data-mine="true" data-winner="true"/);
    expect(html).toContain('2 votes<span class="gr-poll-dot" aria-hidden="true"> · </span>Poll closed');
    expect(html).not.toMatch(/data-action="poll-(vote|remove-vote)"/);
  });

  it('draws the result message as a system line with the winner and a way back to the poll', () => {
    const result = message({ id: '600', type: MessageType.PollResult, embeds: [pollResultEmbed(storedPoll({ '10': [1], '11': [1] }))], reference: { messageId: '500', channelId: '3' } });
    const html = messageHtml(result, ctx('10'));
    expect(html).toMatch(/^<div class="gr-system-message" data-testid="poll-result" data-message-id="600">/);
    expect(html).toContain("<strong>Grimoire</strong>'s poll <strong>Which &lt;b&gt;book&lt;/b&gt;?</strong> has closed.");
    expect(html).toContain('<span class="gr-poll-result-answer">Fluent Python</span><span class="gr-poll-result-note">Winning answer · 2 votes · 100%</span>');
    expect(html).toContain('data-action="poll-jump" data-poll-id="500"');
  });
});

describe('the events list', () => {
  it('shows each event’s status, start in the viewer’s zone, name, where, recurrence and description, escaped', () => {
    const events = summarizeEvents(
      [
        {
          id: '9',
          guild_id: '500',
          channel_id: '77',
          creator_id: '1',
          name: 'Readers <session>',
          description: '**Reading** together',
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
    const html = eventsHtml(events, { timeZone: 'Europe/Berlin', nowMs: now, guildName: 'Playground', names });
    expect(html).toContain('data-event-id="9" data-upcoming="true"');
    expect(html).toContain('<span class="gr-event-status" data-status="scheduled">Scheduled</span>');
    expect(html).toContain('>Wednesday, December 16, 2026 at 7:00 PM – 8:00 PM</time>');
    expect(html).toContain('<h3 class="gr-event-name">Readers &lt;session&gt;</h3>');
    expect(html).toContain('🔊 #reading-room');
    expect(html).toContain('🔁 every Wednesday');
    expect(html).toContain('<strong>Reading</strong> together');
    expect(eventsHtml([], { timeZone: 'UTC', nowMs: now, guildName: 'Playground', names })).toContain('Playground has no scheduled events.');
  });
});
