import type { MessageBody } from '../discord/reply.js';
import type { SqliteDatabase } from './database.js';
import type { ScheduleKind } from './schedule-repository.js';

/** One (server, schedule, local week): the unit that is posted exactly once. */
export interface DeliveryKey {
  guildId: string;
  kind: ScheduleKind;
  subjectId: string;
  weekKey: string;
}

export type DeliveryStatus = 'claimed' | 'sent' | 'skipped' | 'missed' | 'failed' | 'unverified';

export interface DeliveryRecord extends DeliveryKey {
  dueMs: number;
  channelId: string;
  status: DeliveryStatus;
  /** What was chosen when the delivery was claimed (the book), so a retry sends the same thing. */
  payloadRef: string | null;
  nonce: string;
  attempts: number;
  messageId: string | null;
  lastError: string | null;
  /** Why it was skipped, missed or left unverified. */
  reason: string | null;
  claimedAtMs: number;
  /** Wall-clock time (Discord's clock, not the injected one) when the first send attempt began; null before. */
  attemptWallMs: number | null;
  /** While claimed: the messages (marked) as composed for the first attempt, which every later attempt sends. */
  messages: MessageBody[] | null;
  finishedAtMs: number | null;
}

export interface ClaimInput {
  dueMs: number;
  channelId: string;
  payloadRef: string | null;
  nonce: string;
}

export interface DeliveryRepository {
  find(key: DeliveryKey): DeliveryRecord | undefined;
  /** How many deliveries each job kind has in each status (metrics). */
  countsByStatus(): { kind: string; status: string; count: number }[];
  /** Inserts a claimed delivery unless one exists for the key; returns whichever is stored. */
  claim(key: DeliveryKey, input: ClaimInput, nowMs: number): DeliveryRecord;
  /**
   * The mark* and resolveClaim methods end a claim and return whether they did: false when it was already
   * ended (e.g. by a process that took over while this one stalled), which must then change nothing else.
   */
  markSent(key: DeliveryKey, messageId: string, nowMs: number): boolean;
  markFailed(key: DeliveryKey, error: string, nowMs: number): boolean;
  /** The job decided there was nothing to send this week: not a failure. */
  markSkipped(key: DeliveryKey, reason: string, nowMs: number): boolean;
  /** Ends a claim that was never confirmed sent: 'missed' (verified not posted) or 'unverified' (could not check). */
  resolveClaim(key: DeliveryKey, status: 'missed' | 'unverified', reason: string, nowMs: number): boolean;
  /** Records when the first send attempt began and what it sends (both kept from the first attempt on). */
  markAttemptStarted(key: DeliveryKey, wallMs: number, messages: readonly MessageBody[]): void;
  /** Deletes a claim whose message is known never to have left the bot: the next run claims it afresh. */
  releaseClaim(key: DeliveryKey): void;
  /** Claims made at or before `claimedAtMs`, oldest first: candidates for an orphaned claim. */
  claimedBefore(claimedAtMs: number, limit: number): DeliveryRecord[];
  /** The most recent finished delivery of a kind in a server, whatever its outcome. */
  latest(guildId: string, kind: ScheduleKind): DeliveryRecord | undefined;
  /** Counts a failed attempt and returns how many there were. */
  recordAttempt(key: DeliveryKey, error: string): number;
  recordMissed(key: DeliveryKey, dueMs: number, channelId: string, nonce: string, nowMs: number): void;
  /** The most recent sent delivery of a kind in a server. */
  lastSent(guildId: string, kind: ScheduleKind): DeliveryRecord | undefined;
  /** A schedule's latest delivery due before `beforeMs` that was posted (sent, or unverified: it may have been). */
  lastPostedBefore(schedule: Omit<DeliveryKey, 'weekKey'>, beforeMs: number): DeliveryRecord | undefined;
  countByStatus(kind: ScheduleKind): Record<DeliveryStatus, number>;
}

interface Row {
  guild_id: string;
  kind: ScheduleKind;
  subject_id: string;
  week_key: string;
  due_ms: number;
  channel_id: string;
  status: DeliveryStatus;
  payload_ref: string | null;
  nonce: string;
  attempts: number;
  message_id: string | null;
  last_error: string | null;
  reason: string | null;
  claimed_at_ms: number;
  attempt_wall_ms: number | null;
  messages_json: string | null;
  finished_at_ms: number | null;
}

/** Stored messages; a value that is not a list of message bodies (edited by hand) counts as none: composed again. */
function parseMessages(json: string | null): MessageBody[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    const isBody = (body: unknown): boolean => typeof body === 'object' && body !== null && 'allowed_mentions' in body;
    return Array.isArray(value) && value.length > 0 && value.every(isBody) ? (value as MessageBody[]) : null;
  } catch {
    return null;
  }
}

function toRecord(row: Row): DeliveryRecord {
  return {
    guildId: row.guild_id,
    kind: row.kind,
    subjectId: row.subject_id,
    weekKey: row.week_key,
    dueMs: row.due_ms,
    channelId: row.channel_id,
    status: row.status,
    payloadRef: row.payload_ref,
    nonce: row.nonce,
    attempts: row.attempts,
    messageId: row.message_id,
    lastError: row.last_error,
    reason: row.reason,
    claimedAtMs: row.claimed_at_ms,
    attemptWallMs: row.attempt_wall_ms,
    messages: parseMessages(row.messages_json),
    finishedAtMs: row.finished_at_ms,
  };
}

const keyWhere = 'guild_id = ? AND kind = ? AND subject_id = ? AND week_key = ?';
const keyArgs = (key: DeliveryKey): [string, string, string, string] => [key.guildId, key.kind, key.subjectId, key.weekKey];

export function createDeliveryRepository(db: SqliteDatabase): DeliveryRepository {
  const find = db.prepare<[string, string, string, string], Row>(`SELECT * FROM deliveries WHERE ${keyWhere}`);
  const countsByStatus = db.prepare<[], { kind: string; status: string; count: number }>('SELECT kind, status, COUNT(*) AS count FROM deliveries GROUP BY kind, status ORDER BY kind, status');
  const insert = db.prepare(
    `INSERT INTO deliveries (guild_id, kind, subject_id, week_key, due_ms, channel_id, status, payload_ref, nonce, claimed_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  // A delivery that ended needs its messages no more (up to 10 bodies: not kept for every week).
  const markSent = db.prepare(`UPDATE deliveries SET status = 'sent', message_id = ?, finished_at_ms = ?, last_error = NULL, messages_json = NULL WHERE ${keyWhere} AND status = 'claimed'`);
  const markFailed = db.prepare(`UPDATE deliveries SET status = 'failed', last_error = ?, finished_at_ms = ?, messages_json = NULL WHERE ${keyWhere} AND status = 'claimed'`);
  const markSkipped = db.prepare(`UPDATE deliveries SET status = 'skipped', reason = ?, finished_at_ms = ?, messages_json = NULL WHERE ${keyWhere} AND status = 'claimed'`);
  const resolveClaim = db.prepare(`UPDATE deliveries SET status = ?, reason = ?, finished_at_ms = ?, messages_json = NULL WHERE ${keyWhere} AND status = 'claimed'`);
  const markAttemptStarted = db.prepare(`UPDATE deliveries SET attempt_wall_ms = ?, messages_json = ? WHERE ${keyWhere} AND attempt_wall_ms IS NULL`);
  const releaseClaim = db.prepare(`DELETE FROM deliveries WHERE ${keyWhere} AND status = 'claimed'`);
  const claimedBefore = db.prepare<[number, number], Row>(`SELECT * FROM deliveries WHERE status = 'claimed' AND claimed_at_ms <= ? AND owned_guild(guild_id) ORDER BY claimed_at_ms LIMIT ?`);
  const latest = db.prepare<[string, string], Row>(
    `SELECT * FROM deliveries WHERE guild_id = ? AND kind = ? AND status != 'claimed' ORDER BY due_ms DESC, finished_at_ms DESC LIMIT 1`,
  );
  const recordAttempt = db.prepare<[string, string, string, string, string], { attempts: number }>(
    `UPDATE deliveries SET attempts = attempts + 1, last_error = ? WHERE ${keyWhere} RETURNING attempts`,
  );
  const lastSent = db.prepare<[string, string], Row>(
    `SELECT * FROM deliveries WHERE guild_id = ? AND kind = ? AND status = 'sent' ORDER BY finished_at_ms DESC LIMIT 1`,
  );
  const lastPostedBefore = db.prepare<[string, string, string, number], Row>(
    `SELECT * FROM deliveries WHERE guild_id = ? AND kind = ? AND subject_id = ? AND status IN ('sent', 'unverified') AND due_ms < ?
     ORDER BY due_ms DESC LIMIT 1`,
  );
  const counts = db.prepare<[string], { status: DeliveryStatus; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries WHERE kind = ? GROUP BY status');

  return {
    countsByStatus: () => countsByStatus.all(),
    find: (key) => {
      const row = find.get(...keyArgs(key));
      return row && toRecord(row);
    },
    claim: (key, input, nowMs) => {
      insert.run(...keyArgs(key), input.dueMs, input.channelId, 'claimed', input.payloadRef, input.nonce, nowMs);
      return toRecord(find.get(...keyArgs(key))!);
    },
    markSent: (key, messageId, nowMs) => markSent.run(messageId, nowMs, ...keyArgs(key)).changes > 0,
    markFailed: (key, error, nowMs) => markFailed.run(error, nowMs, ...keyArgs(key)).changes > 0,
    markSkipped: (key, reason, nowMs) => markSkipped.run(reason, nowMs, ...keyArgs(key)).changes > 0,
    resolveClaim: (key, status, reason, nowMs) => resolveClaim.run(status, reason, nowMs, ...keyArgs(key)).changes > 0,
    markAttemptStarted: (key, wallMs, messages) => void markAttemptStarted.run(wallMs, JSON.stringify(messages), ...keyArgs(key)),
    releaseClaim: (key) => void releaseClaim.run(...keyArgs(key)),
    claimedBefore: (claimedAtMs, limit) => claimedBefore.all(claimedAtMs, limit).map(toRecord),
    latest: (guildId, kind) => {
      const row = latest.get(guildId, kind);
      return row && toRecord(row);
    },
    recordAttempt: (key, error) => recordAttempt.get(error, ...keyArgs(key))?.attempts ?? 0,
    recordMissed: (key, dueMs, channelId, nonce, nowMs) => {
      insert.run(...keyArgs(key), dueMs, channelId, 'missed', null, nonce, nowMs);
    },
    lastSent: (guildId, kind) => {
      const row = lastSent.get(guildId, kind);
      return row && toRecord(row);
    },
    lastPostedBefore: (schedule, beforeMs) => {
      const row = lastPostedBefore.get(schedule.guildId, schedule.kind, schedule.subjectId, beforeMs);
      return row && toRecord(row);
    },
    countByStatus: (kind) => {
      const result: Record<DeliveryStatus, number> = { claimed: 0, sent: 0, skipped: 0, missed: 0, failed: 0, unverified: 0 };
      for (const row of counts.all(kind)) result[row.status] = row.n;
      return result;
    },
  };
}
