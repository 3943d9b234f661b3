import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isValidTimeZone, suggestTimeZones } from '../../src/core/time-zones.js';
import { localTimeToInstant, localWeekKey, nextDueInstant, parseLocalTime, previousDueInstant, type WeeklyRule } from '../../src/core/weekly-rule.js';

const utc = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000', '');
const rule = (weekday: number, time: string, timeZone: string): WeeklyRule => {
  const [hour, minute] = time.split(':').map(Number);
  return { weekday, hour: hour!, minute: minute!, timeZone };
};
const MONDAY = 1;
const FRIDAY = 5;
const SUNDAY = 7;

describe('next due instant', () => {
  it.each([
    // [rule, after, expected UTC]
    [rule(MONDAY, '09:00', 'UTC'), '2026-11-22T12:00:00Z', '2026-11-23T09:00:00Z'],
    [rule(MONDAY, '09:00', 'UTC'), '2026-11-23T09:00:00Z', '2026-11-30T09:00:00Z'],
    [rule(MONDAY, '09:00', 'UTC'), '2026-11-23T08:59:00Z', '2026-11-23T09:00:00Z'],
    [rule(MONDAY, '18:30', 'Europe/Berlin'), '2026-11-22T12:00:00Z', '2026-11-23T17:30:00Z'],
    [rule(MONDAY, '18:30', 'Europe/Berlin'), '2026-07-01T00:00:00Z', '2026-07-06T16:30:00Z'],
    [rule(MONDAY, '18:30', 'America/New_York'), '2026-11-22T12:00:00Z', '2026-11-23T23:30:00Z'],
    [rule(MONDAY, '18:30', 'America/New_York'), '2026-07-01T00:00:00Z', '2026-07-06T22:30:00Z'],
    [rule(FRIDAY, '20:00', 'Asia/Kolkata'), '2026-11-22T12:00:00Z', '2026-11-27T14:30:00Z'],
    [rule(FRIDAY, '20:00', 'Australia/Lord_Howe'), '2026-07-01T00:00:00Z', '2026-07-03T09:30:00Z'],
    [rule(FRIDAY, '20:00', 'Australia/Lord_Howe'), '2026-12-01T00:00:00Z', '2026-12-04T09:00:00Z'],
    // The day changes across the date line: Monday 08:00 in Kolkata is Monday 02:30 UTC.
    [rule(MONDAY, '08:00', 'Asia/Kolkata'), '2026-11-23T02:00:00Z', '2026-11-23T02:30:00Z'],
  ])('%j after %s is %s', (r, after, expected) => {
    expect(iso(nextDueInstant(r, utc(after)))).toBe(expected.replace('.000', ''));
  });

  describe('clocks jump forward: the missing time posts at the first valid minute after it', () => {
    it.each([
      ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:00:00Z'],
      ['Europe/Berlin', '2026-03-29', '02:00', '2026-03-29T01:00:00Z'],
      ['America/New_York', '2026-03-08', '02:15', '2026-03-08T07:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:30:00Z'],
    ])('%s on %s at %s posts at %s', (zone, date, time, expected) => {
      const [year, month, day] = date.split('-').map(Number);
      const [hour, minute] = time.split(':').map(Number);
      expect(iso(localTimeToInstant({ year: year!, month: month!, day: day! }, hour!, minute!, zone))).toBe(expected.replace('.000', ''));
      expect(iso(nextDueInstant(rule(SUNDAY, time, zone), utc(`${date}T00:00:00Z`) - 86_400_000))).toBe(expected.replace('.000', ''));
    });
  });

  describe('clocks fall back: a repeated time posts once, at its first occurrence', () => {
    it.each([
      ['Europe/Berlin', '02:30', '2026-10-24T12:00:00Z', '2026-10-25T00:30:00Z', '2026-11-01T01:30:00Z'],
      ['America/New_York', '01:30', '2026-10-31T12:00:00Z', '2026-11-01T05:30:00Z', '2026-11-08T06:30:00Z'],
      ['Australia/Lord_Howe', '01:45', '2026-04-04T00:00:00Z', '2026-04-04T14:45:00Z', '2026-04-11T15:15:00Z'],
    ])('%s at %s', (zone, time, after, first, following) => {
      const r = rule(SUNDAY, time, zone);
      const due = nextDueInstant(r, utc(after));
      expect(iso(due)).toBe(first.replace('.000', ''));
      // The second occurrence of the same wall time on the same night is not another post.
      expect(iso(nextDueInstant(r, due))).toBe(following.replace('.000', ''));
    });
  });

  it('fires once a week at the local time all year, across both DST transitions, in every zone', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (zone, weekday, hour, minute) => {
          const r: WeeklyRule = { weekday, hour, minute, timeZone: zone };
          let due = nextDueInstant(r, utc('2026-01-01T00:00:00Z'));
          for (let week = 0; week < 53; week++) {
            const local = DateTime.fromMillis(due, { zone });
            expect(local.weekday).toBe(weekday);
            const exact = local.hour === hour && local.minute === minute;
            // Only a time skipped by a jump forward may land later, and by less than the jump.
            if (!exact) expect(local.hour * 60 + local.minute - (hour * 60 + minute)).toBeLessThanOrEqual(60);
            const next = nextDueInstant(r, due);
            const gap = next - due;
            expect(gap).toBeGreaterThanOrEqual(7 * 86_400_000 - 3_600_000);
            expect(gap).toBeLessThanOrEqual(7 * 86_400_000 + 3_600_000);
            expect(localWeekKey(next, zone)).not.toBe(localWeekKey(due, zone));
            due = next;
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('previous due instant', () => {
  // [zone, Sunday at, the occurrence in or after the DST change, the one after it]: each one's previous occurrence is
  // the one before it in the schedule, not the same wall time a week earlier (which lands up to an hour off).
  it.each([
    ['Europe/Berlin spring', 'Europe/Berlin', '02:30', '2026-03-22T01:30:00Z', '2026-03-29T01:00:00Z', '2026-04-05T00:30:00Z'],
    ['Europe/Berlin autumn', 'Europe/Berlin', '02:30', '2026-10-18T00:30:00Z', '2026-10-25T00:30:00Z', '2026-11-01T01:30:00Z'],
    ['New York spring', 'America/New_York', '02:15', '2026-03-01T07:15:00Z', '2026-03-08T07:00:00Z', '2026-03-15T06:15:00Z'],
    ['New York autumn', 'America/New_York', '01:30', '2026-10-25T05:30:00Z', '2026-11-01T05:30:00Z', '2026-11-08T06:30:00Z'],
    ['Lord Howe spring (30 minutes)', 'Australia/Lord_Howe', '02:15', '2026-09-26T15:45:00Z', '2026-10-03T15:30:00Z', '2026-10-10T15:15:00Z'],
    ['Lord Howe autumn (30 minutes)', 'Australia/Lord_Howe', '01:45', '2026-03-28T14:45:00Z', '2026-04-04T14:45:00Z', '2026-04-11T15:15:00Z'],
  ])('%s', (_name, zone, time, before, during, after) => {
    const r = rule(SUNDAY, time, zone);
    expect(iso(nextDueInstant(r, utc(before)))).toBe(during);
    expect(iso(nextDueInstant(r, utc(during)))).toBe(after);
    expect(iso(previousDueInstant(r, utc(after)))).toBe(during);
    expect(iso(previousDueInstant(r, utc(during)))).toBe(before);
    // Strictly before: a minute after an occurrence, that occurrence is the previous one.
    expect(iso(previousDueInstant(r, utc(during) + 60_000))).toBe(during);
  });

  it('is the occurrence nextDueInstant steps from, all year, in every zone', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    const yearMs = 366 * 86_400_000;
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: yearMs }),
        (zone, weekday, hour, minute, offsetMs) => {
          const r: WeeklyRule = { weekday, hour, minute, timeZone: zone };
          const at = utc('2026-01-01T00:00:00Z') + offsetMs;
          const previous = previousDueInstant(r, at);
          expect(previous).toBeLessThan(at);
          // Nothing fires between the previous occurrence and `at`, and stepping back and forth agrees.
          expect(nextDueInstant(r, previous)).toBeGreaterThanOrEqual(at);
          expect(previousDueInstant(r, nextDueInstant(r, previous))).toBe(previous);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('local week key', () => {
  it('is the ISO week of the local date', () => {
    expect(localWeekKey(utc('2026-11-23T09:00:00Z'), 'UTC')).toBe('2026-W48');
    // Sunday 23:30 in New York is already Monday in UTC: the local week counts.
    expect(localWeekKey(utc('2026-11-30T04:30:00Z'), 'America/New_York')).toBe('2026-W48');
    expect(localWeekKey(utc('2026-11-30T04:30:00Z'), 'UTC')).toBe('2026-W49');
    expect(localWeekKey(utc('2027-01-01T12:00:00Z'), 'UTC')).toBe('2026-W53');
  });
});

describe('time of day parsing', () => {
  it.each([
    ['18:30', { hour: 18, minute: 30 }],
    ['6pm', { hour: 18, minute: 0 }],
    ['6 PM', { hour: 18, minute: 0 }],
    ['6:30 pm', { hour: 18, minute: 30 }],
    ['12am', { hour: 0, minute: 0 }],
    ['12pm', { hour: 12, minute: 0 }],
    ['09:05', { hour: 9, minute: 5 }],
    ['9', { hour: 9, minute: 0 }],
    ['18h30', { hour: 18, minute: 30 }],
    ['noon', { hour: 12, minute: 0 }],
    ['midnight', { hour: 0, minute: 0 }],
  ])('reads %s', (text, expected) => {
    expect(parseLocalTime(text)).toEqual(expected);
  });

  it.each(['24:00', '18:60', '13pm', '0am', 'soon', '', '6:3', '-1:00', '18:30:00'])('refuses %j', (text) => {
    expect(parseLocalTime(text)).toBeNull();
  });
});

describe('time zones', () => {
  it('accepts IANA names and refuses anything else', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC']) expect(isValidTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus', 'Berlin', '', 'GMT+25', 'x'.repeat(100)]) expect(isValidTimeZone(zone)).toBe(false);
  });

  it('suggests zones by city or prefix', () => {
    expect(suggestTimeZones('berlin', 25)[0]).toBe('Europe/Berlin');
    expect(suggestTimeZones('new york', 25)[0]).toBe('America/New_York');
    expect(suggestTimeZones('kolkata', 25)[0]).toBe('Asia/Kolkata');
    expect(suggestTimeZones('America/N', 25)).toContain('America/New_York');
    expect(suggestTimeZones('', 25)).toContain('Europe/Berlin');
    expect(suggestTimeZones('zzzz', 25)).toEqual([]);
    expect(suggestTimeZones('a', 25)).toHaveLength(25);
  });
});
