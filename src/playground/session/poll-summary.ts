import { EmbedType, MessageType, type APIEmbed, type APIPartialEmoji } from 'discord-api-types/v10';
import { tally, type StoredPoll } from '../../emulator/polls.js';
import type { RecordedMessage } from '../../emulator/state.js';

/**
 * A poll as both playgrounds show it (plain data, no markup): each answer's count, share and voters, whether the
 * viewer voted, and Discord's footer ("3 votes · 23h left", "Poll closed"); and the POLL_RESULT system message
 * (type 46) read back from its poll_result embed.
 */

export interface PollAnswerSummary {
  /** 1-based, in the poll's order: what `vote N <answer>` and the page's answers refer to. */
  number: number;
  answerId: number;
  text: string;
  /** A unicode emoji as is, a custom one by name (":name:"): nothing is loaded from Discord's CDN. */
  emoji: string | null;
  count: number;
  /** Whole percent of all votes. */
  percent: number;
  voterIds: string[];
  /** The viewer chose it. */
  mine: boolean;
  /** Once the poll has closed: it has the most votes (every answer tied at the top counts, guess). */
  winner: boolean;
}

export interface PollSummary {
  messageId: string;
  question: string;
  multiselect: boolean;
  /** Discord's line under the question. */
  prompt: 'Select one answer' | 'Select one or more answers';
  answers: PollAnswerSummary[];
  totalVotes: number;
  viewerVoted: boolean;
  closed: boolean;
  expiresAt: number;
  /** "1 vote", "3 votes". */
  votesText: string;
  /** "23h left", "Poll closed" (Discord's footer), or the expiry when no clock is given. */
  timeText: string;
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

export const votesText = (count: number): string => `${count} vote${count === 1 ? '' : 's'}`;

/** Discord's countdown: "45m left", "24h left", "7d left" (where it switches unit and how it rounds is a guess). */
export function timeLeftText(ms: number): string {
  if (ms < hourMs) return `${Math.max(1, Math.ceil(ms / minuteMs))}m left`;
  if (ms <= dayMs) return `${Math.ceil(ms / hourMs)}h left`;
  return `${Math.round(ms / dayMs)}d left`;
}

export function emojiText(emoji: APIPartialEmoji | null | undefined): string | null {
  if (!emoji) return null;
  if (emoji.id) return `:${emoji.name ?? 'emoji'}:`;
  return emoji.name ?? null;
}

const percentOf = (count: number, total: number): number => (total === 0 ? 0 : Math.round((count / total) * 100));

/** `nowMs` null: no relative time (the footer gives the expiry instead). */
export function summarizePoll(messageId: string, poll: StoredPoll, viewerId: string | null, nowMs: number | null): PollSummary {
  const counted = tally(poll);
  // (guess) shares are of all votes, so a multiselect poll's shares add up to 100% too.
  const totalVotes = counted.reduce((sum, { voterIds }) => sum + voterIds.length, 0);
  const closed = poll.finalized || (nowMs !== null && poll.expiresAt <= nowMs);
  const most = Math.max(0, ...counted.map(({ voterIds }) => voterIds.length));
  const answers = counted.map(({ answer, voterIds }, index) => ({
    number: index + 1,
    answerId: answer.answer_id,
    text: answer.poll_media.text,
    emoji: emojiText(answer.poll_media.emoji),
    count: voterIds.length,
    percent: percentOf(voterIds.length, totalVotes),
    voterIds,
    mine: viewerId !== null && voterIds.includes(viewerId),
    winner: closed && most > 0 && voterIds.length === most,
  }));
  const timeText = closed ? 'Poll closed' : nowMs === null ? `ends ${new Date(poll.expiresAt).toISOString()}` : timeLeftText(poll.expiresAt - nowMs);
  return {
    messageId,
    question: poll.question.text,
    multiselect: poll.allowMultiselect,
    prompt: poll.allowMultiselect ? 'Select one or more answers' : 'Select one answer',
    answers,
    totalVotes,
    viewerVoted: answers.some((answer) => answer.mine),
    closed,
    expiresAt: poll.expiresAt,
    votesText: votesText(totalVotes),
    timeText,
  };
}

export interface PollResultSummary {
  question: string;
  /** The one answer with the most votes; none after a tie or without votes. */
  winner: { answerId: number; text: string; emoji: string | null; votes: number; percent: number } | null;
  /** The most votes any answer got (a tie's share too). */
  topVotes: number;
  totalVotes: number;
  /** The poll it reports on (its message_reference). */
  pollMessageId: string | null;
}

export type PollResultMessage = Pick<RecordedMessage, 'embeds'> & Partial<Pick<RecordedMessage, 'type' | 'reference'>>;

export const isPollResult = (message: Partial<Pick<RecordedMessage, 'type'>>): boolean => message.type === MessageType.PollResult;

/** A POLL_RESULT message's report, from its poll_result embed's fields (all strings); null for any other message. */
export function pollResultOf(message: PollResultMessage): PollResultSummary | null {
  if (!isPollResult(message)) return null;
  const embed: APIEmbed | undefined = message.embeds.find((candidate) => candidate.type === EmbedType.PollResult);
  const field = (name: string): string | undefined => embed?.fields?.find((candidate) => candidate.name === name)?.value;
  const count = (name: string): number => {
    const value = Number(field(name));
    return Number.isFinite(value) ? value : 0;
  };
  const totalVotes = count('total_votes');
  const topVotes = count('victor_answer_votes');
  const winnerId = field('victor_answer_id');
  const winnerText = field('victor_answer_text');
  const emojiName = field('victor_answer_emoji_name');
  const winner =
    winnerId !== undefined && winnerText !== undefined
      ? { answerId: Number(winnerId), text: winnerText, emoji: emojiText(emojiName || field('victor_answer_emoji_id') ? { id: field('victor_answer_emoji_id') ?? null, name: emojiName ?? null } : null), votes: topVotes, percent: percentOf(topVotes, totalVotes) }
      : null;
  return { question: field('poll_question_text') ?? '', winner, topVotes, totalVotes, pollMessageId: message.reference?.messageId ?? null };
}
