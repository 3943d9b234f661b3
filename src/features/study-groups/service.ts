import type { Catalog } from '../catalog/core/catalog.js';
import type { Book } from '../catalog/core/schema.js';
import { escapeUserText } from '../../core/user-text.js';
import { localWeekKey, nextDueInstant, type WeeklyRule } from '../../core/weekly-rule.js';
import type { Clock } from '../../platform/clock.js';
import { assertCanPost } from '../../platform/discord/channel-permissions.js';
import type { DiscordAccess } from '../../platform/discord/discord-access.js';
import { UserError } from '../../platform/discord/user-error.js';
import type { ScheduleRecord } from '../../platform/store/schedule-repository.js';
import type { Store } from '../../platform/store/store.js';
import { parseProgress, parseTarget, type Progress, type WeeklyTarget } from './core/progress.js';
import { studyReminderKind } from './job.js';
import { memberState, memberStates, type MemberState } from './member-state.js';
import type { StudyGroup, StudyGroupRepository } from './repository.js';

/** Limits that keep a server's groups readable and the bot's work bounded. */
export const studyLimits = { groupsPerServer: 50, membersPerGroup: 200, nameLength: 50, noteLength: 500, checkinEveryMs: 60_000 } as const;

export interface StudyGroupServiceDependencies {
  store: Store;
  studyGroupRepository: StudyGroupRepository;
  catalog: Catalog;
  clock: Clock;
  discord: DiscordAccess;
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
  members: MemberState[];
}

export interface CheckinResult extends GroupView {
  progress: Progress;
  streak: number;
  track: MemberState['track'];
}

export interface StudyGroupService {
  create(request: CreateRequest): GroupView;
  join(guildId: string, userId: string, groupRef: string): GroupView & { memberCount: number };
  leave(guildId: string, userId: string, groupRef: string): GroupView;
  checkin(guildId: string, userId: string, groupRef: string, progressText: string, note: string | null): CheckinResult;
  board(guildId: string, groupRef: string): Board;
  list(guildId: string): (GroupView & { memberCount: number })[];
  /** Active groups matching what someone typed, for autocomplete. */
  suggest(guildId: string, typed: string): StudyGroup[];
}

/** A group's name in a message: user text, so escaped. */
const shown = (name: string): string => `**${escapeUserText(name, 50)}**`;

export function createStudyGroupService(deps: StudyGroupServiceDependencies): StudyGroupService {
  const { store, studyGroupRepository: repository, catalog, clock, discord } = deps;

  function view(group: StudyGroup): GroupView {
    const schedule = store.schedules.find(group.guildId, studyReminderKind, String(group.groupId));
    if (!schedule) throw new Error(`study group ${group.groupId} has no reminder schedule`);
    return { group, schedule, book: catalog.bookById(group.bookId) };
  }

  /** An autocomplete pick arrives as the group id; a typed name works too. Another server's group is "not found". */
  function resolve(guildId: string, groupRef: string): StudyGroup {
    const ref = groupRef.trim();
    const byId = /^\d{1,12}$/.test(ref) ? repository.find(guildId, Number(ref)) : undefined;
    const group = (byId && byId.archivedAtMs === null ? byId : undefined) ?? repository.findByName(guildId, ref);
    if (!group) throw new UserError(`No study group called “${escapeUserText(ref, 50)}” in this server. \`/study list\` shows them.`);
    return group;
  }

  function requireMember(group: StudyGroup, userId: string): void {
    if (!repository.isMember(group.groupId, userId)) throw new UserError(`You are not in ${shown(group.name)} yet. Join with \`/study join\` first.`);
  }

  function findBook(query: string): Book {
    const found = catalog.lookup(query);
    if (found.kind === 'found') return found.book;
    const suggestions = found.kind === 'not-found' && found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.map((book) => `**${book.title}**`).join(', ')}?` : '';
    throw new UserError(`No book matches “${escapeUserText(query.trim(), 80)}”.${suggestions}`);
  }

  return {
    create({ guildId, userId, name, book: bookQuery, channelId, rule: ruleFor, target: targetText }) {
      const trimmed = name.trim();
      if (trimmed.length === 0 || trimmed.length > studyLimits.nameLength) throw new UserError(`A group name has 1 to ${studyLimits.nameLength} characters.`);
      if (repository.findByName(guildId, trimmed)) throw new UserError(`This server already has a group called ${shown(trimmed)}. Pick another name.`);
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
      // The server's spotlight zone is the default: most servers pick their zone once.
      const rule = ruleFor(store.schedules.find(guildId, 'spotlight')?.rule.timeZone ?? null);
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
      if (!repository.removeMember(group.groupId, userId)) throw new UserError(`You are not in ${shown(group.name)}.`);
      return view(group);
    },

    checkin(guildId, userId, groupRef, progressText, note) {
      const group = resolve(guildId, groupRef);
      requireMember(group, userId);
      const member = repository.member(group.groupId, userId)!;
      const parsed = parseProgress(progressText);
      if (!parsed.ok) throw new UserError(parsed.message);
      const trimmedNote = note?.trim() || null;
      if (trimmedNote && trimmedNote.length > studyLimits.noteLength) throw new UserError(`A note has at most ${studyLimits.noteLength} characters.`);
      const now = clock.now();
      const last = repository.lastCheckinAt(group.groupId, userId);
      if (last !== null && now - last < studyLimits.checkinEveryMs) throw new UserError('You just checked in. Wait a minute before the next check-in.');
      const groupView = view(group);
      const zone = groupView.schedule.rule.timeZone;
      const checkin = { userId, atMs: now, weekKey: localWeekKey(now, zone), progress: parsed.progress, raw: progressText.trim(), note: trimmedNote };
      repository.addCheckin(group.groupId, checkin);
      const state = memberState(repository, group, zone, now, member, checkin);
      return { ...groupView, progress: parsed.progress, streak: state.streak, track: state.track };
    },

    board(guildId, groupRef) {
      const group = resolve(guildId, groupRef);
      const groupView = view(group);
      return { ...groupView, members: memberStates(repository, group, groupView.schedule.rule.timeZone, clock.now()) };
    },

    list(guildId) {
      return repository.active(guildId).map((group) => ({ ...view(group), memberCount: repository.members(group.groupId).length }));
    },

    suggest(guildId, typed) {
      const query = typed.trim().toLocaleLowerCase('en-US');
      return repository.active(guildId).filter((group) => group.name.toLocaleLowerCase('en-US').includes(query));
    },
  };
}
