import { DateTime } from 'luxon';
import { zoneOffsetMinutes } from './time-zones.js';

/** "Every <weekday> at <hh:mm> in <zone>": how every weekly schedule is written. */
export interface WeeklyRule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  timeZone: string;
}

export const weekdayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WeekdayName = (typeof weekdayNames)[number];

const minuteMs = 60_000;
const dayMs = 86_400_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * The UTC instant of a local wall-clock time. A time that happens twice (clocks fall back) resolves to
 * its first occurrence; a time that does not exist (clocks jump forward) resolves to the first valid
 * minute after it, i.e. the moment the clocks jumped.
 */
export function localTimeToInstant(date: LocalDate, hour: number, minute: number, zone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const offsets = new Set([wall - dayMs, wall, wall + dayMs].map((probe) => zoneOffsetMinutes(zone, probe)));
  const candidates = [...offsets].map((offset) => wall - offset * minuteMs).sort((a, b) => a - b);
  const valid = candidates.filter((instant) => instant + zoneOffsetMinutes(zone, instant) * minuteMs === wall);
  if (valid.length > 0) return valid[0]!;
  // In a gap: the first minute whose local time is at or after the wall time is the jump itself.
  let low = candidates[0]!;
  let high = candidates.at(-1)!;
  while (high - low > minuteMs) {
    const middle = low + Math.floor((high - low) / 2 / minuteMs) * minuteMs;
    if (middle + zoneOffsetMinutes(zone, middle) * minuteMs >= wall) high = middle;
    else low = middle;
  }
  return high;
}

function addDays(date: LocalDate, days: number): LocalDate & { weekday: number } {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
  };
}

/** The rule's occurrences on the local dates `fromDay`…`toDay` days from an instant's local date, earliest first. */
function occurrencesAround(rule: WeeklyRule, aroundMs: number, fromDay: number, toDay: number): number[] {
  const local = DateTime.fromMillis(aroundMs, { zone: rule.timeZone });
  const today: LocalDate = { year: local.year, month: local.month, day: local.day };
  const instants: number[] = [];
  for (let offset = fromDay; offset <= toDay; offset++) {
    const date = addDays(today, offset);
    if (date.weekday === rule.weekday) instants.push(localTimeToInstant(date, rule.hour, rule.minute, rule.timeZone));
  }
  return instants;
}

/** The first instant strictly after `afterMs` at which the rule fires. */
export function nextDueInstant(rule: WeeklyRule, afterMs: number): number {
  // Eight days always contain the next occurrence, even when today's has just passed.
  const next = occurrencesAround(rule, afterMs, -1, 8).find((instant) => instant > afterMs);
  if (next === undefined) throw new Error(`no occurrence of ${JSON.stringify(rule)} after ${afterMs}`);
  return next;
}

/**
 * The last instant strictly before `beforeMs` at which the rule fired, by the same rules as nextDueInstant (a
 * skipped time at the jump, a repeated one at its first occurrence): not "a local week earlier", which lands
 * elsewhere when either week's slot falls in a DST change.
 */
export function previousDueInstant(rule: WeeklyRule, beforeMs: number): number {
  const earlier = occurrencesAround(rule, beforeMs, -8, 1).filter((instant) => instant < beforeMs);
  if (earlier.length === 0) throw new Error(`no occurrence of ${JSON.stringify(rule)} before ${beforeMs}`);
  return earlier[earlier.length - 1]!;
}

/** The ISO week ("2026-W48") of an instant in a zone: one spotlight per server per such local week. */
export function localWeekKey(instantMs: number, zone: string): string {
  return DateTime.fromMillis(instantMs, { zone }).toFormat("kkkk-'W'WW");
}

/**
 * "18:30", "6pm", "6:30 pm", "18h30", "noon", "midnight" → hour and minute; null when it is not a time.
 */
export function parseLocalTime(text: string): { hour: number; minute: number } | null {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (cleaned === 'noon') return { hour: 12, minute: 0 };
  if (cleaned === 'midnight') return { hour: 0, minute: 0 };
  const match = /^(\d{1,2})(?:[:.h](\d{2}))? ?(am|pm|a\.m\.|p\.m\.)?$/.exec(cleaned);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3]?.replace(/\./g, '');
  if (minute > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return { hour, minute };
}

export function formatLocalTime(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

export function describeRule(rule: WeeklyRule): string {
  const day = weekdayNames[rule.weekday - 1]!;
  return `every ${day.charAt(0).toUpperCase()}${day.slice(1)} at ${formatLocalTime(rule.hour, rule.minute)} (${rule.timeZone})`;
}
