/**
 * Weekly streaks and missed reminders, counted on ISO week keys ("2026-W48"). The caller computes the keys in the
 * group's zone (`localWeekKey`), so a check-in late on Sunday evening belongs to that local week even when it is
 * already Monday in UTC; from there on a week key is zone-free.
 */

type WeekKeys = ReadonlySet<string> | readonly string[];

const weekKeyPattern = /^(\d{4})-W(\d{2})$/;

/** ISO years have 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year; otherwise 52. */
function weeksInYear(year: number): number {
  const january1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return january1 === 4 || (leap && january1 === 3) ? 53 : 52;
}

const keyOf = (year: number, week: number): string => `${year}-W${String(week).padStart(2, '0')}`;

/** Year and week of a key; throws on anything that is not a real ISO week (e.g. "2025-W53"). Plain arithmetic: the board reads hundreds. */
function parseWeekKey(weekKey: string): { year: number; week: number } {
  const match = weekKeyPattern.exec(weekKey);
  const year = Number(match?.[1]);
  const week = Number(match?.[2]);
  if (!match || week < 1 || week > weeksInYear(year)) throw new Error(`not an ISO week key: ${JSON.stringify(weekKey)}`);
  return { year, week };
}

/** The ISO week key ("2026-W48") before a given one (handles years with 52 and 53 weeks). */
export function previousWeekKey(weekKey: string): string {
  const { year, week } = parseWeekKey(weekKey);
  return week > 1 ? keyOf(year, week - 1) : keyOf(year - 1, weeksInYear(year - 1));
}

/** The ISO week key ("2026-W48") after a given one (handles years with 52 and 53 weeks). */
export function nextWeekKey(weekKey: string): string {
  const { year, week } = parseWeekKey(weekKey);
  return week < weeksInYear(year) ? keyOf(year, week + 1) : keyOf(year + 1, 1);
}

/** The Monday a week key starts on, as a calendar date ("2026-W01" → 29 December 2025): 4 January is always in week 1. */
export function weekStartDate(weekKey: string): { year: number; month: number; day: number } {
  const { year, week } = parseWeekKey(weekKey);
  const january4 = new Date(Date.UTC(year, 0, 4));
  const isoWeekday = ((january4.getUTCDay() + 6) % 7) + 1;
  const monday = new Date(Date.UTC(year, 0, 4 - (isoWeekday - 1) + (week - 1) * 7));
  return { year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() };
}

/** The `count` week keys ending with `currentWeekKey`, oldest first. */
export function weeksEndingAt(currentWeekKey: string, count: number): string[] {
  const keys = [currentWeekKey];
  while (keys.length < count) keys.unshift(previousWeekKey(keys[0]!));
  return keys;
}

function unionOf(...lists: WeekKeys[]): Set<string> {
  const union = new Set<string>();
  for (const list of lists) for (const key of list) union.add(key);
  return union;
}

/**
 * Consecutive local weeks (weeks start Monday, in the group's zone — the caller passes week keys already computed in
 * that zone) ending at `currentWeekKey` with at least one check-in or a declared break. The current week counts if it
 * has a check-in or break; if it has neither, it is not lost yet: the streak is counted from the previous week.
 */
export function weeklyStreak(input: { checkinWeeks: WeekKeys; breakWeeks: WeekKeys; currentWeekKey: string }): number {
  const active = unionOf(input.checkinWeeks, input.breakWeeks);
  // Throws on a malformed key even when no week is active, rather than quietly returning 0.
  parseWeekKey(input.currentWeekKey);
  let week = active.has(input.currentWeekKey) ? input.currentWeekKey : previousWeekKey(input.currentWeekKey);
  let streak = 0;
  // Each step goes one week back and needs a week from the finite set, so the loop ends.
  while (active.has(week)) {
    streak++;
    week = previousWeekKey(week);
  }
  return streak;
}

/**
 * How many reminders in a row (most recent first, given as week keys of reminders) the member had no check-in and no
 * break before.
 *
 * A week key cannot tell whether a check-in came before or after the reminder of its week, so a reminder counts as
 * answered by a check-in or break in any week from the previous reminder's week to its own, both included (the
 * oldest reminder given looks back one week). Erring this way never calls an active member inactive: a reminder
 * sent on Monday is answered by that week's reading, one sent on Sunday by the days before it.
 */
export function missedInARow(input: { reminderWeeks: readonly string[]; checkinWeeks: WeekKeys; breakWeeks: WeekKeys }): number {
  // Zero-padded keys sort in time order as plain strings.
  const active = [...unionOf(input.checkinWeeks, input.breakWeeks)].filter((key) => weekKeyPattern.test(key));
  const reminders = [...input.reminderWeeks].sort().reverse();
  let missed = 0;
  for (const [index, week] of reminders.entries()) {
    const since = reminders[index + 1] ?? previousWeekKey(week);
    if (active.some((key) => key >= since && key <= week)) break;
    missed++;
  }
  return missed;
}
