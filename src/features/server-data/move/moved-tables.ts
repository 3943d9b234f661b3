import { bookPollResultKind } from '../../book-polls/service.js';
import { studyEventMoveKind } from '../../study-groups/event-service.js';
import { studyReminderKind } from '../../study-groups/job.js';

/** The kinds of integer id a server's rows allocate in their database, and which may be taken in another. */
export type IdSpace = 'group' | 'poll' | 'checkin' | 'schedule';

export type Row = Record<string, unknown>;

/** A column that holds an id of `space` (when `applies` says so for the row, e.g. by its kind). */
export interface IdReference {
  column: string;
  space: IdSpace;
  applies?: (row: Row) => boolean;
}

/** One table as `npm run move-servers` moves it. */
export interface MovedTable {
  name: string;
  /** Its rows of the servers in `@guilds` (a JSON list of ids). */
  where: string;
  /** Its own integer primary key, allocated per database. */
  ownId?: { column: string; space: IdSpace };
  /** Columns that name another row by id. */
  references?: readonly IdReference[];
}

const ofGuilds = 'guild_id IN (SELECT value FROM json_each(@guilds))';
const ofGroups = `group_id IN (SELECT group_id FROM study_groups WHERE ${ofGuilds})`;
const group = (column = 'group_id'): IdReference => ({ column, space: 'group' });
const ofKind =
  (...kinds: string[]) =>
  (row: Row): boolean =>
    kinds.includes(String(row.kind));

/**
 * Every table that keeps a server's rows, parents before children (the order of inserting; deleting goes the other
 * way). test/unit/move-servers.test.ts checks that every table with a guild_id or group_id column is here.
 */
export const movedTables: readonly MovedTable[] = [
  { name: 'guilds', where: ofGuilds },
  { name: 'spotlight_settings', where: ofGuilds },
  { name: 'spotlight_queue', where: ofGuilds },
  { name: 'spotlight_history', where: ofGuilds },
  { name: 'study_notify_off', where: ofGuilds },
  { name: 'study_groups', where: ofGuilds, ownId: { column: 'group_id', space: 'group' } },
  { name: 'study_group_moved_ids', where: ofGuilds, references: [group()] },
  { name: 'study_members', where: ofGroups, references: [group()] },
  { name: 'study_checkins', where: ofGroups, ownId: { column: 'checkin_id', space: 'checkin' }, references: [group()] },
  { name: 'study_breaks', where: ofGroups, references: [group()] },
  { name: 'study_plans', where: ofGroups, references: [group()] },
  { name: 'study_events', where: ofGroups, references: [group()] },
  { name: 'study_read_books', where: ofGroups, references: [group()] },
  { name: 'book_polls', where: ofGuilds, ownId: { column: 'poll_id', space: 'poll' }, references: [group()] },
  { name: 'schedules', where: ofGuilds, ownId: { column: 'schedule_id', space: 'schedule' }, references: [{ column: 'subject_id', space: 'group', applies: ofKind(studyReminderKind) }] },
  { name: 'deliveries', where: ofGuilds, references: [{ column: 'subject_id', space: 'group', applies: ofKind(studyReminderKind) }] },
  {
    name: 'timed_tasks',
    where: ofGuilds,
    references: [
      { column: 'subject_id', space: 'group', applies: ofKind(studyEventMoveKind) },
      { column: 'subject_id', space: 'poll', applies: ofKind(bookPollResultKind) },
    ],
  },
];
