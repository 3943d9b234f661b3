import type { Catalog } from '../catalog/core/catalog.js';
import type { Book } from '../catalog/core/schema.js';
import { hasVisibleLetterOrDigit } from '../../core/look-alike.js';
import { escapeUserText } from '../../core/user-text.js';
import { localWeekKey, nextDueInstant, type WeeklyRule } from '../../core/weekly-rule.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import { assertCanPost } from '../../platform/discord/channel-permissions.js';
import type { DiscordAccess } from '../../platform/discord/discord-access.js';
import { UserError } from '../../platform/discord/user-error.js';
import type { ScheduleRecord } from '../../platform/store/schedule-repository.js';
import type { Store } from '../../platform/store/store.js';
import { parseProgress, parseTarget, progressProblemInBook, type Progress, type WeeklyTarget } from './core/progress.js';
import { nextWeekKey } from './core/streaks.js';
import { studyReminderKind } from './job.js';
import { progressPictureAltText } from './core/progress-picture-alt.js';
import { parsePlanRequest, type PlanRequest } from './core/plan-request.js';
import { planStanding, type PlanUnit, type ReadingPlan } from './core/reading-plan.js';
import { readingPlanOf } from './reading-plan-of.js';
import type { ProgressPictureInput } from './core/progress-picture.js';
import { progressPictureInput } from './picture/progress-picture-input.js';
import { beginBook, everyoneFinished, unreadBooks } from './next-book.js';
import { memberState, memberStates, type MemberState } from './member-state.js';
import type { StudyCheckin, StudyGroup, StudyGroupRepository } from './repository.js';

/** Limits that keep a server's groups readable and the bot's work bounded. */
export const studyLimits = { groupsPerServer: 50, membersPerGroup: 200, nameLength: 50, noteLength: 500, checkinEveryMs: 60_000, displayNameLength: 100 } as const;

export interface StudyGroupServiceDependencies {
  store: Store;
  studyGroupRepository: StudyGroupRepository;
  catalog: Catalog;
  clock: Clock;
  discord: DiscordAccess;
  /** The server's usual time zone, if it has one (the spotlight's): a new group's zone defaults to it. */
  serverTimeZone(guildId: string): string | null;
  /** Draws a progress picture as PNG bytes (on a worker thread in the bot: a big group takes a few hundred ms). */
  renderProgressPicture(input: ProgressPictureInput): Promise<Buffer>;
  log: Logger;
}

/** The board's progress picture: the PNG and the same in words. */
export interface BoardPicture {
  png: Buffer;
  altText: string;
}

export interface CreateRequest {
  guildId: string;
  userId: string;
  name: string;
  book: string;
  channelId: string;
  /** Day, time and zone as typed; the zone may be left out when the server has a spotlight. */
  rule: (zone: string | null) => WeeklyRule;
  target: string | null;
}

/** A group with its weekly reminder schedule and its book. */
export interface GroupView {
  group: StudyGroup;
  schedule: ScheduleRecord;
  book: Book | undefined;
}

export interface Board extends GroupView {
  /** The book a poll chose to read next, if any. */
  nextBook: Book | null;
  members: MemberState[];
  /** The group's reading plan, if it has one, and the current week in the group's zone (each member's standing is in their state). */
  plan: ReadingPlan | null;
  currentWeekKey: string;
}

/** A plan as `/study plan` shows it. */
export interface PlanView extends GroupView {
  plan: ReadingPlan | null;
  currentWeekKey: string;
}

export interface CheckinResult extends GroupView {
  progress: Progress;
  streak: number;
  track: MemberState['track'];
  /** This check-in was the last member finishing the book: the group began the next one a poll chose. */
  begunNextBook: Book | null;
}

/** Who acts, for the owner-only changes: the owner, or anyone with Manage Server. */
export interface Actor {
  userId: string;
  manageServer: boolean;
}

export interface EditRequest {
  name?: string | undefined;
  book?: string | undefined;
  channelId?: string | undefined;
  target?: string | undefined;
  /** A new rule from day/time/zone (each defaulting to the current one), when any of them was given. */
  rule?: ((current: WeeklyRule) => WeeklyRule) | undefined;
}

/** What became of a group its owner left: handed to its longest-standing member, or archived when nobody was left. */
export type Succession = { kind: 'passed'; ownerId: string } | { kind: 'archived' };

export interface LeaveResult extends GroupView {
  /** Set when the one who left owned the group. */
  succession: Succession | null;
}

/** The member a group is handed to, and whether they are still in the server (from the interaction's resolved members). */
export interface NewOwner {
  userId: string;
  inServer: boolean;
}

export interface HistoryWeek {
  weekKey: string;
  checkins: StudyCheckin[];
}

export interface StudyGroupService {
  create(request: CreateRequest): GroupView;
  join(guildId: string, userId: string, groupRef: string): GroupView & { memberCount: number };
  /** Leaving a group you own hands it on, as forget-me does. */
  leave(guildId: string, userId: string, groupRef: string): LeaveResult;
  /** Progress as typed ("p. 120"), or else the chapter picked in the form ("5"). */
  checkin(guildId: string, userId: string, groupRef: string, progressText: string, note: string | null, chapterPick?: string | null): CheckinResult;
  board(guildId: string, groupRef: string): Board;
  /** The board as a picture: a row per member, a column per recent week; null if it could not be drawn (the board is still shown). */
  boardPicture(board: Board): Promise<BoardPicture | null>;
  /** A group of this server, by name or by a pick (for the features built on groups, such as their events). */
  groupView(guildId: string, groupRef: string): GroupView;
  /** The same for a change only its owner or someone with Manage Server may make (`what`: "plan", "archive"…), else a UserError. */
  ownedGroup(guildId: string, actor: Actor, groupRef: string, what: string): GroupView;
  /** The group's reading plan week by week (null without one). */
  plan(guildId: string, groupRef: string): PlanView;
  /** Sets (or replaces) the plan: owner or Manage Server. Check-ins are kept as they are. */
  setPlan(guildId: string, actor: Actor, groupRef: string, request: PlanRequest): PlanView;
  /** Removes the plan: owner or Manage Server; false when there was none. */
  clearPlan(guildId: string, actor: Actor, groupRef: string): GroupView & { cleared: boolean };
  /** The books a poll for the group's next book offers (books it has not read): owner or Manage Server. */
  pollCandidates(guildId: string, actor: Actor, groupRef: string): GroupView & { books: Book[] };
  /**
   * A poll's winner: begun at once (`beginAtOnce`, or when everyone has already finished), else the group's next
   * book; 'gone' when the group was archived meanwhile. Runs inside the poll's transaction.
   */
  applyPolledBook(guildId: string, groupId: number, bookId: string, beginAtOnce: boolean, nowMs: number): 'begun' | 'next' | 'gone';
  /** Keeps the name Discord showed for a member with their memberships in this server (the picture draws it). */
  rememberName(guildId: string, userId: string, displayName: string | null): void;
  list(guildId: string): (GroupView & { memberCount: number })[];
  /** Active groups matching what someone typed, for autocomplete. */
  suggest(guildId: string, typed: string): StudyGroup[];
  /** Your groups in this server, with your progress and streak in each. */
  me(guildId: string, userId: string): (GroupView & { state: MemberState; planUnit: PlanUnit | null })[];
  notify(guildId: string, userId: string, on: boolean): void;
  /** Declares a break of 1–2 weeks from this week: not pinged, streak kept. Returns the weeks. */
  takeBreak(guildId: string, userId: string, groupRef: string, weeks: number): GroupView & { weeks: string[] };
  /** Check-ins week by week (newest first), of one member or everyone, with breaks. */
  history(guildId: string, groupRef: string, memberId: string | null): GroupView & { weeks: HistoryWeek[]; breaks: Set<string> };
  edit(guildId: string, actor: Actor, groupRef: string, changes: EditRequest): GroupView;
  archive(guildId: string, actor: Actor, groupRef: string): GroupView;
  transfer(guildId: string, actor: Actor, groupRef: string, newOwner: NewOwner): GroupView;
  /** What forget-me would delete. */
  countFor(guildId: string, userId: string): { memberships: number; checkins: number };
  /** Deletes your memberships and check-ins in this server; groups you owned pass to their longest member (or are archived). */
  forgetMe(guildId: string, userId: string): { memberships: number; checkins: number; archived: GroupView[] };
}

const groupChoicePrefix = 'group:';
const groupChoicePattern = /^group:(\d{1,12})$/;

/** The value an autocomplete pick (or a button) sends for a group: marked, so a typed "1" is the group named "1", not group 1. */
export function groupChoiceValue(groupId: number | string): string {
  return `${groupChoicePrefix}${groupId}`;
}

/** The id in a pick's value, or null when the text is a typed name. */
function pickedGroupId(text: string): number | null {
  const match = groupChoicePattern.exec(text);
  return match ? Number(match[1]) : null;
}

/** A group's name in a message: user text, so escaped. */
const shown = (name: string): string => `**${escapeUserText(name, 50)}**`;

export function createStudyGroupService(deps: StudyGroupServiceDependencies): StudyGroupService {
  const { store, studyGroupRepository: repository, catalog, clock, discord, serverTimeZone, renderProgressPicture, log } = deps;

  function view(group: StudyGroup): GroupView {
    const schedule = store.schedules.find(group.guildId, studyReminderKind, String(group.groupId));
    if (!schedule) throw new Error(`study group ${group.groupId} has no reminder schedule`);
    return { group, schedule, book: catalog.bookById(group.bookId) };
  }

  /** An autocomplete pick (or a button) names the group by id; anything typed is a name. Another server's group is "not found". */
  function resolve(guildId: string, groupRef: string): StudyGroup {
    const ref = groupRef.trim();
    const pickedId = pickedGroupId(ref);
    if (pickedId !== null) {
      const picked = repository.find(guildId, pickedId);
      if (!picked || picked.archivedAtMs !== null) throw new UserError('That study group is archived or no longer exists. `/study list` shows the others.');
      return picked;
    }
    const group = repository.findByName(guildId, ref);
    if (!group) throw new UserError(`No study group called “${escapeUserText(ref, 50)}” in this server. \`/study list\` shows them.`);
    return group;
  }

  function requireMember(group: StudyGroup, userId: string): void {
    if (!repository.isMember(group.groupId, userId)) throw new UserError(`You are not in ${shown(group.name)} yet. Join with \`/study join\` first.`);
  }

  /** The group's plan for its current book and the current week in its zone. */
  function planNow(groupView: GroupView): { plan: ReadingPlan | null; currentWeekKey: string } {
    return { plan: readingPlanOf(repository, groupView.group, groupView.book), currentWeekKey: localWeekKey(clock.now(), groupView.schedule.rule.timeZone) };
  }

  /** Owner-only changes: the owner, or someone with Manage Server. */
  function requireOwner(group: StudyGroup, actor: Actor, what: string): void {
    if (group.ownerId !== actor.userId && !actor.manageServer) {
      throw new UserError(`Only the owner of ${shown(group.name)} (<@${group.ownerId}>) or someone with **Manage Server** can ${what} it.`);
    }
  }

  /** A group whose owner is gone passes to its longest-standing member; with nobody left it is archived. Inside a transaction. */
  function passOwnership(group: StudyGroup, now: number): Succession {
    const heir = repository.members(group.groupId)[0];
    if (heir) {
      repository.setOwner(group.groupId, heir.userId);
      return { kind: 'passed', ownerId: heir.userId };
    }
    repository.setOwner(group.groupId, '');
    if (group.archivedAtMs === null) {
      repository.archive(group.groupId, now);
      store.schedules.remove(group.guildId, studyReminderKind, String(group.groupId));
    }
    return { kind: 'archived' };
  }

  /** A new name as typed (trimmed), or a UserError: 1–50 characters, something visible, unlike any other active group's. */
  function checkNewName(guildId: string, name: string, renamed: StudyGroup | null = null): string {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > studyLimits.nameLength) throw new UserError(`A group name has 1 to ${studyLimits.nameLength} characters.`);
    if (!hasVisibleLetterOrDigit(trimmed)) throw new UserError('A group name needs at least one visible letter or digit: invisible characters, accents and symbols alone show as a blank.');
    // "group:7" is how a suggestion names group 7: a group called that could never be typed.
    if (pickedGroupId(trimmed) !== null) throw new UserError(`A group name cannot have the form ${shown(trimmed)}: that is how the suggestions name a group. Pick another name.`);
    const taken = repository.lookAlikes(guildId, trimmed).find((group) => group.groupId !== renamed?.groupId);
    if (taken) {
      const same = taken.name === trimmed ? '' : `, and ${shown(trimmed)} would look the same in a list`;
      throw new UserError(`This server already has a group called ${shown(taken.name)}${same}. Pick a name that looks different.`);
    }
    return trimmed;
  }

  function findBook(query: string): Book {
    const found = catalog.lookup(query);
    if (found.kind === 'found') return found.book;
    const suggestions = (found.kind === 'not-found' || found.kind === 'not-in-list') && found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.map((book) => `**${book.title}**`).join(', ')}?` : '';
    throw new UserError(`No book matches “${escapeUserText(query.trim(), 80)}”.${suggestions}`);
  }


  /** A group someone may change only as its owner or with Manage Server (`what`: "plan", "archive"…). */
  function ownedView(guildId: string, actor: Actor, groupRef: string, what: string): GroupView {
    const group = resolve(guildId, groupRef);
    requireOwner(group, actor, what);
    return view(group);
  }
  return {
    create({ guildId, userId, name, book: bookQuery, channelId, rule: ruleFor, target: targetText }) {
      const trimmed = checkNewName(guildId, name);
      if (repository.countActive(guildId) >= studyLimits.groupsPerServer) {
        throw new UserError(`This server has ${studyLimits.groupsPerServer} active study groups, the most it can have. Archive one first.`);
      }
      const book = findBook(bookQuery);
      let target: WeeklyTarget | null = null;
      if (targetText !== null) {
        const parsed = parseTarget(targetText);
        if (!parsed.ok) throw new UserError(parsed.message);
        target = parsed.target;
      }
      // Most servers pick their zone once: the group's defaults to it.
      const rule = ruleFor(serverTimeZone(guildId));
      assertCanPost(discord, guildId, channelId);
      const now = clock.now();
      return store.transaction(() => {
        const group = repository.create({ guildId, name: trimmed, bookId: book.id, ownerId: userId, target }, now);
        repository.addMember(group.groupId, userId, now);
        const schedule = store.schedules.save({ guildId, kind: studyReminderKind, subjectId: String(group.groupId), channelId, rule, nextDueMs: nextDueInstant(rule, now) }, now);
        return { group, schedule, book };
      });
    },

    join(guildId, userId, groupRef) {
      const group = resolve(guildId, groupRef);
      const count = repository.members(group.groupId).length;
      if (repository.isMember(group.groupId, userId)) throw new UserError(`You are already in ${shown(group.name)}.`);
      if (count >= studyLimits.membersPerGroup) throw new UserError(`${shown(group.name)} has ${studyLimits.membersPerGroup} members, the most a group can have.`);
      repository.addMember(group.groupId, userId, clock.now());
      return { ...view(group), memberCount: count + 1 };
    },

    leave(guildId, userId, groupRef) {
      const group = resolve(guildId, groupRef);
      if (!repository.isMember(group.groupId, userId)) throw new UserError(`You are not in ${shown(group.name)}.`);
      // Read before: archiving the group removes its schedule.
      const groupView = view(group);
      const now = clock.now();
      const succession = store.transaction(() => {
        repository.removeMember(group.groupId, userId);
        return group.ownerId === userId ? passOwnership(group, now) : null;
      });
      return { ...groupView, succession };
    },

    checkin(guildId, userId, groupRef, typedProgress, note, chapterPick = null) {
      const group = resolve(guildId, groupRef);
      requireMember(group, userId);
      const member = repository.member(group.groupId, userId)!;
      // What was typed wins over the picked chapter: it can say more ("p. 120 of ch 5").
      const progressText = typedProgress.trim() || (chapterPick?.trim() ? `ch ${chapterPick.trim()}` : '');
      if (progressText === '') throw new UserError('Pick the chapter you reached, or type your progress: "ch 5", "p. 120", "45%" or "done".');
      const parsed = parseProgress(progressText);
      if (!parsed.ok) throw new UserError(parsed.message);
      const book = catalog.bookById(group.bookId);
      const chapterCount = book?.contents?.chapters?.length;
      const problem = progressProblemInBook(parsed.progress, book && chapterCount ? { title: book.title, chapterCount } : null);
      if (problem) throw new UserError(problem);
      const trimmedNote = note?.trim() || null;
      if (trimmedNote && trimmedNote.length > studyLimits.noteLength) throw new UserError(`A note has at most ${studyLimits.noteLength} characters.`);
      const now = clock.now();
      const last = repository.lastCheckinAt(group.groupId, userId);
      if (last !== null && now - last < studyLimits.checkinEveryMs) throw new UserError('You just checked in. Wait a minute before the next check-in.');
      const groupView = view(group);
      const zone = groupView.schedule.rule.timeZone;
      const checkin = { userId, atMs: now, weekKey: localWeekKey(now, zone), progress: parsed.progress, raw: progressText.trim(), note: trimmedNote };
      const begunNextBook = store.transaction(() => {
        repository.addCheckin(group.groupId, checkin);
        if (!group.nextBookId || !everyoneFinished(repository, group, book, zone, now)) return null;
        beginBook(repository, group, group.nextBookId, now);
        return catalog.bookById(group.nextBookId) ?? null;
      });
      const state = memberState(repository, group, zone, now, member, checkin);
      return { ...groupView, progress: parsed.progress, streak: state.streak, track: state.track, begunNextBook };
    },

    board(guildId, groupRef) {
      const group = resolve(guildId, groupRef);
      const groupView = view(group);
      const now = clock.now();
      const { plan, currentWeekKey } = planNow(groupView);
      const members = memberStates(repository, group, groupView.schedule.rule.timeZone, now).map((member) => ({
        ...member,
        plan: plan && planStanding(plan, currentWeekKey, member.latest?.progress ?? null),
      }));
      const nextBook = group.nextBookId ? (catalog.bookById(group.nextBookId) ?? null) : null;
      return { ...groupView, members, plan, currentWeekKey, nextBook };
    },

    groupView(guildId, groupRef) {
      return view(resolve(guildId, groupRef));
    },

    pollCandidates(guildId, actor, groupRef) {
      const owned = ownedView(guildId, actor, groupRef, 'start a poll for');
      return { ...owned, books: unreadBooks(catalog, repository, owned.group) };
    },

    applyPolledBook(guildId, groupId, bookId, beginAtOnce, nowMs) {
      const group = repository.find(guildId, groupId);
      if (!group || group.archivedAtMs !== null) return 'gone';
      // Already its book (changed by hand while the poll ran): nothing to begin, nothing left to wait for.
      if (group.bookId === bookId) {
        beginBook(repository, group, bookId, nowMs);
        return 'begun';
      }
      const zone = view(group).schedule.rule.timeZone;
      if (beginAtOnce || everyoneFinished(repository, group, catalog.bookById(group.bookId), zone, nowMs)) {
        beginBook(repository, group, bookId, nowMs);
        return 'begun';
      }
      repository.setNextBook(groupId, bookId);
      return 'next';
    },

    ownedGroup: ownedView,

    plan(guildId, groupRef) {
      const groupView = view(resolve(guildId, groupRef));
      return { ...groupView, ...planNow(groupView) };
    },

    setPlan(guildId, actor, groupRef, request) {
      const group = resolve(guildId, groupRef);
      requireOwner(group, actor, 'plan');
      const groupView = view(group);
      const { currentWeekKey } = planNow(groupView);
      const parsed = parsePlanRequest(request, currentWeekKey, groupView.book?.contents?.chapters?.length ?? null);
      if (!parsed.ok) throw new UserError(parsed.message);
      repository.setPlan(group.groupId, parsed.spec, actor.userId, clock.now());
      return { ...groupView, ...planNow(groupView) };
    },

    clearPlan(guildId, actor, groupRef) {
      const group = resolve(guildId, groupRef);
      requireOwner(group, actor, 'change the plan of');
      return { ...view(group), cleared: repository.clearPlan(group.groupId) };
    },

    async boardPicture(board) {
      const { groupId } = board.group;
      const history = { checkinWeeks: repository.checkinWeeksByMember(groupId), breakWeeks: repository.breakWeeksByMember(groupId) };
      const input = progressPictureInput(board, history, clock.now());
      try {
        return { png: await renderProgressPicture(input), altText: progressPictureAltText(input) };
      } catch (error) {
        log.error({ err: error, groupId }, 'progress picture failed; the board goes out without it');
        return null;
      }
    },

    rememberName(guildId, userId, displayName) {
      if (!displayName) return;
      try {
        repository.rememberName(guildId, userId, displayName.slice(0, studyLimits.displayNameLength));
      } catch (error) {
        // A name is a nicety: a database that cannot be written right now must not fail the command it came with.
        log.warn({ err: error }, 'could not keep a member name');
      }
    },

    list(guildId) {
      return repository.active(guildId).map((group) => ({ ...view(group), memberCount: repository.members(group.groupId).length }));
    },

    me(guildId, userId) {
      const now = clock.now();
      return repository.groupsOf(guildId, userId).map((group) => {
        const groupView = view(group);
        const member = repository.member(group.groupId, userId)!;
        const latest = repository.latestCheckins(group.groupId).get(userId) ?? null;
        const state = memberState(repository, group, groupView.schedule.rule.timeZone, now, member, latest);
        const { plan, currentWeekKey } = planNow(groupView);
        return { ...groupView, state: { ...state, plan: plan && planStanding(plan, currentWeekKey, state.latest?.progress ?? null) }, planUnit: plan?.unit ?? null };
      });
    },

    notify(guildId, userId, on) {
      repository.setNotify(guildId, userId, on);
    },

    takeBreak(guildId, userId, groupRef, weeks) {
      if (!Number.isInteger(weeks) || weeks < 1 || weeks > 2) throw new UserError('A break lasts 1 or 2 weeks.');
      const group = resolve(guildId, groupRef);
      requireMember(group, userId);
      const groupView = view(group);
      let week = localWeekKey(clock.now(), groupView.schedule.rule.timeZone);
      const declared: string[] = [];
      store.transaction(() => {
        for (let i = 0; i < weeks; i++) {
          repository.addBreak(group.groupId, userId, week);
          declared.push(week);
          week = nextWeekKey(week);
        }
      });
      return { ...groupView, weeks: declared };
    },

    history(guildId, groupRef, memberId) {
      const group = resolve(guildId, groupRef);
      const checkins = repository.history(group.groupId, memberId, 200);
      const weeks: HistoryWeek[] = [];
      for (const checkin of checkins) {
        const last = weeks.at(-1);
        if (last?.weekKey === checkin.weekKey) last.checkins.push(checkin);
        else weeks.push({ weekKey: checkin.weekKey, checkins: [checkin] });
      }
      return { ...view(group), weeks, breaks: memberId ? repository.breakWeeks(group.groupId, memberId) : new Set<string>() };
    },

    edit(guildId, actor, groupRef, changes) {
      const group = resolve(guildId, groupRef);
      requireOwner(group, actor, 'change');
      const current = view(group);
      const name = changes.name === undefined ? undefined : checkNewName(guildId, changes.name, group);
      const bookId = changes.book !== undefined ? findBook(changes.book).id : undefined;
      let target: WeeklyTarget | null | undefined;
      if (changes.target !== undefined) {
        if (/^(none|off|no)$/i.test(changes.target.trim())) target = null;
        else {
          const parsed = parseTarget(changes.target);
          if (!parsed.ok) throw new UserError(parsed.message);
          target = parsed.target;
        }
      }
      const rule = changes.rule ? changes.rule(current.schedule.rule) : current.schedule.rule;
      const channelId = changes.channelId ?? current.schedule.channelId;
      if (changes.channelId !== undefined) assertCanPost(discord, guildId, channelId);
      const now = clock.now();
      store.transaction(() => {
        repository.update(group.groupId, { ...(name !== undefined ? { name } : {}), ...(bookId !== undefined ? { book: { id: bookId, sinceMs: now } } : {}), ...(target !== undefined ? { target } : {}) });
        if (changes.rule || changes.channelId !== undefined) {
          store.schedules.save({ guildId, kind: studyReminderKind, subjectId: String(group.groupId), channelId, rule, nextDueMs: nextDueInstant(rule, now) }, now);
        }
      });
      return view(repository.find(guildId, group.groupId)!);
    },

    archive(guildId, actor, groupRef) {
      const group = resolve(guildId, groupRef);
      requireOwner(group, actor, 'archive');
      const groupView = view(group);
      store.transaction(() => {
        repository.archive(group.groupId, clock.now());
        // No more reminders; the check-ins and past deliveries stay.
        store.schedules.remove(guildId, studyReminderKind, String(group.groupId));
      });
      return groupView;
    },

    transfer(guildId, actor, groupRef, { userId: newOwnerId, inServer }) {
      const group = resolve(guildId, groupRef);
      requireOwner(group, actor, 'hand over');
      if (!repository.isMember(group.groupId, newOwnerId)) throw new UserError(`<@${newOwnerId}> is not in ${shown(group.name)}: the new owner must be a member.`);
      if (!inServer) throw new UserError(`<@${newOwnerId}> is no longer in this server: hand ${shown(group.name)} to a member who is.`);
      repository.setOwner(group.groupId, newOwnerId);
      return view(repository.find(guildId, group.groupId)!);
    },

    countFor: (guildId, userId) => repository.countFor(guildId, userId),

    forgetMe(guildId, userId) {
      const now = clock.now();
      return store.transaction(() => {
        const { memberships, checkins, owned } = repository.forgetMember(guildId, userId);
        const archived: GroupView[] = [];
        for (const group of owned) {
          // The view is taken before the hand-over: a group archived now loses its schedule with it.
          const before = group.archivedAtMs === null ? view(group) : null;
          if (passOwnership(group, now).kind === 'archived' && before) archived.push(before);
        }
        return { memberships, checkins, archived };
      });
    },

    suggest(guildId, typed) {
      const query = typed.trim().toLocaleLowerCase('en-US');
      return repository.active(guildId).filter((group) => group.name.toLocaleLowerCase('en-US').includes(query));
    },
  };
}
