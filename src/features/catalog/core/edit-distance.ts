/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so "pyhton" is one edit
 * from "python"), giving up as soon as the distance must exceed `max`. Returns max + 1 when it does.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  // Three rows reused by every call (it runs thousands of times per typo lookup, never concurrently).
  if (rows.length < 3 * width) rows = new Int32Array(3 * Math.max(width, 2 * rows.length / 3));
  let beforePrevious = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j < width; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, rows[previous + j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, rows[beforePrevious + j - 2]! + 1);
      }
      rows[current + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  const distance = rows[previous + b.length]!;
  return distance > max ? max + 1 : distance;
}

let rows = new Int32Array(3 * 64);
