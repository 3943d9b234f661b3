import type { SqliteDatabase } from '../../platform/store/database.js';
import type {
  BreakRow,
  CheckinRow,
  GroupRow,
  MemberRow,
  PlanRow,
  EventRow,
  PollRow,
  ScheduleRow,
  ServerData,
  SpotlightHistoryRow,
  SpotlightQueueRow,
  SpotlightSettingsRow,
} from './core/export-tables.js';

/** How many rows a server has in each table the bot keeps for it. */
export interface ServerDataCounts {
  studyGroups: number;
  studyMembers: number;
  studyCheckins: number;
  studyBreaks: number;
  studyPlans: number;
  studyEvents: number;
  /** Books groups read before their current one. */
  studyReadBooks: number;
  /** Polls for the next book (spotlight and groups). */
  bookPolls: number;
  reminderOptOuts: number;
  spotlightSettings: number;
  spotlightQueue: number;
  spotlightHistory: number;
  schedules: number;
  deliveries: number;
  /** Pending one-off work (a poll's result, an event's DST move). */
  timedTasks: number;
  /** Groups' ids on the machine they were moved from (npm run move-servers). */
  studyGroupMovedIds: number;
}

/**
 * Every row the bot keeps for one server, across the features' and the platform's tables: read for an export,
 * counted, and deleted. The tables are named here once; test/commands/grimoire.test.ts checks that every table
 * with a guild_id or group_id column is covered.
 */
export interface ServerDataRepository {
  read(guildId: string): ServerData;
  counts(guildId: string): ServerDataCounts;
  /** Deletes every row of the server, its `guilds` row last; call inside a transaction. Returns what was deleted. */
  deleteAll(guildId: string): ServerDataCounts;
}

/** A server's study groups, for the tables keyed by group_id. */
const groupsOf = 'SELECT group_id FROM study_groups WHERE guild_id = @guildId';

export function createServerDataRepository(db: SqliteDatabase): ServerDataRepository {
  const groups = db.prepare<
    { guildId: string },
    {
      group_id: number;
      name: string;
      book_id: string;
      owner_id: string;
      target_amount: number | null;
      target_unit: string | null;
      created_at_ms: number;
      archived_at_ms: number | null;
      next_book_id: string | null;
      read_before: string | null;
    }
  >(
    `SELECT group_id, name, book_id, owner_id, target_amount, target_unit, created_at_ms, archived_at_ms, next_book_id,
       (SELECT group_concat(book_id, ' ') FROM (SELECT book_id FROM study_read_books r WHERE r.group_id = g.group_id ORDER BY until_ms)) AS read_before
     FROM study_groups g WHERE guild_id = @guildId ORDER BY group_id`,
  );
  const polls = db.prepare<
    { guildId: string },
    {
      poll_id: number;
      purpose: string;
      group_id: number | null;
      channel_id: string;
      message_id: string;
      started_by: string;
      state: string;
      winner_book_id: string | null;
      counts: string | null;
      expires_at_ms: number;
      created_at_ms: number;
      outcome_message_id: string | null;
      reason: string | null;
    }
  >(
    `SELECT poll_id, purpose, group_id, channel_id, message_id, started_by, state, winner_book_id, counts, expires_at_ms, created_at_ms, outcome_message_id, reason
     FROM book_polls WHERE guild_id = @guildId ORDER BY poll_id`,
  );
  const members = db.prepare<{ guildId: string }, { group_id: number; name: string; user_id: string; joined_at_ms: number; display_name: string | null }>(
    `SELECT m.group_id, g.name, m.user_id, m.joined_at_ms, m.display_name
     FROM study_members m JOIN study_groups g ON g.group_id = m.group_id
     WHERE g.guild_id = @guildId ORDER BY m.group_id, m.joined_at_ms, m.rowid`,
  );
  const checkins = db.prepare<
    { guildId: string },
    { group_id: number; name: string; user_id: string; at_ms: number; week_key: string; unit: string; value: number; total: number | null; raw: string; note: string | null }
  >(
    `SELECT c.group_id, g.name, c.user_id, c.at_ms, c.week_key, c.unit, c.value, c.total, c.raw, c.note
     FROM study_checkins c JOIN study_groups g ON g.group_id = c.group_id
     WHERE g.guild_id = @guildId ORDER BY c.at_ms, c.checkin_id`,
  );
  const breaks = db.prepare<{ guildId: string }, { group_id: number; name: string; user_id: string; week_key: string }>(
    `SELECT b.group_id, g.name, b.user_id, b.week_key
     FROM study_breaks b JOIN study_groups g ON g.group_id = b.group_id
     WHERE g.guild_id = @guildId ORDER BY b.group_id, b.user_id, b.week_key`,
  );
  const plans = db.prepare<{ guildId: string }, { group_id: number; name: string; start_week_key: string; end_week_key: string; set_by: string; set_at_ms: number }>(
    `SELECT p.group_id, g.name, p.start_week_key, p.end_week_key, p.set_by, p.set_at_ms
     FROM study_plans p JOIN study_groups g ON g.group_id = p.group_id
     WHERE g.guild_id = @guildId ORDER BY p.group_id`,
  );
  const events = db.prepare<
    { guildId: string },
    { group_id: number; name: string; event_id: string; place_kind: string; channel_id: string | null; location: string | null; duration_minutes: number; state: string; created_by: string; created_at_ms: number }
  >(
    `SELECT e.group_id, g.name, e.event_id, e.place_kind, e.channel_id, e.location, e.duration_minutes, e.state, e.created_by, e.created_at_ms
     FROM study_events e JOIN study_groups g ON g.group_id = e.group_id
     WHERE g.guild_id = @guildId ORDER BY e.group_id`,
  );
  const optOuts = db.prepare<{ guildId: string }, { user_id: string }>('SELECT user_id FROM study_notify_off WHERE guild_id = @guildId ORDER BY user_id');
  const settings = db.prepare<{ guildId: string }, { role_id: string | null; configured_by: string }>(
    'SELECT role_id, configured_by FROM spotlight_settings WHERE guild_id = @guildId',
  );
  const queue = db.prepare<{ guildId: string }, { position: number; book_id: string; queued_by: string; queued_at_ms: number }>(
    'SELECT position, book_id, queued_by, queued_at_ms FROM spotlight_queue WHERE guild_id = @guildId ORDER BY position',
  );
  const history = db.prepare<{ guildId: string }, { sequence: number; book_id: string; outcome: string; week_key: string | null; at_ms: number }>(
    'SELECT sequence, book_id, outcome, week_key, at_ms FROM spotlight_history WHERE guild_id = @guildId ORDER BY sequence',
  );
  const schedules = db.prepare<
    { guildId: string },
    {
      kind: string;
      subject_id: string;
      channel_id: string;
      weekday: number;
      local_time: string;
      time_zone: string;
      next_due_ms: number;
      paused_reason: string | null;
      paused_at_ms: number | null;
      created_at_ms: number;
      updated_at_ms: number;
    }
  >(
    `SELECT kind, subject_id, channel_id, weekday, local_time, time_zone, next_due_ms, paused_reason, paused_at_ms, created_at_ms, updated_at_ms
     FROM schedules WHERE guild_id = @guildId ORDER BY kind, subject_id`,
  );
  const counts = db.prepare<{ guildId: string }, ServerDataCounts>(
    `SELECT
       (SELECT COUNT(*) FROM study_groups WHERE guild_id = @guildId) AS studyGroups,
       (SELECT COUNT(*) FROM study_members WHERE group_id IN (${groupsOf})) AS studyMembers,
       (SELECT COUNT(*) FROM study_checkins WHERE group_id IN (${groupsOf})) AS studyCheckins,
       (SELECT COUNT(*) FROM study_breaks WHERE group_id IN (${groupsOf})) AS studyBreaks,
       (SELECT COUNT(*) FROM study_plans WHERE group_id IN (${groupsOf})) AS studyPlans,
       (SELECT COUNT(*) FROM study_events WHERE group_id IN (${groupsOf})) AS studyEvents,
       (SELECT COUNT(*) FROM study_read_books WHERE group_id IN (${groupsOf})) AS studyReadBooks,
       (SELECT COUNT(*) FROM book_polls WHERE guild_id = @guildId) AS bookPolls,
       (SELECT COUNT(*) FROM study_notify_off WHERE guild_id = @guildId) AS reminderOptOuts,
       (SELECT COUNT(*) FROM spotlight_settings WHERE guild_id = @guildId) AS spotlightSettings,
       (SELECT COUNT(*) FROM spotlight_queue WHERE guild_id = @guildId) AS spotlightQueue,
       (SELECT COUNT(*) FROM spotlight_history WHERE guild_id = @guildId) AS spotlightHistory,
       (SELECT COUNT(*) FROM schedules WHERE guild_id = @guildId) AS schedules,
       (SELECT COUNT(*) FROM deliveries WHERE guild_id = @guildId) AS deliveries,
       (SELECT COUNT(*) FROM timed_tasks WHERE guild_id = @guildId) AS timedTasks,
       (SELECT COUNT(*) FROM study_group_moved_ids WHERE guild_id = @guildId) AS studyGroupMovedIds`,
  );
  // Children before parents, each explicitly (not left to ON DELETE CASCADE, which several of these tables lack),
  // so every count is what that statement deleted.
  const deletes: readonly (readonly [keyof ServerDataCounts | 'guild', ReturnType<SqliteDatabase['prepare']>])[] = [
    ['studyCheckins', db.prepare(`DELETE FROM study_checkins WHERE group_id IN (${groupsOf})`)],
    ['studyMembers', db.prepare(`DELETE FROM study_members WHERE group_id IN (${groupsOf})`)],
    ['studyBreaks', db.prepare(`DELETE FROM study_breaks WHERE group_id IN (${groupsOf})`)],
    ['studyPlans', db.prepare(`DELETE FROM study_plans WHERE group_id IN (${groupsOf})`)],
    ['studyEvents', db.prepare(`DELETE FROM study_events WHERE group_id IN (${groupsOf})`)],
    ['studyReadBooks', db.prepare(`DELETE FROM study_read_books WHERE group_id IN (${groupsOf})`)],
    ['studyGroupMovedIds', db.prepare('DELETE FROM study_group_moved_ids WHERE guild_id = @guildId')],
    ['bookPolls', db.prepare('DELETE FROM book_polls WHERE guild_id = @guildId')],
    ['studyGroups', db.prepare('DELETE FROM study_groups WHERE guild_id = @guildId')],
    ['reminderOptOuts', db.prepare('DELETE FROM study_notify_off WHERE guild_id = @guildId')],
    ['spotlightSettings', db.prepare('DELETE FROM spotlight_settings WHERE guild_id = @guildId')],
    ['spotlightQueue', db.prepare('DELETE FROM spotlight_queue WHERE guild_id = @guildId')],
    ['spotlightHistory', db.prepare('DELETE FROM spotlight_history WHERE guild_id = @guildId')],
    ['deliveries', db.prepare('DELETE FROM deliveries WHERE guild_id = @guildId')],
    ['schedules', db.prepare('DELETE FROM schedules WHERE guild_id = @guildId')],
    ['timedTasks', db.prepare('DELETE FROM timed_tasks WHERE guild_id = @guildId')],
    ['guild', db.prepare('DELETE FROM guilds WHERE guild_id = @guildId')],
  ];

  return {
    read(guildId) {
      const params = { guildId };
      const settingsRow = settings.get(params);
      const spotlightSettings: SpotlightSettingsRow | null = settingsRow ? { roleId: settingsRow.role_id, configuredBy: settingsRow.configured_by } : null;
      return {
        groups: groups.all(params).map(
          (row): GroupRow => ({
            groupId: row.group_id,
            name: row.name,
            bookId: row.book_id,
            ownerId: row.owner_id,
            targetAmount: row.target_amount,
            targetUnit: row.target_unit,
            createdAtMs: row.created_at_ms,
            archivedAtMs: row.archived_at_ms,
            nextBookId: row.next_book_id,
            readBefore: row.read_before ? row.read_before.split(' ') : [],
          }),
        ),
        polls: polls.all(params).map(
          (row): PollRow => ({
            pollId: row.poll_id,
            purpose: row.purpose,
            groupId: row.group_id,
            channelId: row.channel_id,
            messageId: row.message_id,
            startedBy: row.started_by,
            state: row.state,
            winnerBookId: row.winner_book_id,
            votes: row.counts ? (JSON.parse(row.counts) as { votes: { bookId: string; votes: number }[] }).votes : [],
            expiresAtMs: row.expires_at_ms,
            createdAtMs: row.created_at_ms,
            outcomeMessageId: row.outcome_message_id,
            reason: row.reason,
          }),
        ),
        members: members.all(params).map((row): MemberRow => ({ groupId: row.group_id, groupName: row.name, userId: row.user_id, joinedAtMs: row.joined_at_ms, displayName: row.display_name })),
        checkins: checkins.all(params).map(
          (row): CheckinRow => ({
            groupId: row.group_id,
            groupName: row.name,
            userId: row.user_id,
            atMs: row.at_ms,
            weekKey: row.week_key,
            unit: row.unit,
            value: row.value,
            total: row.total,
            raw: row.raw,
            note: row.note,
          }),
        ),
        breaks: breaks.all(params).map((row): BreakRow => ({ groupId: row.group_id, groupName: row.name, userId: row.user_id, weekKey: row.week_key })),
        plans: plans.all(params).map(
          (row): PlanRow => ({ groupId: row.group_id, groupName: row.name, startWeekKey: row.start_week_key, endWeekKey: row.end_week_key, setBy: row.set_by, setAtMs: row.set_at_ms }),
        ),
        events: events.all(params).map(
          (row): EventRow => ({
            groupId: row.group_id,
            groupName: row.name,
            eventId: row.event_id,
            placeKind: row.place_kind,
            channelId: row.channel_id,
            location: row.location,
            durationMinutes: row.duration_minutes,
            state: row.state,
            createdBy: row.created_by,
            createdAtMs: row.created_at_ms,
          }),
        ),
        reminderOptOuts: optOuts.all(params).map((row) => row.user_id),
        spotlightSettings,
        spotlightQueue: queue.all(params).map((row): SpotlightQueueRow => ({ position: row.position, bookId: row.book_id, queuedBy: row.queued_by, queuedAtMs: row.queued_at_ms })),
        spotlightHistory: history
          .all(params)
          .map((row): SpotlightHistoryRow => ({ sequence: row.sequence, bookId: row.book_id, outcome: row.outcome, weekKey: row.week_key, atMs: row.at_ms })),
        schedules: schedules.all(params).map(
          (row): ScheduleRow => ({
            kind: row.kind,
            subjectId: row.subject_id,
            channelId: row.channel_id,
            weekday: row.weekday,
            localTime: row.local_time,
            timeZone: row.time_zone,
            nextDueMs: row.next_due_ms,
            pausedReason: row.paused_reason,
            pausedAtMs: row.paused_at_ms,
            createdAtMs: row.created_at_ms,
            updatedAtMs: row.updated_at_ms,
          }),
        ),
      };
    },
    counts: (guildId) => ({ ...counts.get({ guildId })! }),
    deleteAll(guildId) {
      const deleted = emptyCounts();
      for (const [what, statement] of deletes) {
        const { changes } = statement.run({ guildId });
        if (what !== 'guild') deleted[what] = changes;
      }
      return deleted;
    },
  };
}

export function emptyCounts(): ServerDataCounts {
  return {
    studyGroups: 0,
    studyMembers: 0,
    studyCheckins: 0,
    studyBreaks: 0,
    studyPlans: 0,
    studyEvents: 0,
    studyReadBooks: 0,
    bookPolls: 0,
    reminderOptOuts: 0,
    spotlightSettings: 0,
    spotlightQueue: 0,
    spotlightHistory: 0,
    schedules: 0,
    deliveries: 0,
    timedTasks: 0,
    studyGroupMovedIds: 0,
  };
}
