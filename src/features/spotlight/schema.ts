/** The spotlight's tables: per-server settings, the admins' queue and the rotation history. */
export const spotlightTables = `CREATE TABLE spotlight_settings (
     guild_id      TEXT PRIMARY KEY NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
     role_id       TEXT,
     configured_by TEXT NOT NULL
   ) STRICT;

   CREATE TABLE spotlight_queue (
     guild_id     TEXT NOT NULL,
     position     INTEGER NOT NULL,
     book_id      TEXT NOT NULL,
     queued_by    TEXT NOT NULL,
     queued_at_ms INTEGER NOT NULL,
     PRIMARY KEY (guild_id, position)
   ) STRICT;

   CREATE TABLE spotlight_history (
     guild_id TEXT NOT NULL,
     sequence INTEGER NOT NULL,
     book_id  TEXT NOT NULL,
     outcome  TEXT NOT NULL CHECK (outcome IN ('posted', 'skipped')),
     week_key TEXT,
     at_ms    INTEGER NOT NULL,
     PRIMARY KEY (guild_id, sequence)
   ) STRICT;`;
