import { describe, expect, it } from 'vitest';
import { graphemesOf } from '../../src/core/truncate-text.js';
import { estimateTextWidth, fitText, type MeasureText } from '../../src/features/study-groups/core/picture-text.js';
import { altTextMax, progressPictureAltText } from '../../src/features/study-groups/core/progress-picture-alt.js';
import {
  layoutProgressPicture,
  membersPerHeading,
  rowHeight,
  type BarPrimitive,
  type LinePrimitive,
  type ProgressPicture,
  type ProgressPictureInput,
  type RectPrimitive,
  type TextPrimitive,
} from '../../src/features/study-groups/core/progress-picture.js';
import { weekStartDate, weeksEndingAt } from '../../src/features/study-groups/core/streaks.js';
import { weekStates, type WeekState } from '../../src/features/study-groups/core/week-states.js';
import { sampleProgressInput, sampleWeeks } from '../fixtures/progress-picture.js';

const texts = (picture: ProgressPicture): TextPrimitive[] => picture.primitives.filter((p): p is TextPrimitive => p.kind === 'text');
const cells = (picture: ProgressPicture): RectPrimitive[] => picture.primitives.filter((p): p is RectPrimitive => p.kind === 'rect' && p.cell !== undefined);
const bars = (picture: ProgressPicture): BarPrimitive[] => picture.primitives.filter((p): p is BarPrimitive => p.kind === 'bar');

function oneMember(member: Partial<ProgressPictureInput['members'][number]>, input: Partial<ProgressPictureInput> = {}): ProgressPictureInput {
  return {
    groupName: 'Readers',
    bookTitle: 'Fluent Python, 2nd Edition',
    chapterCount: 24,
    weeks: sampleWeeks,
    members: [{ name: 'alice', weeks: sampleWeeks.map(() => 'checked-in' as const), position: null, ...member }],
    ...input,
  };
}

const allStates: WeekState[] = ['not-member', 'missed', 'break', 'checked-in', 'pending'];

describe('weekStates: what a member did each week', () => {
  const weekKeys = weeksEndingAt('2026-W48', 6);
  it('before joining: not a member; a check-in wins over a break; a break; a past week with neither: missed; this week with neither: not yet', () => {
    const states = weekStates({
      weekKeys,
      currentWeekKey: '2026-W48',
      joinedWeekKey: '2026-W44',
      checkinWeeks: new Set(['2026-W45', '2026-W46']),
      breakWeeks: new Set(['2026-W46', '2026-W47']),
    });
    expect(weekKeys).toEqual(['2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    expect(states).toEqual(['not-member', 'missed', 'checked-in', 'checked-in', 'break', 'pending']);
  });

  it('this week with a check-in or a break is that, not "not yet"', () => {
    const base = { weekKeys, currentWeekKey: '2026-W48', joinedWeekKey: '2026-W40' };
    expect(weekStates({ ...base, checkinWeeks: new Set(['2026-W48']), breakWeeks: new Set() }).at(-1)).toBe('checked-in');
    expect(weekStates({ ...base, checkinWeeks: new Set(), breakWeeks: new Set(['2026-W48']) }).at(-1)).toBe('break');
  });

  it('compares weeks across a year end (2026 has 53 ISO weeks)', () => {
    const keys = weeksEndingAt('2027-W02', 4);
    expect(keys).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weekStates({ weekKeys: keys, currentWeekKey: '2027-W02', joinedWeekKey: '2026-W53', checkinWeeks: new Set(), breakWeeks: new Set() })).toEqual(['not-member', 'missed', 'missed', 'pending']);
  });

  it('knows the Monday each week starts on', () => {
    expect(weekStartDate('2026-W48')).toEqual({ year: 2026, month: 11, day: 23 });
    expect(weekStartDate('2026-W01')).toEqual({ year: 2025, month: 12, day: 29 });
    expect(weekStartDate('2026-W53')).toEqual({ year: 2026, month: 12, day: 28 });
    expect(weekStartDate('2021-W01')).toEqual({ year: 2021, month: 1, day: 4 });
  });
});

describe('the progress picture layout', () => {
  it('draws one cell per member and week, in order, with the state it was given', () => {
    const weeks = sampleWeeks.slice(-allStates.length);
    const picture = layoutProgressPicture(oneMember({ weeks: allStates }, { weeks }));
    const drawn = cells(picture);
    expect(drawn.map((cell) => cell.cell)).toEqual(allStates.map((state, week) => ({ member: 0, week, state })));
    const xs = drawn.map((cell) => cell.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('tells the states apart by shape as well as colour', () => {
    // Everything a cell draws, colours left out: what someone who cannot tell the colours apart still sees.
    const shapeOf = (state: WeekState): string => {
      const primitives = layoutProgressPicture(oneMember({ weeks: [state] }, { weeks: sampleWeeks.slice(-1) })).primitives;
      const first = primitives.findIndex((p) => p.kind === 'rect' && p.cell !== undefined);
      const rest = primitives.slice(first + 1).findIndex((p) => p.kind === 'bar' || p.kind === 'text');
      return JSON.stringify(
        primitives.slice(first, first + 1 + rest).map((p) => (p.kind === 'line' ? { kind: p.kind, points: p.points.length } : p.kind === 'rect' ? { kind: p.kind, filled: p.fill !== null, outlined: p.stroke !== null, dashed: p.dash !== null, round: p.radius * 2 >= p.width } : { kind: p.kind })),
      );
    };
    expect(new Set(allStates.map(shapeOf)).size).toBe(allStates.length);
  });

  it('grows with the group: 200 members are 200 rows of 24 px and the column headings again before every 25, each name once, and nothing overlaps', () => {
    const input = sampleProgressInput(200);
    const picture = layoutProgressPicture(input);
    const ten = layoutProgressPicture(sampleProgressInput(10));
    expect(picture.width).toBe(ten.width);
    const headings = 200 / membersPerHeading - 1;
    expect(picture.height - ten.height).toBe((190 + headings) * rowHeight);
    expect(texts(picture).filter((t) => t.text === 'Member')).toHaveLength(1 + headings);
    const rowTops: number[] = [];
    // A row's top: its highest mark (a dot sits lower, an outline half a pixel in).
    for (const cell of cells(picture)) rowTops[cell.cell!.member] = Math.min(rowTops[cell.cell!.member] ?? Infinity, Math.floor(cell.y));
    expect(rowTops).toHaveLength(200);
    for (const [index, top] of rowTops.entries()) if (index > 0) expect(top - rowTops[index - 1]!).toBe(index % membersPerHeading === 0 ? 2 * rowHeight : rowHeight);
    const rows = new Set(cells(picture).map((cell) => cell.cell!.member));
    expect(rows.size).toBe(200);
    expect(cells(picture)).toHaveLength(200 * sampleWeeks.length);
    for (const name of ['reader 13', 'reader 200']) expect(texts(picture).filter((t) => t.text === name)).toHaveLength(1);
    const lastCell = cells(picture).at(-1)!;
    expect(lastCell.y + lastCell.height).toBeLessThanOrEqual(picture.height);
    for (const primitive of picture.primitives) {
      if (primitive.kind === 'text') {
        const width = estimateTextWidth(primitive.text, primitive.size, primitive.weight);
        const left = primitive.align === 'left' ? primitive.x : primitive.align === 'center' ? primitive.x - width / 2 : primitive.x - width;
        expect(left).toBeGreaterThanOrEqual(0);
        expect(left + width).toBeLessThanOrEqual(picture.width);
      }
    }
  });

  it('cuts a long name with "…" to fit its column, between graphemes', () => {
    const long = 'Bartholomew Fitzgerald-Montgomery the Third of Somewhere Far Away';
    const family = '👩‍👩‍👧';
    const picture = layoutProgressPicture({ ...sampleProgressInput(2), members: [{ ...sampleProgressInput(1).members[0]!, name: long }, { ...sampleProgressInput(1).members[0]!, name: family.repeat(30) }] });
    const [cutName, cutFamily] = texts(picture).filter((t) => t.text.endsWith('…'));
    expect(long.startsWith(cutName!.text.slice(0, -1))).toBe(true);
    expect(cutName!.text.length).toBeLessThan(long.length);
    expect(estimateTextWidth(cutName!.text, cutName!.size, 'normal')).toBeLessThanOrEqual(cutName!.maxWidth);
    expect([...graphemesOf(cutFamily!.text.slice(0, -1))].every((grapheme) => grapheme === family)).toBe(true);
    expect(texts(layoutProgressPicture(oneMember({ name: 'alice' }))).some((t) => t.text === 'alice')).toBe(true);
  });

  it('draws names as plain text: mentions as typed, controls and bidi overrides removed, never an empty name', () => {
    const names = ['@everyone', '<@123456789012345678>', '<@&42> @here', 'line\nbreak\u0000', '\u202Eesrever', '   '];
    const input = { ...sampleProgressInput(names.length), members: names.map((name) => ({ name, weeks: [], position: null })) };
    const drawn = texts(layoutProgressPicture(input)).map((t) => t.text);
    expect(drawn).toEqual(expect.arrayContaining(['@everyone', '<@123456789012345678>', '<@&42> @here', 'line break', 'esrever', 'unnamed member']));
  });

  it('shows the position as a bar with its words: chapters out of the book\'s, a page of an unknown total unfilled, no bar before a check-in', () => {
    const bar = (position: ProgressPictureInput['members'][number]['position']) => {
      const picture = layoutProgressPicture(oneMember({ position }));
      return { bars: bars(picture).map((b) => b.fraction), words: texts(picture).at(-1)!.text };
    };
    expect(bar({ kind: 'chapter', value: 6 })).toEqual({ bars: [0.25], words: 'chapter 6 of 24' });
    expect(bar({ kind: 'page', value: 120, of: 480 })).toEqual({ bars: [0.25], words: 'page 120 of 480' });
    expect(bar({ kind: 'page', value: 120 })).toEqual({ bars: [null], words: 'page 120' });
    expect(bar({ kind: 'percent', value: 45 })).toEqual({ bars: [0.45], words: '45%' });
    expect(bar({ kind: 'percent', value: 100 })).toEqual({ bars: [1], words: 'done' });
    expect(bar(null)).toEqual({ bars: [], words: 'no check-in yet' });
  });

  it('marks where a reading plan stands on every bar, keys the mark, colours a member behind it, and says it all in words', () => {
    const plan = { dueFraction: 0.25, label: 'week 3 of 8: ch. 7–9' };
    const input = oneMember({ position: { kind: 'chapter', value: 4 }, planStanding: { kind: 'behind', words: 'behind the plan by 2 chapters' } }, { plan });
    const picture = layoutProgressPicture(input);
    const [bar] = bars(picture);
    const marks = picture.primitives.filter((p): p is LinePrimitive => p.kind === 'line' && p.color === '#1f2328' && p.points[0]![0] === p.points[1]![0]);
    // The legend's mark, and one on the bar a quarter along.
    expect(marks).toHaveLength(2);
    expect(marks.at(-1)!.points[0]![0]).toBe(bar!.x + bar!.width * 0.25);
    expect(texts(picture).map((t) => t.text)).toContain('due by the plan');
    expect(texts(picture).find((t) => t.text === 'chapter 4 of 24')!.color).not.toBe(texts(picture).find((t) => t.text === 'alice')!.color);
    expect(texts(picture).some((t) => t.text.includes('plan week 3 of 8: ch. 7–9'))).toBe(true);
    const alt = progressPictureAltText(input);
    expect(alt).toContain('Reading plan: week 3 of 8: ch. 7–9.');
    expect(alt).toContain('alice: chapter 4 of 24, checked in 12 of 12 weeks, behind the plan by 2 chapters.');
    // Without a plan: no mark, no key.
    const plain = layoutProgressPicture(oneMember({ position: { kind: 'chapter', value: 4 } }));
    expect(texts(plain).map((t) => t.text)).not.toContain('due by the plan');
  });

  it('says so when a group has nobody', () => {
    const picture = layoutProgressPicture({ ...sampleProgressInput(0) });
    expect(texts(picture).map((t) => t.text)).toContain('No members yet.');
    expect(picture.height).toBeGreaterThan(0);
  });
});

describe('fitText', () => {
  // One pixel per UTF-16 unit: easy to count.
  const units: MeasureText = (text) => text.length;
  it('keeps what fits, cuts the rest with one "…", even a text the layout had cut already', () => {
    expect(fitText('abcdef', 6, 12, 'normal', units)).toBe('abcdef');
    expect(fitText('abcdefgh', 6, 12, 'normal', units)).toBe('abcde…');
    expect(fitText('abcdefg…', 6, 12, 'normal', units)).toBe('abcde…');
    expect(fitText('ab cdefgh', 4, 12, 'normal', units)).toBe('ab…');
    expect(fitText('abc', 0, 12, 'normal', units)).toBe('…');
  });
});

describe('the progress picture alt text', () => {
  it('names every member of a small group, with position and weeks, in words', () => {
    const input = sampleProgressInput(10);
    const alt = progressPictureAltText(input);
    expect(alt.length).toBeLessThanOrEqual(altTextMax);
    expect(alt).toMatch(/^Study progress of Fluent Friday readers, reading Fluent Python, 2nd Edition: weekly check-ins for the 12 weeks since 7 Sep/);
    expect(alt).toContain('10 members.');
    const thisWeek = new Map<string, number>();
    for (const member of input.members) thisWeek.set(member.weeks.at(-1)!, (thisWeek.get(member.weeks.at(-1)!) ?? 0) + 1);
    expect(alt).toContain(`This week: ${thisWeek.get('checked-in')} checked in, ${thisWeek.get('break')} on a break, ${thisWeek.get('pending')} not yet.`);
    expect(alt).toContain('alice: chapter 1 of 24, checked in');
    expect(alt).toContain('@everyone: chapter 7 of 24');
    expect(alt).not.toContain('\u202E');
    expect(alt).not.toContain('more.');
  });

  it('summarises a group of 200 within 1,024 characters: counts, the furthest readers, then as many as fit and how many more', () => {
    const alt = progressPictureAltText(sampleProgressInput(200));
    expect(alt.length).toBeLessThanOrEqual(altTextMax);
    expect(alt.length).toBeGreaterThan(altTextMax - 120);
    expect(alt).toContain('200 members.');
    expect(alt).toMatch(/This week: \d+ checked in, \d+ on a break, \d+ not yet\. Last week: \d+ checked in, \d+ on a break, \d+ missed/);
    expect(alt).toMatch(/Furthest: [^.]+\(done\)/);
    const listed = alt.match(/checked in \d+ of \d+ weeks/g)!.length;
    expect(alt).toMatch(new RegExp(`And ${200 - listed} more\\.$`));
  });

  it('keeps within the limit whatever the names', () => {
    const input = sampleProgressInput(50);
    const alt = progressPictureAltText({ ...input, groupName: 'g'.repeat(50), bookTitle: 'b'.repeat(200), members: input.members.map((m) => ({ ...m, name: '𝔸'.repeat(100) })) });
    expect(alt.length).toBeLessThanOrEqual(altTextMax);
    expect(alt).toContain('50 members.');
  });
});
