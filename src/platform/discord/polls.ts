import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { DiscordErrorCode, discordErrorCode } from './api-errors.js';

/**
 * Native Discord polls over the bot's REST client: posting one, and reading its result later. A slash-command bot
 * gets no poll events (they need the message intents), so the result is read with Get Channel Message, which
 * shows `poll.results` to the poll's author (DISCORD-REFERENCE.md §3).
 */

export interface PollRequest {
  question: string;
  answers: readonly string[];
  hours: number;
}

export interface PostedPoll {
  messageId: string;
  /** Discord's answer ids, in the order the answers were sent. */
  answerIds: number[];
  expiresAtMs: number;
}

export type PollReading =
  /** Still running, or ended and not yet tallied (Discord finalizes the counts shortly after the end). */
  | { kind: 'running' }
  /** The final tally: votes by answer id (an answer Discord leaves out had none). */
  | { kind: 'final'; counts: Map<number, number> }
  /** The poll message was deleted. */
  | { kind: 'deleted' }
  /** The bot can no longer see it (channel gone, access or Read Message History lost). */
  | { kind: 'unreadable'; reason: string };

export interface Polls {
  post(channelId: string, poll: PollRequest): Promise<PostedPoll>;
  read(channelId: string, messageId: string): Promise<PollReading>;
  /** Deletes a poll the bot posted (one it could not record); a poll already gone is fine. */
  remove(channelId: string, messageId: string): Promise<void>;
}

interface ApiPollMessage {
  id: string;
  poll?: {
    answers: { answer_id: number }[];
    expiry: string | null;
    results?: { is_finalized: boolean; answer_counts: { id: number; count: number }[] };
  };
}

const unreadable: Record<number, string> = {
  [DiscordErrorCode.UnknownChannel]: 'the channel was deleted',
  [DiscordErrorCode.MissingAccess]: 'Grimoire can no longer see the channel',
  [DiscordErrorCode.MissingPermissions]: 'Grimoire is missing Read Message History in the channel',
  [DiscordErrorCode.UnknownGuild]: 'Grimoire is no longer in the server',
};

export function pollsOver(rest: REST): Polls {
  return {
    async post(channelId, { question, answers, hours }) {
      const body = {
        poll: { question: { text: question }, answers: answers.map((text) => ({ poll_media: { text } })), duration: hours, allow_multiselect: false, layout_type: 1 },
        allowed_mentions: { parse: [] },
      };
      const message = (await rest.post(Routes.channelMessages(channelId), { body })) as ApiPollMessage;
      if (!message.poll) throw new Error('Discord returned the poll message without its poll');
      const expiresAtMs = message.poll.expiry ? Date.parse(message.poll.expiry) : Number.NaN;
      if (!Number.isFinite(expiresAtMs)) throw new Error('Discord returned a poll without an expiry');
      return { messageId: message.id, answerIds: message.poll.answers.map((answer) => answer.answer_id), expiresAtMs };
    },
    async read(channelId, messageId) {
      let message: ApiPollMessage;
      try {
        message = (await rest.get(Routes.channelMessage(channelId, messageId))) as ApiPollMessage;
      } catch (error) {
        const code = discordErrorCode(error);
        if (code === DiscordErrorCode.UnknownMessage) return { kind: 'deleted' };
        if (code !== null && unreadable[code]) return { kind: 'unreadable', reason: unreadable[code] };
        throw error;
      }
      const results = message.poll?.results;
      // A missing `results` means "unknown", not zero votes.
      if (!results?.is_finalized) return { kind: 'running' };
      return { kind: 'final', counts: new Map(results.answer_counts.map((entry) => [entry.id, entry.count])) };
    },
    async remove(channelId, messageId) {
      try {
        await rest.delete(Routes.channelMessage(channelId, messageId));
      } catch (error) {
        if (discordErrorCode(error) !== DiscordErrorCode.UnknownMessage) throw error;
      }
    },
  };
}

/** For contexts without a Discord connection (unit tests): every call fails plainly. */
export const noPolls: Polls = {
  post: () => Promise.reject(new Error('no Discord connection for polls')),
  read: () => Promise.reject(new Error('no Discord connection for polls')),
  remove: () => Promise.reject(new Error('no Discord connection for polls')),
};
