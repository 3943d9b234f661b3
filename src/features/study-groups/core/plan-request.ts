/**
 * `/study plan` options as typed (start and end dates, or a pace) turned into a stored plan spec, or a message
 * that says what to type instead. Dates are calendar dates (YYYY-MM-DD); a date stands for its ISO week.
 */

import { localWeekKey } from '../../../core/weekly-rule.js';
import { parseTarget } from './progress.js';
import { maxPlanWeeks, weekKeysBetween, type PlanSpec } from './reading-plan.js';
import { nextWeekKey } from './streaks.js';

export interface PlanRequest {
  start: string | null;
  end: string | null;
  pace: string | null;
}

export type PlanRequestResult = { ok: true; spec: PlanSpec } | { ok: false; message: string };

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The ISO week of a calendar date ("2026-12-09" → "2026-W50"), or null for a date that does not exist. */
export function weekKeyOfDate(text: string): string | null {
  const match = datePattern.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const noon = Date.UTC(year, month - 1, day, 12);
  const date = new Date(noon);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return localWeekKey(noon, 'UTC');
}

const fail = (message: string): PlanRequestResult => ({ ok: false, message });

/**
 * Start (default: this week), and an end date or a pace ("2 chapters", "10%"; pages cannot be planned: no book
 * here lists pages per chapter). `chapterCount` is the book's sourced chapter count, null without a list.
 */
export function parsePlanRequest(request: PlanRequest, currentWeekKey: string, chapterCount: number | null): PlanRequestResult {
  const startWeekKey = request.start ? weekKeyOfDate(request.start) : currentWeekKey;
  if (!startWeekKey) return fail('Write `start:` as a date like 2026-12-07 (year-month-day).');
  if (request.end && request.pace) return fail('Give either `end:` or `pace:`, not both.');
  if (!request.end && !request.pace) return fail('Say when to finish (`end:` 2027-02-28) or how fast (`pace:` 2 chapters).');
  let endWeekKey: string;
  if (request.end) {
    const end = weekKeyOfDate(request.end);
    if (!end) return fail('Write `end:` as a date like 2027-02-28 (year-month-day).');
    endWeekKey = end;
  } else {
    const parsed = parseTarget(request.pace!);
    if (!parsed.ok) return fail(parsed.message);
    const { unit, amount } = parsed.target;
    if (unit === 'page') return fail('A plan goes by chapters or percent (no book here lists its pages per chapter): try `pace:` 2 chapters or 10%.');
    if (unit === 'chapter' && !chapterCount) return fail('This book has no sourced chapter list, so the plan goes by percent: try `pace:` 10%.');
    const weeks = Math.ceil((unit === 'chapter' ? chapterCount! : 100) / amount);
    if (weeks > maxPlanWeeks) return fail(`At that pace the book takes ${weeks} weeks; a plan covers at most ${maxPlanWeeks}. Try a faster pace.`);
    endWeekKey = startWeekKey;
    for (let i = 1; i < weeks; i++) endWeekKey = nextWeekKey(endWeekKey);
  }
  const weeks = weekKeysBetween(startWeekKey, endWeekKey);
  if (weeks.length === 0) return fail('The end comes before the start: pick a later `end:`.');
  if (weeks.length > maxPlanWeeks) return fail(`A plan covers at most ${maxPlanWeeks} weeks (a year); pick an earlier \`end:\`.`);
  return { ok: true, spec: { startWeekKey, endWeekKey } };
}
