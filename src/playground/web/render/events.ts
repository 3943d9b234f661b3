import type { EventSummary } from '../../session/event-summary.js';
import { attribute, escapeHtml } from './escape.js';
import { markdownHtml, noPings, type NameLookup } from './markdown.js';
import { formatTimestamp, isoInstant, type TimeView } from './timestamp.js';

/**
 * The server's events list (Discord's "Events" window): one card per event with its start in the viewer's zone,
 * status, name, where, how often and description. A link to an event in a message opens this list on its card.
 */

const placeIcons: Record<EventSummary['where']['kind'], string> = { voice: '🔊', stage: '🎙️', external: '📍' };

function whenHtml(event: EventSummary, view: TimeView): string {
  const start = formatTimestamp(event.startMs, 'F', view);
  const sameDay = event.endMs !== null && formatTimestamp(event.endMs, 'd', view) === formatTimestamp(event.startMs, 'd', view);
  const end = event.endMs === null ? '' : ` – ${formatTimestamp(event.endMs, sameDay ? 't' : 'F', view)}`;
  return `<time class="gr-event-time"${attribute('datetime', isoInstant(event.startMs))}>${escapeHtml(start + end)}</time>`;
}

function eventHtml(event: EventSummary, view: TimeView, names: NameLookup): string {
  const status = `<span class="gr-event-status" data-status="${event.status.toLowerCase()}">${escapeHtml(event.status)}</span>`;
  const recurrence = event.recurrence ? `<div class="gr-event-recurrence" data-testid="event-recurrence">🔁 ${escapeHtml(event.recurrence)}</div>` : '';
  const description = event.description ? `<div class="gr-event-description">${markdownHtml(event.description, { ...view, names, pinged: noPings })}</div>` : '';
  return `<article class="gr-event" data-testid="event"${attribute('data-event-id', event.id)} data-upcoming="${event.upcoming}"><div class="gr-event-when">${status}${whenHtml(event, view)}</div><h3 class="gr-event-name">${escapeHtml(event.name)}</h3><div class="gr-event-where">${placeIcons[event.where.kind]} ${escapeHtml(event.where.text)}</div>${recurrence}${description}</article>`;
}

export function eventsHtml(events: readonly EventSummary[], view: TimeView & { guildName: string; names: NameLookup }): string {
  if (events.length === 0) return `<p class="gr-events-empty" data-testid="events-empty">${escapeHtml(`${view.guildName} has no scheduled events.`)}</p>`;
  return events.map((event) => eventHtml(event, view, view.names)).join('');
}
