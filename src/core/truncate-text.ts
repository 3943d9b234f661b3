/**
 * Cutting text to a length limit. Lengths are UTF-16 code units (JavaScript's `length`, how discord.js and the
 * emulator check Discord's limits; never less than a count of code points), and a cut only falls between
 * graphemes, so an emoji, a flag, a ZWJ sequence or a letter with its accents is kept whole or left out whole.
 */

export const ellipsis = '…';
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The graphemes of a text, in order (read lazily: a long text is only segmented as far as it is used). */
export function* graphemesOf(text: string): Generator<string> {
  for (const { segment } of graphemeSegmenter.segment(text)) yield segment;
}

/** The longest run of whole pieces from the start whose length together is at most `max`. */
export function wholePiecesWithin(pieces: Iterable<string>, max: number): string {
  let kept = '';
  for (const piece of pieces) {
    if (kept.length + piece.length > max) break;
    kept += piece;
  }
  return kept;
}

/** Text cut to at most `max` UTF-16 units, ending with "…" when cut; never splits a grapheme. */
export function truncateText(text: string, max: number): string {
  const limit = Math.floor(max);
  if (text.length <= limit) return text;
  if (!(limit >= ellipsis.length)) return '';
  return wholePiecesWithin(graphemesOf(text), limit - ellipsis.length) + ellipsis;
}
