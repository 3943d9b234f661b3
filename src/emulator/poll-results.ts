import { EmbedType, MessageType, type APIEmbed } from 'discord-api-types/v10';
import { victor, type PollMessage, type StoredPoll } from './polls.js';
import type { EmulatorState, RecordedMessage } from './state.js';

/**
 * How a poll ends (DISCORD-REFERENCE.md §3): at its expiry or by End Poll, its tally becomes final and one POLL_RESULT
 * message (type 46, message.mdx § Poll result messages) follows it in its channel.
 */

/** The `poll_result` embed of a POLL_RESULT message (message.mdx § Poll Result Embed Fields); values are strings. */
export function pollResultEmbed(poll: StoredPoll): APIEmbed {
  const result = victor(poll);
  const field = (name: string, value: string) => ({ name, value, inline: false });
  const fields = [field('poll_question_text', poll.question.text), field('victor_answer_votes', String(result.votes)), field('total_votes', String(result.total))];
  const winner = result.answer;
  if (winner) {
    fields.push(field('victor_answer_id', String(winner.answer_id)), field('victor_answer_text', winner.poll_media.text));
    const emoji = winner.poll_media.emoji;
    if (emoji?.id) fields.push(field('victor_answer_emoji_id', emoji.id), field('victor_answer_emoji_animated', String(emoji.animated === true)));
    if (emoji?.name) fields.push(field('victor_answer_emoji_name', emoji.name));
  }
  return { type: EmbedType.PollResult, fields };
}

/**
 * Ends a poll: its tally becomes final and ONE POLL_RESULT message (type 46) follows it in its channel, by the poll's
 * author, who is mentioned, with a reference to the poll. Returns that message (none for a deleted or private poll).
 */
export function finalizePoll(state: EmulatorState, message: PollMessage): RecordedMessage | null {
  message.poll.finalized = true;
  state.openPolls.delete(message.id);
  // (guess) an ephemeral poll's result would show the poll to everyone: none is posted.
  if (message.deleted || message.ephemeral) return null;
  return state.recordMessage({
    channelId: message.channelId,
    guildId: message.guildId,
    authorId: message.authorId,
    content: '',
    embeds: [pollResultEmbed(message.poll)],
    components: [],
    flags: 0,
    pinged: { everyone: false, users: [message.authorId], roles: [] },
    nonce: null,
    interactionId: null,
    ephemeral: false,
    type: MessageType.PollResult,
    reference: { messageId: message.id, channelId: message.channelId },
  });
}

export interface SettledPoll {
  poll: PollMessage;
  result: RecordedMessage | null;
}

/**
 * Finalizes every open poll whose expiry the clock has reached, oldest expiry first. There are no timers (the clock is
 * a function a test or the playground moves), so this runs before anything reads: a reader never sees an ended poll open.
 */
export function settleExpiredPolls(state: EmulatorState): SettledPoll[] {
  if (state.openPolls.size === 0) return [];
  const now = state.now();
  const due: PollMessage[] = [];
  for (const id of state.openPolls) {
    const message = state.messages.get(id);
    // A deleted poll never ends: no result follows it.
    if (!message?.poll || message.deleted) state.openPolls.delete(id);
    else if (message.poll.expiresAt <= now) due.push(message as PollMessage);
  }
  due.sort((a, b) => a.poll.expiresAt - b.poll.expiresAt || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  return due.map((poll) => ({ poll, result: finalizePoll(state, poll) }));
}
