import { GuildScheduledEventEntityType, GuildScheduledEventStatus } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { RecurrenceRule, StoredScheduledEvent } from '../../src/emulator/scheduled-events.js';
import { recurrenceText, summarizeEvents } from '../../src/playground/session/event-summary.js';

/** The events list both playgrounds show: order, where, status, and the recurrence rule in words. */

const weekly = (start: string, day: number, interval = 1): RecurrenceRule => ({ start, end: null, frequency: 2, interval, by_weekday: [day], by_n_weekday: null, by_month: null, by_month_day: null, by_year_day: null, count: null });

function event(id: string, overrides: Partial<StoredScheduledEvent> = {}): StoredScheduledEvent {
  return {
    id,
    guild_id: '500',
    channel_id: '77',
    creator_id: '1',
    name: `event ${id}`,
    description: null,
    scheduled_start_time: '2026-12-16T18:00:00.000Z',
    scheduled_end_time: '2026-12-16T19:00:00.000Z',
    privacy_level: 2,
    status: GuildScheduledEventStatus.Scheduled,
    entity_type: GuildScheduledEventEntityType.Voice,
    entity_id: null,
    entity_metadata: null,
    recurrence_rule: null,
    user_count: 0,
    ...overrides,
  };
}

describe('recurrenceText', () => {
  // Wednesday 2026-12-16 18:00 UTC; Discord's weekdays count from Monday = 0, so Wednesday is 2.
  const wednesday = Date.parse('2026-12-16T18:00:00Z');

  it('names the weekday of a weekly rule, and every other week for an interval of 2', () => {
    expect(recurrenceText(weekly('2026-12-16T18:00:00Z', 2), wednesday, 'Europe/Berlin')).toBe('every Wednesday');
    expect(recurrenceText(weekly('2026-12-16T18:00:00Z', 2, 2), wednesday, 'UTC')).toBe('every other Wednesday');
    expect(recurrenceText(null, wednesday, 'UTC')).toBeNull();
  });

  it('moves the day with the start when the reader’s zone puts it on another day', () => {
    // Wednesday 23:30 UTC is Thursday 08:30 in Tokyo and Wednesday 18:30 in New York.
    const late = Date.parse('2026-12-16T23:30:00Z');
    expect(recurrenceText(weekly('2026-12-16T23:30:00Z', 2), late, 'Asia/Tokyo')).toBe('every Thursday');
    expect(recurrenceText(weekly('2026-12-16T23:30:00Z', 2), late, 'America/New_York')).toBe('every Wednesday');
  });

  it('reads daily, monthly and yearly rules', () => {
    const base = weekly('2026-12-16T18:00:00Z', 2);
    expect(recurrenceText({ ...base, frequency: 3, by_weekday: [0, 1, 2, 3, 4] }, wednesday, 'UTC')).toBe('every weekday (Monday to Friday)');
    expect(recurrenceText({ ...base, frequency: 3, by_weekday: null }, wednesday, 'UTC')).toBe('every day');
    expect(recurrenceText({ ...base, frequency: 1, by_weekday: null, by_n_weekday: [{ n: 3, day: 2 }] }, wednesday, 'UTC')).toBe('monthly on the third Wednesday');
    expect(recurrenceText({ ...base, frequency: 0, by_weekday: null, by_month: [12], by_month_day: [16] }, wednesday, 'UTC')).toBe('every year on December 16');
  });
});

describe('summarizeEvents', () => {
  it('lists live and upcoming events by start, then the finished ones, with where they happen and their link', () => {
    const events = [
      event('3', { status: GuildScheduledEventStatus.Canceled, scheduled_start_time: '2026-12-10T18:00:00.000Z' }),
      event('2', { entity_type: GuildScheduledEventEntityType.External, channel_id: null, entity_metadata: { location: 'Café Einstein' }, scheduled_start_time: '2026-12-20T18:00:00.000Z' }),
      event('1', { recurrence_rule: weekly('2026-12-16T18:00:00.000Z', 2), description: 'Reading together' }),
    ];
    const list = summarizeEvents(events, (id) => (id === '77' ? 'reading-room' : undefined), 'Europe/Berlin');
    expect(list.map(({ id, status, upcoming, where, recurrence }) => ({ id, status, upcoming, where, recurrence }))).toEqual([
      { id: '1', status: 'Scheduled', upcoming: true, where: { kind: 'voice', text: '#reading-room' }, recurrence: 'every Wednesday' },
      { id: '2', status: 'Scheduled', upcoming: true, where: { kind: 'external', text: 'Café Einstein' }, recurrence: null },
      { id: '3', status: 'Canceled', upcoming: false, where: { kind: 'voice', text: '#reading-room' }, recurrence: null },
    ]);
    expect(list[0]).toMatchObject({ startMs: Date.parse('2026-12-16T18:00:00Z'), endMs: Date.parse('2026-12-16T19:00:00Z'), description: 'Reading together', url: 'https://discord.com/events/500/1' });
  });
});
