import { zoneOffsetMinutes } from './time-zones.js';

/**
 * When a zone's UTC offset next changes (a DST change, or a zone's rules changing), found by stepping a day at a
 * time and then halving down to the minute. Offsets change on minute boundaries, and never twice in a day.
 */

const minuteMs = 60_000;
const dayMs = 86_400_000;

/** The first instant after `afterMs` (to the minute) at which `zone`'s offset differs from its offset at `afterMs`; null if none within `horizonDays`. */
export function nextOffsetChange(zone: string, afterMs: number, horizonDays = 400): number | null {
  const start = Math.floor(afterMs / minuteMs) * minuteMs;
  const offset = zoneOffsetMinutes(zone, start);
  for (let day = 1; day <= horizonDays; day++) {
    const probe = start + day * dayMs;
    if (zoneOffsetMinutes(zone, probe) === offset) continue;
    let low = probe - dayMs;
    let high = probe;
    while (high - low > minuteMs) {
      const middle = low + Math.floor((high - low) / 2 / minuteMs) * minuteMs;
      if (zoneOffsetMinutes(zone, middle) === offset) low = middle;
      else high = middle;
    }
    return high;
  }
  return null;
}
