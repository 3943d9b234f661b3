import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { localWeekKey, nextDueInstant } from '../../core/weekly-rule.js';
import type { Clock } from '../clock.js';
import type { DiscordAccess } from '../discord/discord-access.js';
import { withMarker } from '../discord/message-marker.js';
import { classifySendFailure, type Poster, type SendFailure } from '../discord/poster.js';
import type { MessageBody } from '../discord/reply.js';
import type { Logger } from '../logger.js';
import { isDatabaseBusy } from '../store/busy-retry.js';
import type { DeliveryKey, DeliveryRecord } from '../store/delivery-repository.js';
import type { ScheduleRecord } from '../store/schedule-repository.js';
import type { TimedTaskRecord } from '../store/timed-task-repository.js';
import type { StoreHealth } from '../store/store-health.js';
import type { Store } from '../store/store.js';
import { maxAttemptsPerOccurrence, planDue, retryDelayMs } from './core/due-plan.js';
import { deliveryNonce } from './delivery-nonce.js';
import { searchEarlierPost, type EarlierPostSearch } from './earlier-post.js';
import type { ScheduledJob } from './job.js';
import { maxTimedTaskAttempts, timedTaskRetryDelayMs, type TimedTask } from './timed-task.js';

export interface TickReport {
  /** False when another tick was still running, the process is stopping, or another process holds the lease. */
  ran: boolean;
  due: number;
  sent: number;
  /** The job had nothing to send on purpose (not a failure). */
  skipped: number;
  missed: number;
  retrying: number;
  failed: number;
  paused: number;
  /** Earlier attempts found in the channel's history and recorded as sent, without sending again. */
  verified: number;
  /** Earlier attempts that could not be checked: recorded, never re-sent. */
  unverified: number;
  /** Claims left by an earlier run (crash, stop) that were resolved. */
  resolved: number;
  /** History requests made to verify earlier attempts. */
  historyReads: number;
  /** One-off tasks run (finished, postponed or failed). */
  tasks: number;
  /** Why the tick stopped sending before its end (lease lost, long 429, stopping); null when it did not. */
  stoppedEarly: string | null;
}

export type PostNowResult =
  | { kind: 'sent'; delivery: DeliveryRecord }
  /** This local week's post exists already (sent, skipped, unverified or given up on). */
  | { kind: 'already'; delivery: DeliveryRecord }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string; paused: boolean };

export interface SchedulerRunner {
  /** Claims and runs everything due now according to the database. Never overlaps itself; never rejects. */
  tick(): Promise<TickReport>;
  /** Posts this local week's delivery of a schedule now; it counts as the week's post. */
  postNow(schedule: ScheduleRecord): Promise<PostNowResult>;
  /** Resolves when the current tick (if any) has finished. */
  idle(): Promise<void>;
  /** Whether this process holds the scheduler lease now (metrics). */
  holdsLease(): boolean;
  /**
   * A clean stop: no new send starts, in-flight sends get `graceMs` to finish and be recorded (then they are
   * aborted and left for verification), and the lease is released so a restart takes over at once.
   */
  stop(graceMs?: number): Promise<void>;
}

export interface SchedulerOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  poster: Poster;
  jobs: readonly ScheduledJob[];
  /** One-off work due at an instant, run after the weekly posts of each tick. */
  timedTasks?: readonly TimedTask[];
  /** The bot's permissions from the gateway cache: verification needs Read Message History. */
  discord: DiscordAccess;
  health: StoreHealth;
  /** Discord's clock (message snowflakes); the injected clock may be moved by tests and the playground. */
  wallClock?: () => number;
  /** Sends in flight at once; the poster's pacing decides the rate. */
  concurrency?: number;
  /** Identifies this process for the scheduler lease. */
  holderId?: string;
  /** How long a lease lasts without renewal; a crashed holder is replaced after at most this long. */
  leaseTtlMs?: number;
  /**
   * Another process (a shard) holds the lease: tick again the moment it runs out rather than at the next
   * minute, so a dead holder is replaced within the lease time. Off where tests drive ticks themselves.
   */
  standby?: boolean;
}

const leaseName = 'scheduler';
const defaultLeaseTtlMs = 3 * 60 * 1000;
const maxDuePerTick = 100_000;
/** One-off tasks read from the database at a time, and run at once (their Discord requests are paced anyway). */
const maxTasksPerBatch = 200;
const taskConcurrency = 8;
/** Claims resolved per tick; the rest wait for the next minute. */
const maxOrphansPerTick = 1_000;
/** Markers of a delivery's first messages: enough for any job (a reminder splits at 100 pings a message). */
const markerCount = 10;

const emptyReport = (): TickReport => ({
  ran: true,
  due: 0,
  sent: 0,
  skipped: 0,
  missed: 0,
  retrying: 0,
  failed: 0,
  paused: 0,
  verified: 0,
  unverified: 0,
  resolved: 0,
  historyReads: 0,
  tasks: 0,
  stoppedEarly: null,
});

/** Stops a tick's sends: the lease was lost, a 429 outlasts it, or the process is stopping. */
class StopSending extends Error {}

/** What every send in a tick checks first, and how long it may wait out a 429. */
interface Fence {
  /** Throws StopSending unless this process may still send. */
  check(): void;
  /** How long a 429 may be waited out before the lease would expire. */
  remainingMs(): number;
  stopSending(reason: string): void;
  readonly stoppedReason: string | null;
  /** True while no other process can be working on this process's claims (it holds the lease). */
  ownsClaims(): boolean;
}

type Claim = { already: DeliveryRecord } | { delivery: DeliveryRecord };

/** What a delivery is to do: send these (marked) messages, or end as skipped or failed. */
type Planned = { kind: 'send'; bodies: readonly MessageBody[] } | { kind: 'skip'; reason: string } | { kind: 'fail'; reason: string };

type Verification = EarlierPostSearch;

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

const keyId = (key: DeliveryKey): string => `${key.guildId}|${key.kind}|${key.subjectId}|${key.weekKey}`;

export function createSchedulerRunner(options: SchedulerOptions): SchedulerRunner {
  const { store, clock, log, poster, discord, health } = options;
  const jobs = jobsByKind(options.jobs);
  const timedTasks = new Map((options.timedTasks ?? []).map((task) => [task.kind, task]));
  // Tasks of other kinds (a newer build's) stay in the table, untouched.
  const knownTaskKinds = [...timedTasks.keys()];
  const wallClock = options.wallClock ?? Date.now;
  const holderId = options.holderId ?? randomBytes(6).toString('hex');
  const concurrency = options.concurrency ?? 16;
  const leaseTtlMs = options.leaseTtlMs ?? defaultLeaseTtlMs;
  const unknownKindsLogged = new Set<string>();
  /** Deliveries this process is sending right now: never resolved as orphans meanwhile. */
  const inFlight = new Set<string>();
  const abortInFlight = new AbortController();
  // Every send in flight listens on it (16 at a time by default).
  setMaxListeners(Number.POSITIVE_INFINITY, abortInFlight.signal);
  let running: Promise<TickReport> | null = null;
  let stopping = false;
  let standbyTimer: NodeJS.Timeout | null = null;
  let busyTimer: NodeJS.Timeout | null = null;
  /** Ticks in a row that found the database locked by another process. */
  let busyTicks = 0;
  /** Set when this tick met a locked database: it ends early, and tries again within seconds. */
  let busyThisTick = false;

  /**
   * A write met another process's lock (busy_timeout is 0 while serving, so it failed at once): note it for a
   * retry within seconds rather than at the next minute. Not a store failure: nothing is wrong with the disk.
   */
  function noteFailure(error: unknown): boolean {
    if (isDatabaseBusy(error)) {
      busyThisTick = true;
      return true;
    }
    health.noteError(error);
    return false;
  }

  function retrySoonIfBusy(): void {
    if (!busyThisTick) {
      busyTicks = 0;
      return;
    }
    busyThisTick = false;
    busyTicks++;
    if (busyTimer || stopping) return;
    const delayMs = Math.min(1_000 * 2 ** (busyTicks - 1), 30_000);
    log.warn({ retryInMs: delayMs }, 'the database is locked by another process; the scheduler tries again shortly');
    busyTimer = setTimeout(() => {
      busyTimer = null;
      void runner.tick();
    }, delayMs);
    busyTimer.unref();
  }

  /** Held by someone else: try again just after their lease runs out (by the wall clock the lease is kept in). */
  function standBy(): void {
    if (!options.standby || standbyTimer || stopping) return;
    const expiresMs = store.leases.expiresAt(leaseName);
    if (expiresMs === null) return;
    standbyTimer = setTimeout(() => {
      standbyTimer = null;
      void runner.tick();
    }, Math.max(0, expiresMs - clock.now()) + 250);
    standbyTimer.unref();
  }

  const keyOf = (schedule: ScheduleRecord, weekKey: string): DeliveryKey => ({
    guildId: schedule.guildId,
    kind: schedule.kind,
    subjectId: schedule.subjectId,
    weekKey,
  });

  function jobFor(kind: string): ScheduledJob | undefined {
    const job = jobs.get(kind);
    if (!job && !unknownKindsLogged.has(kind)) {
      unknownKindsLogged.add(kind);
      log.warn({ kind }, 'schedules of a kind no job runs are left untouched (a newer build wrote them?)');
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

  /** Message `index` of a delivery is recognised by its nonce, which it also carries as its marker. */
  const nonceAt = (delivery: DeliveryRecord, index: number): string => (index === 0 ? delivery.nonce : deliveryNonce(delivery, index));

  /** Looks for the delivery's own messages in the channel's history since its first attempt. */
  async function verify(delivery: DeliveryRecord, markers: readonly string[], report: TickReport, fence: Fence): Promise<Verification> {
    const search = await searchEarlierPost(
      { poster, discord },
      { guildId: delivery.guildId, channelId: delivery.channelId, attemptWallMs: delivery.attemptWallMs ?? delivery.claimedAtMs },
      markers,
      { maxRateLimitWaitMs: fence.remainingMs(), signal: abortInFlight.signal },
    );
    report.historyReads += search.reads;
    return search;
  }

  /** Ends a claim as sent (with the message found or posted) and lets the job record it; false if it was already ended. */
  function recordSent(job: ScheduledJob, delivery: DeliveryRecord, messageId: string, nowMs: number, schedule?: ScheduleRecord, dueMs?: number): boolean {
    return store.transaction(() => {
      // Another process may have taken over and recorded it while this one stalled: then change nothing.
      if (!store.deliveries.markSent(delivery, messageId, nowMs)) return false;
      job.recordSent(delivery, nowMs);
      if (schedule && dueMs !== undefined) advancePast(schedule, dueMs, nowMs);
      return true;
    });
  }

  /** Unsure whether it was posted: recorded with the reason (shown in status), never re-sent; the rotation moves on. */
  function recordUnverified(job: ScheduledJob, delivery: DeliveryRecord, reason: string, nowMs: number, schedule?: ScheduleRecord, dueMs?: number): void {
    const ended = store.transaction(() => {
      if (!store.deliveries.resolveClaim(delivery, 'unverified', reason, nowMs)) return false;
      job.recordSent(delivery, nowMs);
      if (schedule && dueMs !== undefined) advancePast(schedule, dueMs, nowMs);
      return true;
    });
    if (ended) log.warn({ guildId: delivery.guildId, kind: delivery.kind, week: delivery.weekKey, reason }, 'an earlier attempt could not be verified; not re-sending');
  }

  /** Ends a claim as failed (not posted) and moves the schedule on, unless it was already ended. */
  function recordFailed(delivery: DeliveryRecord, reason: string, nowMs: number, schedule: ScheduleRecord, dueMs: number): boolean {
    return store.transaction(() => {
      if (!store.deliveries.markFailed(delivery, reason, nowMs)) return false;
      advancePast(schedule, dueMs, nowMs);
      return true;
    });
  }

  async function recordFailure(
    job: ScheduledJob,
    schedule: ScheduleRecord,
    delivery: DeliveryRecord,
    failure: SendFailure,
    markers: readonly string[],
    dueMs: number,
    nowMs: number,
    report: TickReport,
    fence: Fence,
  ): Promise<void> {
    if (failure.kind === 'permanent') {
      store.transaction(() => {
        if (!store.deliveries.markFailed(delivery, failure.reason, nowMs)) return;
        store.schedules.pause(schedule.scheduleId, failure.reason, nowMs);
      });
      report.paused++;
      log.warn({ guildId: schedule.guildId, kind: schedule.kind, reason: failure.reason }, 'schedule paused: an admin must fix the channel');
      return;
    }
    const attempts = store.deliveries.recordAttempt(delivery, failure.reason);
    if (attempts < maxAttemptsPerOccurrence) {
      store.schedules.retryAt(schedule.scheduleId, nowMs + retryDelayMs(attempts), nowMs);
      report.retrying++;
      log.warn({ guildId: schedule.guildId, kind: schedule.kind, attempts, reason: failure.reason }, 'post failed; will retry');
      return;
    }
    // Giving up: the last attempt may still have reached Discord, so look once more before saying "not posted".
    const reason = `gave up after ${attempts} attempts: ${failure.reason}`;
    const verification = await verify(delivery, markers, report, fence);
    const found = verification.kind === 'searched' ? markers.map((marker) => verification.found.get(marker)).find((id) => id !== undefined) : undefined;
    if (found) {
      if (recordSent(job, delivery, found, nowMs, schedule, dueMs)) report.verified++;
    } else if (verification.kind === 'searched') {
      if (recordFailed(delivery, reason, nowMs, schedule, dueMs)) report.failed++;
    } else {
      recordUnverified(job, delivery, `${reason}, and the channel could not be checked`, nowMs, schedule, dueMs);
      report.unverified++;
    }
    log.error({ guildId: schedule.guildId, kind: schedule.kind, attempts, reason: failure.reason, found: Boolean(found) }, 'gave up on this week’s post');
  }

  /** The job's messages, each marked with its nonce; one that no button can carry the marker on is a failure. */
  function composeMarked(job: ScheduledJob, schedule: ScheduleRecord, delivery: DeliveryRecord): Planned {
    const outcome = job.compose(schedule, delivery);
    if (outcome.kind !== 'send') return outcome;
    const marked = outcome.messages.slice(0, markerCount).map((body, index) => withMarker(body, nonceAt(delivery, index)));
    if (marked.length === 0 || marked.some((body) => body === null)) return { kind: 'fail', reason: 'a scheduled message needs a button to carry its marker' };
    return { kind: 'send', bodies: marked as MessageBody[] };
  }

  async function deliver(job: ScheduledJob, schedule: ScheduleRecord, delivery: DeliveryRecord, dueMs: number, nowMs: number, report: TickReport, fence: Fence): Promise<void> {
    // Composed once: a retry or a resume sends the messages stored with the first attempt, whatever changed since.
    const planned: Planned = delivery.messages ? { kind: 'send', bodies: delivery.messages } : composeMarked(job, schedule, delivery);
    if (planned.kind === 'skip') {
      store.transaction(() => {
        if (store.deliveries.markSkipped(delivery, planned.reason, nowMs)) advancePast(schedule, dueMs, nowMs);
      });
      report.skipped++;
      log.info({ guildId: schedule.guildId, kind: schedule.kind, reason: planned.reason }, 'nothing to post this week');
      return;
    }
    if (planned.kind === 'fail') {
      if (recordFailed(delivery, planned.reason, nowMs, schedule, dueMs)) report.failed++;
      return;
    }
    const { bodies } = planned;
    const markers = bodies.map((_, index) => nonceAt(delivery, index));
    const messageIds = new Map<number, string>();
    if (delivery.attemptWallMs !== null) {
      // An earlier attempt may have reached Discord (crash, stop, time-out, 5xx, lost response): look first.
      const verification = await verify(delivery, markers, report, fence);
      if (verification.kind === 'unreadable') {
        recordUnverified(job, delivery, verification.reason, nowMs, schedule, dueMs);
        report.unverified++;
        return;
      }
      if (verification.kind === 'error') {
        if (verification.failure.kind === 'rate-limited' || verification.failure.kind === 'aborted') return fence.stopSending(verification.failure.reason);
        if (verification.failure.kind === 'permanent') {
          // The channel is gone or closed to the bot, and an earlier attempt may have been posted there.
          recordUnverified(job, delivery, verification.failure.reason, nowMs);
          store.schedules.pause(schedule.scheduleId, verification.failure.reason, nowMs);
          report.paused++;
          return;
        }
        await recordFailure(job, schedule, delivery, verification.failure, markers, dueMs, nowMs, report, fence);
        return;
      }
      markers.forEach((marker, index) => {
        const found = verification.found.get(marker);
        if (found) messageIds.set(index, found);
      });
      if (messageIds.size === bodies.length) {
        if (recordSent(job, delivery, messageIds.get(0)!, nowMs, schedule, dueMs)) report.verified++;
        log.info({ guildId: schedule.guildId, kind: schedule.kind, week: delivery.weekKey }, 'found an earlier attempt in the channel; recorded it, sent nothing');
        return;
      }
    } else {
      // Checked before the attempt is written down: a stop here gives the claim back untouched.
      try {
        fence.check();
      } catch (error) {
        if (!(error instanceof StopSending)) throw error;
        if (fence.ownsClaims()) store.deliveries.releaseClaim(delivery);
        return;
      }
      store.deliveries.markAttemptStarted(delivery, wallClock(), bodies);
    }
    try {
      for (const [index, body] of bodies.entries()) {
        if (messageIds.has(index)) continue;
        fence.check();
        const { messageId } = await poster.send(delivery.channelId, body, markers[index]!, {
          maxRateLimitWaitMs: fence.remainingMs(),
          signal: abortInFlight.signal,
          precondition: () => fence.check(),
        });
        messageIds.set(index, messageId);
      }
    } catch (error) {
      if (error instanceof StopSending) {
        // Stopped before this delivery's first request left the bot, and no other process can be working on
        // it (this one still holds the lease): give the claim back, so nothing is left claimed or to look for.
        if (delivery.attemptWallMs === null && messageIds.size === 0 && fence.ownsClaims()) store.deliveries.releaseClaim(delivery);
        return;
      }
      const failure = classifySendFailure(error);
      // Nothing is known to be lost: the claim stays, and the next tick looks in the channel before sending.
      if (failure.kind === 'rate-limited' || failure.kind === 'aborted') return fence.stopSending(failure.reason);
      await recordFailure(job, schedule, delivery, failure, markers, dueMs, nowMs, report, fence);
      return;
    }
    if (recordSent(job, delivery, messageIds.get(0)!, nowMs, schedule, dueMs)) report.sent++;
  }

  /** Runs one claimed delivery, marked in flight so the orphan sweep leaves it alone. */
  async function deliverInFlight(job: ScheduledJob, schedule: ScheduleRecord, delivery: DeliveryRecord, dueMs: number, nowMs: number, report: TickReport, fence: Fence): Promise<void> {
    const id = keyId(delivery);
    inFlight.add(id);
    try {
      await deliver(job, schedule, delivery, dueMs, nowMs, report, fence);
    } finally {
      inFlight.delete(id);
    }
  }

  async function runSchedule(listed: ScheduleRecord, nowMs: number, report: TickReport, fence: Fence): Promise<void> {
    const job = jobFor(listed.kind);
    // Read again: during a long fan-out an admin may have paused, changed or removed it since the tick began.
    const current = store.schedules.find(listed.guildId, listed.kind, listed.subjectId);
    if (!job || !current || current.pausedReason !== null || (current.retryAtMs ?? 0) > nowMs) return;
    let schedule = current;
    for (let step = 0; step < 3; step++) {
      const plan = planDue(schedule.rule, schedule.nextDueMs, nowMs, job.catchUp.lateWindowMs);
      if (plan.kind === 'wait') return;
      if (plan.kind === 'skip-missed') {
        // Too late to be useful: record each missed week once and move on, never a burst of old posts.
        // A claim left for one of those weeks is resolved by the orphan sweep (it may have been posted).
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
      fence.check();
      const claimed = claim(job, schedule, keyOf(schedule, plan.weekKey), plan.dueMs, nowMs);
      if ('already' in claimed) {
        // Already posted (e.g. by post-now) or given up this week: only move the schedule on.
        advancePast(schedule, plan.dueMs, nowMs);
        return;
      }
      await deliverInFlight(job, schedule, claimed.delivery, plan.dueMs, nowMs, report, fence);
      return;
    }
  }

  /**
   * Claims whose schedule no longer waits for them (removed, paused, moved past their week, e.g. after a
   * crash and a long downtime): found in the channel → sent; never attempted or not found → missed; history
   * unreadable → unverified. None stays claimed.
   */
  async function resolveOrphanedClaims(nowMs: number, report: TickReport, fence: Fence): Promise<void> {
    for (const delivery of store.deliveries.claimedBefore(nowMs, maxOrphansPerTick)) {
      if (inFlight.has(keyId(delivery))) continue;
      const job = jobFor(delivery.kind);
      if (!job) continue;
      const schedule = store.schedules.find(delivery.guildId, delivery.kind, delivery.subjectId);
      const owned = schedule && schedule.pausedReason === null && localWeekKey(schedule.nextDueMs, schedule.rule.timeZone) === delivery.weekKey;
      if (owned) continue;
      const why = !schedule ? 'the schedule was removed' : schedule.pausedReason !== null ? 'the schedule is paused' : 'its week has passed';
      fence.check();
      if (delivery.attemptWallMs === null) {
        store.deliveries.resolveClaim(delivery, 'missed', `not posted: ${why} before it was sent`, nowMs);
        report.resolved++;
        continue;
      }
      const markers = Array.from({ length: markerCount }, (_, index) => nonceAt(delivery, index));
      const verification = await verify(delivery, markers, report, fence);
      if (verification.kind === 'error') {
        if (verification.failure.kind === 'rate-limited' || verification.failure.kind === 'aborted') return fence.stopSending(verification.failure.reason);
        // The channel is gone or unreadable for good: nothing more can be learnt.
        if (verification.failure.kind === 'permanent') recordUnverified(job, delivery, verification.failure.reason, nowMs);
        continue;
      }
      if (verification.kind === 'unreadable') recordUnverified(job, delivery, verification.reason, nowMs);
      else {
        const messageId = markers.map((marker) => verification.found.get(marker)).find((id) => id !== undefined);
        if (messageId) recordSent(job, delivery, messageId, nowMs);
        else store.deliveries.resolveClaim(delivery, 'missed', `not posted: an attempt did not reach Discord and ${why}`, nowMs);
      }
      report.resolved++;
    }
  }

  /** Runs one due task and records what it decided; an error is retried later, backing off, then given up. */
  async function runTimedTask(handler: TimedTask, task: TimedTaskRecord, report: TickReport, fence: Fence): Promise<void> {
    fence.check();
    try {
      const outcome = await handler.run(task, { signal: abortInFlight.signal, maxRateLimitWaitMs: fence.remainingMs(), check: () => fence.check() });
      if (outcome.kind === 'done') store.timedTasks.finish(task);
      else store.timedTasks.postpone(task, outcome.atMs, 0, null);
      log.info({ guildId: task.guildId, kind: task.kind, subject: task.subjectId, outcome: outcome.kind, detail: outcome.detail }, 'timed task ran');
    } catch (error) {
      if (error instanceof StopSending || isDatabaseBusy(error)) throw error;
      const attempts = task.attempts + 1;
      const reason = error instanceof Error ? error.message : String(error);
      if (attempts >= maxTimedTaskAttempts) {
        store.transaction(() => {
          handler.giveUp(task, `gave up after ${attempts} attempts: ${reason}`, clock.now());
          store.timedTasks.finish(task);
        });
        log.error({ err: error, guildId: task.guildId, kind: task.kind, subject: task.subjectId, attempts }, 'gave up on a timed task');
      } else {
        store.timedTasks.postpone(task, clock.now() + timedTaskRetryDelayMs(attempts), attempts, reason);
        log.warn({ err: error, guildId: task.guildId, kind: task.kind, subject: task.subjectId, attempts }, 'timed task failed; will retry');
      }
    }
    report.tasks++;
  }

  /**
   * Every due one-off task, a batch at a time with a few in flight (many polls may end in the same minute), each
   * at most once a tick. A stop (lease lost, shutting down) leaves the rest due, to run on the next tick.
   */
  async function runTimedTasks(nowMs: number, report: TickReport, fence: Fence): Promise<void> {
    const ranThisTick = new Set<string>();
    for (;;) {
      const batch = store.timedTasks.due(nowMs, maxTasksPerBatch, knownTaskKinds).filter((task) => !ranThisTick.has(`${task.kind}|${task.subjectId}`));
      if (batch.length === 0 || fence.stoppedReason) return;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batch.length && !fence.stoppedReason) {
          const task = batch[next++]!;
          ranThisTick.add(`${task.kind}|${task.subjectId}`);
          try {
            await runTimedTask(timedTasks.get(task.kind)!, task, report, fence);
          } catch (error) {
            if (error instanceof StopSending) return;
            if (noteFailure(error)) return fence.stopSending('the database is locked by another process');
            throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(taskConcurrency, batch.length) }, worker));
    }
  }

  /** Renews the lease on a timer during a tick, and fences every send behind a read of it. */
  function startFence(acquiredAtMs: number): Fence & { end(): void } {
    let stoppedReason: string | null = null;
    let renewedAtMs = acquiredAtMs;
    const stopSending = (reason: string): void => {
      if (stoppedReason) return;
      stoppedReason = reason;
      log.warn({ reason }, 'scheduler stops sending for this tick');
    };
    const timer = setInterval(() => {
      try {
        const now = clock.now();
        if (store.leases.tryAcquire(leaseName, holderId, now, leaseTtlMs)) renewedAtMs = now;
        else stopSending('another process took the scheduler lease');
      } catch (error) {
        stopSending(noteFailure(error) ? 'the database is locked by another process' : 'the scheduler lease could not be renewed');
      }
    }, Math.max(1_000, Math.floor(leaseTtlMs / 6)));
    timer.unref();
    return {
      check() {
        if (stopping) stopSending('the bot is stopping');
        if (!stoppedReason && !store.leases.holds(leaseName, holderId, clock.now())) stopSending('the scheduler lease is no longer held');
        if (stoppedReason) throw new StopSending(stoppedReason);
      },
      remainingMs: () => Math.max(0, renewedAtMs + leaseTtlMs - clock.now() - 5_000),
      ownsClaims: () => {
        try {
          return store.leases.holds(leaseName, holderId, clock.now());
        } catch {
          return false;
        }
      },
      stopSending,
      get stoppedReason() {
        return stoppedReason;
      },
      end: () => clearInterval(timer),
    };
  }

  async function runTick(): Promise<TickReport> {
    const report = emptyReport();
    const nowMs = clock.now();
    try {
      if (stopping) return { ...report, ran: false };
      if (!store.leases.tryAcquire(leaseName, holderId, nowMs, leaseTtlMs)) {
        standBy();
        return { ...report, ran: false };
      }
      health.noteSuccess();
    } catch (error) {
      if (noteFailure(error)) return { ...report, ran: false, stoppedEarly: 'the database is locked by another process' };
      log.error({ err: error }, 'scheduler tick could not take its lease');
      return { ...report, ran: false, stoppedEarly: 'the database could not be written' };
    }
    const fence = startFence(nowMs);
    try {
      await resolveOrphanedClaims(nowMs, report, fence);
      const due = store.schedules.due(nowMs, maxDuePerTick);
      report.due = due.length;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < due.length && !fence.stoppedReason) {
          const schedule = due[next++]!;
          try {
            await runSchedule(schedule, nowMs, report, fence);
          } catch (error) {
            if (error instanceof StopSending) return;
            // Locked: the whole tick is tried again in a moment (a claim left mid-way is verified first).
            if (noteFailure(error)) return fence.stopSending('the database is locked by another process');
            // One server's problem must not stop the others; a write failure shows in status.
            log.error({ err: error, guildId: schedule.guildId, kind: schedule.kind }, 'scheduled work failed');
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
      // Weeks this tick skipped as missed may have left a claim: resolve it now rather than next minute.
      if (!fence.stoppedReason) await resolveOrphanedClaims(clock.now(), report, fence);
      if (!fence.stoppedReason) await runTimedTasks(nowMs, report, fence);
    } catch (error) {
      if (!(error instanceof StopSending)) {
        if (noteFailure(error)) fence.stopSending('the database is locked by another process');
        else log.error({ err: error }, 'scheduler tick failed');
      }
    } finally {
      fence.end();
    }
    report.stoppedEarly = fence.stoppedReason;
    if (report.due > 0 || report.resolved > 0 || report.tasks > 0 || report.stoppedEarly) log.info(report, 'scheduler tick');
    return report;
  }

  /** A fence for post-now: a command runs where it is answered, with no lease, but stops with the process. */
  function commandFence(): Fence {
    let stoppedReason: string | null = null;
    return {
      check() {
        if (stopping) stoppedReason ??= 'the bot is stopping';
        if (stoppedReason) throw new StopSending(stoppedReason);
      },
      remainingMs: () => 10_000,
      // A command holds no lease: the scheduler may be working on the same claim elsewhere.
      ownsClaims: () => false,
      stopSending: (reason) => void (stoppedReason ??= reason),
      get stoppedReason() {
        return stoppedReason;
      },
    };
  }

  async function postNow(schedule: ScheduleRecord): Promise<PostNowResult> {
    const job = jobFor(schedule.kind);
    if (!job) return { kind: 'failed', reason: `no job runs schedules of kind ${schedule.kind}`, paused: false };
    const nowMs = clock.now();
    const key = keyOf(schedule, localWeekKey(nowMs, schedule.rule.timeZone));
    // After the clock was set back, "this week" may be one already behind a week that was posted.
    const last = store.deliveries.lastSent(schedule.guildId, schedule.kind);
    if (last && last.subjectId === schedule.subjectId && last.weekKey > key.weekKey) return { kind: 'already', delivery: last };
    const claimed = claim(job, schedule, key, nowMs, nowMs);
    if ('already' in claimed) return { kind: 'already', delivery: claimed.already };
    const report = emptyReport();
    const fence = commandFence();
    await deliverInFlight(job, schedule, claimed.delivery, nowMs, nowMs, report, fence);
    const after = store.deliveries.find(key)!;
    if (after.status === 'sent') return { kind: 'sent', delivery: after };
    if (after.status === 'skipped') return { kind: 'skipped', reason: after.reason ?? 'nothing to post' };
    if (after.status === 'unverified') return { kind: 'already', delivery: after };
    if (after.status === 'claimed') return { kind: 'failed', reason: fence.stoppedReason ?? after.lastError ?? 'not sent yet', paused: false };
    return { kind: 'failed', reason: after.lastError ?? 'unknown error', paused: report.paused > 0 };
  }

  const runner: SchedulerRunner = {
    postNow,
    tick() {
      if (running) {
        log.warn('previous scheduler tick still running; this one is skipped');
        return Promise.resolve({ ...emptyReport(), ran: false });
      }
      running = runTick().finally(() => {
        running = null;
        retrySoonIfBusy();
      });
      return running;
    },
    async idle() {
      await running;
    },
    holdsLease: () => store.leases.holds(leaseName, holderId, clock.now()),
    async stop(graceMs = 3_000) {
      stopping = true;
      if (standbyTimer) clearTimeout(standbyTimer);
      if (busyTimer) clearTimeout(busyTimer);
      const abort = setTimeout(() => abortInFlight.abort(), graceMs);
      try {
        await running;
      } finally {
        clearTimeout(abort);
      }
      try {
        store.leases.release(leaseName, holderId);
      } catch (error) {
        health.noteError(error);
        log.error({ err: error }, 'could not release the scheduler lease');
      }
    },
  };
  return runner;
}
