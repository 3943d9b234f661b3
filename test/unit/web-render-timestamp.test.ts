import { describe, expect, it } from 'vitest';
import { formatTimestamp, messageTime, relativeTime } from '../../src/playground/web/render/timestamp.js';

const at = Date.parse('2026-12-07T16:30:00Z');
const view = (timeZone: string, nowMs = at) => ({ timeZone, nowMs });

describe('Discord timestamps in en-US', () => {
  it('formats every style in Europe/Berlin (UTC+1 in December)', () => {
    const berlin = view('Europe/Berlin', at - 3 * 86_400_000);
    expect(formatTimestamp(at, 't', berlin)).toBe('5:30 PM');
    expect(formatTimestamp(at, 'T', berlin)).toBe('5:30:00 PM');
    expect(formatTimestamp(at, 'd', berlin)).toBe('12/07/2026');
    expect(formatTimestamp(at, 'D', berlin)).toBe('December 7, 2026');
    expect(formatTimestamp(at, 'f', berlin)).toBe('December 7, 2026 at 5:30 PM');
    expect(formatTimestamp(at, 'F', berlin)).toBe('Monday, December 7, 2026 at 5:30 PM');
    expect(formatTimestamp(at, 's', berlin)).toBe('12/07/2026, 5:30 PM');
    expect(formatTimestamp(at, 'S', berlin)).toBe('12/07/2026, 5:30:00 PM');
    expect(formatTimestamp(at, 'R', berlin)).toBe('in 3 days');
  });

  it('formats the same instant in America/New_York (UTC-5)', () => {
    const york = view('America/New_York');
    expect(formatTimestamp(at, 't', york)).toBe('11:30 AM');
    expect(formatTimestamp(at, 'F', york)).toBe('Monday, December 7, 2026 at 11:30 AM');
  });

  it('puts a late-evening UTC instant on different days in different zones', () => {
    const newYearsEve = Date.parse('2026-12-31T23:30:00Z');
    expect(formatTimestamp(newYearsEve, 'd', view('Europe/Berlin'))).toBe('01/01/2027');
    expect(formatTimestamp(newYearsEve, 'd', view('America/New_York'))).toBe('12/31/2026');
  });

  it('follows the daylight saving switch (Berlin 29 March 2026, New York 8 March 2026)', () => {
    expect(formatTimestamp(Date.parse('2026-03-29T00:59:00Z'), 't', view('Europe/Berlin'))).toBe('1:59 AM');
    expect(formatTimestamp(Date.parse('2026-03-29T01:00:00Z'), 't', view('Europe/Berlin'))).toBe('3:00 AM');
    expect(formatTimestamp(Date.parse('2026-03-08T06:59:00Z'), 't', view('America/New_York'))).toBe('1:59 AM');
    expect(formatTimestamp(Date.parse('2026-03-08T07:00:00Z'), 't', view('America/New_York'))).toBe('3:00 AM');
  });

  it('reads an unknown zone as UTC rather than failing the page', () => {
    expect(formatTimestamp(at, 't', view('Mars/Olympus'))).toBe('4:30 PM');
  });

  it('words relative times like Discord, rounding to the nearest unit', () => {
    expect(relativeTime(at + 3 * 86_400_000, at)).toBe('in 3 days');
    expect(relativeTime(at - 2 * 3_600_000, at)).toBe('2 hours ago');
    expect(relativeTime(at - (2 * 60 + 40) * 60_000, at)).toBe('3 hours ago');
    expect(relativeTime(at - 30_000, at)).toBe('a few seconds ago');
    expect(relativeTime(at + 10_000, at)).toBe('in a few seconds');
    // This very instant (a check-in just made) is past, as moment's fromNow says.
    expect(relativeTime(at, at)).toBe('a few seconds ago');
    expect(relativeTime(at + 5 * 60_000, at)).toBe('in 5 minutes');
    expect(relativeTime(at - 60 * 86_400_000, at)).toBe('2 months ago');
    expect(relativeTime(at + 2 * 365 * 86_400_000, at)).toBe('in 2 years');
  });

  it('shows the time next to the author as Today / Yesterday / a date, in the viewer zone', () => {
    expect(messageTime(at, view('Europe/Berlin'))).toBe('Today at 5:30 PM');
    expect(messageTime(at - 86_400_000, view('Europe/Berlin'))).toBe('Yesterday at 5:30 PM');
    expect(messageTime(at - 3 * 86_400_000, view('Europe/Berlin'))).toBe('12/04/2026 5:30 PM');
    // 23:30 in New York on the 6th is already the 7th in Berlin.
    const late = Date.parse('2026-12-07T04:30:00Z');
    expect(messageTime(late, view('America/New_York'))).toBe('Yesterday at 11:30 PM');
    expect(messageTime(late, view('Europe/Berlin'))).toBe('Today at 5:30 AM');
  });
});
