/**
 * Text in a picture: cut to a width with "…". The layout cuts with an estimate of the font's widths (a pure core
 * cannot measure); the renderer cuts again with the real measure only if something still overflows. One cutting
 * rule, two measures.
 */

import { ellipsis, graphemesOf } from '../../../core/truncate-text.js';

/** The width of `text` at a font size in pixels. */
export type MeasureText = (text: string, size: number, weight: TextWeight) => number;

export type TextWeight = 'normal' | 'bold';

/** CJK, Hangul, full-width forms and emoji take about a square each. */
const wideGrapheme = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|\p{Extended_Pictographic}|[\u{20000}-\u{3FFFD}]/u;

/** Advance widths of Noto Sans in ems, roughly, by class of letter; rounded up so an estimate rarely falls short. */
function graphemeEms(grapheme: string): number {
  if (wideGrapheme.test(grapheme)) return 1;
  if (grapheme === ' ') return 0.27;
  if (/^[il.,:;'!|Ijft]/.test(grapheme)) return 0.32;
  if (/^[mwMW@]/.test(grapheme)) return 0.9;
  if (/^[A-Z]/.test(grapheme)) return 0.68;
  return 0.6;
}

/** An estimate of how wide Noto Sans draws `text`: enough for a layout to cut names, never used to place anything exactly. */
export const estimateTextWidth: MeasureText = (text, size, weight) => {
  let ems = 0;
  for (const grapheme of graphemesOf(text)) ems += graphemeEms(grapheme);
  return ems * size * (weight === 'bold' ? 1.06 : 1);
};

/**
 * `text` if it fits in `maxWidth`, else its longest start of whole graphemes that fits with "…" after it. A text
 * already ending with "…" (cut by the layout) is cut again from its uncut part, so it never ends with two.
 */
export function fitText(text: string, maxWidth: number, size: number, weight: TextWeight, measure: MeasureText): string {
  if (measure(text, size, weight) <= maxWidth) return text;
  const base = text.endsWith(ellipsis) ? text.slice(0, -ellipsis.length) : text;
  const graphemes = [...graphemesOf(base)];
  // The longest prefix that fits: widths only grow with length, so a binary search finds it in a few measures.
  let low = 0;
  let high = graphemes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(graphemes.slice(0, middle).join('').trimEnd() + ellipsis, size, weight) <= maxWidth) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? ellipsis : graphemes.slice(0, low).join('').trimEnd() + ellipsis;
}
