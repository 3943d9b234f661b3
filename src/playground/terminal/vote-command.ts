import type { StoredPoll } from '../../emulator/polls.js';
import type { RecordedMessage } from '../../emulator/state.js';

/**
 * The terminal's `vote <poll> <answer…> [as <member>]`: polls are numbered in the order they appeared (Poll 1,
 * Poll 2, … under their question), answers by their place in the poll; `none` takes the vote back.
 */

export type PollMessage = RecordedMessage & { poll: StoredPoll };

export interface NumberedPoll {
  number: number;
  message: PollMessage;
}

export interface PollNumbering {
  /** The poll's number, given on first sight and kept for the session; none for a message without a poll. */
  numberOf(messageId: string): number | undefined;
  /** The polls that can still be seen, by number. */
  list(): NumberedPoll[];
}

const byId = (a: RecordedMessage, b: RecordedMessage): number => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);

export function pollNumbering(messages: () => readonly RecordedMessage[]): PollNumbering {
  const numbers = new Map<string, number>();
  const current = (): PollMessage[] => {
    const found = messages().filter((message): message is PollMessage => message.poll !== undefined).sort(byId);
    for (const message of found) if (!numbers.has(message.id)) numbers.set(message.id, numbers.size + 1);
    return found;
  };
  return {
    numberOf(messageId) {
      if (!numbers.has(messageId)) current();
      return numbers.get(messageId);
    },
    list: () => current().map((message) => ({ number: numbers.get(message.id)!, message })),
  };
}

export type ParsedVote =
  | { ok: true; poll: PollMessage; number: number; answerIds: number[]; answerTexts: string[]; as?: string }
  | { ok: false; error: string };

const example = 'e.g. vote 1 2 (poll 1, its answer 2); vote 1 none takes a vote back; vote 1 2 as alice votes as alice';

export function parseVote(argument: string, polls: readonly NumberedPoll[]): ParsedVote {
  const fail = (error: string): ParsedVote => ({ ok: false, error });
  let words = argument.trim().split(/[\s,]+/).filter(Boolean);
  let as: string | undefined;
  if (words.length >= 2 && words.at(-2)!.toLowerCase() === 'as') {
    as = words.at(-1)!.replace(/^@/, '');
    words = words.slice(0, -2);
  }
  if (polls.length === 0) return fail('There is no poll to vote in yet.');
  const [pollWord = '', ...answerWords] = words;
  if (!pollWord || answerWords.length === 0) return fail(`Which poll, and which answer? ${example}.`);
  const range = polls.length === 1 ? `poll ${polls[0]!.number}` : `polls ${polls.map((poll) => poll.number).join(', ')}`;
  const found = /^\d+$/.test(pollWord) ? (polls.find((poll) => poll.number === Number(pollWord)) ?? polls.find((poll) => poll.message.id === pollWord)) : undefined;
  if (!found) return fail(`No poll ${pollWord}: there ${polls.length === 1 ? 'is' : 'are'} ${range}.`);
  const { answers } = found.message.poll;
  if (answerWords.length === 1 && answerWords[0]!.toLowerCase() === 'none') return { ok: true, poll: found.message, number: found.number, answerIds: [], answerTexts: [], ...(as ? { as } : {}) };
  const chosen = answerWords.map((word) => (/^\d+$/.test(word) ? answers[Number(word) - 1] : undefined));
  const wrong = answerWords.filter((_, index) => chosen[index] === undefined);
  if (wrong.length > 0) return fail(`Poll ${found.number} has answers 1–${answers.length}, not ${wrong.join(', ')}.`);
  if (chosen.length > 1 && !found.message.poll.allowMultiselect) return fail(`Poll ${found.number} takes one answer.`);
  return {
    ok: true,
    poll: found.message,
    number: found.number,
    answerIds: chosen.map((answer) => answer!.answer_id),
    answerTexts: chosen.map((answer) => answer!.poll_media.text),
    ...(as ? { as } : {}),
  };
}
