/**
 * A group's reading plan (issue 19): the book spread over the weeks from a start week to an end week. With the
 * book's sourced chapter list, each week gets whole chapters, spread by count (no book in the dataset gives pages
 * per chapter); without one, each week gets a share of the book in percent. Only the spec is stored; the weeks are
 * worked out from it and the book, so a plan follows an edited book and never touches anyone's check-ins.
 */

import { progressFraction, type Progress } from './progress.js';
import { nextWeekKey } from './streaks.js';

export type PlanUnit = 'chapter' | 'percent';

/** What is stored: the first and last week (ISO keys in the group's zone). A pace is turned into an end week when set. */
export interface PlanSpec {
  startWeekKey: string;
  endWeekKey: string;
}

/** One week of a plan: chapters (or percent) `from`–`to`, both included; `from > to` is a week with nothing new (catching up). */
export interface PlanWeek {
  weekKey: string;
  from: number;
  to: number;
}

export interface ReadingPlan {
  unit: PlanUnit;
  /** Chapters in the book, or 100. */
  total: number;
  weeks: PlanWeek[];
}

/** A plan covers at most a year of weeks: longer is a typo in a date. */
export const maxPlanWeeks = 53;

/** The week keys from `start` to `end`, both included; empty when end comes first; at most maxPlanWeeks + 1 (to tell "too long"). */
export function weekKeysBetween(startWeekKey: string, endWeekKey: string): string[] {
  // Zero-padded ISO keys sort as the weeks do.
  if (endWeekKey < startWeekKey) return [];
  const keys: string[] = [];
  for (let key = startWeekKey; keys.length <= maxPlanWeeks; key = nextWeekKey(key)) {
    keys.push(key);
    if (key === endWeekKey) return keys;
  }
  return keys;
}

/**
 * The plan's weeks: `total` parts (chapters, or percent) over the weeks, week i ending at floor((i + 1) × total / weeks),
 * so the parts are spread evenly, the last week ends the book, and with more weeks than chapters some weeks add none.
 */
export function planWeeks(spec: PlanSpec, chapterCount: number | null): ReadingPlan {
  const unit: PlanUnit = chapterCount && chapterCount > 0 ? 'chapter' : 'percent';
  const total = unit === 'chapter' ? chapterCount! : 100;
  const keys = weekKeysBetween(spec.startWeekKey, spec.endWeekKey).slice(0, maxPlanWeeks);
  const endOf = (index: number): number => Math.floor(((index + 1) * total) / keys.length);
  const weeks = keys.map((weekKey, index) => ({ weekKey, from: (index === 0 ? 0 : endOf(index - 1)) + 1, to: endOf(index) }));
  return { unit, total, weeks };
}

/** Where the plan stands in a week: what should be read by its start (`due`) and by its end (`target`). */
export function planPoint(plan: ReadingPlan, weekKey: string): { due: number; target: number; week: PlanWeek | null } {
  const index = plan.weeks.findIndex((week) => week.weekKey === weekKey);
  if (index >= 0) return { due: plan.weeks[index]!.from - 1, target: plan.weeks[index]!.to, week: plan.weeks[index]! };
  const first = plan.weeks[0];
  // Before the plan starts nothing is due; after it ends, all of it.
  if (!first || weekKey < first.weekKey) return { due: 0, target: 0, week: null };
  return { due: plan.total, target: plan.total, week: null };
}

export type PlanStanding = { kind: 'ahead'; by: number } | { kind: 'on-plan' } | { kind: 'behind'; by: number };

/**
 * A member against the plan this week: behind when they have not reached what was due by the week's start (by how
 * many chapters, or percent), ahead when they are past this week's part, else on plan. Null when their progress
 * cannot be put in the plan's unit (pages without a total) or they have not checked in.
 */
export function planStanding(plan: ReadingPlan, weekKey: string, progress: Progress | null): PlanStanding | null {
  if (!progress) return null;
  const position = positionInPlan(plan, progress);
  if (position === null) return null;
  const { due, target } = planPoint(plan, weekKey);
  if (position < due) return { kind: 'behind', by: roundPart(due - position) };
  if (position > target) return { kind: 'ahead', by: roundPart(position - target) };
  return { kind: 'on-plan' };
}

/** A progress in the plan's unit: chapters reached (chapter 5 counts as read), or percent. */
function positionInPlan(plan: ReadingPlan, progress: Progress): number | null {
  if (plan.unit === 'chapter' && progress.unit === 'chapter') return progress.value;
  const fraction = progressFraction(progress, plan.unit === 'chapter' ? plan.total : null);
  return fraction === null ? null : fraction * plan.total;
}

/** Whole parts, never 0 for a real gap: "behind by 1 chapter" rather than "by 0.4". */
const roundPart = (gap: number): number => Math.max(1, Math.round(gap));

/** "ahead of the plan by 2 chapters", "on plan", "behind the plan by 15%". */
export function describeStanding(standing: PlanStanding, unit: PlanUnit): string {
  if (standing.kind === 'on-plan') return 'on plan';
  const amount = unit === 'percent' ? `${standing.by}%` : `${standing.by} chapter${standing.by === 1 ? '' : 's'}`;
  return `${standing.kind === 'ahead' ? 'ahead of' : 'behind'} the plan by ${amount}`;
}
