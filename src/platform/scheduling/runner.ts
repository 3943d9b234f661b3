import { randomBytes } from 'node:crypto';
import { localWeekKey, nextDueInstant } from '../../core/weekly-rule.js';
import type { Clock } from '../clock.js';
import { classifySendFailure, type Poster } from '../discord/poster.js';
import type { MessageBody } from '../discord/reply.js';
import type { Logger } from '../logger.js';
import type { DeliveryKey, DeliveryRecord } from '../store/delivery-repository.js';
import type { ScheduleRecord } from '../store/schedule-repository.js';
import type { Store } from '../store/store.js';
import { maxAttemptsPerOccurrence, planDue, retryDelayMs } from './core/due-plan.js';
import { deliveryNonce } from './delivery-nonce.js';
import type { ScheduledJob } from './job.js';

export interface TickReport {
  /** False when another tick was still running, or another process holds the scheduler lease. */
  ran: boolean;
  due: number;
  sent: number;
  /** The job had nothing to send on purpose (not a failure). */
  skipped: number;
  missed: number;
  retrying: number;
  failed: number;
  paused: number;
}

export type PostNowResult =
  | { kind: 'sent'; delivery: DeliveryRecord }
  /** This local week's post exists already (sent, skipped or given up on). */
  | { kind: 'already'; delivery: DeliveryRecord }
  | { kind: 'skipped'; reason: string }
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

const emptyReport = (): TickReport => ({ ran: true, due: 0, sent: 0, skipped: 0, missed: 0, retrying: 0, failed: 0, paused: 0 });

type Claim = { already: DeliveryRecord } | { delivery: DeliveryRecord };

/** The one list of jobs, by kind; job kinds are checked here rather than in the database. */
function jobsByKind(jobs: readonly ScheduledJob[]): Map<string, ScheduledJob> {
  const byKind = new Map<string, ScheduledJob>();
  for (const job of jobs) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(job.kind)) throw new Error(`Invalid job kind "${job.kind}": lower-case letters, digits and dashes, at most 32`);
    if (byKind.has(job.kind)) throw new Error(`Two scheduled jobs share the kind "${job.kind}"`);
    byKind.set(job.kind, job);
  }
  return byKind;
}

export function createSchedulerRunner(options: SchedulerOptions): SchedulerRunner {
  const { store, clock, log, poster } = options;
  const jobs = jobsByKind(options.jobs);
  const holderId = options.holderId ?? randomBytes(6).toString('hex');
  const concurrency = options.concurrency ?? 16;
  const unknownKindsLogged = new Set<string>();
  let running: Promise<TickReport> | null = null;

  const keyOf = (schedule: ScheduleRecord, weekKey: string): DeliveryKey => ({
    guildId: schedule.guildId,
    kind: schedule.kind,
    subjectId: schedule.subjectId,
    weekKey,
  });

  function jobFor(schedule: ScheduleRecord): ScheduledJob | undefined {
    const job = jobs.get(schedule.kind);
    if (!job && !unknownKindsLogged.has(schedule.kind)) {
      unknownKindsLogged.add(schedule.kind);
      log.warn({ kind: schedule.kind }, 'schedules of a kind no job runs are left untouched (a newer build wrote them?)');
    }
    return job;
  }

  /** The week after this occurrence, from the occurrence itself (a late post does not shift the schedule). */
  const advancePast = (schedule: ScheduleRecord, dueMs: number, nowMs: number): void =>
    store.schedules.advance(schedule.scheduleId, nextDueInstant(schedule.rule, dueMs), nowMs);

  /**
   * Claims this week's delivery in one transaction: an existing claim is resumed (same payload, same nonce),
   * a finished one is reported as already done, otherwise the job chooses the payload and a claim is stored.
   */
  function claim(job: ScheduledJob, schedule: ScheduleRecord, key: DeliveryKey, dueMs: number, nowMs: number): Claim {
    return store.transaction((): Claim => {
      const existing = store.deliveries.find(key);
      if (existing && existing.status !== 'claimed') return { already: existing };
      if (existing) return { delivery: existing };
      const payloadRef = job.choosePayload(schedule, key.weekKey);
      return { delivery: store.deliveries.claim(key, { dueMs, channelId: schedule.channelId, payloadRef, nonce: deliveryNonce(key) }, nowMs) };
    });
  }

  async function runSchedule(listed: ScheduleRecord, nowMs: number, report: TickReport): Promise<void> {
    const job = jobFor(listed);
    // Read again: during a long fan-out an admin may have paused, changed or removed it since the tick began.
    const current = store.schedules.find(listed.guildId, listed.kind, listed.subjectId);
    if (!job || !current || current.pausedReason !== null || (current.retryAtMs ?? 0) > nowMs) return;
    let schedule = current;
    for (let step = 0; step < 3; step++) {
      const plan = planDue(schedule.rule, schedule.nextDueMs, nowMs, job.catchUp.lateWindowMs);
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
      const claimed = claim(job, schedule, keyOf(schedule, plan.weekKey), plan.dueMs, nowMs);
      if ('already' in claimed) {
        // Already posted (e.g. by post-now) or given up this week: only move the schedule on.
        advancePast(schedule, plan.dueMs, nowMs);
        return;
      }
      await deliver(job, schedule, claimed.delivery, plan.dueMs, nowMs, report);
      return;
    }
  }

  /** Sends every message of the outcome in order; each has its own nonce, so a retry re-sends none twice. */
  async function sendAll(delivery: DeliveryRecord, messages: readonly MessageBody[]): Promise<string> {
    let firstMessageId = '';
    for (const [index, body] of messages.entries()) {
      const { messageId } = await poster.send(delivery.channelId, body, index === 0 ? delivery.nonce : deliveryNonce(delivery, index));
      if (index === 0) firstMessageId = messageId;
    }
    return firstMessageId;
  }

  async function deliver(job: ScheduledJob, schedule: ScheduleRecord, delivery: DeliveryRecord, dueMs: number, nowMs: number, report: TickReport): Promise<void> {
    const outcome = job.compose(schedule, delivery);
    if (outcome.kind === 'skip') {
      store.transaction(() => {
        store.deliveries.markSkipped(delivery, outcome.reason, nowMs);
        advancePast(schedule, dueMs, nowMs);
      });
      report.skipped++;
      log.info({ guildId: schedule.guildId, kind: schedule.kind, reason: outcome.reason }, 'nothing to post this week');
      return;
    }
    if (outcome.kind === 'fail' || outcome.messages.length === 0) {
      const reason = outcome.kind === 'fail' ? outcome.reason : 'the job produced no message';
      store.transaction(() => {
        store.deliveries.markFailed(delivery, reason, nowMs);
        advancePast(schedule, dueMs, nowMs);
      });
      report.failed++;
      return;
    }
    try {
      const messageId = await sendAll(delivery, outcome.messages);
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
    const job = jobFor(schedule);
    if (!job) return { kind: 'failed', reason: `no job runs schedules of kind ${schedule.kind}`, paused: false };
    const nowMs = clock.now();
    const key = keyOf(schedule, localWeekKey(nowMs, schedule.rule.timeZone));
    const claimed = claim(job, schedule, key, nowMs, nowMs);
    if ('already' in claimed) return { kind: 'already', delivery: claimed.already };
    const report = emptyReport();
    await deliver(job, schedule, claimed.delivery, nowMs, nowMs, report);
    const after = store.deliveries.find(key)!;
    if (after.status === 'sent') return { kind: 'sent', delivery: after };
    if (after.status === 'skipped') return { kind: 'skipped', reason: after.skipReason ?? 'nothing to post' };
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
