import type { MessageBody } from '../discord/reply.js';
import type { DeliveryRecord } from '../store/delivery-repository.js';
import type { ScheduleKind, ScheduleRecord } from '../store/schedule-repository.js';

/** One kind of weekly post (the spotlight; study-group reminders later), as the scheduler runs it. */
export interface ScheduledJob {
  kind: ScheduleKind;
  /** Decides what this week's post is about (e.g. the book); runs inside the claim transaction. */
  choosePayload(schedule: ScheduleRecord, weekKey: string): string | null;
  /** The message for a claimed delivery; null when there is nothing to send any more. */
  compose(schedule: ScheduleRecord, delivery: DeliveryRecord): MessageBody | null;
  /** Records what the post changed (history, queue); runs inside the transaction that marks it sent. */
  recordSent(schedule: ScheduleRecord, delivery: DeliveryRecord, nowMs: number): void;
}
