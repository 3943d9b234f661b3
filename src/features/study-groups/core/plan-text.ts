/**
 * A reading plan in words: a week's part of the book ("ch. 5 Data Class Builders, ch. 6 Object References, …"),
 * the reminder's line for the week it falls in, and the plan week by week. Chapter titles come from the book's
 * sourced contents (our dataset, not user text).
 */

import { truncateText } from '../../../core/truncate-text.js';
import { planPoint, type PlanUnit, type PlanWeek, type ReadingPlan } from './reading-plan.js';
import { shortDate } from './short-date.js';
import { nextWeekKey, weekStartDate } from './streaks.js';

/** "7–13 Dec", "28 Dec – 3 Jan": Monday to Sunday of a week. */
export function weekSpan(weekKey: string): string {
  const monday = weekStartDate(weekKey);
  const nextMonday = weekStartDate(nextWeekKey(weekKey));
  const sunday = new Date(Date.UTC(nextMonday.year, nextMonday.month - 1, nextMonday.day - 1));
  const end = { year: sunday.getUTCFullYear(), month: sunday.getUTCMonth() + 1, day: sunday.getUTCDate() };
  return monday.month === end.month ? `${monday.day}–${shortDate(end)}` : `${shortDate(monday)} – ${shortDate(end)}`;
}

/**
 * A week's part: "ch. 5 Data Class Builders, ch. 6 Object References, Mutability, and Recycling" with titles cut
 * to `titleWidth` (0: "ch. 5–6"); "25–50%" for a plan in percent; "catch up: nothing new" for a week that adds none.
 */
export function planWeekText(week: PlanWeek, unit: PlanUnit, chapterTitles: readonly string[] | null, titleWidth = 60): string {
  if (week.from > week.to) return 'catch up: nothing new';
  if (unit === 'percent') return `${week.from - 1}–${week.to}%`;
  const numbers = Array.from({ length: week.to - week.from + 1 }, (_, i) => week.from + i);
  const titleOf = (n: number): string | undefined => chapterTitles?.[n - 1];
  if (titleWidth <= 0 || numbers.some((n) => !titleOf(n))) return week.from === week.to ? `ch. ${week.from}` : `ch. ${week.from}–${week.to}`;
  return numbers.map((n) => `ch. ${n} ${truncateText(titleOf(n)!, titleWidth)}`).join(', ');
}

/**
 * The reminder's line for the week it falls in: "📅 This week (7–13 Dec): ch. 5 …"; before the plan starts, when
 * and with what it starts; null once the plan is over (nothing more to name).
 */
export function planLineFor(plan: ReadingPlan, weekKey: string, chapterTitles: readonly string[] | null): string | null {
  const { week } = planPoint(plan, weekKey);
  if (week) return `📅 This week (${weekSpan(week.weekKey)}): ${planWeekText(week, plan.unit, chapterTitles)}`;
  const first = plan.weeks[0];
  if (first && weekKey < first.weekKey) return `📅 The reading plan starts the week of ${weekSpan(first.weekKey)}, with ${planWeekText(first, plan.unit, chapterTitles)}`;
  return null;
}

/** The plan week by week, one line each, the current week marked; titles as wide as `titleWidth`. */
export function planLines(plan: ReadingPlan, currentWeekKey: string, chapterTitles: readonly string[] | null, titleWidth: number): string[] {
  return plan.weeks.map((week, index) => {
    const mark = week.weekKey === currentWeekKey ? ' ◀ this week' : '';
    return `**${index + 1}.** ${weekSpan(week.weekKey)}: ${planWeekText(week, plan.unit, chapterTitles, titleWidth)}${mark}`;
  });
}
