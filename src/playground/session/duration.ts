/** Durations typed at the playground's `clock` command: "+7d", "+3h", "+30m", "+1d12h", "+2w". */

export const durationUnits = { w: 7 * 24 * 3_600_000, d: 24 * 3_600_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

type Unit = keyof typeof durationUnits;

/** Far enough for any weekly schedule, small enough to stay a valid Date. */
export const maxDurationMs = 10 * 366 * durationUnits.d;

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

const example = 'e.g. +7d, +3h, +30m or +1d12h (units: w d h m s)';

export function parseDuration(text: string): DurationResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: `Give a duration, ${example}.` };
  if (trimmed.startsWith('-')) return { ok: false, error: `The playground clock only moves forward: ${text.trim()} would go back in time. Use ${example}.` };
  const body = (trimmed.startsWith('+') ? trimmed.slice(1) : trimmed).trim();
  const parts = [...body.matchAll(/(\d+)\s*([a-z]*)\s*/gi)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed !== body) return { ok: false, error: `"${text.trim()}" is not a duration; ${example}.` };
  let ms = 0;
  const seen = new Set<string>();
  for (const [, amount = '', rawUnit = ''] of parts) {
    const unit = rawUnit.toLowerCase();
    if (unit === '') return { ok: false, error: `"${amount}" needs a unit; ${example}.` };
    if (!(unit in durationUnits)) return { ok: false, error: `Unknown unit "${rawUnit}" in "${text.trim()}"; ${example}.` };
    if (seen.has(unit)) return { ok: false, error: `"${text.trim()}" gives the unit "${unit}" twice; ${example}.` };
    seen.add(unit);
    ms += Number(amount) * durationUnits[unit as Unit];
  }
  if (ms === 0) return { ok: false, error: `"${text.trim()}" does not move the clock; ${example}.` };
  if (ms > maxDurationMs) return { ok: false, error: `"${text.trim()}" is too far; the playground moves at most 10 years at a time.` };
  return { ok: true, ms };
}

/** 612000000 → "7d 2h"; the inverse of parseDuration, for messages. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0m';
  const parts: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = durationUnits[unit];
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0s';
}
