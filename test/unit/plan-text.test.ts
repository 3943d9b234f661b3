import { describe, expect, it } from 'vitest';
import { planLineFor, planLines, planWeekText, weekSpan } from '../../src/features/study-groups/core/plan-text.js';
import { planWeeks } from '../../src/features/study-groups/core/reading-plan.js';

const titles = ['The Python Data Model', 'An Array of Sequences', 'Dictionaries and Sets', 'Unicode Text Versus Bytes', 'Data Class Builders', 'Object References, Mutability, and Recycling'];

describe('a reading plan in words', () => {
  it('names a week by its Monday and Sunday, across a month and a year', () => {
    expect(weekSpan('2026-W50')).toBe('7–13 Dec');
    expect(weekSpan('2026-W53')).toBe('28 Dec – 3 Jan');
  });

  it('names a week\'s chapters with their titles, as numbers when titles are off or missing, and a week with nothing new', () => {
    expect(planWeekText({ weekKey: '2026-W50', from: 5, to: 6 }, 'chapter', titles)).toBe('ch. 5 Data Class Builders, ch. 6 Object References, Mutability, and Recycling');
    expect(planWeekText({ weekKey: '2026-W50', from: 5, to: 6 }, 'chapter', titles, 0)).toBe('ch. 5–6');
    expect(planWeekText({ weekKey: '2026-W50', from: 6, to: 7 }, 'chapter', titles)).toBe('ch. 6–7');
    expect(planWeekText({ weekKey: '2026-W50', from: 3, to: 3 }, 'chapter', null)).toBe('ch. 3');
    expect(planWeekText({ weekKey: '2026-W50', from: 3, to: 2 }, 'chapter', titles)).toBe('catch up: nothing new');
    expect(planWeekText({ weekKey: '2026-W50', from: 26, to: 50 }, 'percent', null)).toBe('25–50%');
  });

  it('gives the reminder this week\'s part, the start before the plan begins, and nothing once it is over', () => {
    const plan = planWeeks({ startWeekKey: '2026-W50', endWeekKey: '2026-W52' }, 6);
    expect(planLineFor(plan, '2026-W51', titles)).toBe('📅 This week (14–20 Dec): ch. 3 Dictionaries and Sets, ch. 4 Unicode Text Versus Bytes');
    expect(planLineFor(plan, '2026-W48', titles)).toBe('📅 The reading plan starts the week of 7–13 Dec, with ch. 1 The Python Data Model, ch. 2 An Array of Sequences');
    expect(planLineFor(plan, '2027-W02', titles)).toBeNull();
  });

  it('lists the plan week by week and marks this week', () => {
    const plan = planWeeks({ startWeekKey: '2026-W50', endWeekKey: '2026-W52' }, 6);
    expect(planLines(plan, '2026-W51', titles, 0)).toEqual(['**1.** 7–13 Dec: ch. 1–2', '**2.** 14–20 Dec: ch. 3–4 ◀ this week', '**3.** 21–27 Dec: ch. 5–6']);
  });
});
