import { describe, expect, it } from 'vitest';
import { parsePlanRequest, type PlanRequest } from '../../src/features/study-groups/core/plan-request.js';
import { describeStanding, planPoint, planStanding, planWeeks, weekKeysBetween } from '../../src/features/study-groups/core/reading-plan.js';

/** The reading plan's arithmetic: chapters (or percent) spread over weeks, and a member against it. */

describe('planWeeks', () => {
  it('spreads 24 chapters over 8 weeks, 3 a week, the last week ending the book', () => {
    const plan = planWeeks({ startWeekKey: '2026-W50', endWeekKey: '2027-W04' }, 24);
    expect(plan.unit).toBe('chapter');
    expect(plan.weeks.map((week) => week.weekKey)).toEqual(['2026-W50', '2026-W51', '2026-W52', '2026-W53', '2027-W01', '2027-W02', '2027-W03', '2027-W04']);
    expect(plan.weeks.map((week) => [week.from, week.to])).toEqual([[1, 3], [4, 6], [7, 9], [10, 12], [13, 15], [16, 18], [19, 21], [22, 24]]);
  });

  it('spreads unevenly counts evenly, and gives some weeks nothing new when there are more weeks than chapters', () => {
    const uneven = planWeeks({ startWeekKey: '2026-W01', endWeekKey: '2026-W05' }, 13);
    expect(uneven.weeks.map((week) => week.to - week.from + 1)).toEqual([2, 3, 2, 3, 3]);
    const long = planWeeks({ startWeekKey: '2026-W01', endWeekKey: '2026-W06' }, 4);
    expect(long.weeks.map((week) => [week.from, week.to])).toEqual([[1, 0], [1, 1], [2, 2], [3, 2], [3, 3], [4, 4]]);
    // Every chapter is in exactly one week.
    const assigned = long.weeks.flatMap((week) => Array.from({ length: Math.max(0, week.to - week.from + 1) }, (_, i) => week.from + i));
    expect(assigned).toEqual([1, 2, 3, 4]);
  });

  it('plans in percent for a book without a sourced chapter list', () => {
    const plan = planWeeks({ startWeekKey: '2026-W10', endWeekKey: '2026-W13' }, null);
    expect(plan).toMatchObject({ unit: 'percent', total: 100 });
    expect(plan.weeks.map((week) => week.to)).toEqual([25, 50, 75, 100]);
  });

  it('counts the weeks between two, none when the end comes first', () => {
    expect(weekKeysBetween('2026-W10', '2026-W09')).toEqual([]);
    expect(weekKeysBetween('2026-W10', '2028-W10').length).toBeGreaterThan(53);
  });
});

describe('parsePlanRequest', () => {
  it('reads dates as their ISO weeks, start defaulting to this week, and a pace as the weeks it takes', () => {
    expect(parsePlanRequest({ start: '2026-12-09', end: '2027-01-31', pace: null }, '2026-W49', 24)).toEqual({ ok: true, spec: { startWeekKey: '2026-W50', endWeekKey: '2027-W04' } });
    expect(parsePlanRequest({ start: null, end: null, pace: '2 chapters' }, '2026-W50', 24)).toEqual({ ok: true, spec: { startWeekKey: '2026-W50', endWeekKey: '2027-W08' } });
    expect(parsePlanRequest({ start: null, end: null, pace: '30 chapters' }, '2026-W50', 24)).toEqual({ ok: true, spec: { startWeekKey: '2026-W50', endWeekKey: '2026-W50' } });
    expect(parsePlanRequest({ start: null, end: null, pace: '10%' }, '2026-W50', null)).toEqual({ ok: true, spec: { startWeekKey: '2026-W50', endWeekKey: '2027-W06' } });
  });

  it('says what to type instead of what it cannot use', () => {
    const message = (request: Partial<PlanRequest>, chapters: number | null = 24) => {
      const result = parsePlanRequest({ start: null, end: null, pace: null, ...request }, '2026-W50', chapters);
      return result.ok ? null : result.message;
    };
    expect(message({})).toMatch(/end:.*or how fast/);
    expect(message({ end: '2027-02-30' })).toMatch(/year-month-day/);
    expect(message({ start: '9 Dec' , end: '2027-01-31' })).toMatch(/start:/);
    expect(message({ end: '2026-11-01' })).toMatch(/before the start/);
    expect(message({ end: '2029-01-01' })).toMatch(/at most 53 weeks/);
    expect(message({ end: '2027-01-31', pace: '2 chapters' })).toMatch(/not both/);
    expect(message({ pace: '50 pages' })).toMatch(/chapters or percent/);
    expect(message({ pace: '2 chapters' }, null)).toMatch(/no sourced chapter list/);
    expect(message({ pace: '1%' })).toMatch(/100 weeks/);
  });
});

describe('a member against the plan', () => {
  const plan = planWeeks({ startWeekKey: '2026-W50', endWeekKey: '2027-W04' }, 24);

  it('is on plan within this week\'s chapters, behind below what was due, ahead past this week\'s part', () => {
    expect(planPoint(plan, '2026-W52')).toMatchObject({ due: 6, target: 9 });
    expect(planStanding(plan, '2026-W52', { unit: 'chapter', value: 6, total: null })).toEqual({ kind: 'on-plan' });
    expect(planStanding(plan, '2026-W52', { unit: 'chapter', value: 9, total: null })).toEqual({ kind: 'on-plan' });
    expect(planStanding(plan, '2026-W52', { unit: 'chapter', value: 4, total: null })).toEqual({ kind: 'behind', by: 2 });
    expect(planStanding(plan, '2026-W52', { unit: 'chapter', value: 12, total: null })).toEqual({ kind: 'ahead', by: 3 });
  });

  it('reads percent and pages with a total in chapters, and knows nothing from pages without one', () => {
    expect(planStanding(plan, '2026-W52', { unit: 'percent', value: 12.5, total: null })).toEqual({ kind: 'behind', by: 3 });
    expect(planStanding(plan, '2026-W52', { unit: 'page', value: 300, total: 800 })).toEqual({ kind: 'on-plan' });
    expect(planStanding(plan, '2026-W52', { unit: 'page', value: 300, total: null })).toBeNull();
    expect(planStanding(plan, '2026-W52', null)).toBeNull();
  });

  it('expects nothing before the plan starts and the whole book after it ends', () => {
    expect(planStanding(plan, '2026-W40', { unit: 'chapter', value: 1, total: null })).toEqual({ kind: 'ahead', by: 1 });
    expect(planStanding(plan, '2027-W10', { unit: 'chapter', value: 20, total: null })).toEqual({ kind: 'behind', by: 4 });
    expect(planStanding(plan, '2027-W10', { unit: 'percent', value: 100, total: null })).toEqual({ kind: 'on-plan' });
  });

  it('says it in words', () => {
    expect(describeStanding({ kind: 'behind', by: 1 }, 'chapter')).toBe('behind the plan by 1 chapter');
    expect(describeStanding({ kind: 'ahead', by: 3 }, 'chapter')).toBe('ahead of the plan by 3 chapters');
    expect(describeStanding({ kind: 'behind', by: 15 }, 'percent')).toBe('behind the plan by 15%');
    expect(describeStanding({ kind: 'on-plan' }, 'percent')).toBe('on plan');
  });
});
