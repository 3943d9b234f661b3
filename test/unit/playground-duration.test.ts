import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/playground/session/duration.js';
import { describeTime, PlaygroundClock } from '../../src/playground/session/playground-clock.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

describe('parseDuration', () => {
  it.each([
    ['+7d', 7 * day],
    ['+3h', 3 * hour],
    ['+30m', 30 * minute],
    ['+1d12h', day + 12 * hour],
    ['+2w', 14 * day],
    ['+45s', 45_000],
    ['7d', 7 * day],
    [' +1D 6H ', day + 6 * hour],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it('refuses to go backwards, with a clear reason', () => {
    const result = parseDuration('-1d');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/only moves forward/);
  });

  it.each([
    ['', /Give a duration/],
    ['+7', /needs a unit/],
    ['+7x', /Unknown unit "x"/],
    ['+1d1d', /twice/],
    ['+0d', /does not move the clock/],
    ['soon', /not a duration/],
    ['+1d tomorrow', /not a duration/],
    ['+100000d', /too far/],
  ])('rejects %j', (text, message) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});

describe('formatDuration', () => {
  it('writes days, hours, minutes', () => {
    expect(formatDuration(7 * day)).toBe('7d');
    expect(formatDuration(day + 12 * hour + 30 * minute)).toBe('1d 12h 30m');
    expect(formatDuration(0)).toBe('0m');
  });
});

describe('PlaygroundClock', () => {
  it('is real time plus an offset that only grows', () => {
    let real = Date.UTC(2026, 0, 5, 9, 0);
    const clock = new PlaygroundClock({ now: () => real });
    expect(clock.now()).toBe(real);
    expect(clock.advance(7 * day)).toEqual({ from: real, to: real + 7 * day });
    real += minute;
    expect(clock.now()).toBe(real + 7 * day);
    expect(clock.offsetMs).toBe(7 * day);
    expect(() => clock.advance(-day)).toThrow(RangeError);
    expect(() => clock.advance(0)).toThrow(RangeError);
  });

  it('started at an instant, stands still until moved', () => {
    let real = Date.UTC(2026, 0, 5, 9, 0);
    const start = Date.UTC(2026, 11, 8, 20, 0);
    const clock = new PlaygroundClock({ now: () => real }, { startMs: start });
    expect(clock.pinned).toBe(true);
    real += day;
    expect(clock.now()).toBe(start);
    expect(clock.advance(7 * day)).toEqual({ from: start, to: start + 7 * day });
    real += day;
    expect(clock.now()).toBe(start + 7 * day);
    clock.advanceTo(start + 8 * day);
    expect(clock.now()).toBe(start + 8 * day);
  });

  it('describes a time in UTC and in the local zone', () => {
    const text = describeTime(Date.UTC(2026, 0, 5, 9, 30), 'Europe/Paris');
    expect(text).toContain('2026-01-05T09:30:00.000Z (UTC)');
    expect(text).toContain('10:30 Europe/Paris (local)');
  });
});
