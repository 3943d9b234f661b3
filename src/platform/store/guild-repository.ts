import type { SqliteDatabase } from './database.js';

export interface GuildRecord {
  guildId: string;
  createdAtMs: number;
  lastSeenMs: number;
}

export interface GuildRepository {
  /** Creates the server's row on first use and records that it was seen now. */
  touch(guildId: string, nowMs: number): void;
  find(guildId: string): GuildRecord | undefined;
  count(): number;
}

export function createGuildRepository(db: SqliteDatabase): GuildRepository {
  const touch = db.prepare(
    `INSERT INTO guilds (guild_id, created_at_ms, last_seen_ms) VALUES (?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET last_seen_ms = excluded.last_seen_ms`,
  );
  const find = db.prepare<[string], { guild_id: string; created_at_ms: number; last_seen_ms: number }>(
    'SELECT guild_id, created_at_ms, last_seen_ms FROM guilds WHERE guild_id = ?',
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM guilds');
  return {
    touch: (guildId, nowMs) => void touch.run(guildId, nowMs, nowMs),
    find: (guildId) => {
      const row = find.get(guildId);
      return row && { guildId: row.guild_id, createdAtMs: row.created_at_ms, lastSeenMs: row.last_seen_ms };
    },
    count: () => count.get()!.n,
  };
}
