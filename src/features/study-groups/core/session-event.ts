/**
 * A study group's weekly session as a Discord scheduled event (issue 19): its name, description, first start (the
 * group's next check-in time), end, and weekly recurrence. Plain data in and out; the service sends it.
 *
 * Discord's recurrence rule holds an ISO instant and weekday numbers and no time zone, and the docs do not say in
 * which zone its weekdays and times are kept (DISCORD-REFERENCE.md §2d). This takes it as anchored in UTC: the
 * rule's weekday is the UTC weekday of the first start. Across a DST change the session then keeps its UTC time
 * and moves an hour in the group's zone unless the bot moves the event; see the README on time zones.
 */

import { nextDueInstant, type WeeklyRule } from '../../../core/weekly-rule.js';

export type SessionPlace = { kind: 'voice' | 'stage'; channelId: string } | { kind: 'external'; location: string };

export interface SessionEventInput {
  groupName: string;
  bookTitle: string;
  rule: WeeklyRule;
  nowMs: number;
  place: SessionPlace;
  durationMinutes: number;
}

/** Discord's entity types: 1 stage, 2 voice, 3 external. */
const entityTypes = { stage: 1, voice: 2, external: 3 } as const;

export interface SessionEventBody {
  name: string;
  description: string;
  privacy_level: 2;
  entity_type: 1 | 2 | 3;
  channel_id: string | null;
  entity_metadata?: { location: string };
  scheduled_start_time: string;
  scheduled_end_time: string;
  recurrence_rule: { start: string; frequency: 2; interval: 1; by_weekday: [number] };
}

/** Discord allows 1–100 characters. */
export const sessionNameMax = 100;
export const durationLimits = { fewestMinutes: 15, mostMinutes: 12 * 60, defaultMinutes: 60 } as const;

const cut = (text: string, max: number): string => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

/** "📖 Readers: weekly session" (group names are 1–50 characters, so it always fits). */
export function sessionName(groupName: string): string {
  return cut(`📖 ${groupName.replace(/\s+/g, ' ').trim()}: weekly session`, sessionNameMax);
}

/** Monday = 0 … Sunday = 6, as Discord numbers weekdays, of an instant in UTC. */
export function utcWeekday(instantMs: number): number {
  return (new Date(instantMs).getUTCDay() + 6) % 7;
}

export function sessionEventBody(input: SessionEventInput): SessionEventBody {
  const startMs = nextDueInstant(input.rule, input.nowMs);
  const start = new Date(startMs).toISOString();
  const place =
    input.place.kind === 'external'
      ? { entity_type: entityTypes.external, channel_id: null, entity_metadata: { location: cut(input.place.location.trim(), 100) } }
      : { entity_type: entityTypes[input.place.kind], channel_id: input.place.channelId };
  return {
    name: sessionName(input.groupName),
    description: cut(`Reading ${input.bookTitle} together. Check in with /study checkin; the board is /study status.`, 1000),
    privacy_level: 2,
    ...place,
    scheduled_start_time: start,
    scheduled_end_time: new Date(startMs + input.durationMinutes * 60_000).toISOString(),
    recurrence_rule: { start, frequency: 2, interval: 1, by_weekday: [utcWeekday(startMs)] },
  };
}
