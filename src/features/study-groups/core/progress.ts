/**
 * Reading progress as members type it when they check in ("ch 5", "p. 120", "45%", "5/24", "done"), normalised to
 * one unit and value, and the weekly reading target a group sets ("2 chapters") to compare it with.
 */

export type ProgressUnit = 'chapter' | 'page' | 'percent';

/** Normalised progress: "ch 5" → chapter 5; "p. 120"/"page 120" → page 120; "45%" → percent 45; "5/24" → chapter 5 of 24; "done" → percent 100. */
export interface Progress {
  unit: ProgressUnit;
  value: number;
  /** Known total (from "5/24"), else null. */
  total: number | null;
}

export type ProgressParse = { ok: true; progress: Progress } | { ok: false; message: string };

export type TargetUnit = ProgressUnit;

export interface WeeklyTarget {
  unit: TargetUnit;
  amount: number;
}

export type TargetParse = { ok: true; target: WeeklyTarget } | { ok: false; message: string };

const maxInputLength = 100;
/** No book has more chapters or pages: a bigger number is a typo. */
const maxCount = 100_000;
const defaultBarWidth = 10;
/** A wider bar is a caller's mistake; capping it keeps a message within Discord's limits. */
const maxBarWidth = 100;

const progressExamples = 'Try "ch 5", "p. 120", "45%", "5/24" or "done".';
const targetExamples = 'Try "2 chapters", "50 pages" or "10%".';

/** A number as typed: an optional minus (ASCII or typographic) so negatives get their own message, and decimals. */
const numberPattern = String.raw`([-−]?\d+(?:\.\d+)?)`;
const chapterWords = String.raw`(?:ch|chap|chapter|chapters)\.?`;
const pageWords = String.raw`(?:p|pg|page)\.?`;
const ofTotal = String.raw`(?: ?(?:/|of) ?${numberPattern})?`;

const chapterProgress = new RegExp(`^${chapterWords} ?${numberPattern}${ofTotal}$`);
const pageProgress = new RegExp(`^${pageWords} ?${numberPattern}${ofTotal}$`);
/** "5/24" and "5 of 24" are a chapter of the book's chapters: that is how a reading plan counts. */
const fractionProgress = new RegExp(`^${numberPattern} ?(?:/|of) ?${numberPattern}$`);
const percentProgress = new RegExp(`^${numberPattern} ?(?:%|percent|pct)$`);
const bareNumber = new RegExp(`^${numberPattern}$`);
const doneWords = new Set(['done', 'finished', 'complete', 'completed']);

const perWeek = / ?(?:(?:a|per|each|every) (?:week|wk)|\/ ?(?:week|wk)|weekly)$/;
const chapterTarget = new RegExp(`^${numberPattern} ?(?:ch|chs|chap|chaps|chapter|chapters)\\.?$`);
const pageTarget = new RegExp(`^${numberPattern} ?(?:p|pp|pg|pgs|page|pages)\\.?$`);
const percentTarget = new RegExp(`^${numberPattern} ?(?:%|percent|pct)$`);
const targetPatterns: ReadonlyArray<readonly [TargetUnit, RegExp]> = [
  ['chapter', chapterTarget],
  ['page', pageTarget],
  ['percent', percentTarget],
];

type NumberCheck = { ok: true; value: number } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/**
 * One form for matching: lower case, single spaces. NFKC folds full-width forms ("ｃｈ５", typed with CJK input
 * methods) and superscripts into ASCII, so those are accepted. Digits of other scripts ("٥") survive NFKC; they are
 * rejected by `hasForeignDigits` with a message asking for 0–9, rather than guessed at.
 */
function normaliseInput(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function hasForeignDigits(text: string): boolean {
  return /(?![0-9])\p{Nd}/u.test(text);
}

function toNumber(raw: string): number {
  return Number(raw.replace('−', '-'));
}

/** "-0" is negative as typed, even though it is zero as a number. */
const isNegative = (raw: string): boolean => /^[-−]/.test(raw);

/** A chapter or page number: a whole number from 1 to `maxCount`. */
function checkCount(raw: string, unit: 'chapter' | 'page', examples: string): NumberCheck {
  const value = toNumber(raw);
  const example = unit === 'chapter' ? '"ch 1"' : '"p 1"';
  if (isNegative(raw)) return fail(`The number can't be negative. ${examples}`);
  if (!Number.isInteger(value)) return fail(`${unit === 'chapter' ? 'Chapters' : 'Pages'} are whole numbers: write ${unit === 'chapter' ? '"ch 2"' : '"p 120"'}, not a decimal.`);
  if (value === 0) return fail(`${unit === 'chapter' ? 'Chapters' : 'Pages'} start at 1: write ${example} for the first one, or "0%" if you haven't started.`);
  if (value > maxCount) return fail(`That's more ${unit}s than any book has (${maxCount.toLocaleString('en-US')} at most). ${examples}`);
  return { ok: true, value };
}

/** A percentage from 0 to 100 with at most one decimal ("45.5%"). */
function checkPercent(raw: string, examples: string): NumberCheck {
  const value = toNumber(raw);
  if (isNegative(raw)) return fail(`A percentage can't be negative. ${examples}`);
  if (value > 100) return fail('A percentage goes up to 100%: write "100%" or "done" when you have finished.');
  if (!/^\d+(?:\.\d)?$/.test(raw)) return fail('Use at most one decimal in a percentage, like "45.5%".');
  return { ok: true, value };
}

function countProgress(unit: 'chapter' | 'page', rawValue: string, rawTotal: string | undefined): ProgressParse {
  const value = checkCount(rawValue, unit, progressExamples);
  if (!value.ok) return value;
  if (rawTotal === undefined) return { ok: true, progress: { unit, value: value.value, total: null } };
  if (toNumber(rawTotal) === 0) return fail(`A book has at least one ${unit}: write the total after the slash, like "5/24".`);
  const total = checkCount(rawTotal, unit, progressExamples);
  if (!total.ok) return total;
  if (value.value > total.value) return fail(`${unit === 'chapter' ? 'Chapter' : 'Page'} ${value.value} is past the end of ${total.value}: write how far you are first, like "5/24".`);
  return { ok: true, progress: { unit, value: value.value, total: total.value } };
}

export function parseProgress(text: string): ProgressParse {
  if (text.length > maxInputLength) return fail(`That's too long for a progress update (${maxInputLength} characters at most). ${progressExamples}`);
  const cleaned = normaliseInput(text);
  if (cleaned === '') return fail(`Say how far you are. ${progressExamples}`);
  if (hasForeignDigits(cleaned)) return fail('Please write numbers with the digits 0–9, like "ch 5" or "45%".');
  if (doneWords.has(cleaned)) return { ok: true, progress: { unit: 'percent', value: 100, total: null } };
  let match: RegExpExecArray | null;
  if ((match = chapterProgress.exec(cleaned))) return countProgress('chapter', match[1]!, match[2]);
  if ((match = pageProgress.exec(cleaned))) return countProgress('page', match[1]!, match[2]);
  if ((match = fractionProgress.exec(cleaned))) return countProgress('chapter', match[1]!, match[2]);
  if ((match = percentProgress.exec(cleaned))) {
    const percent = checkPercent(match[1]!, progressExamples);
    return percent.ok ? { ok: true, progress: { unit: 'percent', value: percent.value, total: null } } : percent;
  }
  if (bareNumber.test(cleaned)) return fail('A number alone is ambiguous: write "ch 5" for a chapter, "p 5" for a page or "5%".');
  return fail(`I couldn't read that as progress. ${progressExamples}`);
}

function formatPercent(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * The chapter total to show: the book's when its chapter list is known (a typed "3/4" cannot shrink a 24-chapter
 * book), unless that list is clearly stale (the chapter is past its end); else the one typed ("5/24"), if any.
 */
function chapterTotal(progress: Progress, chapterCount: number | null | undefined): number | null {
  const known = chapterCount !== null && chapterCount !== undefined && Number.isInteger(chapterCount) && chapterCount >= 1;
  return known && chapterCount >= progress.value ? chapterCount : progress.total;
}

/** "chapter 5 of 24", "page 120", "45%", "done" (percent 100). `chapterCount` from the dataset when known (used when total is null and unit is chapter). */
export function describeProgress(progress: Progress, chapterCount?: number | null): string {
  switch (progress.unit) {
    case 'chapter': {
      const total = chapterTotal(progress, chapterCount);
      return total === null ? `chapter ${progress.value}` : `chapter ${progress.value} of ${total}`;
    }
    case 'page':
      return progress.total === null ? `page ${progress.value}` : `page ${progress.value} of ${progress.total}`;
    case 'percent':
      return progress.value >= 100 ? 'done' : `${formatPercent(progress.value)}%`;
  }
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/** 0–1 when a total is known (chapter with total or chapterCount, or percent), else null. */
export function progressFraction(progress: Progress, chapterCount?: number | null): number | null {
  switch (progress.unit) {
    case 'percent':
      return clamp01(progress.value / 100);
    case 'chapter': {
      // "chapter 5 of 24" counts chapter 5 as reached: 5/24 of the book.
      const total = chapterTotal(progress, chapterCount);
      return total === null ? null : clamp01(progress.value / total);
    }
    case 'page':
      return progress.total === null ? null : clamp01(progress.value / progress.total);
  }
}

/**
 * A text bar like "▓▓▓▓▓░░░░░" of `width` cells (1–100) for a fraction 0–1. A started book shows at least one full
 * cell and an unfinished one at least one empty cell, so the bar never claims "not started" or "done" wrongly.
 */
export function progressBar(fraction: number, width: number = defaultBarWidth): string {
  const cells = Number.isFinite(width) ? Math.min(maxBarWidth, Math.max(1, Math.floor(width))) : defaultBarWidth;
  const clamped = Number.isFinite(fraction) ? clamp01(fraction) : 0;
  let filled = Math.round(clamped * cells);
  if (clamped > 0 && filled === 0) filled = 1;
  if (clamped < 1 && filled === cells && cells > 1) filled = cells - 1;
  return '▓'.repeat(filled) + '░'.repeat(cells - filled);
}

/** "2 chapters", "1 chapter", "50 pages", "10%" → target. A trailing "a week", "per week" or "/week" is allowed. */
export function parseTarget(text: string): TargetParse {
  if (text.length > maxInputLength) return fail(`That's too long for a weekly target (${maxInputLength} characters at most). ${targetExamples}`);
  const cleaned = normaliseInput(text).replace(perWeek, '').trim();
  if (cleaned === '') return fail(`Say how much to read each week. ${targetExamples}`);
  if (hasForeignDigits(cleaned)) return fail('Please write numbers with the digits 0–9, like "2 chapters".');
  const found = targetPatterns.map(([unit, pattern]) => ({ unit, match: pattern.exec(cleaned) })).find(({ match }) => match !== null);
  if (!found?.match) {
    if (bareNumber.test(cleaned)) return fail('A number alone is ambiguous: write "2 chapters", "50 pages" or "10%".');
    return fail(`I couldn't read that as a weekly target. ${targetExamples}`);
  }
  const { unit, match } = found;
  const raw = match[1]!;
  if (toNumber(raw) === 0) return fail(`A weekly target must be more than zero. ${targetExamples}`);
  const amount = unit === 'percent' ? checkPercent(raw, targetExamples) : checkCount(raw, unit, targetExamples);
  return amount.ok ? { ok: true, target: { unit, amount: amount.value } } : amount;
}

/** "2 chapters a week", "50 pages a week", "10% a week". */
export function describeTarget(target: WeeklyTarget): string {
  if (target.unit === 'percent') return `${formatPercent(target.amount)}% a week`;
  return `${target.amount} ${target.unit}${target.amount === 1 ? '' : 's'} a week`;
}

/**
 * Whether a member is on track: progress expected = weeksSinceJoin × amount in the target's unit (percent targets compare
 * with percent progress, chapter with chapter, page with page; a progress in another unit → null = unknown). Returns
 * { onTrack: boolean; expected: number } or null when it cannot be compared.
 *
 * No progress yet is null too (unknown, not "behind"). "done" is on track whatever the target's unit. The expectation
 * never exceeds the end of the book (100%, or the total when the member typed one), so a finished reader stays on track.
 */
export function onTrack(target: WeeklyTarget, progress: Progress | null, weeksSinceJoin: number): { onTrack: boolean; expected: number } | null {
  if (progress === null) return null;
  const weeks = Number.isFinite(weeksSinceJoin) ? Math.max(0, weeksSinceJoin) : 0;
  let expected = weeks * target.amount;
  const finished = progress.unit === 'percent' && progress.value >= 100;
  if (progress.unit !== target.unit) return finished ? { onTrack: true, expected } : null;
  const end = progress.unit === 'percent' ? 100 : progress.total;
  if (end !== null) expected = Math.min(expected, end);
  return { onTrack: finished || progress.value >= expected, expected };
}

/**
 * Progress against the book's sourced chapter list: "chapter 5 of 24: Data Class Builders". Without a list,
 * or for pages and percentages, the same as describeProgress.
 */
export function describeProgressInBook(progress: Progress, chapterTitles: readonly string[] | null): string {
  const count = chapterTitles?.length ?? null;
  const base = describeProgress(progress, count);
  if (progress.unit !== 'chapter' || !chapterTitles || !Number.isInteger(progress.value)) return base;
  const title = chapterTitles[progress.value - 1];
  return title === undefined ? base : `${base}: ${title}`;
}

/** The book a check-in is for, when its chapter list is known. */
export interface BookChapters {
  title: string;
  chapterCount: number;
}

/**
 * Why this progress cannot be right for the book, or null: a chapter past its end ("ch 30" of 24), or a typed total
 * other than the book's ("3/4" of 24). A typed total equal to the book's is fine; without a chapter list, anything is.
 */
export function progressProblemInBook(progress: Progress, book: BookChapters | null): string | null {
  if (progress.unit !== 'chapter' || book === null) return null;
  const { title, chapterCount } = book;
  if (progress.value > chapterCount) return `${title} has ${chapterCount} chapters, so chapter ${String(progress.value)} cannot be right. Try "ch ${chapterCount}" or "done".`;
  if (progress.total !== null && progress.total !== chapterCount) {
    return `${title} has ${chapterCount} chapters, not ${progress.total} — write "ch ${String(progress.value)}" (or "${String(progress.value)}/${chapterCount}") and the board counts from ${chapterCount}.`;
  }
  return null;
}
