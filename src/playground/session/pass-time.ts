import type { SchedulerRunner } from '../../platform/scheduling/runner.js';
import type { ClockChange, PlaygroundClock } from './playground-clock.js';

export interface PassTimeDeps {
  clock: PlaygroundClock;
  scheduler: Pick<SchedulerRunner, 'tick' | 'idle'>;
  /** When the next scheduled work is due, or null. */
  earliestDue(): number | null;
}

/** At most this many stops on the way (a year of weekly posts with retries fits easily). */
const maxStops = 500;

/**
 * Moves the clock forward as if the bot had been running all along: it stops at each instant where
 * scheduled work falls due and runs the scheduler there, as the once-a-minute tick would have.
 */
export async function passTime(deps: PassTimeDeps, ms: number): Promise<ClockChange> {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`the playground clock only moves forward (got ${ms} ms)`);
  const from = deps.clock.now();
  const to = from + ms;
  for (let stop = 0; stop < maxStops; stop++) {
    const due = deps.earliestDue();
    if (due === null || due > to) break;
    deps.clock.advanceTo(due);
    await deps.scheduler.idle();
    const report = await deps.scheduler.tick();
    // Nothing could be done at this instant (e.g. a post that keeps failing waits for its retry).
    if (report.ran && report.sent + report.missed + report.failed + report.paused + report.retrying === 0) break;
  }
  deps.clock.advanceTo(to);
  await deps.scheduler.idle();
  await deps.scheduler.tick();
  return { from, to };
}
