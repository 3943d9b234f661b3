import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localWeekKey } from '../../src/core/weekly-rule.js';
import { missedInARow, nextWeekKey, previousWeekKey, weeklyStreak } from '../../src/features/study-groups/core/streaks.js';

/** The week key `index` weeks after the week of 2025-06-02 (a Monday): a scale on which streaks are plain counting. */
const firstMonday = DateTime.fromISO('2025-06-02', { zone: 'utc' });
const weekAt = (index: number): string => firstMonday.plus({ weeks: index }).toFormat("kkkk-'W'WW");

function localInstant(zone: string, iso: string): number {
  const instant = DateTime.fromISO(iso, { zone });
  if (!instant.isValid) throw new Error(`bad local time ${iso}`);
  return instant.toMillis();
}

describe('week keys', () => {
  it('steps over the end of a year with 53 ISO weeks', () => {
    expect(DateTime.fromObject({ year: 2026 }, { zone: 'utc' }).weeksInWeekYear).toBe(53);
    expect(nextWeekKey('2026-W52')).toBe('2026-W53');
    expect(nextWeekKey('2026-W53')).toBe('2027-W01');
    expect(previousWeekKey('2027-W01')).toBe('2026-W53');
  });

  it('steps over the end of a year with 52 ISO weeks', () => {
    expect(nextWeekKey('2025-W52')).toBe('2026-W01');
    expect(previousWeekKey('2026-W01')).toBe('2025-W52');
    expect(nextWeekKey('2026-W09')).toBe('2026-W10');
  });

  it('rejects keys that are not ISO weeks', () => {
    expect(() => nextWeekKey('2025-W53')).toThrow(/ISO week/);
    expect(() => previousWeekKey('2026-W00')).toThrow(/ISO week/);
    expect(() => previousWeekKey('2026-W5')).toThrow(/ISO week/);
    expect(() => previousWeekKey('last week')).toThrow(/ISO week/);
  });

  it('next and previous undo each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), (index) => {
        const key = weekAt(index);
        expect(nextWeekKey(key)).toBe(weekAt(index + 1));
        expect(previousWeekKey(nextWeekKey(key))).toBe(key);
      }),
    );
  });
});

describe('weeklyStreak', () => {
  it('counts consecutive weeks with a check-in up to the current one', () => {
    expect(weeklyStreak({ checkinWeeks: ['2026-W10', '2026-W11', '2026-W12'], breakWeeks: [], currentWeekKey: '2026-W12' })).toBe(3);
  });

  it('does not lose the streak while the current week has no check-in yet', () => {
    expect(weeklyStreak({ checkinWeeks: ['2026-W10', '2026-W11'], breakWeeks: [], currentWeekKey: '2026-W12' })).toBe(2);
  });

  it('is broken by a week without a check-in or a break', () => {
    expect(weeklyStreak({ checkinWeeks: ['2026-W08', '2026-W09', '2026-W11'], breakWeeks: [], currentWeekKey: '2026-W12' })).toBe(1);
    expect(weeklyStreak({ checkinWeeks: ['2026-W08', '2026-W09'], breakWeeks: [], currentWeekKey: '2026-W12' })).toBe(0);
    expect(weeklyStreak({ checkinWeeks: [], breakWeeks: [], currentWeekKey: '2026-W12' })).toBe(0);
  });

  it('keeps the streak through declared breaks', () => {
    const breakWeeks = new Set(['2026-W10', '2026-W11']);
    expect(weeklyStreak({ checkinWeeks: new Set(['2026-W08', '2026-W09', '2026-W12']), breakWeeks, currentWeekKey: '2026-W12' })).toBe(5);
    expect(weeklyStreak({ checkinWeeks: ['2026-W09'], breakWeeks, currentWeekKey: '2026-W11' })).toBe(3);
  });

  it('runs across a year boundary with a week 53', () => {
    const checkinWeeks = ['2026-W51', '2026-W52', '2026-W53', '2027-W01', '2027-W02'];
    expect(weeklyStreak({ checkinWeeks, breakWeeks: [], currentWeekKey: '2027-W02' })).toBe(5);
    expect(weeklyStreak({ checkinWeeks: ['2026-W52', '2027-W01'], breakWeeks: [], currentWeekKey: '2027-W01' })).toBe(1);
  });

  it('ignores weeks after the current one and rejects a bad current key', () => {
    expect(weeklyStreak({ checkinWeeks: ['2026-W12', '2026-W13'], breakWeeks: [], currentWeekKey: '2026-W12' })).toBe(1);
    expect(() => weeklyStreak({ checkinWeeks: ['x'], breakWeeks: [], currentWeekKey: 'x' })).toThrow(/ISO week/);
  });

  it('counts a late-Sunday check-in in Los Angeles for its local week, across both DST changes', () => {
    const zone = 'America/Los_Angeles';
    // Sunday 23:30 local is already Monday in UTC; 2026-03-08 and 2026-11-01 are the US DST changes.
    const sundays = ['2026-03-01', '2026-03-08', '2026-03-15', '2026-10-25', '2026-11-01', '2026-11-08'];
    const instants = sundays.map((day) => localInstant(zone, `${day}T23:30`));
    const localWeeks = instants.map((instant) => localWeekKey(instant, zone));
    expect(localWeeks).toEqual(['2026-W09', '2026-W10', '2026-W11', '2026-W43', '2026-W44', '2026-W45']);
    expect(instants.map((instant) => localWeekKey(instant, 'UTC'))).toEqual(['2026-W10', '2026-W11', '2026-W12', '2026-W44', '2026-W45', '2026-W46']);
    expect(weeklyStreak({ checkinWeeks: localWeeks.slice(0, 3), breakWeeks: [], currentWeekKey: localWeekKey(localInstant(zone, '2026-03-16T09:00'), zone) })).toBe(3);
    expect(weeklyStreak({ checkinWeeks: localWeeks.slice(3), breakWeeks: [], currentWeekKey: localWeekKey(localInstant(zone, '2026-11-09T00:15'), zone) })).toBe(3);
  });

  it('counts an early-Monday check-in in Tokyo and Berlin for the new local week, though UTC is still on Sunday', () => {
    const tokyo = localInstant('Asia/Tokyo', '2026-03-09T00:30');
    expect(localWeekKey(tokyo, 'Asia/Tokyo')).toBe('2026-W11');
    expect(localWeekKey(tokyo, 'UTC')).toBe('2026-W10');
    // 2026-03-29 is the EU change to summer time: Monday 00:30 CEST is Sunday 22:30 UTC.
    const berlin = localInstant('Europe/Berlin', '2026-03-30T00:30');
    expect(localWeekKey(berlin, 'Europe/Berlin')).toBe('2026-W14');
    expect(localWeekKey(berlin, 'UTC')).toBe('2026-W13');
    const checkinWeeks = ['2026-W12', '2026-W13', localWeekKey(berlin, 'Europe/Berlin')];
    expect(weeklyStreak({ checkinWeeks, breakWeeks: [], currentWeekKey: '2026-W14' })).toBe(3);
  });

  const weekIndices = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 60 });

  it('equals plain counting on consecutive week numbers, over any year boundary', () => {
    fc.assert(
      fc.property(weekIndices, weekIndices, fc.integer({ min: 0, max: 130 }), (checkins, breaks, current) => {
        const active = new Set([...checkins, ...breaks]);
        let week = active.has(current) ? current : current - 1;
        let expected = 0;
        while (active.has(week)) {
          expected++;
          week--;
        }
        expect(weeklyStreak({ checkinWeeks: checkins.map(weekAt), breakWeeks: new Set(breaks.map(weekAt)), currentWeekKey: weekAt(current) })).toBe(expected);
      }),
    );
  });

  it('never exceeds the number of distinct weeks given, and never drops when a check-in is added', () => {
    fc.assert(
      fc.property(weekIndices, weekIndices, fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 130 }), (checkins, breaks, current, extra) => {
        const input = { checkinWeeks: checkins.map(weekAt), breakWeeks: breaks.map(weekAt), currentWeekKey: weekAt(current) };
        const streak = weeklyStreak(input);
        expect(streak).toBeLessThanOrEqual(new Set([...input.checkinWeeks, ...input.breakWeeks]).size);
        expect(weeklyStreak({ ...input, checkinWeeks: [...input.checkinWeeks, weekAt(extra)] })).toBeGreaterThanOrEqual(streak);
      }),
    );
  });
});

describe('missedInARow', () => {
  const reminderWeeks = ['2026-W12', '2026-W11', '2026-W10', '2026-W09', '2026-W08'];

  it('counts the latest reminders with no check-in or break since the reminder before', () => {
    expect(missedInARow({ reminderWeeks, checkinWeeks: ['2026-W07'], breakWeeks: [] })).toBe(4);
    expect(missedInARow({ reminderWeeks, checkinWeeks: [], breakWeeks: [] })).toBe(5);
    expect(missedInARow({ reminderWeeks, checkinWeeks: ['2026-W12'], breakWeeks: [] })).toBe(0);
    expect(missedInARow({ reminderWeeks: [], checkinWeeks: [], breakWeeks: [] })).toBe(0);
  });

  it("lets a check-in in the previous reminder's week answer the next reminder (a week key cannot tell before from after)", () => {
    expect(missedInARow({ reminderWeeks, checkinWeeks: ['2026-W11'], breakWeeks: [] })).toBe(0);
    expect(missedInARow({ reminderWeeks, checkinWeeks: ['2026-W10'], breakWeeks: [] })).toBe(1);
  });

  it('counts a break like a check-in', () => {
    expect(missedInARow({ reminderWeeks, checkinWeeks: ['2026-W07'], breakWeeks: new Set(['2026-W09']) })).toBe(2);
  });

  it('handles reminders across a year boundary, with gaps, and in any order', () => {
    const weeks = ['2027-W02', '2027-W01', '2026-W53', '2026-W50'];
    expect(missedInARow({ reminderWeeks: weeks, checkinWeeks: ['2026-W49'], breakWeeks: [] })).toBe(3);
    expect(missedInARow({ reminderWeeks: weeks, checkinWeeks: ['2026-W51'], breakWeeks: [] })).toBe(2);
    expect(missedInARow({ reminderWeeks: [...weeks].reverse(), checkinWeeks: ['2026-W51'], breakWeeks: [] })).toBe(2);
  });
});
