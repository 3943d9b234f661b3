/**
 * The platform's tables, as SQL steps for the one migration list (src/migrations.ts). A step is never
 * edited once released: a change is a new step.
 */

/** Per-server rows; one is created the first time a server uses the bot. */
export const guildsTable = `CREATE TABLE guilds (
     guild_id      TEXT PRIMARY KEY NOT NULL,
     created_at_ms INTEGER NOT NULL,
     last_seen_ms  INTEGER NOT NULL
   ) STRICT;`;

/** Weekly schedules and their deliveries (one per schedule and local week), as first released (`jobKindsInCode` drops the kind CHECK). */
export const schedulingTables = `CREATE TABLE schedules (
     schedule_id   INTEGER PRIMARY KEY,
     guild_id      TEXT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
     kind          TEXT NOT NULL CHECK (kind IN ('spotlight', 'study-reminder')),
     subject_id    TEXT NOT NULL DEFAULT '',
     channel_id    TEXT NOT NULL,
     weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
     local_time    TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
     time_zone     TEXT NOT NULL,
     next_due_ms   INTEGER NOT NULL,
     paused_reason TEXT,
     paused_at_ms  INTEGER,
     retry_at_ms   INTEGER,
     created_at_ms INTEGER NOT NULL,
     updated_at_ms INTEGER NOT NULL,
     UNIQUE (guild_id, kind, subject_id)
   ) STRICT;
   CREATE INDEX schedules_due ON schedules (next_due_ms) WHERE paused_reason IS NULL;

   CREATE TABLE deliveries (
     guild_id       TEXT NOT NULL,
     kind           TEXT NOT NULL,
     subject_id     TEXT NOT NULL DEFAULT '',
     week_key       TEXT NOT NULL,
     due_ms         INTEGER NOT NULL,
     channel_id     TEXT NOT NULL,
     status         TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'missed', 'failed')),
     payload_ref    TEXT,
     nonce          TEXT NOT NULL,
     attempts       INTEGER NOT NULL DEFAULT 0,
     message_id     TEXT,
     last_error     TEXT,
     claimed_at_ms  INTEGER NOT NULL,
     finished_at_ms INTEGER,
     PRIMARY KEY (guild_id, kind, subject_id, week_key)
   ) STRICT;`;

/** A lease so that of several processes only one runs the scheduler. */
export const schedulerLeaseTable = `CREATE TABLE leases (
     name       TEXT PRIMARY KEY NOT NULL,
     holder     TEXT NOT NULL,
     expires_ms INTEGER NOT NULL
   ) STRICT;`;

/**
 * Job kinds are checked in code (the scheduler's job list), not by a CHECK that every new job would have to
 * migrate. A delivery may be 'skipped' (the job had nothing to send, e.g. nobody to remind) or 'unverified'
 * (an earlier attempt may have reached Discord and its history could not be read), with a reason; and it
 * records the wall-clock time of its first send attempt, where the history search for its marker starts.
 * SQLite cannot drop a CHECK: both tables are rebuilt, every row kept.
 */
export const jobKindsInCode = `CREATE TABLE schedules_v3 (
     schedule_id   INTEGER PRIMARY KEY,
     guild_id      TEXT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
     kind          TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
     subject_id    TEXT NOT NULL DEFAULT '',
     channel_id    TEXT NOT NULL,
     weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
     local_time    TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
     time_zone     TEXT NOT NULL,
     next_due_ms   INTEGER NOT NULL,
     paused_reason TEXT,
     paused_at_ms  INTEGER,
     retry_at_ms   INTEGER,
     created_at_ms INTEGER NOT NULL,
     updated_at_ms INTEGER NOT NULL,
     UNIQUE (guild_id, kind, subject_id)
   ) STRICT;
   INSERT INTO schedules_v3 SELECT schedule_id, guild_id, kind, subject_id, channel_id, weekday, local_time, time_zone,
     next_due_ms, paused_reason, paused_at_ms, retry_at_ms, created_at_ms, updated_at_ms FROM schedules;
   DROP TABLE schedules;
   ALTER TABLE schedules_v3 RENAME TO schedules;
   CREATE INDEX schedules_due ON schedules (next_due_ms) WHERE paused_reason IS NULL;

   CREATE TABLE deliveries_v3 (
     guild_id       TEXT NOT NULL,
     kind           TEXT NOT NULL,
     subject_id     TEXT NOT NULL DEFAULT '',
     week_key       TEXT NOT NULL,
     due_ms         INTEGER NOT NULL,
     channel_id     TEXT NOT NULL,
     status         TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'missed', 'failed', 'unverified')),
     payload_ref    TEXT,
     nonce          TEXT NOT NULL,
     attempts       INTEGER NOT NULL DEFAULT 0,
     message_id     TEXT,
     last_error     TEXT,
     reason         TEXT,
     claimed_at_ms  INTEGER NOT NULL,
     attempt_wall_ms INTEGER,
     finished_at_ms INTEGER,
     PRIMARY KEY (guild_id, kind, subject_id, week_key)
   ) STRICT;
   -- Earlier builds sent right after claiming: a claim they left may have been posted, so it is verified.
   INSERT INTO deliveries_v3 (guild_id, kind, subject_id, week_key, due_ms, channel_id, status, payload_ref, nonce, attempts,
     message_id, last_error, claimed_at_ms, finished_at_ms, attempt_wall_ms)
     SELECT guild_id, kind, subject_id, week_key, due_ms, channel_id, status, payload_ref, nonce, attempts,
     message_id, last_error, claimed_at_ms, finished_at_ms, CASE WHEN status = 'claimed' THEN claimed_at_ms END FROM deliveries;
   DROP TABLE deliveries;
   ALTER TABLE deliveries_v3 RENAME TO deliveries;`;

/**
 * A claimed delivery keeps the messages composed for its first send attempt (a JSON list of message bodies, written
 * with that attempt), so a retry or a resume after a crash sends exactly the parts not yet sent rather than a new
 * composition from newer data (a member who left or joined meanwhile). Cleared when the delivery ends; a claim left
 * by an earlier build has none and is composed again.
 */
export const deliveryMessagesColumn = `ALTER TABLE deliveries ADD COLUMN messages_json TEXT;`;

/**
 * One-off work due at an instant, run by the scheduler under its lease (a poll's result at its expiry, moving a
 * weekly event after a DST change). A row is pending work: it is deleted when done, so a task left by a crash
 * runs again. What the work achieved is kept by its feature, which makes running it twice harmless.
 */
export const timedTasksTable = `CREATE TABLE timed_tasks (
     guild_id      TEXT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
     kind          TEXT NOT NULL,
     subject_id    TEXT NOT NULL,
     due_ms        INTEGER NOT NULL,
     attempts      INTEGER NOT NULL DEFAULT 0,
     last_error    TEXT,
     created_at_ms INTEGER NOT NULL,
     PRIMARY KEY (kind, subject_id)
   ) STRICT;
   CREATE INDEX timed_tasks_due ON timed_tasks (due_ms);

   -- Weekly events made before this step get their DST move too: due at once, it sends the times they have and
   -- then waits for their zone's next change.
   INSERT INTO timed_tasks (guild_id, kind, subject_id, due_ms, created_at_ms)
     SELECT g.guild_id, 'study-event-move', CAST(e.group_id AS TEXT), 0, 0
     FROM study_events e JOIN study_groups g ON g.group_id = e.group_id
     WHERE e.state = 'live' AND g.archived_at_ms IS NULL;`;
