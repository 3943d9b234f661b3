import { describe, expect, it } from 'vitest';
import { createPoll } from '../../src/emulator/polls.js';
import type { RecordedMessage } from '../../src/emulator/state.js';
import { parseVote, pollNumbering } from '../../src/playground/terminal/vote-command.js';
import { recordedMessage } from '../fixtures/recorded-message.js';

/** The terminal's `vote <poll> <answer…> [as <member>]` and the numbers polls get. */

const pollMessage = (id: string, multiselect = false): RecordedMessage =>
  recordedMessage({ id, poll: createPoll({ question: { text: `poll ${id}` }, answers: [{ poll_media: { text: 'Yes' } }, { poll_media: { text: 'No' } }, { poll_media: { text: 'Maybe' } }], allow_multiselect: multiselect }, 0) });

describe('pollNumbering', () => {
  it('numbers polls in the order they appeared and keeps the numbers when one disappears', () => {
    let messages = [pollMessage('300'), recordedMessage({ id: '200' }), pollMessage('100')];
    const numbering = pollNumbering(() => messages);
    expect(numbering.list().map((poll) => [poll.number, poll.message.id])).toEqual([
      [1, '100'],
      [2, '300'],
    ]);
    expect(numbering.numberOf('200')).toBeUndefined();
    messages = [pollMessage('300'), pollMessage('400')];
    expect(numbering.list().map((poll) => [poll.number, poll.message.id])).toEqual([
      [2, '300'],
      [3, '400'],
    ]);
  });
});

describe('parseVote', () => {
  const polls = pollNumbering(() => [pollMessage('100'), pollMessage('200', true)]).list();

  it('reads a poll by number or message id, answers by their place, and who votes', () => {
    expect(parseVote('1 2', polls)).toMatchObject({ ok: true, number: 1, answerIds: [2], answerTexts: ['No'] });
    expect(parseVote('200 1,3 as @alice', polls)).toMatchObject({ ok: true, number: 2, answerIds: [1, 3], answerTexts: ['Yes', 'Maybe'], as: 'alice' });
    expect(parseVote('2 none', polls)).toMatchObject({ ok: true, number: 2, answerIds: [], answerTexts: [] });
  });

  it('says what is wrong: no such poll or answer, several answers where one is allowed, nothing to vote in', () => {
    expect(parseVote('3 1', polls)).toEqual({ ok: false, error: 'No poll 3: there are polls 1, 2.' });
    expect(parseVote('1 4', polls)).toEqual({ ok: false, error: 'Poll 1 has answers 1–3, not 4.' });
    expect(parseVote('1 1 2', polls)).toEqual({ ok: false, error: 'Poll 1 takes one answer.' });
    expect(parseVote('1', polls)).toMatchObject({ ok: false, error: expect.stringMatching(/^Which poll, and which answer\? e\.g\. vote 1 2/) });
    expect(parseVote('1 1', [])).toEqual({ ok: false, error: 'There is no poll to vote in yet.' });
  });
});
