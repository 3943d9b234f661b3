import { systemClock, type Clock } from '../../platform/clock.js';

/** What happened when the playground clock moved; hooks get this (e.g. "run the work that is now due"). */
export interface ClockChange {
  from: number;
  to: number;
}

/**
 * The playground owns the bot's clock: real time plus an offset that only grows, or, started at a given
 * instant (`--now`), a clock that stands still and moves only when told. The bot reads it through the Clock
 * port it gets from createApp, so moving it forward is how the playground makes a week pass.
 */
export class PlaygroundClock implements Clock {
  private offset = 0;
  private readonly base: Clock;
  /** True when started at a fixed instant: real time does not move it. */
  readonly pinned: boolean;

  constructor(base: Clock = systemClock, options: { startMs?: number } = {}) {
    const { startMs } = options;
    this.pinned = startMs !== undefined;
    this.base = startMs === undefined ? base : { now: () => startMs };
  }

  now(): number {
    return this.base.now() + this.offset;
  }

  /** How far the clock has been moved (ahead of real time, or of the pinned start), in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  /** Moves forward to the instant `ms` (no-op if it is not ahead). */
  advanceTo(ms: number): void {
    const ahead = ms - this.now();
    if (ahead > 0) this.offset += ahead;
  }

  /** Moves forward by `ms` (> 0); never backwards. */
  advance(ms: number): ClockChange {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`the playground clock only moves forward (got ${ms} ms)`);
    const from = this.now();
    this.offset += ms;
    return { from, to: from + ms };
  }
}

/** "Sun, 29 Nov 2026, 13:00" in `timeZone` (as this Node's ICU writes en-GB). */
export function localTimeText(ms: number, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
  return local.replace(/,? (\d\d:\d\d)$/, ', $1');
}

/** "2026-11-29T12:00:00.000Z (UTC) · Sun 29 Nov 2026, 13:00 Europe/Paris (local)". */
export function describeTime(ms: number, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  return `${new Date(ms).toISOString()} (UTC) · ${localTimeText(ms, timeZone)} ${timeZone} (local)`;
}
