import { formatLocalTime, type WeeklyRule } from '../../core/weekly-rule.js';
import type { SqliteDatabase } from './database.js';

/** Which job runs a schedule (e.g. 'spotlight'); the scheduler's job list says which kinds exist. */
export type ScheduleKind = string;

export interface ScheduleRecord {
  scheduleId: number;
  guildId: string;
  kind: ScheduleKind;
  /** What the schedule is about when a server has several of a kind; '' when it has one (the spotlight). */
  subjectId: string;
  channelId: string;
  rule: WeeklyRule;
  nextDueMs: number;
  /** Why the schedule is paused; null while it runs. */
  pausedReason: string | null;
  pausedAtMs: number | null;
  /** After a failed send: not before this instant. */
  retryAtMs: number | null;
}

export interface ScheduleInput {
  guildId: string;
  kind: ScheduleKind;
  subjectId?: string;
  channelId: string;
  rule: WeeklyRule;
  nextDueMs: number;
}

export interface ScheduleRepository {
  /** Creates or replaces the schedule (running, no pending retry). */
  save(input: ScheduleInput, nowMs: number): ScheduleRecord;
  find(guildId: string, kind: ScheduleKind, subjectId?: string): ScheduleRecord | undefined;
  /** Running schedules due at `nowMs` whose retry wait (if any) is over, earliest first. */
  due(nowMs: number, limit: number): ScheduleRecord[];
  /** When the next running schedule becomes due (or its retry comes up), or null when none is running. */
  earliestDue(): number | null;
  advance(scheduleId: number, nextDueMs: number, nowMs: number): void;
  retryAt(scheduleId: number, retryAtMs: number, nowMs: number): void;
  pause(scheduleId: number, reason: string, nowMs: number): void;
  /** Pauses every schedule of a server (the bot was removed from it). Returns how many. */
  pauseGuild(guildId: string, reason: string, nowMs: number): number;
  resume(scheduleId: number, nextDueMs: number, nowMs: number): void;
  remove(guildId: string, kind: ScheduleKind, subjectId?: string): boolean;
}

interface Row {
  schedule_id: number;
  guild_id: string;
  kind: ScheduleKind;
  subject_id: string;
  channel_id: string;
  weekday: number;
  local_time: string;
  time_zone: string;
  next_due_ms: number;
  paused_reason: string | null;
  paused_at_ms: number | null;
  retry_at_ms: number | null;
}

function toRecord(row: Row): ScheduleRecord {
  const [hour, minute] = row.local_time.split(':').map(Number);
  return {
    scheduleId: row.schedule_id,
    guildId: row.guild_id,
    kind: row.kind,
    subjectId: row.subject_id,
    channelId: row.channel_id,
    rule: { weekday: row.weekday, hour: hour!, minute: minute!, timeZone: row.time_zone },
    nextDueMs: row.next_due_ms,
    pausedReason: row.paused_reason,
    pausedAtMs: row.paused_at_ms,
    retryAtMs: row.retry_at_ms,
  };
}

export function createScheduleRepository(db: SqliteDatabase): ScheduleRepository {
  const columns = 'schedule_id, guild_id, kind, subject_id, channel_id, weekday, local_time, time_zone, next_due_ms, paused_reason, paused_at_ms, retry_at_ms';
  const save = db.prepare<[string, string, string, string, number, string, string, number, number, number], Row>(
    `INSERT INTO schedules (guild_id, kind, subject_id, channel_id, weekday, local_time, time_zone, next_due_ms, created_at_ms, updated_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (guild_id, kind, subject_id) DO UPDATE SET
       channel_id = excluded.channel_id, weekday = excluded.weekday, local_time = excluded.local_time,
       time_zone = excluded.time_zone, next_due_ms = excluded.next_due_ms, paused_reason = NULL,
       paused_at_ms = NULL, retry_at_ms = NULL, updated_at_ms = excluded.updated_at_ms
     RETURNING ${columns}`,
  );
  const find = db.prepare<[string, string, string], Row>(`SELECT ${columns} FROM schedules WHERE guild_id = ? AND kind = ? AND subject_id = ?`);
  const due = db.prepare<[number, number, number], Row>(
    `SELECT ${columns} FROM schedules
     WHERE paused_reason IS NULL AND next_due_ms <= ? AND (retry_at_ms IS NULL OR retry_at_ms <= ?) AND owned_guild(guild_id)
     ORDER BY next_due_ms, schedule_id LIMIT ?`,
  );
  const earliestDue = db.prepare<[], { due: number | null }>(
    'SELECT MIN(MAX(next_due_ms, COALESCE(retry_at_ms, 0))) AS due FROM schedules WHERE paused_reason IS NULL AND owned_guild(guild_id)',
  );
  const advance = db.prepare('UPDATE schedules SET next_due_ms = ?, retry_at_ms = NULL, updated_at_ms = ? WHERE schedule_id = ?');
  const retryAt = db.prepare('UPDATE schedules SET retry_at_ms = ?, updated_at_ms = ? WHERE schedule_id = ?');
  const pause = db.prepare('UPDATE schedules SET paused_reason = ?, paused_at_ms = ?, retry_at_ms = NULL, updated_at_ms = ? WHERE schedule_id = ?');
  const pauseGuild = db.prepare(
    'UPDATE schedules SET paused_reason = ?, paused_at_ms = ?, retry_at_ms = NULL, updated_at_ms = ? WHERE guild_id = ? AND paused_reason IS NULL',
  );
  const resume = db.prepare('UPDATE schedules SET paused_reason = NULL, paused_at_ms = NULL, retry_at_ms = NULL, next_due_ms = ?, updated_at_ms = ? WHERE schedule_id = ?');
  const remove = db.prepare('DELETE FROM schedules WHERE guild_id = ? AND kind = ? AND subject_id = ?');

  return {
    save: (input, nowMs) =>
      toRecord(
        save.get(
          input.guildId,
          input.kind,
          input.subjectId ?? '',
          input.channelId,
          input.rule.weekday,
          formatLocalTime(input.rule.hour, input.rule.minute),
          input.rule.timeZone,
          input.nextDueMs,
          nowMs,
          nowMs,
        )!,
      ),
    find: (guildId, kind, subjectId = '') => {
      const row = find.get(guildId, kind, subjectId);
      return row && toRecord(row);
    },
    due: (nowMs, limit) => due.all(nowMs, nowMs, limit).map(toRecord),
    earliestDue: () => earliestDue.get()?.due ?? null,
    advance: (scheduleId, nextDueMs, nowMs) => void advance.run(nextDueMs, nowMs, scheduleId),
    retryAt: (scheduleId, retryAtMs, nowMs) => void retryAt.run(retryAtMs, nowMs, scheduleId),
    pause: (scheduleId, reason, nowMs) => void pause.run(reason, nowMs, nowMs, scheduleId),
    pauseGuild: (guildId, reason, nowMs) => pauseGuild.run(reason, nowMs, nowMs, guildId).changes,
    resume: (scheduleId, nextDueMs, nowMs) => void resume.run(nextDueMs, nowMs, scheduleId),
    remove: (guildId, kind, subjectId = '') => remove.run(guildId, kind, subjectId).changes > 0,
  };
}
