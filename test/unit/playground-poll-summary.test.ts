import { MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { createPoll, type StoredPoll } from '../../src/emulator/polls.js';
import { pollResultEmbed } from '../../src/emulator/poll-results.js';
import { pollResultOf, summarizePoll, timeLeftText } from '../../src/playground/session/poll-summary.js';
import { recordedMessage } from '../fixtures/recorded-message.js';

/** What both playgrounds show of a poll and of its result message, from the emulator's own poll. */

const start = Date.UTC(2026, 11, 8, 20);
const hour = 3_600_000;

function poll(votes: Record<string, number[]>, options: { multiselect?: boolean; hours?: number } = {}): StoredPoll {
  const made = createPoll(
    { question: { text: 'Which book next?' }, answers: [{ poll_media: { text: 'Fluent Python', emoji: { name: '🐍' } } }, { poll_media: { text: 'Effective Python' } }, { poll_media: { text: 'Robust Python', emoji: { id: '123', name: 'robust' } } }], duration: options.hours ?? 24, allow_multiselect: options.multiselect ?? false },
    start,
  );
  for (const [user, ids] of Object.entries(votes)) made.votes.set(user, ids);
  return made;
}

describe('summarizePoll', () => {
  it('counts each answer, its whole-percent share and its voters, and marks the viewer’s own choice', () => {
    const summary = summarizePoll('m1', poll({ '11': [1], '12': [1], '13': [2] }), '13', start + hour);
    expect(summary.answers.map(({ number, text, emoji, count, percent, voterIds, mine }) => ({ number, text, emoji, count, percent, voterIds, mine }))).toEqual([
      { number: 1, text: 'Fluent Python', emoji: '🐍', count: 2, percent: 67, voterIds: ['11', '12'], mine: false },
      { number: 2, text: 'Effective Python', emoji: null, count: 1, percent: 33, voterIds: ['13'], mine: true },
      { number: 3, text: 'Robust Python', emoji: ':robust:', count: 0, percent: 0, voterIds: [], mine: false },
    ]);
    expect(summary).toMatchObject({ question: 'Which book next?', prompt: 'Select one answer', viewerVoted: true, closed: false, totalVotes: 3, votesText: '3 votes', timeText: '23h left' });
    expect(summary.answers.some((answer) => answer.winner)).toBe(false);
  });

  it('closes at the expiry by the clock given, and marks every answer tied at the top as a winner', () => {
    const tied = summarizePoll('m1', poll({ '11': [1], '12': [2] }), null, start + 24 * hour);
    expect(tied).toMatchObject({ closed: true, timeText: 'Poll closed', viewerVoted: false, votesText: '2 votes' });
    expect(tied.answers.map((answer) => answer.winner)).toEqual([true, true, false]);
    expect(summarizePoll('m1', poll({}), null, start + 25 * hour).answers.map((answer) => answer.winner)).toEqual([false, false, false]);
  });

  it('says "Select one or more answers" for a multiselect poll, and gives the expiry when no clock is given', () => {
    const summary = summarizePoll('m1', poll({ '11': [1, 3] }, { multiselect: true }), '11', null);
    expect(summary).toMatchObject({ prompt: 'Select one or more answers', votesText: '2 votes', timeText: 'ends 2026-12-09T20:00:00.000Z' });
    expect(summary.answers.map((answer) => answer.mine)).toEqual([true, false, true]);
  });
});

describe('timeLeftText', () => {
  it('counts down in minutes under an hour, in hours up to a day, then in days', () => {
    expect([1, 59_000, 45 * 60_000, hour, 23.5 * hour, 24 * hour, 7 * 24 * hour - 1].map(timeLeftText)).toEqual(['1m left', '1m left', '45m left', '1h left', '24h left', '24h left', '7d left']);
  });
});

describe('pollResultOf', () => {
  const result = (stored: StoredPoll) => recordedMessage({ type: MessageType.PollResult, embeds: [pollResultEmbed(stored)], reference: { messageId: 'm1', channelId: '3' } });

  it('reads the winner, its votes and share from the poll_result embed', () => {
    expect(pollResultOf(result(poll({ '11': [1], '12': [1], '13': [2] })))).toEqual({
      question: 'Which book next?',
      winner: { answerId: 1, text: 'Fluent Python', emoji: '🐍', votes: 2, percent: 67 },
      topVotes: 2,
      totalVotes: 3,
      pollMessageId: 'm1',
    });
  });

  it('has no winner after a tie or without votes, and is null for any other message', () => {
    expect(pollResultOf(result(poll({ '11': [1], '12': [2] })))).toMatchObject({ winner: null, topVotes: 1, totalVotes: 2 });
    expect(pollResultOf(result(poll({})))).toMatchObject({ winner: null, totalVotes: 0 });
    expect(pollResultOf(recordedMessage({ embeds: [pollResultEmbed(poll({}))] }))).toBeNull();
  });
});
