import type { EventSummary } from '../session/event-summary.js';
import { localTimeText } from '../session/playground-clock.js';
import { wrapLine, wrapText } from './wrap.js';

/** The `events` list: each scheduled event's name and status, start in the playground's zone, where, how often, link. */

const placeIcons: Record<EventSummary['where']['kind'], string> = { voice: '🔊', stage: '🎙️', external: '📍' };

/** " – 20:00" on the start's day, " – Thu 17 Dec 2026, 01:00" on another; nothing without an end. */
function endText(start: string, endMs: number | null, timeZone: string): string {
  if (endMs === null) return '';
  const end = localTimeText(endMs, timeZone);
  const day = (text: string): string => text.replace(/, \d\d:\d\d$/, '');
  return ` – ${day(end) === day(start) ? end.slice(day(end).length + 2) : end}`;
}

export function eventsText(events: readonly EventSummary[], options: { guildName: string; timeZone: string; width: number }): string {
  if (events.length === 0) return `${options.guildName} has no scheduled events.`;
  const { timeZone, width } = options;
  const upcoming = events.filter((event) => event.upcoming).length;
  const lines = [`Scheduled events in ${options.guildName} (${upcoming} upcoming; times in ${timeZone}):`];
  for (const event of events) {
    const start = localTimeText(event.startMs, timeZone);
    const when = [`${start}${endText(start, event.endMs, timeZone)}`, event.recurrence, `${placeIcons[event.where.kind]} ${event.where.text}`].filter(Boolean).join(' · ');
    lines.push('', ...wrapLine(`📅 ${event.name} — ${event.status}`, width, '  '), ...wrapLine(when, width, '     '));
    if (event.description) lines.push(...wrapText(event.description, width, '     '));
    lines.push(`     ${event.url}`);
  }
  return lines.join('\n');
}
