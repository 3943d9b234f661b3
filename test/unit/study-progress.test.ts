import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeProgress,
  describeProgressInBook,
  describeTarget,
  onTrack,
  parseProgress,
  parseTarget,
  progressBar,
  progressFraction,
  progressProblemInBook,
  type Progress,
} from '../../src/features/study-groups/core/progress.js';

function parsed(text: string): Progress {
  const result = parseProgress(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.message}`);
  return result.progress;
}

function rejection(text: string): string {
  const result = parseProgress(text);
  if (result.ok) throw new Error(`expected "${text}" to be rejected, got ${JSON.stringify(result.progress)}`);
  return result.message;
}

describe('parseProgress', () => {
  it.each([
    ['ch 5', { unit: 'chapter', value: 5, total: null }],
    ['ch5', { unit: 'chapter', value: 5, total: null }],
    ['ch. 5', { unit: 'chapter', value: 5, total: null }],
    ['chapter 5', { unit: 'chapter', value: 5, total: null }],
    ['Chapter 5', { unit: 'chapter', value: 5, total: null }],
    ['  CH   5  ', { unit: 'chapter', value: 5, total: null }],
    ['chapter 5 of 24', { unit: 'chapter', value: 5, total: 24 }],
    ['p 120', { unit: 'page', value: 120, total: null }],
    ['p. 120', { unit: 'page', value: 120, total: null }],
    ['pg 120', { unit: 'page', value: 120, total: null }],
    ['page 120', { unit: 'page', value: 120, total: null }],
    ['page 120 of 300', { unit: 'page', value: 120, total: 300 }],
    ['45%', { unit: 'percent', value: 45, total: null }],
    ['45 %', { unit: 'percent', value: 45, total: null }],
    ['45.5%', { unit: 'percent', value: 45.5, total: null }],
    ['0%', { unit: 'percent', value: 0, total: null }],
    ['5/24', { unit: 'chapter', value: 5, total: 24 }],
    ['5 / 24', { unit: 'chapter', value: 5, total: 24 }],
    ['24/24', { unit: 'chapter', value: 24, total: 24 }],
    ['done', { unit: 'percent', value: 100, total: null }],
    ['Finished', { unit: 'percent', value: 100, total: null }],
    ['100%', { unit: 'percent', value: 100, total: null }],
    ['ch 100000', { unit: 'chapter', value: 100_000, total: null }],
  ])('reads %j', (text, progress) => {
    expect(parseProgress(text)).toEqual({ ok: true, progress });
  });

  it.each([
    ['', /how far/],
    ['   ', /how far/],
    ['banana', /couldn't read/],
    ['ch', /couldn't read/],
    ['ch -3', /negative/],
    ['-5%', /negative/],
    ['ch 0', /start at 1/],
    ['p 0', /start at 1/],
    ['101%', /up to 100%/],
    ['45.55%', /one decimal/],
    ['7/5', /past the end/],
    ['5/0', /at least one/],
    ['0/24', /start at 1/],
    ['ch 100001', /more chapters than any book/],
    ['p 999999999999999999999', /more pages than any book/],
    ['ch 2.5', /whole numbers/],
    ['p 12.5', /whole numbers/],
    ['5', /ambiguous/],
    ['ch 5 of 2.5', /whole numbers/],
  ])('rejects %j with a message that says what to type', (text, reason) => {
    const message = rejection(text);
    expect(message).toMatch(reason);
    expect(message).toMatch(/"[^"]+"/);
  });

  it('rejects input longer than 100 characters before reading it', () => {
    expect(rejection(`ch 5${' '.repeat(97)}`)).toMatch(/too long/);
    expect(parseProgress(`ch 5${' '.repeat(96)}`).ok).toBe(true);
  });

  it('accepts full-width forms (NFKC) but rejects digits of other scripts', () => {
    // Full-width letters, ideographic space and digits, as CJK input methods type them.
    expect(parsed('ｃｈ\u3000５')).toEqual({ unit: 'chapter', value: 5, total: null });
    expect(parsed('４５％')).toEqual({ unit: 'percent', value: 45, total: null });
    expect(rejection('ch ٥')).toMatch(/digits 0–9/);
    expect(rejection('ch ५')).toMatch(/digits 0–9/);
  });

  it('never throws and either accepts or explains, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const result = parseProgress(text);
        if (result.ok) {
          expect(Number.isFinite(result.progress.value)).toBe(true);
          expect(result.progress.value).toBeGreaterThanOrEqual(0);
        } else {
          expect(result.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads back what describeProgress writes', () => {
    const progress = fc.oneof(
      fc.integer({ min: 1, max: 100_000 }).map((value): Progress => ({ unit: 'chapter', value, total: null })),
      fc.integer({ min: 1, max: 100_000 }).chain((total) => fc.integer({ min: 1, max: total }).map((value): Progress => ({ unit: 'chapter', value, total }))),
      fc.integer({ min: 1, max: 100_000 }).map((value): Progress => ({ unit: 'page', value, total: null })),
      fc.integer({ min: 0, max: 1000 }).map((tenths): Progress => ({ unit: 'percent', value: tenths / 10, total: null })),
    );
    fc.assert(
      fc.property(progress, (value) => {
        expect(parsed(describeProgress(value))).toEqual(value);
      }),
    );
  });
});

describe('describeProgress and progressFraction', () => {
  it('writes each unit plainly', () => {
    expect(describeProgress({ unit: 'chapter', value: 5, total: 24 })).toBe('chapter 5 of 24');
    expect(describeProgress({ unit: 'chapter', value: 5, total: null })).toBe('chapter 5');
    expect(describeProgress({ unit: 'page', value: 120, total: null })).toBe('page 120');
    expect(describeProgress({ unit: 'percent', value: 45, total: null })).toBe('45%');
    expect(describeProgress({ unit: 'percent', value: 45.5, total: null })).toBe('45.5%');
    expect(describeProgress({ unit: 'percent', value: 100, total: null })).toBe('done');
  });

  it("uses the dataset's chapter count, over a typed total too, unless it is smaller than the chapter", () => {
    expect(describeProgress({ unit: 'chapter', value: 5, total: null }, 24)).toBe('chapter 5 of 24');
    expect(describeProgress({ unit: 'chapter', value: 3, total: 4 }, 24)).toBe('chapter 3 of 24');
    expect(progressFraction({ unit: 'chapter', value: 3, total: 4 }, 24)).toBe(0.125);
    expect(describeProgress({ unit: 'chapter', value: 30, total: 40 }, 24)).toBe('chapter 30 of 40');
    expect(describeProgress({ unit: 'chapter', value: 5, total: 20 }, null)).toBe('chapter 5 of 20');
    expect(describeProgress({ unit: 'chapter', value: 30, total: null }, 24)).toBe('chapter 30');
    expect(describeProgress({ unit: 'chapter', value: 5, total: null }, null)).toBe('chapter 5');
    expect(progressFraction({ unit: 'chapter', value: 6, total: null }, 24)).toBe(0.25);
    expect(progressFraction({ unit: 'chapter', value: 30, total: null }, 24)).toBeNull();
  });

  it('knows the fraction only when a total is known', () => {
    expect(progressFraction({ unit: 'chapter', value: 5, total: 20 })).toBe(0.25);
    expect(progressFraction({ unit: 'chapter', value: 5, total: null })).toBeNull();
    expect(progressFraction({ unit: 'page', value: 120, total: null }, 24)).toBeNull();
    expect(progressFraction({ unit: 'page', value: 150, total: 300 })).toBe(0.5);
    expect(progressFraction({ unit: 'percent', value: 45, total: null })).toBe(0.45);
    expect(progressFraction({ unit: 'percent', value: 100, total: null })).toBe(1);
  });
});

describe('progressBar', () => {
  it('fills cells in proportion', () => {
    expect(progressBar(0.5)).toBe('▓▓▓▓▓░░░░░');
    expect(progressBar(0)).toBe('░░░░░░░░░░');
    expect(progressBar(1)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(progressBar(0.25, 4)).toBe('▓░░░');
  });

  it('never shows a started book as empty nor an unfinished one as full', () => {
    expect(progressBar(0.01)).toBe('▓░░░░░░░░░');
    expect(progressBar(0.99)).toBe('▓▓▓▓▓▓▓▓▓░');
  });

  it('copes with out-of-range input', () => {
    expect(progressBar(-1)).toBe('░░░░░░░░░░');
    expect(progressBar(7)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(progressBar(Number.NaN)).toBe('░░░░░░░░░░');
    expect(progressBar(0.5, 0)).toHaveLength(1);
    expect(progressBar(0.5, 1e9)).toHaveLength(100);
  });

  it('always has exactly `width` cells', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 100 }), (fraction, width) => {
        expect([...progressBar(fraction, width)]).toHaveLength(width);
      }),
    );
  });
});

describe('weekly targets', () => {
  it.each([
    ['2 chapters', { unit: 'chapter', amount: 2 }],
    ['1 chapter', { unit: 'chapter', amount: 1 }],
    ['3 ch', { unit: 'chapter', amount: 3 }],
    ['50 pages', { unit: 'page', amount: 50 }],
    ['50 pages a week', { unit: 'page', amount: 50 }],
    ['50 pages/week', { unit: 'page', amount: 50 }],
    ['10%', { unit: 'percent', amount: 10 }],
    ['12.5 % per week', { unit: 'percent', amount: 12.5 }],
    ['２ chapters', { unit: 'chapter', amount: 2 }],
  ])('reads %j', (text, target) => {
    expect(parseTarget(text)).toEqual({ ok: true, target });
  });

  it.each([
    ['', /how much/],
    ['lots', /couldn't read/],
    ['2', /ambiguous/],
    ['0 chapters', /more than zero/],
    ['-2 chapters', /negative/],
    ['1.5 chapters', /whole numbers/],
    ['150%', /up to 100%/],
    ['200000 pages', /more pages than any book/],
    ['٢ chapters', /digits 0–9/],
    ['x'.repeat(101), /too long/],
  ])('rejects %j', (text, reason) => {
    const result = parseTarget(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(reason);
  });

  it('describes a target per week', () => {
    expect(describeTarget({ unit: 'chapter', amount: 2 })).toBe('2 chapters a week');
    expect(describeTarget({ unit: 'chapter', amount: 1 })).toBe('1 chapter a week');
    expect(describeTarget({ unit: 'page', amount: 50 })).toBe('50 pages a week');
    expect(describeTarget({ unit: 'percent', amount: 10 })).toBe('10% a week');
    expect(parseTarget(describeTarget({ unit: 'page', amount: 1 }))).toEqual({ ok: true, target: { unit: 'page', amount: 1 } });
  });
});

describe('onTrack', () => {
  const twoChapters = { unit: 'chapter', amount: 2 } as const;

  it('expects one target per week of membership, in the same unit', () => {
    expect(onTrack(twoChapters, parsed('ch 6'), 3)).toEqual({ onTrack: true, expected: 6 });
    expect(onTrack(twoChapters, parsed('ch 5'), 3)).toEqual({ onTrack: false, expected: 6 });
    expect(onTrack({ unit: 'page', amount: 50 }, parsed('p 120'), 2)).toEqual({ onTrack: true, expected: 100 });
    expect(onTrack({ unit: 'percent', amount: 10 }, parsed('25%'), 3)).toEqual({ onTrack: false, expected: 30 });
  });

  it('cannot compare different units or a member without progress', () => {
    expect(onTrack(twoChapters, parsed('p 120'), 3)).toBeNull();
    expect(onTrack({ unit: 'percent', amount: 10 }, parsed('ch 5'), 3)).toBeNull();
    expect(onTrack(twoChapters, null, 3)).toBeNull();
  });

  it('keeps a finished reader on track, whatever the unit and however long ago they joined', () => {
    expect(onTrack(twoChapters, parsed('done'), 30)?.onTrack).toBe(true);
    expect(onTrack({ unit: 'percent', amount: 10 }, parsed('100%'), 30)).toEqual({ onTrack: true, expected: 100 });
    expect(onTrack(twoChapters, parsed('24/24'), 30)).toEqual({ onTrack: true, expected: 24 });
  });

  it('expects nothing in the first week yet', () => {
    expect(onTrack(twoChapters, parsed('ch 1'), 0)).toEqual({ onTrack: true, expected: 0 });
  });
});

describe('progress against a book\'s chapter list', () => {
  const titles = ['The Python Data Model', 'An Array of Sequences', 'Dictionaries and Sets'];
  const chapter = (value: number, total: number | null = null) => ({ unit: 'chapter' as const, value, total });

  it('names the chapter and counts it against the list', () => {
    expect(describeProgressInBook(chapter(2), titles)).toBe('chapter 2 of 3: An Array of Sequences');
    expect(describeProgressInBook(chapter(2, 3), titles)).toBe('chapter 2 of 3: An Array of Sequences');
  });

  it('falls back to the plain description without a list, for pages and percentages, and for part chapters', () => {
    expect(describeProgressInBook(chapter(2), null)).toBe('chapter 2');
    expect(describeProgressInBook({ unit: 'page', value: 120, total: null }, titles)).toBe('page 120');
    expect(describeProgressInBook({ unit: 'percent', value: 100, total: null }, titles)).toBe('done');
    expect(describeProgressInBook(chapter(2.5), titles)).toBe('chapter 2.5 of 3');
  });

  const book = { title: 'Fluent Python', chapterCount: 3 };

  it('finds a chapter beyond the book wrong, and anything else fine', () => {
    expect(progressProblemInBook(chapter(4), book)).toMatch(/Fluent Python has 3 chapters, so chapter 4 cannot be right/);
    expect(progressProblemInBook(chapter(3), book)).toBeNull();
    expect(progressProblemInBook(chapter(40), null)).toBeNull();
    expect(progressProblemInBook({ unit: 'page', value: 400, total: null }, book)).toBeNull();
  });

  it("refuses a typed total other than the book's, accepts the book's own, and accepts any without a chapter list", () => {
    expect(progressProblemInBook(chapter(2, 4), book)).toBe('Fluent Python has 3 chapters, not 4 — write "ch 2" (or "2/3") and the board counts from 3.');
    expect(progressProblemInBook(chapter(1, 1000), book)).toMatch(/^Fluent Python has 3 chapters, not 1000/);
    expect(progressProblemInBook(chapter(2, 3), book)).toBeNull();
    expect(progressProblemInBook(chapter(2, 4), null)).toBeNull();
    expect(progressProblemInBook({ unit: 'page', value: 2, total: 4 }, book)).toBeNull();
  });
});
