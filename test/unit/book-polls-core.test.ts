import { describe, expect, it } from 'vitest';
import { pollAnswers, pollHours, pollLimits, pollQuestion } from '../../src/features/book-polls/core/poll-answers.js';
import { tallyPoll, tieRule } from '../../src/features/book-polls/core/poll-tally.js';
import { pollOutcomeReply } from '../../src/features/book-polls/presenters/outcome.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';
import { realCatalog } from '../fixtures/context.js';
import { sendProblems, textOf } from '../fixtures/layout.js';

/** A poll's answers within Discord's limits, its tally and tie rule, and the outcome post (issue 19). */

const catalog = realCatalog();

describe('poll answers', () => {
  it('offers at most ten books, each title within 55 characters, told apart when two cut alike', () => {
    const long = 'A Very Long Title About Python Internals And Many More Things Beyond';
    const answers = pollAnswers([
      ...Array.from({ length: 11 }, (_, i) => ({ bookId: `b${i}`, title: `Book ${i}` })).slice(0, 8),
      { bookId: 'x', title: long },
      { bookId: 'y', title: `${long} Second Edition` },
      { bookId: 'z', title: 'One too many' },
    ]);
    expect(answers).toHaveLength(pollLimits.maxAnswers);
    expect(answers.every((answer) => answer.text.length <= 55)).toBe(true);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(10);
    expect(answers[8]!.text).toMatch(/… \(1\)$/);
    expect(answers[9]!.text).toMatch(/… \(2\)$/);
  });

  it('asks within 300 characters, and takes 1 to 168 hours (24 by default)', () => {
    expect(pollQuestion({ kind: 'study', groupName: 'x'.repeat(400) }).length).toBeLessThanOrEqual(300);
    expect([pollHours(null), pollHours(1), pollHours(168), pollHours(0), pollHours(169), pollHours(1.5)]).toEqual([24, 1, 168, null, null, null]);
  });
});

describe('the tally', () => {
  const answers = [
    { answerId: 1, bookId: 'a' },
    { answerId: 2, bookId: 'b' },
    { answerId: 3, bookId: 'c' },
  ];
  it('names the book with most votes; an answer Discord leaves out had none', () => {
    expect(tallyPoll(answers, new Map([[2, 3], [1, 1]]))).toEqual({
      votes: [{ bookId: 'a', votes: 1 }, { bookId: 'b', votes: 3 }, { bookId: 'c', votes: 0 }],
      total: 4,
      winner: 'b',
      tiedWith: [],
    });
  });
  it('gives a tie to the tied book listed first in the poll, whatever the ids', () => {
    const reordered = [{ answerId: 9, bookId: 'a' }, { answerId: 2, bookId: 'b' }, { answerId: 5, bookId: 'c' }];
    expect(tallyPoll(reordered, new Map([[5, 2], [2, 2]]))).toMatchObject({ winner: 'b', tiedWith: ['c'] });
    expect(tieRule).toContain('listed first');
  });
  it('has no winner without votes', () => {
    expect(tallyPoll(answers, new Map())).toMatchObject({ winner: null, total: 0, tiedWith: [] });
  });
});

describe('the outcome post', () => {
  const books = new Map(catalog.books.slice(0, 10).map((book) => [book.id, book]));
  const answers = [...books.keys()].map((bookId, index) => ({ answerId: index + 1, bookId }));
  const poll = { guildId: '1', channelId: '2', messageId: '3' };

  it('is a valid Components v2 message with the winner first, the rest in one line, and a card button each', () => {
    const tally = tallyPoll(answers, new Map([[4, 2], [2, 1]]));
    const body = toMessageBody(pollOutcomeReply({ question: 'Which book should be the next spotlight?', tally, outcome: 'It is queued as the next spotlight.', books, poll }));
    expect(sendProblems(body as never)).toEqual([]);
    const text = textOf(body as never);
    const winner = books.get(answers[3]!.bookId)!.title;
    expect(text.indexOf(`🏆 **${winner}**`)).toBeLessThan(text.indexOf(`**${books.get(answers[1]!.bookId)!.title}**: 1 vote`));
    expect(text).toContain('No votes: ');
    expect(text).toContain('https://discord.com/channels/1/2/3');
    expect(JSON.stringify(body)).toContain(`"label":"${winner}"`);
  });

  it('says the tie rule only when a tie decided it', () => {
    const tie = textOf(toMessageBody(pollOutcomeReply({ question: 'q', tally: tallyPoll(answers, new Map([[1, 1], [2, 1]])), outcome: '', books, poll })) as never);
    const clear = textOf(toMessageBody(pollOutcomeReply({ question: 'q', tally: tallyPoll(answers, new Map([[1, 2], [2, 1]])), outcome: '', books, poll })) as never);
    expect(tie).toContain(tieRule);
    expect(clear).not.toContain(tieRule);
  });
});
