import { keysLookAlike, lookAlikeKeys } from '../../core/look-alike.js';
import type { SqliteDatabase } from '../../platform/store/database.js';
import type { Progress, ProgressUnit, WeeklyTarget } from './core/progress.js';
import type { PlanSpec } from './core/reading-plan.js';

export interface StudyGroup {
  groupId: number;
  guildId: string;
  name: string;
  bookId: string;
  ownerId: string;
  target: WeeklyTarget | null;
  createdAtMs: number;
  archivedAtMs: number | null;
  /** When the group began its current book: progress counts only check-ins since (0 for its first book). */
  bookSinceMs: number;
  /** The book a poll chose to read next, until it is begun; null without one. */
  nextBookId: string | null;
}

export interface StudyMember {
  userId: string;
  joinedAtMs: number;
  /** As the server last showed it in one of their /study interactions; null until then. */
  displayName: string | null;
}

export interface StudyCheckin {
  userId: string;
  atMs: number;
  weekKey: string;
  progress: Progress;
  raw: string;
  note: string | null;
}

export interface StoredPlan extends PlanSpec {
  setBy: string;
  setAtMs: number;
}

export interface NewGroup {
  guildId: string;
  name: string;
  bookId: string;
  ownerId: string;
  target: WeeklyTarget | null;
}

export interface StudyGroupRepository {
  create(group: NewGroup, nowMs: number): StudyGroup;
  find(guildId: string, groupId: number): StudyGroup | undefined;
  /** The active group of that name (whatever its case), or else the first that looks like it. */
  findByName(guildId: string, name: string): StudyGroup | undefined;
  /** Active groups whose names look like `name` (core/look-alike.ts): compared in code, a server has at most a few dozen. */
  lookAlikes(guildId: string, name: string): StudyGroup[];
  /** Active groups of a server, by name. */
  active(guildId: string): StudyGroup[];
  countActive(guildId: string): number;
  members(groupId: number): StudyMember[];
  isMember(groupId: number, userId: string): boolean;
  member(groupId: number, userId: string): StudyMember | undefined;
  addMember(groupId: number, userId: string, nowMs: number): boolean;
  removeMember(groupId: number, userId: string): boolean;
  /** Keeps the name a member is shown by, in each of their groups of the server (nothing for a non-member). */
  rememberName(guildId: string, userId: string, displayName: string): void;
  /** Active groups of a server that this user belongs to. */
  groupsOf(guildId: string, userId: string): StudyGroup[];
  addCheckin(groupId: number, checkin: StudyCheckin): void;
  /** Each member's latest check-in. */
  latestCheckins(groupId: number): Map<string, StudyCheckin>;
  /** Check-ins at or after `sinceMs`, oldest first. */
  checkinsSince(groupId: number, sinceMs: number): StudyCheckin[];
  lastCheckinAt(groupId: number, userId: string): number | null;
  /** Local weeks in which the member checked in. */
  checkinWeeks(groupId: number, userId: string): Set<string>;
  breakWeeks(groupId: number, userId: string): Set<string>;
  /** The same for every member at once (the board and the reminder read them all). */
  checkinWeeksByMember(groupId: number): Map<string, Set<string>>;
  breakWeeksByMember(groupId: number): Map<string, Set<string>>;
  /** Members who opted out of reminder pings in this server. */
  notifyOff(guildId: string): Set<string>;
  setNotify(guildId: string, userId: string, on: boolean): void;
  addBreak(groupId: number, userId: string, weekKey: string): void;
  /** A member's check-ins (or everyone's), newest first, at most `limit`. */
  history(groupId: number, userId: string | null, limit: number): StudyCheckin[];
  /** A changed book (with the time it begins) starts progress afresh and clears it as the next book; the same book changes nothing. */
  update(groupId: number, changes: { name?: string; book?: { id: string; sinceMs: number }; target?: WeeklyTarget | null }): void;
  setNextBook(groupId: number, bookId: string | null): void;
  /** Books the group read before its current one (recorded when its book changes). */
  readBooks(groupId: number): string[];
  setOwner(groupId: number, ownerId: string): void;
  archive(groupId: number, nowMs: number): void;
  /** The group's reading plan, if it has one. */
  plan(groupId: number): StoredPlan | undefined;
  setPlan(groupId: number, plan: PlanSpec, setBy: string, nowMs: number): void;
  /** Removes the plan; true when there was one. */
  clearPlan(groupId: number): boolean;
  /** Deletes a member's memberships, check-ins, breaks and notify choice in a server; returns the groups they owned. */
  forgetMember(guildId: string, userId: string): { memberships: number; checkins: number; owned: StudyGroup[] };
  /** How much a member has in a server (shown before forgetting it). */
  countFor(guildId: string, userId: string): { memberships: number; checkins: number };
}

interface GroupRow {
  group_id: number;
  guild_id: string;
  name: string;
  book_id: string;
  owner_id: string;
  target_unit: ProgressUnit | null;
  target_amount: number | null;
  created_at_ms: number;
  archived_at_ms: number | null;
  book_since_ms: number | null;
  next_book_id: string | null;
}

interface CheckinRow {
  user_id: string;
  at_ms: number;
  week_key: string;
  unit: ProgressUnit;
  value: number;
  total: number | null;
  raw: string;
  note: string | null;
}

const toGroup = (row: GroupRow): StudyGroup => ({
  groupId: row.group_id,
  guildId: row.guild_id,
  name: row.name,
  bookId: row.book_id,
  ownerId: row.owner_id,
  target: row.target_unit && row.target_amount !== null ? { unit: row.target_unit, amount: row.target_amount } : null,
  createdAtMs: row.created_at_ms,
  archivedAtMs: row.archived_at_ms,
  bookSinceMs: row.book_since_ms ?? 0,
  nextBookId: row.next_book_id,
});

interface MemberRow {
  user_id: string;
  joined_at_ms: number;
  display_name: string | null;
}

const toMember = (row: MemberRow): StudyMember => ({ userId: row.user_id, joinedAtMs: row.joined_at_ms, displayName: row.display_name });

const toCheckin = (row: CheckinRow): StudyCheckin => ({
  userId: row.user_id,
  atMs: row.at_ms,
  weekKey: row.week_key,
  progress: { unit: row.unit, value: row.value, total: row.total },
  raw: row.raw,
  note: row.note,
});

/**
 * The stored key (name_key, unique per server among active groups): case and surrounding space ignored. Look-alikes
 * are found in code instead, since their keys change with Unicode's confusables data and older servers may hold some.
 */
export const nameKey = (name: string): string => name.trim().toLocaleLowerCase('en-US');

export function createStudyGroupRepository(db: SqliteDatabase): StudyGroupRepository {
  const columns = 'group_id, guild_id, name, book_id, owner_id, target_unit, target_amount, created_at_ms, archived_at_ms, book_since_ms, next_book_id';
  const insert = db.prepare<[string, string, string, string, string, string | null, number | null, number], GroupRow>(
    `INSERT INTO study_groups (guild_id, name, name_key, book_id, owner_id, target_unit, target_amount, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
  );
  // A group moved here from another machine under a new id is found by its old one too (buttons posted before the move).
  const find = db.prepare<{ guildId: string; groupId: number }, GroupRow>(
    `SELECT ${columns} FROM study_groups WHERE guild_id = @guildId AND group_id = COALESCE(
       (SELECT group_id FROM study_groups WHERE guild_id = @guildId AND group_id = @groupId),
       (SELECT group_id FROM study_group_moved_ids WHERE guild_id = @guildId AND old_group_id = @groupId))`,
  );
  const findByName = db.prepare<[string, string], GroupRow>(`SELECT ${columns} FROM study_groups WHERE guild_id = ? AND name_key = ? AND archived_at_ms IS NULL`);
  const active = db.prepare<[string], GroupRow>(`SELECT ${columns} FROM study_groups WHERE guild_id = ? AND archived_at_ms IS NULL ORDER BY name_key`);
  const countActive = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM study_groups WHERE guild_id = ? AND archived_at_ms IS NULL');
  const members = db.prepare<[number], MemberRow>('SELECT user_id, joined_at_ms, display_name FROM study_members WHERE group_id = ? ORDER BY joined_at_ms, user_id');
  const isMember = db.prepare<[number, string], { n: number }>('SELECT COUNT(*) AS n FROM study_members WHERE group_id = ? AND user_id = ?');
  const member = db.prepare<[number, string], MemberRow>('SELECT user_id, joined_at_ms, display_name FROM study_members WHERE group_id = ? AND user_id = ?');
  const addMember = db.prepare('INSERT INTO study_members (group_id, user_id, joined_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const removeMember = db.prepare('DELETE FROM study_members WHERE group_id = ? AND user_id = ?');
  const groupsOf = db.prepare<[string, string], GroupRow>(
    `SELECT ${columns.split(', ').map((c) => `g.${c}`).join(', ')} FROM study_groups g JOIN study_members m ON m.group_id = g.group_id
     WHERE g.guild_id = ? AND m.user_id = ? AND g.archived_at_ms IS NULL ORDER BY g.name_key`,
  );
  const addCheckin = db.prepare(
    'INSERT INTO study_checkins (group_id, user_id, at_ms, week_key, unit, value, total, raw, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const checkinColumns = 'user_id, at_ms, week_key, unit, value, total, raw, note';
  // The latest per member from the index alone (its entries end with the row id), then those rows.
  const latest = db.prepare<[number], CheckinRow>(
    `SELECT ${checkinColumns} FROM study_checkins WHERE checkin_id IN
       (SELECT MAX(checkin_id) FROM study_checkins WHERE group_id = ? GROUP BY user_id)`,
  );
  const since = db.prepare<[number, number], CheckinRow>(`SELECT ${checkinColumns} FROM study_checkins WHERE group_id = ? AND at_ms >= ? ORDER BY at_ms, checkin_id`);
  const lastAt = db.prepare<[number, string], { at: number | null }>('SELECT MAX(at_ms) AS at FROM study_checkins WHERE group_id = ? AND user_id = ?');
  const checkinWeeks = db.prepare<[number, string], { week_key: string }>('SELECT DISTINCT week_key FROM study_checkins WHERE group_id = ? AND user_id = ?');
  const breakWeeks = db.prepare<[number, string], { week_key: string }>('SELECT week_key FROM study_breaks WHERE group_id = ? AND user_id = ?');
  const allCheckinWeeks = db.prepare<[number], { user_id: string; week_key: string }>('SELECT DISTINCT user_id, week_key FROM study_checkins WHERE group_id = ?');
  const allBreakWeeks = db.prepare<[number], { user_id: string; week_key: string }>('SELECT user_id, week_key FROM study_breaks WHERE group_id = ?');
  const byMember = (rows: { user_id: string; week_key: string }[]): Map<string, Set<string>> => {
    const weeks = new Map<string, Set<string>>();
    for (const row of rows) {
      let set = weeks.get(row.user_id);
      if (!set) weeks.set(row.user_id, (set = new Set()));
      set.add(row.week_key);
    }
    return weeks;
  };
  const notifyOff = db.prepare<[string], { user_id: string }>('SELECT user_id FROM study_notify_off WHERE guild_id = ?');

  const setNotifyOff = db.prepare('INSERT INTO study_notify_off (guild_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const setNotifyOn = db.prepare('DELETE FROM study_notify_off WHERE guild_id = ? AND user_id = ?');
  const addBreak = db.prepare('INSERT INTO study_breaks (group_id, user_id, week_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const historyOf = db.prepare<[number, string, number], CheckinRow>(`SELECT ${checkinColumns} FROM study_checkins WHERE group_id = ? AND user_id = ? ORDER BY at_ms DESC, checkin_id DESC LIMIT ?`);
  const historyAll = db.prepare<[number, number], CheckinRow>(`SELECT ${checkinColumns} FROM study_checkins WHERE group_id = ? ORDER BY at_ms DESC, checkin_id DESC LIMIT ?`);
  const updateName = db.prepare('UPDATE study_groups SET name = ?, name_key = ? WHERE group_id = ?');
  // A new book starts progress afresh; a next book the poll chose is cleared once it is the current one.
  const updateBook = db.prepare(
    'UPDATE study_groups SET book_id = @book, book_since_ms = @since WHERE group_id = @group AND book_id IS NOT @book',
  );
  const setNextBook = db.prepare('UPDATE study_groups SET next_book_id = ? WHERE group_id = ?');
  const clearNextIf = db.prepare('UPDATE study_groups SET next_book_id = NULL WHERE group_id = @group AND next_book_id = @book');
  const recordRead = db.prepare(
    `INSERT INTO study_read_books (group_id, book_id, until_ms) SELECT group_id, book_id, @since FROM study_groups WHERE group_id = @group AND book_id IS NOT @book
     ON CONFLICT DO UPDATE SET until_ms = excluded.until_ms`,
  );
  const readBooks = db.prepare<[number], { book_id: string }>('SELECT book_id FROM study_read_books WHERE group_id = ? ORDER BY until_ms');
  const updateTarget = db.prepare('UPDATE study_groups SET target_unit = ?, target_amount = ? WHERE group_id = ?');
  const setOwner = db.prepare('UPDATE study_groups SET owner_id = ? WHERE group_id = ?');
  const archive = db.prepare('UPDATE study_groups SET archived_at_ms = ? WHERE group_id = ?');
  const inGuild = '(SELECT group_id FROM study_groups WHERE guild_id = ?)';
  const plan = db.prepare<[number], { start_week_key: string; end_week_key: string; set_by: string; set_at_ms: number }>('SELECT start_week_key, end_week_key, set_by, set_at_ms FROM study_plans WHERE group_id = ?');
  const setPlan = db.prepare(
    `INSERT INTO study_plans (group_id, start_week_key, end_week_key, set_by, set_at_ms) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (group_id) DO UPDATE SET start_week_key = excluded.start_week_key, end_week_key = excluded.end_week_key, set_by = excluded.set_by, set_at_ms = excluded.set_at_ms`,
  );
  const clearPlan = db.prepare('DELETE FROM study_plans WHERE group_id = ?');
  // Written only when it changed: a read first, so an unchanged name (nearly always) takes no write lock, and a
  // member's every press neither rewrites their rows nor waits on another process's write.
  const nameChanged = db.prepare<[string, string, string], { n: number }>(`SELECT COUNT(*) AS n FROM study_members WHERE user_id = ? AND group_id IN ${inGuild} AND display_name IS NOT ?`);
  const rememberName = db.prepare(`UPDATE study_members SET display_name = ? WHERE user_id = ? AND group_id IN ${inGuild} AND display_name IS NOT ?`);
  const forgetCheckins = db.prepare(`DELETE FROM study_checkins WHERE user_id = ? AND group_id IN ${inGuild}`);
  const forgetBreaks = db.prepare(`DELETE FROM study_breaks WHERE user_id = ? AND group_id IN ${inGuild}`);
  const forgetMemberships = db.prepare(`DELETE FROM study_members WHERE user_id = ? AND group_id IN ${inGuild}`);
  const ownedBy = db.prepare<[string, string], GroupRow>(`SELECT ${columns} FROM study_groups WHERE guild_id = ? AND owner_id = ?`);
  const countMemberships = db.prepare<[string, string], { n: number }>(`SELECT COUNT(*) AS n FROM study_members WHERE user_id = ? AND group_id IN ${inGuild}`);
  const countCheckins = db.prepare<[string, string], { n: number }>(`SELECT COUNT(*) AS n FROM study_checkins WHERE user_id = ? AND group_id IN ${inGuild}`);

  function lookAlikesOf(guildId: string, name: string): StudyGroup[] {
    const key = nameKey(name);
    const keys = lookAlikeKeys(name);
    return active
      .all(guildId)
      .filter((row) => nameKey(row.name) === key || keysLookAlike(lookAlikeKeys(row.name), keys))
      .map(toGroup);
  }

  return {
    setNotify: (guildId, userId, on) => void (on ? setNotifyOn : setNotifyOff).run(guildId, userId),
    addBreak: (groupId, userId, weekKey) => void addBreak.run(groupId, userId, weekKey),
    history: (groupId, userId, limit) => (userId === null ? historyAll.all(groupId, limit) : historyOf.all(groupId, userId, limit)).map(toCheckin),
    update: (groupId, changes) => {
      if (changes.name !== undefined) updateName.run(changes.name.trim(), nameKey(changes.name), groupId);
      if (changes.book !== undefined) {
        const book = { book: changes.book.id, since: changes.book.sinceMs, group: groupId };
        recordRead.run(book);
        updateBook.run(book);
        // The book now read is nobody's "next" any more, also when it was already the current one.
        clearNextIf.run(book);
      }
      if (changes.target !== undefined) updateTarget.run(changes.target?.unit ?? null, changes.target?.amount ?? null, groupId);
    },
    setOwner: (groupId, ownerId) => void setOwner.run(ownerId, groupId),
    setNextBook: (groupId, bookId) => void setNextBook.run(bookId, groupId),
    readBooks: (groupId) => readBooks.all(groupId).map((row) => row.book_id),
    archive: (groupId, nowMs) => void archive.run(nowMs, groupId),
    forgetMember: (guildId, userId) => {
      const owned = ownedBy.all(guildId, userId).map(toGroup);
      const checkins = forgetCheckins.run(userId, guildId).changes;
      forgetBreaks.run(userId, guildId);
      const memberships = forgetMemberships.run(userId, guildId).changes;
      setNotifyOn.run(guildId, userId);
      return { memberships, checkins, owned };
    },
    countFor: (guildId, userId) => ({ memberships: countMemberships.get(userId, guildId)!.n, checkins: countCheckins.get(userId, guildId)!.n }),
    create: (group, nowMs) =>
      toGroup(insert.get(group.guildId, group.name.trim(), nameKey(group.name), group.bookId, group.ownerId, group.target?.unit ?? null, group.target?.amount ?? null, nowMs)!),
    find: (guildId, groupId) => {
      const row = find.get({ guildId, groupId });
      return row && toGroup(row);
    },
    findByName: (guildId, name) => {
      const row = findByName.get(guildId, nameKey(name));
      return row ? toGroup(row) : lookAlikesOf(guildId, name)[0];
    },
    lookAlikes: (guildId, name) => lookAlikesOf(guildId, name),
    active: (guildId) => active.all(guildId).map(toGroup),
    countActive: (guildId) => countActive.get(guildId)!.n,
    members: (groupId) => members.all(groupId).map(toMember),
    isMember: (groupId, userId) => isMember.get(groupId, userId)!.n > 0,
    member: (groupId, userId) => {
      const row = member.get(groupId, userId);
      return row && toMember(row);
    },
    addMember: (groupId, userId, nowMs) => addMember.run(groupId, userId, nowMs).changes > 0,
    removeMember: (groupId, userId) => removeMember.run(groupId, userId).changes > 0,
    plan: (groupId) => {
      const row = plan.get(groupId);
      return row && { startWeekKey: row.start_week_key, endWeekKey: row.end_week_key, setBy: row.set_by, setAtMs: row.set_at_ms };
    },
    setPlan: (groupId, spec, setBy, nowMs) => void setPlan.run(groupId, spec.startWeekKey, spec.endWeekKey, setBy, nowMs),
    clearPlan: (groupId) => clearPlan.run(groupId).changes > 0,
    rememberName: (guildId, userId, displayName) => {
      if (nameChanged.get(userId, guildId, displayName)!.n > 0) rememberName.run(displayName, userId, guildId, displayName);
    },
    groupsOf: (guildId, userId) => groupsOf.all(guildId, userId).map(toGroup),
    addCheckin: (groupId, c) => void addCheckin.run(groupId, c.userId, c.atMs, c.weekKey, c.progress.unit, c.progress.value, c.progress.total, c.raw, c.note),
    latestCheckins: (groupId) => new Map(latest.all(groupId).map((row) => [row.user_id, toCheckin(row)])),
    checkinsSince: (groupId, sinceMs) => since.all(groupId, sinceMs).map(toCheckin),
    lastCheckinAt: (groupId, userId) => lastAt.get(groupId, userId)?.at ?? null,
    checkinWeeks: (groupId, userId) => new Set(checkinWeeks.all(groupId, userId).map((row) => row.week_key)),
    breakWeeks: (groupId, userId) => new Set(breakWeeks.all(groupId, userId).map((row) => row.week_key)),
    checkinWeeksByMember: (groupId) => byMember(allCheckinWeeks.all(groupId)),
    breakWeeksByMember: (groupId) => byMember(allBreakWeeks.all(groupId)),
    notifyOff: (guildId) => new Set(notifyOff.all(guildId).map((row) => row.user_id)),
  };
}
