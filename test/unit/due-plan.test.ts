import { describe, expect, it } from 'vitest';
import { maxAttemptsPerOccurrence, planDue, retryDelayMs } from '../../src/platform/scheduling/core/due-plan.js';
import { nextDueInstant, type WeeklyRule } from '../../src/core/weekly-rule.js';

const hour = 3_600_000;
const day = 24 * hour;
const rule: WeeklyRule = { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' };
const due = nextDueInstant(rule, Date.UTC(2026, 10, 22));
/** The spotlight's catch-up policy. */
const lateWindowMs = 12 * hour;

describe('what a due schedule does', () => {
  it('waits until it is due', () => {
    expect(planDue(rule, due, due - 1, lateWindowMs)).toEqual({ kind: 'wait' });
  });

  it('sends on time, and once late after a short downtime (3 hours)', () => {
    expect(planDue(rule, due, due, lateWindowMs)).toMatchObject({ kind: 'send', dueMs: due, weekKey: '2026-W48', lateByMs: 0 });
    expect(planDue(rule, due, due + 3 * hour, lateWindowMs)).toMatchObject({ kind: 'send', dueMs: due, lateByMs: 3 * hour });
    expect(planDue(rule, due, due + lateWindowMs, lateWindowMs)).toMatchObject({ kind: 'send' });
  });

  it('skips a post missed during a long downtime (3 days) and moves to next week', () => {
    const plan = planDue(rule, due, due + 3 * day, lateWindowMs);
    expect(plan).toEqual({ kind: 'skip-missed', missed: [{ dueMs: due, weekKey: '2026-W48' }], nextDueMs: nextDueInstant(rule, due) });
    if (plan.kind === 'skip-missed') expect(plan.nextDueMs).toBeGreaterThan(due + 3 * day);
  });

  it('records every week missed in a long outage, and sends the one still within 12 hours', () => {
    const plan = planDue(rule, due, due + 14 * day + 2 * hour, lateWindowMs);
    expect(plan.kind).toBe('skip-missed');
    if (plan.kind !== 'skip-missed') return;
    expect(plan.missed.map((m) => m.weekKey)).toEqual(['2026-W48', '2026-W49']);
    // The third occurrence fell due two hours ago: it is still sent (late).
    expect(planDue(rule, plan.nextDueMs, due + 14 * day + 2 * hour, lateWindowMs)).toMatchObject({ kind: 'send', weekKey: '2026-W50' });
  });

  it("follows each job's own catch-up window", () => {
    expect(planDue(rule, due, due + 2 * hour, hour)).toMatchObject({ kind: 'skip-missed', nextDueMs: nextDueInstant(rule, due) });
    expect(planDue(rule, due, due + 2 * hour, 3 * hour)).toMatchObject({ kind: 'send', lateByMs: 2 * hour });
  });

  it('backs off between retries, a bounded number of times', () => {
    const delays = Array.from({ length: maxAttemptsPerOccurrence - 1 }, (_, i) => retryDelayMs(i + 1));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays[0]).toBe(60_000);
    expect(retryDelayMs(99)).toBe(delays.at(-1));
  });
});
