/**
 * Study groups: a group around a book in a server (its weekly reminder is a platform schedule of kind
 * 'study-reminder' whose subject is the group id), its members, their check-ins, declared breaks, and
 * who opted out of reminder pings.
 */
export const studyGroupTables = `CREATE TABLE study_groups (
     group_id       INTEGER PRIMARY KEY,
     guild_id       TEXT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
     name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
     name_key       TEXT NOT NULL,
     book_id        TEXT NOT NULL,
     owner_id       TEXT NOT NULL,
     target_unit    TEXT CHECK (target_unit IN ('chapter', 'page', 'percent')),
     target_amount  REAL,
     created_at_ms  INTEGER NOT NULL,
     archived_at_ms INTEGER
   ) STRICT;
   -- Names are unique per server among active groups, whatever their case.
   CREATE UNIQUE INDEX study_groups_active_name ON study_groups (guild_id, name_key) WHERE archived_at_ms IS NULL;

   CREATE TABLE study_members (
     group_id     INTEGER NOT NULL REFERENCES study_groups (group_id) ON DELETE CASCADE,
     user_id      TEXT NOT NULL,
     joined_at_ms INTEGER NOT NULL,
     PRIMARY KEY (group_id, user_id)
   ) STRICT;

   CREATE TABLE study_checkins (
     checkin_id INTEGER PRIMARY KEY,
     group_id   INTEGER NOT NULL REFERENCES study_groups (group_id) ON DELETE CASCADE,
     user_id    TEXT NOT NULL,
     at_ms      INTEGER NOT NULL,
     week_key   TEXT NOT NULL,
     unit       TEXT NOT NULL CHECK (unit IN ('chapter', 'page', 'percent')),
     value      REAL NOT NULL,
     total      INTEGER,
     raw        TEXT NOT NULL,
     note       TEXT
   ) STRICT;
   CREATE INDEX study_checkins_member ON study_checkins (group_id, user_id, at_ms);
   -- The board reads every member's weeks: from this index alone.
   CREATE INDEX study_checkins_weeks ON study_checkins (group_id, user_id, week_key);

   CREATE TABLE study_breaks (
     group_id INTEGER NOT NULL REFERENCES study_groups (group_id) ON DELETE CASCADE,
     user_id  TEXT NOT NULL,
     week_key TEXT NOT NULL,
     PRIMARY KEY (group_id, user_id, week_key)
   ) STRICT;

   CREATE TABLE study_notify_off (
     guild_id TEXT NOT NULL,
     user_id  TEXT NOT NULL,
     PRIMARY KEY (guild_id, user_id)
   ) STRICT;`;

/**
 * A member's name as the server last showed it (their nickname, display name or username), kept from their own
 * interactions with /study: the progress picture draws names as text, and a bot without the privileged members
 * intent has no other way to know them. Forgetting a member deletes it with their membership.
 */
/**
 * A group's reading plan (issue 19): its first and last week (ISO keys in the group's zone). The weeks' chapters are
 * worked out from these and the book, so the plan follows an edited book and check-ins are never touched.
 */
export const studyPlanTable = `CREATE TABLE study_plans (
     group_id       INTEGER PRIMARY KEY REFERENCES study_groups (group_id) ON DELETE CASCADE,
     start_week_key TEXT NOT NULL CHECK (start_week_key GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
     end_week_key   TEXT NOT NULL CHECK (end_week_key GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' AND end_week_key >= start_week_key),
     set_by         TEXT NOT NULL,
     set_at_ms      INTEGER NOT NULL
   ) STRICT;`;

/**
 * A group's weekly session as a Discord scheduled event (issue 19): where it is held, how long it lasts, and
 * whether Discord still has it ('deleted' once someone deleted it there: shown, never recreated by itself).
 */
export const studyEventTable = `CREATE TABLE study_events (
     group_id         INTEGER PRIMARY KEY REFERENCES study_groups (group_id) ON DELETE CASCADE,
     event_id         TEXT NOT NULL,
     place_kind       TEXT NOT NULL CHECK (place_kind IN ('voice', 'stage', 'external')),
     channel_id       TEXT,
     location         TEXT,
     duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
     state            TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'deleted', 'canceled')),
     created_by       TEXT NOT NULL,
     created_at_ms    INTEGER NOT NULL,
     CHECK ((place_kind = 'external') = (location IS NOT NULL AND channel_id IS NULL))
   ) STRICT;`;

export const studyMemberNameColumn = `ALTER TABLE study_members ADD COLUMN display_name TEXT CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 100);`;

/**
 * A group's next book (chosen by a poll, begun when everyone has finished the current one) and when it began its
 * current book: progress counts only check-ins since, so a new book starts at zero while streaks carry on.
 */
export const studyNextBookColumns = `ALTER TABLE study_groups ADD COLUMN next_book_id TEXT;
   ALTER TABLE study_groups ADD COLUMN book_since_ms INTEGER;

   -- Books a group read before its current one: a poll for its next book leaves them out.
   CREATE TABLE study_read_books (
     group_id INTEGER NOT NULL REFERENCES study_groups (group_id) ON DELETE CASCADE,
     book_id  TEXT NOT NULL,
     until_ms INTEGER NOT NULL,
     PRIMARY KEY (group_id, book_id)
   ) STRICT;`;

/**
 * A group's id on the machine it came from, when `npm run move-servers` gave it another here (the id was taken):
 * buttons already posted (a reminder's "Check in") carry the old id, and keep reaching the group through this.
 */
export const studyGroupMovedIdsTable = `CREATE TABLE study_group_moved_ids (
     guild_id     TEXT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
     old_group_id INTEGER NOT NULL,
     group_id     INTEGER NOT NULL REFERENCES study_groups (group_id) ON DELETE CASCADE,
     PRIMARY KEY (guild_id, old_group_id)
   ) STRICT;`;
