/**
 * What a member did in each local week of the progress picture. Week keys ("2026-W48") are computed in the group's
 * zone by the caller, as for streaks (streaks.ts), so from here on they are zone-free and compare as strings.
 */

/**
 * - checked-in: at least one check-in that week (wins over a break declared for the same week);
 * - break: a declared break and no check-in;
 * - missed: a finished week of membership with neither;
 * - pending: the current week with neither yet: not lost until it ends (as the streak counts it);
 * - not-member: a week before the one the member joined in.
 */
export type WeekState = 'checked-in' | 'break' | 'missed' | 'pending' | 'not-member';

export interface WeekHistory {
  /** The weeks to describe, oldest first; the last is usually the current week. */
  weekKeys: readonly string[];
  currentWeekKey: string;
  /** The local week the member joined in. */
  joinedWeekKey: string;
  checkinWeeks: ReadonlySet<string>;
  breakWeeks: ReadonlySet<string>;
}

/** One state per week of `weekKeys`, in the same order. */
export function weekStates({ weekKeys, currentWeekKey, joinedWeekKey, checkinWeeks, breakWeeks }: WeekHistory): WeekState[] {
  return weekKeys.map((week) => {
    if (checkinWeeks.has(week)) return 'checked-in';
    if (breakWeeks.has(week)) return 'break';
    // Zero-padded ISO week keys sort in time order as plain strings.
    if (week < joinedWeekKey) return 'not-member';
    return week >= currentWeekKey ? 'pending' : 'missed';
  });
}
