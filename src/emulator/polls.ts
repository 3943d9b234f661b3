import type { APIPartialEmoji, APIPoll } from 'discord-api-types/v10';
import { emulatorLimits as limits } from './discord-limits.js';
import type { RecordedMessage } from './state.js';

/**
 * Native polls as Discord keeps them (DISCORD-REFERENCE.md §3, resources/poll.mdx): the Poll Create Request's
 * rules, the poll a message carries, votes (which only members cast: apps cannot vote), the voters of an answer,
 * and what the playground draws. How a poll ends is poll-results.ts. Problems come back as "field: message" lines for 50035.
 */

export interface PollAnswer {
  answer_id: number;
  poll_media: { text: string; emoji?: APIPartialEmoji };
}

/** A poll on a message, with the votes Discord counts (it only ever returns their tally). */
export interface StoredPoll {
  question: { text: string };
  answers: PollAnswer[];
  /** When voting ends, on the emulator's clock (ms); /expire moves it to the moment it was ended. */
  expiresAt: number;
  allowMultiselect: boolean;
  layoutType: number;
  /** Each voter's answer ids, by user id. */
  votes: Map<string, number[]>;
  /** True once the poll has ended: the tally is final and its result message posted. */
  finalized: boolean;
}

export type PollMessage = RecordedMessage & { poll: StoredPoll };

type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const absent = (value: unknown): boolean => value === undefined || value === null;
// UTF-16 code units, as discord-limits.ts counts.
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length >= 1 && value.length <= max;
const isSnowflake = (value: unknown): value is string => typeof value === 'string' && /^\d{1,20}$/.test(value);

function emojiProblems(emoji: unknown, at: string): string[] {
  if (absent(emoji)) return [];
  if (!isObject(emoji)) return [`${at}: must be an object with an id or a name`];
  // "send only the id (custom emoji) or the name (default emoji)"; a custom one is not looked up (guess).
  const hasId = !absent(emoji.id);
  const hasName = !absent(emoji.name);
  if (hasId && !isSnowflake(emoji.id)) return [`${at}.id: must be a snowflake`];
  if (!hasId && !(hasName && isText(emoji.name, 32))) return [`${at}: needs an id (custom emoji) or a name (unicode emoji)`];
  return [];
}

/** What Discord refuses in a Poll Create Request, as "poll.field: message" lines. */
export function pollCreateProblems(poll: unknown): string[] {
  if (!isObject(poll)) return ['poll: must be a poll create request object'];
  const problems: string[] = [];
  const question = poll.question;
  if (!isObject(question) || !isText(question.text, limits.pollQuestion)) problems.push(`poll.question.text: must be 1 to ${limits.pollQuestion} characters`);
  const answers = poll.answers;
  if (!Array.isArray(answers) || answers.length < limits.pollAnswersMin || answers.length > limits.pollAnswers) {
    problems.push(`poll.answers: must be ${limits.pollAnswersMin} to ${limits.pollAnswers} answers`);
  } else {
    answers.forEach((answer: unknown, index) => {
      const at = `poll.answers.${index}.poll_media`;
      const media = isObject(answer) ? answer.poll_media : undefined;
      if (!isObject(media)) {
        problems.push(`${at}: required`);
        return;
      }
      if (!isText(media.text, limits.pollAnswerText)) problems.push(`${at}.text: must be 1 to ${limits.pollAnswerText} characters`);
      problems.push(...emojiProblems(media.emoji, `${at}.emoji`));
    });
  }
  const duration = poll.duration;
  if (!absent(duration) && !(Number.isInteger(duration) && (duration as number) >= limits.pollDurationMin && (duration as number) <= limits.pollDuration)) {
    problems.push(`poll.duration: must be a whole number of hours from ${limits.pollDurationMin} to ${limits.pollDuration}`);
  }
  if (!absent(poll.allow_multiselect) && typeof poll.allow_multiselect !== 'boolean') problems.push('poll.allow_multiselect: must be a boolean');
  if (!absent(poll.layout_type) && poll.layout_type !== 1) problems.push('poll.layout_type: must be 1 (DEFAULT)');
  return problems;
}

const hourMs = 3_600_000;

/** The poll a checked Poll Create Request makes: answer ids 1..n in order, expiry = now + duration (24 h by default). */
export function createPoll(request: Body, nowMs: number): StoredPoll {
  const answers = (request.answers as { poll_media: Body }[]).map(({ poll_media: media }, index) => {
    const emoji = media.emoji as Body | null | undefined;
    const stored: PollAnswer = { answer_id: index + 1, poll_media: { text: media.text as string } };
    if (isObject(emoji)) {
      stored.poll_media.emoji = { id: (emoji.id as string | undefined) ?? null, name: (emoji.name as string | undefined) ?? null, ...(emoji.animated === true ? { animated: true } : {}) };
    }
    return stored;
  });
  const duration = (request.duration as number | null | undefined) ?? limits.pollDurationDefault;
  return {
    question: { text: (request.question as Body).text as string },
    answers,
    expiresAt: nowMs + duration * hourMs,
    allowMultiselect: request.allow_multiselect === true,
    layoutType: 1,
    votes: new Map(),
    finalized: false,
  };
}

/** Each answer's voters, in answer order, voters sorted by id (Get Answer Voters pages `after` a user id). */
export function tally(poll: StoredPoll): { answer: PollAnswer; voterIds: string[] }[] {
  const byId = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
  return poll.answers.map((answer) => ({
    answer,
    voterIds: [...poll.votes].filter(([, ids]) => ids.includes(answer.answer_id)).map(([userId]) => userId).sort(byId),
  }));
}

/** The answer with the most votes, when exactly one has them (a tie or no votes: none). */
export function victor(poll: StoredPoll): { answer: PollAnswer | null; votes: number; total: number } {
  const counts = tally(poll).map(({ answer, voterIds }) => ({ answer, count: voterIds.length }));
  const most = Math.max(0, ...counts.map(({ count }) => count));
  const leaders = counts.filter(({ count }) => count === most);
  // (guess) total_votes counts votes, so a multiselect voter counts once per answer.
  const total = counts.reduce((sum, { count }) => sum + count, 0);
  return { answer: most > 0 && leaders.length === 1 ? leaders[0]!.answer : null, votes: most, total };
}

/** The poll as Discord returns it on a message; `me_voted` is for `viewerId` (the bot, who cannot vote). */
export function apiPoll(poll: StoredPoll, viewerId: string): APIPoll {
  return {
    question: { ...poll.question },
    answers: poll.answers.map((answer) => structuredClone(answer)),
    expiry: new Date(poll.expiresAt).toISOString(),
    allow_multiselect: poll.allowMultiselect,
    layout_type: poll.layoutType,
    results: {
      is_finalized: poll.finalized,
      // (guess) answers nobody chose are left out, as the docs allow ("no entry: no votes").
      answer_counts: tally(poll)
        .filter(({ voterIds }) => voterIds.length > 0)
        .map(({ answer, voterIds }) => ({ id: answer.answer_id, count: voterIds.length, me_voted: voterIds.includes(viewerId) })),
    },
  };
}

/** Why these answers are not a vote this poll takes (an empty list withdraws the vote), or null. */
export function voteProblem(poll: StoredPoll, answerIds: readonly number[]): string | null {
  const known = new Set(poll.answers.map((answer) => answer.answer_id));
  const unknown = answerIds.filter((id) => !known.has(id));
  if (unknown.length > 0) return `the poll has no answer ${unknown.join(', ')}`;
  if (new Set(answerIds).size !== answerIds.length) return 'an answer is chosen twice';
  if (answerIds.length > 1 && !poll.allowMultiselect) return 'the poll takes one answer (allow_multiselect is false)';
  return null;
}

export interface VotersQueryProblem {
  field: string;
  code: string;
  message: string;
}

/** Get Answer Voters' query: `after` a user id, `limit` 1–100 (default 25). */
export function votersQuery(query: URLSearchParams): { after: bigint | null; limit: number } | { problems: VotersQueryProblem[] } {
  const problems: VotersQueryProblem[] = [];
  let limit: number = limits.pollVotersDefault;
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit.trim())) problems.push({ field: 'limit', code: 'NUMBER_TYPE_COERCE', message: `Value "${rawLimit}" is not int.` });
    else {
      limit = Number(rawLimit);
      if (limit < limits.pollVotersMin) problems.push({ field: 'limit', code: 'NUMBER_TYPE_MIN', message: `Int should be greater than or equal to ${limits.pollVotersMin}.` });
      if (limit > limits.pollVoters) problems.push({ field: 'limit', code: 'NUMBER_TYPE_MAX', message: `Int should be less than or equal to ${limits.pollVoters}.` });
    }
  }
  const rawAfter = query.get('after');
  if (rawAfter !== null && !isSnowflake(rawAfter)) problems.push({ field: 'after', code: 'NUMBER_TYPE_COERCE', message: `Value "${rawAfter}" is not snowflake.` });
  if (problems.length > 0) return { problems };
  return { after: rawAfter === null ? null : BigInt(rawAfter), limit };
}

/** One page of an answer's voters' ids. */
export function votersPage(poll: StoredPoll, answerId: number, after: bigint | null, limit: number): string[] {
  const voters = tally(poll).find(({ answer }) => answer.answer_id === answerId)?.voterIds ?? [];
  return voters.filter((id) => after === null || BigInt(id) > after).slice(0, limit);
}

/** What the playground draws and tests read: the poll with each answer's count and voters. */
export interface PollView {
  messageId: string;
  channelId: string;
  authorId: string;
  question: string;
  answers: { answerId: number; text: string; emoji: APIPartialEmoji | null; count: number; voterIds: string[] }[];
  allowMultiselect: boolean;
  /** When voting ends (or ended), ms on the emulator's clock. */
  expiresAt: number;
  finalized: boolean;
  totalVotes: number;
  /** The answer with the most votes, when one alone has them. */
  victorAnswerId: number | null;
}

export function pollView(message: PollMessage): PollView {
  const { poll } = message;
  const result = victor(poll);
  return {
    messageId: message.id,
    channelId: message.channelId,
    authorId: message.authorId,
    question: poll.question.text,
    answers: tally(poll).map(({ answer, voterIds }) => ({ answerId: answer.answer_id, text: answer.poll_media.text, emoji: answer.poll_media.emoji ?? null, count: voterIds.length, voterIds })),
    allowMultiselect: poll.allowMultiselect,
    expiresAt: poll.expiresAt,
    finalized: poll.finalized,
    totalVotes: result.total,
    victorAnswerId: result.answer?.answer_id ?? null,
  };
}

/** Discord's refusal of a vote on an ended poll (JSON code 520000, "Poll voting blocked"), thrown by Emulator.votePoll. */
export class PollVotingBlocked extends Error {
  readonly code = 520000;

  constructor(messageId: string) {
    super(`Poll voting blocked: the poll on message ${messageId} has ended`);
    this.name = 'PollVotingBlocked';
  }
}
