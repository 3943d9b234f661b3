import type { CsvCell, CsvTable } from './csv.js';

/**
 * A server's stored data, table by table, and the CSV files it is exported as: one file per table, each with
 * its own header row. Instants are ISO-8601 in UTC; ids are Discord ids (snowflakes) or the bot's row ids.
 */

export interface GroupRow {
  groupId: number;
  name: string;
  bookId: string;
  ownerId: string;
  targetAmount: number | null;
  targetUnit: string | null;
  createdAtMs: number;
  archivedAtMs: number | null;
  /** The book a poll chose to read next, or null. */
  nextBookId: string | null;
  /** Books read before the current one, oldest first. */
  readBefore: string[];
}

/** A poll for the next book: the spotlight's, or a group's. */
export interface PollRow {
  pollId: number;
  purpose: string;
  groupId: number | null;
  channelId: string;
  messageId: string;
  startedBy: string;
  state: string;
  winnerBookId: string | null;
  votes: { bookId: string; votes: number }[];
  expiresAtMs: number;
  createdAtMs: number;
  outcomeMessageId: string | null;
  reason: string | null;
}

export interface MemberRow {
  groupId: number;
  groupName: string;
  userId: string;
  joinedAtMs: number;
  /** The name Discord last showed for them (for the progress picture), or null. */
  displayName: string | null;
}

export interface EventRow {
  groupId: number;
  groupName: string;
  eventId: string;
  placeKind: string;
  channelId: string | null;
  location: string | null;
  durationMinutes: number;
  state: string;
  createdBy: string;
  createdAtMs: number;
}

export interface PlanRow {
  groupId: number;
  groupName: string;
  startWeekKey: string;
  endWeekKey: string;
  setBy: string;
  setAtMs: number;
}

export interface CheckinRow {
  groupId: number;
  groupName: string;
  userId: string;
  atMs: number;
  weekKey: string;
  unit: string;
  value: number;
  total: number | null;
  /** The progress as the member typed it. */
  raw: string;
  note: string | null;
}

export interface BreakRow {
  groupId: number;
  groupName: string;
  userId: string;
  weekKey: string;
}

export interface SpotlightSettingsRow {
  roleId: string | null;
  configuredBy: string;
}

export interface SpotlightQueueRow {
  position: number;
  bookId: string;
  queuedBy: string;
  queuedAtMs: number;
}

export interface SpotlightHistoryRow {
  sequence: number;
  bookId: string;
  outcome: string;
  weekKey: string | null;
  atMs: number;
}

export interface ScheduleRow {
  kind: string;
  subjectId: string;
  channelId: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  localTime: string;
  timeZone: string;
  nextDueMs: number;
  pausedReason: string | null;
  pausedAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface ServerData {
  groups: GroupRow[];
  members: MemberRow[];
  checkins: CheckinRow[];
  breaks: BreakRow[];
  plans: PlanRow[];
  events: EventRow[];
  polls: PollRow[];
  /** Members who turned reminder pings off in this server. */
  reminderOptOuts: string[];
  spotlightSettings: SpotlightSettingsRow | null;
  spotlightQueue: SpotlightQueueRow[];
  spotlightHistory: SpotlightHistoryRow[];
  schedules: ScheduleRow[];
}

export interface ExportFile {
  name: string;
  table: CsvTable;
}

/** An instant as ISO-8601 UTC, e.g. 2026-11-22T12:00:00.000Z. */
export function isoInstant(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** A book's title by id, or null for an id the catalog no longer has (the id column still says which). */
export type BookTitle = (bookId: string) => string | null;

function table(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): CsvTable {
  return { columns, rows };
}

/** The export's files, always all of them and in this order (an empty table is a file with only its header). */
export function exportFiles(data: ServerData, bookTitle: BookTitle): ExportFile[] {
  return [
    {
      // A group has at most one reading plan and one weekly event: their columns sit on its row (Discord takes at
      // most 10 files per message, so they are not files of their own).
      name: 'study-groups.csv',
      table: table(
        [
          'group_id', 'name', 'book_id', 'book_title', 'owner_id', 'target_amount', 'target_unit', 'created_at', 'archived_at',
          'next_book_id', 'read_before',
          'plan_start_week', 'plan_end_week', 'plan_set_by', 'plan_set_at',
          'event_id', 'event_place', 'event_channel_id', 'event_location', 'event_duration_minutes', 'event_state', 'event_created_by', 'event_created_at',
        ],
        data.groups.map((g) => {
          const plan = data.plans.find((p) => p.groupId === g.groupId);
          const event = data.events.find((e) => e.groupId === g.groupId);
          return [
            g.groupId, g.name, g.bookId, bookTitle(g.bookId), g.ownerId, g.targetAmount, g.targetUnit, isoInstant(g.createdAtMs), isoInstant(g.archivedAtMs),
            g.nextBookId, g.readBefore.join(' ') || null,
            plan?.startWeekKey ?? null, plan?.endWeekKey ?? null, plan?.setBy ?? null, isoInstant(plan?.setAtMs ?? null),
            event?.eventId ?? null, event?.placeKind ?? null, event?.channelId ?? null, event?.location ?? null, event?.durationMinutes ?? null, event?.state ?? null, event?.createdBy ?? null, isoInstant(event?.createdAtMs ?? null),
          ];
        }),
      ),
    },
    {
      name: 'study-members.csv',
      table: table(
        ['group_id', 'group_name', 'user_id', 'joined_at', 'display_name'],
        data.members.map((m) => [m.groupId, m.groupName, m.userId, isoInstant(m.joinedAtMs), m.displayName]),
      ),
    },
    {
      name: 'study-checkins.csv',
      table: table(
        ['group_id', 'group_name', 'user_id', 'at', 'week', 'unit', 'value', 'total', 'progress', 'note'],
        data.checkins.map((c) => [c.groupId, c.groupName, c.userId, isoInstant(c.atMs), c.weekKey, c.unit, c.value, c.total, c.raw, c.note]),
      ),
    },
    {
      name: 'study-breaks.csv',
      table: table(
        ['group_id', 'group_name', 'user_id', 'week'],
        data.breaks.map((b) => [b.groupId, b.groupName, b.userId, b.weekKey]),
      ),
    },
    {
      name: 'study-reminder-opt-outs.csv',
      table: table(['user_id'], data.reminderOptOuts.map((userId) => [userId])),
    },
    {
      name: 'spotlight-settings.csv',
      table: table(['role_id', 'configured_by'], data.spotlightSettings ? [[data.spotlightSettings.roleId, data.spotlightSettings.configuredBy]] : []),
    },
    {
      name: 'spotlight-queue.csv',
      table: table(
        ['position', 'book_id', 'book_title', 'queued_by', 'queued_at'],
        data.spotlightQueue.map((q) => [q.position, q.bookId, bookTitle(q.bookId), q.queuedBy, isoInstant(q.queuedAtMs)]),
      ),
    },
    {
      name: 'spotlight-history.csv',
      table: table(
        ['sequence', 'book_id', 'book_title', 'outcome', 'week', 'at'],
        data.spotlightHistory.map((h) => [h.sequence, h.bookId, bookTitle(h.bookId), h.outcome, h.weekKey, isoInstant(h.atMs)]),
      ),
    },
    {
      // Votes as "book_id=count" in the poll's order, separated by spaces.
      name: 'polls.csv',
      table: table(
        ['poll_id', 'purpose', 'group_id', 'channel_id', 'message_id', 'started_by', 'state', 'winner_book_id', 'winner_title', 'votes', 'expires_at', 'created_at', 'outcome_message_id', 'reason'],
        data.polls.map((p) => [
          p.pollId,
          p.purpose,
          p.groupId,
          p.channelId,
          p.messageId,
          p.startedBy,
          p.state,
          p.winnerBookId,
          p.winnerBookId ? bookTitle(p.winnerBookId) : null,
          p.votes.map((entry) => `${entry.bookId}=${entry.votes}`).join(' ') || null,
          isoInstant(p.expiresAtMs),
          isoInstant(p.createdAtMs),
          p.outcomeMessageId,
          p.reason,
        ]),
      ),
    },
    {
      name: 'schedules.csv',
      table: table(
        ['kind', 'subject_id', 'channel_id', 'weekday', 'local_time', 'time_zone', 'next_due_at', 'paused_reason', 'paused_at', 'created_at', 'updated_at'],
        data.schedules.map((s) => [
          s.kind,
          s.subjectId,
          s.channelId,
          s.weekday,
          s.localTime,
          s.timeZone,
          isoInstant(s.nextDueMs),
          s.pausedReason,
          isoInstant(s.pausedAtMs),
          isoInstant(s.createdAtMs),
          isoInstant(s.updatedAtMs),
        ]),
      ),
    },
  ];
}
