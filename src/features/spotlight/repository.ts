import type { RotationEntry } from './core/rotation.js';
import type { SqliteDatabase } from '../../platform/store/database.js';

export interface SpotlightSettings {
  guildId: string;
  roleId: string | null;
  configuredBy: string;
}

export interface QueuedBook {
  position: number;
  bookId: string;
  queuedBy: string;
}

export interface SpotlightRepository {
  settings(guildId: string): SpotlightSettings | undefined;
  saveSettings(settings: SpotlightSettings): void;
  /** Forgets the settings and queue; the history stays. */
  forget(guildId: string): void;
  queue(guildId: string): QueuedBook[];
  enqueue(guildId: string, bookId: string, queuedBy: string, nowMs: number): void;
  /** Puts a book first in the queue (the winner of a poll), taking it out of wherever it was queued before. */
  enqueueFirst(guildId: string, bookId: string, queuedBy: string, nowMs: number): void;
  /** Removes the first queued copy of a book; true when there was one. */
  dequeue(guildId: string, bookId: string): boolean;
  history(guildId: string): RotationEntry[];
  appendHistory(guildId: string, entry: RotationEntry, weekKey: string | null, nowMs: number): void;
}

export function createSpotlightRepository(db: SqliteDatabase): SpotlightRepository {
  const settings = db.prepare<[string], { guild_id: string; role_id: string | null; configured_by: string }>(
    'SELECT guild_id, role_id, configured_by FROM spotlight_settings WHERE guild_id = ?',
  );
  const saveSettings = db.prepare(
    `INSERT INTO spotlight_settings (guild_id, role_id, configured_by) VALUES (?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET role_id = excluded.role_id, configured_by = excluded.configured_by`,
  );
  const forgetSettings = db.prepare('DELETE FROM spotlight_settings WHERE guild_id = ?');
  const clearQueue = db.prepare('DELETE FROM spotlight_queue WHERE guild_id = ?');
  const queue = db.prepare<[string], { position: number; book_id: string; queued_by: string }>(
    'SELECT position, book_id, queued_by FROM spotlight_queue WHERE guild_id = ? ORDER BY position',
  );
  const enqueue = db.prepare(
    `INSERT INTO spotlight_queue (guild_id, position, book_id, queued_by, queued_at_ms)
     VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM spotlight_queue WHERE guild_id = ?), ?, ?, ?)`,
  );
  const removeQueued = db.prepare('DELETE FROM spotlight_queue WHERE guild_id = ? AND book_id = ?');
  const enqueueFirst = db.prepare(
    `INSERT INTO spotlight_queue (guild_id, position, book_id, queued_by, queued_at_ms)
     VALUES (?, (SELECT COALESCE(MIN(position), 1) - 1 FROM spotlight_queue WHERE guild_id = ?), ?, ?, ?)`,
  );
  const dequeue = db.prepare(
    `DELETE FROM spotlight_queue WHERE guild_id = ? AND position =
       (SELECT MIN(position) FROM spotlight_queue WHERE guild_id = ? AND book_id = ?)`,
  );
  const history = db.prepare<[string], { book_id: string; outcome: RotationEntry['outcome'] }>(
    'SELECT book_id, outcome FROM spotlight_history WHERE guild_id = ? ORDER BY sequence',
  );
  const appendHistory = db.prepare(
    `INSERT INTO spotlight_history (guild_id, sequence, book_id, outcome, week_key, at_ms)
     VALUES (?, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM spotlight_history WHERE guild_id = ?), ?, ?, ?, ?)`,
  );

  return {
    settings: (guildId) => {
      const row = settings.get(guildId);
      return row && { guildId: row.guild_id, roleId: row.role_id, configuredBy: row.configured_by };
    },
    saveSettings: (value) => void saveSettings.run(value.guildId, value.roleId, value.configuredBy),
    forget: (guildId) => {
      forgetSettings.run(guildId);
      clearQueue.run(guildId);
    },
    queue: (guildId) => queue.all(guildId).map((row) => ({ position: row.position, bookId: row.book_id, queuedBy: row.queued_by })),
    enqueue: (guildId, bookId, queuedBy, nowMs) => void enqueue.run(guildId, guildId, bookId, queuedBy, nowMs),
    enqueueFirst: (guildId, bookId, queuedBy, nowMs) => {
      removeQueued.run(guildId, bookId);
      enqueueFirst.run(guildId, guildId, bookId, queuedBy, nowMs);
    },
    dequeue: (guildId, bookId) => dequeue.run(guildId, guildId, bookId).changes > 0,
    history: (guildId) => history.all(guildId).map((row) => ({ bookId: row.book_id, outcome: row.outcome })),
    appendHistory: (guildId, entry, weekKey, nowMs) => void appendHistory.run(guildId, guildId, entry.bookId, entry.outcome, weekKey, nowMs),
  };
}
