import { localWeekKey } from '../../../core/weekly-rule.js';
import { planWeekText } from '../core/plan-text.js';
import type { PictureMember, PicturePlan, ProgressPictureInput } from '../core/progress-picture.js';
import { describeStanding, planPoint, type ReadingPlan } from '../core/reading-plan.js';
import { weekStartDate, weeksEndingAt } from '../core/streaks.js';
import { weekStates } from '../core/week-states.js';
import type { Board } from '../service.js';

/**
 * The board's data as the progress picture's input. The board's member states hold each member's join date and
 * latest check-in; the weeks in which each checked in or took a break come from the repository's
 * `checkinWeeksByMember` and `breakWeeksByMember` (the queries the board already runs for streaks).
 */

/** Week keys (in the group's zone) with a check-in, and with a declared break, by member. */
export interface MemberWeeks {
  checkinWeeks: ReadonlyMap<string, ReadonlySet<string>>;
  breakWeeks: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The picture shows 12 weeks, or back to the group's first week when it is younger, but never fewer than 8. */
export const pictureWeeks = { most: 12, fewest: 8 } as const;

const none: ReadonlySet<string> = new Set();

/** How many weeks to show: back to the week the group was created in, within 8–12. */
function weekCount(createdWeekKey: string, currentWeekKey: string): number {
  const index = weeksEndingAt(currentWeekKey, pictureWeeks.most).indexOf(createdWeekKey);
  return index < 0 ? pictureWeeks.most : Math.max(pictureWeeks.fewest, pictureWeeks.most - index);
}

/**
 * A member is drawn by the name the server last showed for them (kept from their own /study interactions); a member
 * not seen since names were kept is "member …1234", with the end of the user id.
 */
export function progressPictureInput(board: Board, history: MemberWeeks, nowMs: number): ProgressPictureInput {
  const { group, schedule, book } = board;
  const zone = schedule.rule.timeZone;
  const currentWeekKey = localWeekKey(nowMs, zone);
  const weekKeys = weeksEndingAt(currentWeekKey, weekCount(localWeekKey(group.createdAtMs, zone), currentWeekKey));
  const members = board.members.map(
    (member): PictureMember => ({
      name: member.displayName?.trim() || `member …${member.userId.slice(-4)}`,
      weeks: weekStates({
        weekKeys,
        currentWeekKey,
        joinedWeekKey: localWeekKey(member.joinedAtMs, zone),
        checkinWeeks: history.checkinWeeks.get(member.userId) ?? none,
        breakWeeks: history.breakWeeks.get(member.userId) ?? none,
      }),
      position: member.latest && { kind: member.latest.progress.unit, value: member.latest.progress.value, of: member.latest.progress.total },
      planStanding: board.plan && member.plan ? { kind: member.plan.kind, words: describeStanding(member.plan, board.plan.unit) } : null,
    }),
  );
  return {
    groupName: group.name,
    bookTitle: book?.title ?? group.bookId,
    chapterCount: book?.contents?.chapters?.length ?? null,
    weeks: weekKeys.map((key) => ({ key, start: weekStartDate(key) })),
    members,
    plan: board.plan && picturePlan(board.plan, board.currentWeekKey),
  };
}

/** Where the plan stands this week, for the mark on every bar: "week 3 of 8: ch. 7–9". */
function picturePlan(plan: ReadingPlan, currentWeekKey: string): PicturePlan {
  const { due, week } = planPoint(plan, currentWeekKey);
  const label = week ? `week ${plan.weeks.indexOf(week) + 1} of ${plan.weeks.length}: ${planWeekText(week, plan.unit, null)}` : due === 0 ? 'not started yet' : 'over';
  return { dueFraction: plan.total > 0 ? due / plan.total : 0, label };
}
