import { localWeekKey } from '../../core/weekly-rule.js';
import { onTrack, type WeeklyTarget } from './core/progress.js';
import type { PlanStanding } from './core/reading-plan.js';
import { previousWeekKey, weeklyStreak } from './core/streaks.js';
import type { StudyCheckin, StudyGroup, StudyGroupRepository, StudyMember } from './repository.js';

/** A member missing this many weekly check-ins in a row counts as inactive and is no longer pinged. */
export const inactiveAfterWeeks = 4;

export interface MemberState {
  userId: string;
  joinedAtMs: number;
  /** As the server last showed it (drawn in the progress picture); null until the member used /study since. */
  displayName: string | null;
  latest: StudyCheckin | null;
  streak: number;
  onBreak: boolean;
  /** No check-in or break in the last four full weeks (after being a member that long). */
  inactive: boolean;
  /** Against the group's weekly target; null without a target or when the units cannot be compared. */
  track: { onTrack: boolean; expected: number } | null;
  /** Against the group's reading plan this week (set by the board); null without a plan or a comparable check-in. */
  plan?: PlanStanding | null;
}

const weekMs = 7 * 24 * 60 * 60 * 1000;

/** Each member of a group as the board and the reminder see them, in the group's time zone (a few queries in all). */
export function memberStates(repository: StudyGroupRepository, group: StudyGroup, timeZone: string, nowMs: number): MemberState[] {
  const latest = repository.latestCheckins(group.groupId);
  const checkinWeeks = repository.checkinWeeksByMember(group.groupId);
  const breakWeeks = repository.breakWeeksByMember(group.groupId);
  const currentWeek = localWeekKey(nowMs, timeZone);
  return repository
    .members(group.groupId)
    .map((member) => stateOf(group, member, latest.get(member.userId) ?? null, checkinWeeks.get(member.userId) ?? none, breakWeeks.get(member.userId) ?? none, currentWeek, nowMs));
}

/** One member's state (a check-in's reply needs only the member who checked in). */
export function memberState(
  repository: StudyGroupRepository,
  group: StudyGroup,
  timeZone: string,
  nowMs: number,
  member: StudyMember,
  latest: StudyCheckin | null,
): MemberState {
  const weeks = [repository.checkinWeeks(group.groupId, member.userId), repository.breakWeeks(group.groupId, member.userId)] as const;
  return stateOf(group, member, latest, ...weeks, localWeekKey(nowMs, timeZone), nowMs);
}

const none: ReadonlySet<string> = new Set();

function stateOf(
  group: StudyGroup,
  member: StudyMember,
  latest: StudyCheckin | null,
  checkinWeeks: ReadonlySet<string>,
  breakWeeks: ReadonlySet<string>,
  currentWeek: string,
  nowMs: number,
): MemberState {
  // Check-ins up to the moment the current book began (the one that finished the last) are history, not progress in it.
  const inThisBook = latest && latest.atMs > group.bookSinceMs ? latest : null;
  return {
    userId: member.userId,
    joinedAtMs: member.joinedAtMs,
    displayName: member.displayName,
    latest: inThisBook,
    streak: weeklyStreak({ checkinWeeks, breakWeeks, currentWeekKey: currentWeek }),
    onBreak: breakWeeks.has(currentWeek),
    inactive: isInactive(checkinWeeks, breakWeeks, currentWeek, nowMs - member.joinedAtMs),
    track: group.target ? trackOf(group.target, inThisBook, nowMs - Math.max(member.joinedAtMs, group.bookSinceMs)) : null,
  };
}

function isInactive(checkinWeeks: ReadonlySet<string>, breakWeeks: ReadonlySet<string>, currentWeek: string, memberForMs: number): boolean {
  if (memberForMs < inactiveAfterWeeks * weekMs) return false;
  let week = currentWeek;
  for (let i = 0; i < inactiveAfterWeeks; i++) {
    week = previousWeekKey(week);
    if (checkinWeeks.has(week) || breakWeeks.has(week)) return false;
  }
  return !checkinWeeks.has(currentWeek) && !breakWeeks.has(currentWeek);
}

function trackOf(target: WeeklyTarget, latest: StudyCheckin | null, memberForMs: number): { onTrack: boolean; expected: number } | null {
  // A member is expected to have read one week's target per started week of membership.
  const weeks = Math.max(1, Math.ceil(memberForMs / weekMs));
  return onTrack(target, latest?.progress ?? null, weeks);
}
