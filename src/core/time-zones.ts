import { IANAZone } from 'luxon';
import { normalizeText } from './normalize-text.js';

/** IANA zone names; validity and offsets come from luxon (backed by the runtime's tz database). */

export function isValidTimeZone(zone: string): boolean {
  return zone.length > 0 && zone.length <= 64 && IANAZone.isValidZone(zone);
}

/** Minutes east of UTC in `zone` at `instantMs`. */
export function zoneOffsetMinutes(zone: string, instantMs: number): number {
  return IANAZone.create(zone).offset(instantMs);
}

/** Zones people pick most often, offered first when nothing is typed. */
const popularZones = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Australia/Sydney',
  'Africa/Lagos',
] as const;

let allZones: readonly string[] | undefined;

export function knownTimeZones(): readonly string[] {
  // ICU lists some zones under old names (Asia/Calcutta): the popular modern names are added.
  allZones ??= [...new Set([...popularZones, ...Intl.supportedValuesOf('timeZone')])].filter(isValidTimeZone);
  return allZones;
}

/** Zones matching what someone typed ("berlin", "new york", "America/N"), best first. */
export function suggestTimeZones(typed: string, limit: number): string[] {
  const query = normalizeText(typed.slice(0, 100));
  if (query === '') return popularZones.slice(0, limit);
  const scored: { zone: string; score: number }[] = [];
  for (const zone of knownTimeZones()) {
    const full = normalizeText(zone);
    const city = normalizeText(zone.split('/').at(-1) ?? zone);
    let score = 0;
    if (city === query || full === query) score = 4;
    else if (city.startsWith(query)) score = 3;
    else if (full.startsWith(query)) score = 2;
    else if (full.includes(query)) score = 1;
    if (score > 0) scored.push({ zone, score: score + (popularZones.includes(zone as (typeof popularZones)[number]) ? 0.5 : 0) });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.zone.localeCompare(b.zone))
    .slice(0, limit)
    .map((entry) => entry.zone);
}
