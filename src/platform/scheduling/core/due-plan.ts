import { localWeekKey, nextDueInstant, type WeeklyRule } from '../../../core/weekly-rule.js';

export interface Occurrence {
  dueMs: number;
  /** The local ISO week of the occurrence: at most one delivery per schedule per such week. */
  weekKey: string;
}

export type DuePlan =
  | { kind: 'wait' }
  | ({ kind: 'send'; lateByMs: number } & Occurrence)
  /** Occurrences too old to send; `nextDueMs` is the first one that is not (it may already be due). */
  | { kind: 'skip-missed'; missed: Occurrence[]; nextDueMs: number };

const maxMissedRecorded = 60;

/**
 * What a schedule due at `nextDueMs` should do at `nowMs`: nothing yet, send, or skip stale occurrences.
 * An occurrence that fell due at most `lateWindowMs` ago (the job's catch-up policy) is still sent.
 */
export function planDue(rule: WeeklyRule, nextDueMs: number, nowMs: number, lateWindowMs: number): DuePlan {
  if (nextDueMs > nowMs) return { kind: 'wait' };
  if (nowMs - nextDueMs <= lateWindowMs) {
    return { kind: 'send', dueMs: nextDueMs, weekKey: localWeekKey(nextDueMs, rule.timeZone), lateByMs: nowMs - nextDueMs };
  }
  const missed: Occurrence[] = [];
  let due = nextDueMs;
  while (nowMs - due > lateWindowMs) {
    if (missed.length < maxMissedRecorded) missed.push({ dueMs: due, weekKey: localWeekKey(due, rule.timeZone) });
    due = nextDueInstant(rule, due);
  }
  return { kind: 'skip-missed', missed, nextDueMs: due };
}

/** Failed sends are retried on later ticks, waiting longer each time, a bounded number of times per week. */
export const retryDelaysMs = [60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 20 * 60_000] as const;
export const maxAttemptsPerOccurrence = retryDelaysMs.length + 1;

export function retryDelayMs(attempt: number): number {
  return retryDelaysMs[Math.min(Math.max(attempt, 1), retryDelaysMs.length) - 1]!;
}
