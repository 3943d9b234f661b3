import type { SqliteDatabase } from './database.js';

/** A pending one-off task: `kind` names the code that runs it, `subjectId` what it is about (a poll, a group). */
export interface TimedTaskRecord {
  guildId: string;
  kind: string;
  subjectId: string;
  dueMs: number;
  /** Failed runs so far (an error, Discord unreachable); reset when the task is scheduled anew. */
  attempts: number;
  lastError: string | null;
}

export type TimedTaskKey = Pick<TimedTaskRecord, 'kind' | 'subjectId'>;

export interface TimedTaskRepository {
  /** Schedules the task (or moves it, resetting its attempts) to run at `dueMs`. */
  schedule(guildId: string, key: TimedTaskKey, dueMs: number, nowMs: number): void;
  find(key: TimedTaskKey): TimedTaskRecord | undefined;
  /** Due tasks, earliest first; only of `kinds` when given (tasks of a kind this build does not run never crowd out the rest). */
  due(nowMs: number, limit: number, kinds?: readonly string[]): TimedTaskRecord[];
  /** After a run: run again at `dueMs`, unless the task was scheduled anew meanwhile. */
  postpone(task: TimedTaskRecord, dueMs: number, attempts: number, error: string | null): void;
  /** Done: deleted, unless it was scheduled anew meanwhile (then that run stands). */
  finish(task: TimedTaskRecord): void;
  remove(key: TimedTaskKey): void;
}

interface Row {
  guild_id: string;
  kind: string;
  subject_id: string;
  due_ms: number;
  attempts: number;
  last_error: string | null;
}

const toRecord = (row: Row): TimedTaskRecord => ({
  guildId: row.guild_id,
  kind: row.kind,
  subjectId: row.subject_id,
  dueMs: row.due_ms,
  attempts: row.attempts,
  lastError: row.last_error,
});

export function createTimedTaskRepository(db: SqliteDatabase): TimedTaskRepository {
  const upsert = db.prepare(
    `INSERT INTO timed_tasks (guild_id, kind, subject_id, due_ms, created_at_ms) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, subject_id) DO UPDATE SET due_ms = excluded.due_ms, attempts = 0, last_error = NULL`,
  );
  const find = db.prepare<[string, string], Row>('SELECT * FROM timed_tasks WHERE kind = ? AND subject_id = ?');
  const due = db.prepare<[number, number], Row>('SELECT * FROM timed_tasks WHERE due_ms <= ? AND owned_guild(guild_id) ORDER BY due_ms, kind, subject_id LIMIT ?');
  const dueOf = db.prepare<[number, string, number], Row>(
    'SELECT * FROM timed_tasks WHERE due_ms <= ? AND owned_guild(guild_id) AND kind IN (SELECT value FROM json_each(?)) ORDER BY due_ms, kind, subject_id LIMIT ?',
  );
  // "Unless scheduled anew": the row still has the due time and attempts the run started from.
  const postpone = db.prepare('UPDATE timed_tasks SET due_ms = ?, attempts = ?, last_error = ? WHERE kind = ? AND subject_id = ? AND due_ms = ? AND attempts = ?');
  const finish = db.prepare('DELETE FROM timed_tasks WHERE kind = ? AND subject_id = ? AND due_ms = ? AND attempts = ?');
  const remove = db.prepare('DELETE FROM timed_tasks WHERE kind = ? AND subject_id = ?');
  return {
    schedule: (guildId, key, dueMs, nowMs) => void upsert.run(guildId, key.kind, key.subjectId, dueMs, nowMs),
    find: (key) => {
      const row = find.get(key.kind, key.subjectId);
      return row && toRecord(row);
    },
    due: (nowMs, limit, kinds) => (kinds ? dueOf.all(nowMs, JSON.stringify(kinds), limit) : due.all(nowMs, limit)).map(toRecord),
    postpone: (task, dueMs, attempts, error) => void postpone.run(dueMs, attempts, error, task.kind, task.subjectId, task.dueMs, task.attempts),
    finish: (task) => void finish.run(task.kind, task.subjectId, task.dueMs, task.attempts),
    remove: (key) => void remove.run(key.kind, key.subjectId),
  };
}
