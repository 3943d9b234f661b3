import { DateTime } from 'luxon';

/**
 * Discord's `<t:unix:STYLE>` timestamps as its en-US client shows them, in the viewer's zone. Discord's documented
 * examples (reference § Timestamp Styles, en-US wording, 24-hour clock there): t 16:20 · T 16:20:30 · d 04/20/2021 ·
 * D April 20, 2021 · f April 20, 2021 at 16:20 · F Tuesday, April 20, 2021 at 16:20 · s 04/20/2021, 16:20 ·
 * S 04/20/2021, 16:20:30 · R 2 months ago. English (US) uses the 12-hour clock: "4:20 PM".
 */
export type TimestampStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 's' | 'S' | 'R';

export const timestampStyles: readonly TimestampStyle[] = ['t', 'T', 'd', 'D', 'f', 'F', 's', 'S', 'R'];

export interface TimeView {
  /** IANA zone the viewer reads times in. */
  timeZone: string;
  /** "Now" for relative times (the playground's clock, never the real one). */
  nowMs: number;
}

const locale = 'en-US';

const shortTime = { hour: 'numeric', minute: '2-digit' } as const;
const mediumTime = { ...shortTime, second: '2-digit' } as const;
const shortDate = { month: '2-digit', day: '2-digit', year: 'numeric' } as const;
const longDate = { month: 'long', day: 'numeric', year: 'numeric' } as const;

function inZone(instantMs: number, timeZone: string): DateTime {
  const time = DateTime.fromMillis(instantMs, { zone: timeZone }).setLocale(locale);
  // An unknown zone must not throw in the middle of a page: read it as UTC, like a client with no zone.
  return time.isValid ? time : DateTime.fromMillis(instantMs, { zone: 'utc' }).setLocale(locale);
}

/** ICU versions differ on U+202F before AM/PM; one plain space keeps the page and its tests stable. */
function format(time: DateTime, options: Intl.DateTimeFormatOptions): string {
  return time.toLocaleString(options).replace(/[\u202f\u00a0]/g, ' ');
}

/** Moment-style thresholds (Discord's client rounds: 2 h 40 min ago reads "3 hours ago"). */
export function relativeTime(instantMs: number, nowMs: number): string {
  const seconds = (instantMs - nowMs) / 1000;
  const size = Math.abs(seconds);
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  if (size < 45) return seconds > 0 ? 'in a few seconds' : 'a few seconds ago';
  const sign = Math.sign(seconds);
  const steps: [Intl.RelativeTimeFormatUnit, number, number][] = [
    ['minute', 60, 45],
    ['hour', 3600, 22],
    ['day', 86400, 26],
    ['month', 86400 * 30.436875, 11],
  ];
  for (const [unit, unitSeconds, limit] of steps) {
    const amount = Math.max(1, Math.round(size / unitSeconds));
    if (amount < limit) return words.format(sign * amount, unit);
  }
  return words.format(sign * Math.max(1, Math.round(size / (86400 * 365.2425))), 'year');
}

export function formatTimestamp(instantMs: number, style: TimestampStyle, view: TimeView): string {
  const time = inZone(instantMs, view.timeZone);
  switch (style) {
    case 't':
      return format(time, shortTime);
    case 'T':
      return format(time, mediumTime);
    case 'd':
      return format(time, shortDate);
    case 'D':
      return format(time, longDate);
    case 'f':
      return `${format(time, longDate)} at ${format(time, shortTime)}`;
    case 'F':
      return `${format(time, { weekday: 'long', ...longDate })} at ${format(time, shortTime)}`;
    case 's':
      return `${format(time, shortDate)}, ${format(time, shortTime)}`;
    case 'S':
      return `${format(time, shortDate)}, ${format(time, mediumTime)}`;
    case 'R':
      return relativeTime(instantMs, view.nowMs);
  }
}

/** The time next to an author's name: "Today at 5:30 PM", "Yesterday at 9:05 AM", else "12/07/2026 5:30 PM". */
export function messageTime(instantMs: number, view: TimeView): string {
  const time = inZone(instantMs, view.timeZone);
  const today = inZone(view.nowMs, view.timeZone).startOf('day');
  const day = time.startOf('day');
  const clock = format(time, shortTime);
  if (+day === +today) return `Today at ${clock}`;
  if (+day === +today.minus({ days: 1 })) return `Yesterday at ${clock}`;
  return `${format(time, shortDate)} ${clock}`;
}

/** ISO instant for a `datetime` attribute. */
export function isoInstant(instantMs: number): string {
  return new Date(instantMs).toISOString();
}
