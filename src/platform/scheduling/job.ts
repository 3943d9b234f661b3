import type { MessageBody } from '../discord/reply.js';
import type { DeliveryRecord } from '../store/delivery-repository.js';
import type { ScheduleKind, ScheduleRecord } from '../store/schedule-repository.js';

/** What a job decided for one claimed delivery. */
export type JobOutcome =
  /** Post these messages (at least one), in order, to the schedule's channel. */
  | { kind: 'send'; messages: readonly MessageBody[] }
  /** Nothing to send this week, on purpose (e.g. nobody to remind): recorded, not a failure. */
  | { kind: 'skip'; reason: string }
  /** Cannot be sent (e.g. the book left the catalog): recorded as failed, the schedule moves on. */
  | { kind: 'fail'; reason: string };

/** How long after its due time an occurrence is still worth posting (after downtime); older ones are recorded as missed. */
export interface CatchUpPolicy {
  lateWindowMs: number;
}

/**
 * One kind of weekly post, as the scheduler runs it. The runner owns claiming, sending, retries and
 * recording; the job only knows what to post. Adding a kind is a new job and one line in src/jobs.ts.
 */
export interface ScheduledJob {
  kind: ScheduleKind;
  catchUp: CatchUpPolicy;
  /** Decides what this week's post is about (e.g. the book); runs inside the claim transaction. */
  choosePayload(schedule: ScheduleRecord, weekKey: string): string | null;
  /**
   * The outcome for a claimed delivery. Called once before its first send attempt: the runner stores the messages
   * with that attempt, and every retry or resume (after a crash) sends those, never a new composition.
   */
  compose(schedule: ScheduleRecord, delivery: DeliveryRecord): JobOutcome;
  /**
   * Records what the post changed (history, queue); runs inside the transaction that marks it sent, and
   * also for a delivery left unverified (it may have been posted: the rotation moves on rather than repeat).
   */
  recordSent(delivery: DeliveryRecord, nowMs: number): void;
}
