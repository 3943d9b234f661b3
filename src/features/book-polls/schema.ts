/**
 * Native Discord polls for the next book (issue 19): one per poll message, for the server's spotlight or for one
 * study group. The answers map Discord's answer ids to books. A row is written ('posting', claiming the one running
 * poll of its spotlight or group) before the poll is posted, so a retry or a second member never posts another;
 * then `state` runs open → decided (the winner is applied
 * in the same transaction) → announced (the outcome post is in the channel), or ends as deleted (the poll message
 * was deleted before it ended: nothing applied) or failed (its result could not be read). The outcome's attempt
 * time lets a restart look for the post before ever posting it again.
 */
export const bookPollsTable = `CREATE TABLE book_polls (
     poll_id            INTEGER PRIMARY KEY,
     guild_id           TEXT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
     purpose            TEXT NOT NULL CHECK (purpose IN ('spotlight', 'study')),
     group_id           INTEGER REFERENCES study_groups (group_id) ON DELETE CASCADE,
     channel_id         TEXT NOT NULL,
     message_id         TEXT UNIQUE,
     started_by         TEXT NOT NULL,
     answers            TEXT NOT NULL,
     begin_at_once      INTEGER NOT NULL DEFAULT 0 CHECK (begin_at_once IN (0, 1)),
     expires_at_ms      INTEGER NOT NULL,
     state              TEXT NOT NULL DEFAULT 'posting' CHECK (state IN ('posting', 'open', 'decided', 'announced', 'deleted', 'failed')),
     winner_book_id     TEXT,
     counts             TEXT,
     outcome            TEXT,
     outcome_body       TEXT,
     outcome_attempt_ms INTEGER,
     outcome_message_id TEXT,
     reason             TEXT,
     created_at_ms      INTEGER NOT NULL,
     decided_at_ms      INTEGER,
     CHECK ((purpose = 'study') = (group_id IS NOT NULL)),
     CHECK ((state = 'posting') = (message_id IS NULL))
   ) STRICT;
   -- One running (or being posted) poll at a time for the spotlight of a server, and for each group.
   CREATE UNIQUE INDEX book_polls_open ON book_polls (guild_id, purpose, COALESCE(group_id, 0)) WHERE state IN ('posting', 'open');`;
