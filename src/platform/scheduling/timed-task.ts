import type { TimedTaskRecord } from '../store/timed-task-repository.js';

/** What one run of a timed task decided. */
export type TimedTaskOutcome =
  /** Finished: the task is deleted. */
  | { kind: 'done'; detail: string }
  /** Not yet (a poll Discord has not finalized, the next DST change): run again at `atMs`. */
  | { kind: 'again'; atMs: number; detail: string };

/** What the runner lends a run: Discord requests stop with the process and wait out a 429 only while the lease lasts. */
export interface TimedTaskRun {
  signal: AbortSignal;
  maxRateLimitWaitMs: number;
  /** Throws when this process may no longer act (lease lost, stopping): checked before each request with an effect. */
  check(): void;
}

/**
 * One kind of one-off work due at an instant (a poll's result, moving an event after a DST change), run on the
 * shared scheduler under its lease. A run may be repeated (a crash after its effect, before it was recorded), so
 * the feature records what it achieved and a second run finds it done. A run that throws is tried again later
 * (backing off); after `maxTimedTaskAttempts` it is given up and `giveUp` lets the feature say so.
 */
export interface TimedTask {
  kind: string;
  run(task: TimedTaskRecord, run: TimedTaskRun): Promise<TimedTaskOutcome>;
  giveUp(task: TimedTaskRecord, reason: string, nowMs: number): void;
}

export const maxTimedTaskAttempts = 8;

/** 1, 2, 4 … 64 minutes after the failed run. */
export const timedTaskRetryDelayMs = (attempts: number): number => 60_000 * 2 ** Math.min(attempts - 1, 6);
