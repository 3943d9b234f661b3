import type { SqliteDatabase } from '../../platform/store/database.js';
import type { MessageBody } from '../../platform/discord/reply.js';
import type { PollAnswerRef, PollTally } from './core/poll-tally.js';

export type PollState = 'posting' | 'open' | 'decided' | 'announced' | 'deleted' | 'failed';

export interface BookPoll {
  pollId: number;
  guildId: string;
  purpose: 'spotlight' | 'study';
  /** The study group it chooses for (purpose 'study'). */
  groupId: number | null;
  channelId: string;
  /** Null while it is being posted. */
  messageId: string | null;
  startedBy: string;
  answers: PollAnswerRef[];
  /** A group's poll: begin the winner at once rather than when everyone has finished the current book. */
  beginAtOnce: boolean;
  expiresAtMs: number;
  state: PollState;
  tally: PollTally | null;
  /** What applying the winner did, in words (for the outcome post and status). */
  outcome: string | null;
  /** The outcome post, composed once when the poll was decided. */
  outcomeBody: MessageBody | null;
  outcomeAttemptMs: number | null;
  outcomeMessageId: string | null;
  /** Why it ended deleted or failed. */
  reason: string | null;
  createdAtMs: number;
}

export interface NewPoll {
  guildId: string;
  purpose: BookPoll['purpose'];
  groupId: number | null;
  channelId: string;
  startedBy: string;
  beginAtOnce: boolean;
}

/** What Discord answered when the poll was posted. */
export interface PostedPollRecord {
  messageId: string;
  answers: PollAnswerRef[];
  expiresAtMs: number;
}

/** A row left 'posting' this long is a crash's leftover: it no longer blocks a new poll. */
export const stalePostingMs = 5 * 60_000;

export interface BookPollRepository {
  /** Claims the one running poll of its spotlight or group before it is posted; the running one if there is one. */
  reserve(poll: NewPoll, nowMs: number): { pollId: number } | { running: BookPoll };
  /** posting → open, with what Discord answered. */
  confirm(pollId: number, posted: PostedPollRecord): void;
  /** Drops a reservation whose poll was not posted (or was taken down). */
  forget(pollId: number): void;
  find(pollId: number): BookPoll | undefined;
  /** The running (or being posted) poll for a server's spotlight (groupId null) or a group, if any. */
  open(guildId: string, purpose: BookPoll['purpose'], groupId: number | null): BookPoll | undefined;
  /** open → decided, with the tally, what applying it did and the outcome post; false if it was no longer open. */
  decide(pollId: number, decision: { tally: PollTally; outcome: string; outcomeBody: MessageBody }, nowMs: number): boolean;
  /** open → deleted or failed; false if it was no longer open. */
  end(pollId: number, state: 'deleted' | 'failed', reason: string, nowMs: number): boolean;
  markOutcomeAttempt(pollId: number, wallMs: number): void;
  /** decided → announced; false if it was already. */
  announce(pollId: number, messageId: string | null, reason: string | null): boolean;
}

interface Row {
  poll_id: number;
  guild_id: string;
  purpose: BookPoll['purpose'];
  group_id: number | null;
  channel_id: string;
  message_id: string | null;
  started_by: string;
  answers: string;
  begin_at_once: number;
  expires_at_ms: number;
  state: PollState;
  counts: string | null;
  outcome: string | null;
  outcome_body: string | null;
  outcome_attempt_ms: number | null;
  outcome_message_id: string | null;
  reason: string | null;
  created_at_ms: number;
}

const toPoll = (row: Row): BookPoll => ({
  pollId: row.poll_id,
  guildId: row.guild_id,
  purpose: row.purpose,
  groupId: row.group_id,
  channelId: row.channel_id,
  messageId: row.message_id,
  startedBy: row.started_by,
  answers: JSON.parse(row.answers) as PollAnswerRef[],
  beginAtOnce: row.begin_at_once === 1,
  expiresAtMs: row.expires_at_ms,
  state: row.state,
  tally: row.counts === null ? null : (JSON.parse(row.counts) as PollTally),
  outcome: row.outcome,
  outcomeBody: row.outcome_body === null ? null : (JSON.parse(row.outcome_body) as MessageBody),
  outcomeAttemptMs: row.outcome_attempt_ms,
  outcomeMessageId: row.outcome_message_id,
  reason: row.reason,
  createdAtMs: row.created_at_ms,
});

export function createBookPollRepository(db: SqliteDatabase): BookPollRepository {
  const insert = db.prepare<unknown[], { poll_id: number }>(
    `INSERT INTO book_polls (guild_id, purpose, group_id, channel_id, started_by, answers, begin_at_once, expires_at_ms, created_at_ms)
     VALUES (?, ?, ?, ?, ?, '[]', ?, 0, ?) RETURNING poll_id`,
  );
  const confirm = db.prepare("UPDATE book_polls SET state = 'open', message_id = ?, answers = ?, expires_at_ms = ? WHERE poll_id = ? AND state = 'posting'");
  const forget = db.prepare("DELETE FROM book_polls WHERE poll_id = ? AND state = 'posting'");
  const find = db.prepare<[number], Row>('SELECT * FROM book_polls WHERE poll_id = ?');
  const open = db.prepare<[string, string, number], Row>("SELECT * FROM book_polls WHERE guild_id = ? AND purpose = ? AND COALESCE(group_id, 0) = ? AND state IN ('posting', 'open')");
  const decide = db.prepare(
    "UPDATE book_polls SET state = 'decided', winner_book_id = ?, counts = ?, outcome = ?, outcome_body = ?, decided_at_ms = ? WHERE poll_id = ? AND state = 'open'",
  );
  const end = db.prepare("UPDATE book_polls SET state = ?, reason = ?, decided_at_ms = ? WHERE poll_id = ? AND state = 'open'");
  const attempt = db.prepare('UPDATE book_polls SET outcome_attempt_ms = ? WHERE poll_id = ?');
  const announce = db.prepare("UPDATE book_polls SET state = 'announced', outcome_message_id = ?, reason = ? WHERE poll_id = ? AND state = 'decided'");
  return {
    reserve(poll, nowMs) {
      const running = open.get(poll.guildId, poll.purpose, poll.groupId ?? 0);
      if (running && !(running.state === 'posting' && nowMs - running.created_at_ms >= stalePostingMs)) return { running: toPoll(running) };
      if (running) forget.run(running.poll_id);
      const row = insert.get(poll.guildId, poll.purpose, poll.groupId, poll.channelId, poll.startedBy, poll.beginAtOnce ? 1 : 0, nowMs)!;
      return { pollId: row.poll_id };
    },
    confirm: (pollId, posted) => void confirm.run(posted.messageId, JSON.stringify(posted.answers), posted.expiresAtMs, pollId),
    forget: (pollId) => void forget.run(pollId),
    find: (pollId) => {
      const row = find.get(pollId);
      return row && toPoll(row);
    },
    open: (guildId, purpose, groupId) => {
      const row = open.get(guildId, purpose, groupId ?? 0);
      return row && toPoll(row);
    },
    decide: (pollId, { tally, outcome, outcomeBody }, nowMs) => decide.run(tally.winner, JSON.stringify(tally), outcome, JSON.stringify(outcomeBody), nowMs, pollId).changes > 0,
    end: (pollId, state, reason, nowMs) => end.run(state, reason, nowMs, pollId).changes > 0,
    markOutcomeAttempt: (pollId, wallMs) => void attempt.run(wallMs, pollId),
    announce: (pollId, messageId, reason) => announce.run(messageId, reason, pollId).changes > 0,
  };
}
