import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { classifySendFailure, type Poster } from '../discord/poster.js';
import type { Logger } from '../logger.js';
import type { DeliveryKey, DeliveryRecord } from '../store/delivery-repository.js';
import type { ScheduleRecord } from '../store/schedule-repository.js';
import type { Store } from '../store/store.js';
import { deliveryNonce } from './delivery-nonce.js';
import { maxAttemptsPerOccurrence, planDue, retryDelayMs } from './core/due-plan.js';
import type { ScheduledJob } from './job.js';
import { localWeekKey, nextDueInstant } from '../../core/weekly-rule.js';

export interface TickReport {
  /** False when another tick was still running, or another process holds the scheduler lease. */
  ran: boolean;
  due: number;
  sent: number;
  missed: number;
  retrying: number;
  failed: number;
  paused: number;
}

export type PostNowResult =
  | { kind: 'sent'; delivery: DeliveryRecord }
  /** This local week's post exists already (sent, or given up on). */
  | { kind: 'already'; delivery: DeliveryRecord }
  | { kind: 'failed'; reason: string; paused: boolean };

export interface SchedulerRunner {
  /** Claims and runs everything due now according to the database. Never overlaps itself. */
  tick(): Promise<TickReport>;
  /** Posts this local week's delivery of a schedule now; it counts as the week's post. */
  postNow(schedule: ScheduleRecord): Promise<PostNowResult>;
  /** Resolves when the current tick (if any) has finished. */
  idle(): Promise<void>;
  /** Waits for the current tick, then gives up the scheduler lease so a restarted process takes over at once. */
  release(): Promise<void>;
}

export interface SchedulerOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  poster: Poster;
  jobs: readonly ScheduledJob[];
  /** Sends in flight at once; the poster's pacing decides the rate. */
  concurrency?: number;
  /** Identifies this process for the scheduler lease. */
  holderId?: string;
}

const leaseName = 'scheduler';
/** Longer than a tick interval; a crashed holder is replaced after at most this long. */
const leaseTtlMs = 3 * 60 * 1000;
const maxDuePerTick = 100_000;

const emptyReport = (): TickReport => ({ ran: true, due: 0, sent: 0, missed: 0, retrying: 0, failed: 0, paused: 0 });

export function createSchedulerRunner(options: SchedulerOptions): SchedulerRunner {
  const { store, clock, log, poster } = options;
  const jobs = new Map(options.jobs.map((job) => [job.kind, job]));
  const holderId = options.holderId ?? randomBytes(6).toString('hex');
  const concurrency = options.concurrency ?? 16;
  let running: Promise<TickReport> | null = null;

  const keyOf = (schedule: ScheduleRecord, weekKey: string): DeliveryKey => ({
    guildId: schedule.guildId,
    kind: schedule.kind,
    subjectId: schedule.subjectId,
    weekKey,
  });

  /** The week after this occurrence, from the occurrence itself (a late post does not shift the schedule). */
  const advancePast = (schedule: ScheduleRecord, dueMs: number, nowMs: number): void =>
    store.schedules.advance(schedule.scheduleId, nextDueInstant(schedule.rule, dueMs), nowMs);

  async function runSchedule(listed: ScheduleRecord, nowMs: number, report: TickReport): Promise<void> {
    const job = jobs.get(listed.kind);
    // Read again: during a long fan-out an admin may have paused, changed or removed it since the tick began.
    const current = store.schedules.find(listed.guildId, listed.kind, listed.subjectId);
    if (!job || !current || current.pausedReason !== null || (current.retryAtMs ?? 0) > nowMs) return;
    let schedule = current;
    for (let step = 0; step < 3; step++) {
      const plan = planDue(schedule.rule, schedule.nextDueMs, nowMs);
      if (plan.kind === 'wait') return;
      if (plan.kind === 'skip-missed') {
        // Too late to be useful: record each missed week once and move on, never a burst of old posts.
        store.transaction(() => {
          for (const occurrence of plan.missed) {
            const key = keyOf(schedule, occurrence.weekKey);
            store.deliveries.recordMissed(key, occurrence.dueMs, schedule.channelId, deliveryNonce(key), nowMs);
          }
          store.schedules.advance(schedule.scheduleId, plan.nextDueMs, nowMs);
        });
        report.missed += plan.missed.length;
        log.info({ guildId: schedule.guildId, kind: schedule.kind, missed: plan.missed.map((m) => m.weekKey) }, 'skipped posts missed during downtime');
        schedule = { ...schedule, nextDueMs: plan.nextDueMs };
        continue;
      }
      const key = keyOf(schedule, plan.weekKey);
      const delivery = store.transaction((): DeliveryRecord | null => {
        const existing = store.deliveries.find(key);
        if (existing && existing.status !== 'claimed') {
          // Already posted (e.g. by post-now) or given up this week: only move the schedule on.
          advancePast(schedule, plan.dueMs, nowMs);
          return null;
        }
        if (existing) return existing;
        const payloadRef = job.choosePayload(schedule, plan.weekKey);
        return store.deliveries.claim(key, { dueMs: plan.dueMs, channelId: schedule.channelId, payloadRef, nonce: deliveryNonce(key) }, nowMs);
      });
      if (!delivery) return;
      await deliver(job, schedule, delivery, plan.dueMs, nowMs, report);
      return;
    }
  }

  async function deliver(job: ScheduledJob, schedule: ScheduleRecord, delivery: DeliveryRecord, dueMs: number, nowMs: number, report: TickReport): Promise<void> {
    const body = job.compose(schedule, delivery);
    if (!body) {
      store.transaction(() => {
        store.deliveries.markFailed(delivery, 'nothing to post (the book is no longer in the catalog)', nowMs);
        advancePast(schedule, dueMs, nowMs);
      });
      report.failed++;
      return;
    }
    try {
      const { messageId } = await poster.send(delivery.channelId, body, delivery.nonce);
      store.transaction(() => {
        store.deliveries.markSent(delivery, messageId, nowMs);
        job.recordSent(schedule, delivery, nowMs);
        advancePast(schedule, dueMs, nowMs);
      });
      report.sent++;
    } catch (error) {
      const failure = classifySendFailure(error);
      if (failure.kind === 'permanent') {
        store.transaction(() => {
          store.deliveries.markFailed(delivery, failure.reason, nowMs);
          store.schedules.pause(schedule.scheduleId, failure.reason, nowMs);
        });
        report.paused++;
        log.warn({ guildId: schedule.guildId, kind: schedule.kind, reason: failure.reason }, 'schedule paused: an admin must fix the channel');
        return;
      }
      const attempts = store.deliveries.recordAttempt(delivery, failure.reason);
      if (attempts >= maxAttemptsPerOccurrence) {
        store.transaction(() => {
          store.deliveries.markFailed(delivery, `gave up after ${attempts} attempts: ${failure.reason}`, nowMs);
          advancePast(schedule, dueMs, nowMs);
        });
        report.failed++;
        log.error({ guildId: schedule.guildId, kind: schedule.kind, attempts, reason: failure.reason }, 'gave up on this week’s post');
        return;
      }
      store.schedules.retryAt(schedule.scheduleId, nowMs + retryDelayMs(attempts), nowMs);
      report.retrying++;
      log.warn({ guildId: schedule.guildId, kind: schedule.kind, attempts, reason: failure.reason }, 'post failed; will retry');
    }
  }

  async function runTick(): Promise<TickReport> {
    const nowMs = clock.now();
    if (!store.leases.tryAcquire(leaseName, holderId, nowMs, leaseTtlMs)) return { ...emptyReport(), ran: false };
    const due = store.schedules.due(nowMs, maxDuePerTick);
    const report = { ...emptyReport(), due: due.length };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length) {
        // A long fan-out keeps its lease alive.
        if (next % 500 === 499) store.leases.tryAcquire(leaseName, holderId, clock.now(), leaseTtlMs);
        const schedule = due[next++]!;
        try {
          await runSchedule(schedule, nowMs, report);
        } catch (error) {
          // One server's problem (e.g. a database error) must not stop the others.
          log.error({ err: error, guildId: schedule.guildId, kind: schedule.kind }, 'scheduled work failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    if (due.length > 0) log.info(report, 'scheduler tick');
    return report;
  }

  async function postNow(schedule: ScheduleRecord): Promise<PostNowResult> {
    const job = jobs.get(schedule.kind);
    if (!job) return { kind: 'failed', reason: `no job for ${schedule.kind}`, paused: false };
    const nowMs = clock.now();
    const key = keyOf(schedule, localWeekKey(nowMs, schedule.rule.timeZone));
    const claimed = store.transaction((): { already: DeliveryRecord } | { delivery: DeliveryRecord } => {
      const existing = store.deliveries.find(key);
      if (existing && existing.status !== 'claimed') return { already: existing };
      if (existing) return { delivery: existing };
      const payloadRef = job.choosePayload(schedule, key.weekKey);
      return { delivery: store.deliveries.claim(key, { dueMs: nowMs, channelId: schedule.channelId, payloadRef, nonce: deliveryNonce(key) }, nowMs) };
    });
    if ('already' in claimed) return { kind: 'already', delivery: claimed.already };
    const report = emptyReport();
    await deliver(job, schedule, claimed.delivery, nowMs, nowMs, report);
    const after = store.deliveries.find(key)!;
    if (after.status === 'sent') return { kind: 'sent', delivery: after };
    return { kind: 'failed', reason: after.lastError ?? 'unknown error', paused: report.paused > 0 };
  }

  return {
    postNow,
    tick() {
      if (running) {
        log.warn('previous scheduler tick still running; this one is skipped');
        return Promise.resolve({ ...emptyReport(), ran: false });
      }
      running = runTick().finally(() => (running = null));
      return running;
    },
    async idle() {
      await running;
    },
    async release() {
      await running;
      store.leases.release(leaseName, holderId);
    },
  };
}
