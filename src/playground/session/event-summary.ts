import { DateTime } from 'luxon';
import { GuildScheduledEventEntityType, GuildScheduledEventStatus } from 'discord-api-types/v10';
import type { RecurrenceRule, StoredScheduledEvent } from '../../emulator/scheduled-events.js';
import { scheduledEventUrl } from '../../platform/discord/scheduled-events.js';

/**
 * A server's scheduled events as both playgrounds list them (plain data): name, start, where, how often and
 * status, in the order Discord's events list shows them (live and upcoming first, by start).
 */

export type EventStatus = 'Scheduled' | 'Active' | 'Completed' | 'Canceled';

export interface EventSummary {
  id: string;
  guildId: string;
  name: string;
  description: string | null;
  startMs: number;
  endMs: number | null;
  where: { kind: 'voice' | 'stage' | 'external'; text: string };
  /** "every Wednesday", in the zone the list is read in; null for a one-off event. */
  recurrence: string | null;
  status: EventStatus;
  /** Still to come or happening now (what Discord counts as the server's events). */
  upcoming: boolean;
  /** The link members share: https://discord.com/events/<guild>/<event>. */
  url: string;
}

const statusNames: Record<GuildScheduledEventStatus, EventStatus> = {
  [GuildScheduledEventStatus.Scheduled]: 'Scheduled',
  [GuildScheduledEventStatus.Active]: 'Active',
  [GuildScheduledEventStatus.Completed]: 'Completed',
  [GuildScheduledEventStatus.Canceled]: 'Canceled',
};

/** Discord numbers weekdays from Monday = 0. */
const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const ordinals = ['first', 'second', 'third', 'fourth', 'fifth'] as const;

function zoned(ms: number, timeZone: string): DateTime {
  const time = DateTime.fromMillis(ms, { zone: timeZone });
  return time.isValid ? time : DateTime.fromMillis(ms, { zone: 'utc' });
}

/**
 * The rule in words. Its weekdays carry no zone (DISCORD-REFERENCE.md §2d): they are read as UTC days, as the bot
 * writes them (session-event.ts), and moved by as many days as the start's weekday moves in the reader's zone (guess).
 */
export function recurrenceText(rule: RecurrenceRule | null, startMs: number, timeZone: string): string | null {
  if (!rule) return null;
  const local = zoned(startMs, timeZone);
  const shift = (local.weekday - 1 - ((new Date(startMs).getUTCDay() + 6) % 7) + 7) % 7;
  const day = (utcDay: number): string => weekdays[(utcDay + shift) % 7] ?? 'day';
  const days = rule.by_weekday ?? [];
  const every = rule.interval === 2 ? 'every other' : 'every';
  switch (rule.frequency) {
    case 2:
      return `${every} ${days.length > 0 ? days.map(day).join(', ') : weekdays[local.weekday - 1]}`;
    case 3: {
      const sorted = [...days].map((utcDay) => (utcDay + shift) % 7).sort((a, b) => a - b);
      if (sorted.length === 0 || sorted.length === 7) return 'every day';
      if (sorted.join(',') === '0,1,2,3,4') return 'every weekday (Monday to Friday)';
      return `every ${sorted.map((index) => weekdays[index]).join(', ')}`;
    }
    case 1: {
      const nth = rule.by_n_weekday?.[0];
      if (nth) return `monthly on the ${ordinals[nth.n - 1] ?? `${nth.n}th`} ${day(nth.day)}`;
      return `monthly on day ${local.day}`;
    }
    case 0: {
      const month = rule.by_month?.[0];
      const date = rule.by_month_day?.[0];
      return month && date ? `every year on ${months[month - 1] ?? month} ${date}` : `every year on ${months[local.month - 1]} ${local.day}`;
    }
    default:
      return 'repeats';
  }
}

function whereOf(event: StoredScheduledEvent, channelName: (id: string) => string | undefined): EventSummary['where'] {
  if (event.entity_type === GuildScheduledEventEntityType.External) return { kind: 'external', text: event.entity_metadata?.location ?? 'somewhere' };
  const kind = event.entity_type === GuildScheduledEventEntityType.StageInstance ? 'stage' : 'voice';
  return { kind, text: `#${(event.channel_id && channelName(event.channel_id)) ?? 'unknown-channel'}` };
}

export function summarizeEvents(events: readonly StoredScheduledEvent[], channelName: (id: string) => string | undefined, timeZone: string): EventSummary[] {
  const summaries = events.map((event): EventSummary => {
    const startMs = Date.parse(event.scheduled_start_time);
    const status = statusNames[event.status] ?? 'Scheduled';
    return {
      id: event.id,
      guildId: event.guild_id,
      name: event.name,
      description: event.description,
      startMs,
      endMs: event.scheduled_end_time ? Date.parse(event.scheduled_end_time) : null,
      where: whereOf(event, channelName),
      recurrence: recurrenceText(event.recurrence_rule, startMs, timeZone),
      status,
      upcoming: status === 'Scheduled' || status === 'Active',
      url: scheduledEventUrl(event.guild_id, event.id),
    };
  });
  return summaries.sort((a, b) => Number(b.upcoming) - Number(a.upcoming) || a.startMs - b.startMs || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}
