import unhomoglyph from 'unhomoglyph';
import { caseFold } from 'unicode-case-folding';

/**
 * When two names a user typed would look the same in a list: case, width, ligatures, invisible characters,
 * letters from another script and composed or decomposed accents make no difference. A name is kept as typed
 * for display; these keys are only compared, never shown.
 */

/** Format characters (zero-width spaces and joiners, soft hyphens, bidi controls) and other default-ignorables (Hangul fillers). */
const invisible = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** A dot above on a letter that already has one ("i̇", the lower case of "İ") shows as the letter alone. */
const dotOnDottedLetter = /(\p{Soft_Dotted}(?:(?!\u0307)\p{Mn})*)\u0307/gu;

/** NFKC plus full case folding, without invisible characters, spaces collapsed (roughly Unicode's NFKC_Casefold). */
function foldCase(text: string): string {
  return caseFold(text.replace(invisible, '').normalize('NFKC'))
    .normalize('NFKC')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** UTS #39's skeleton: NFD, each character replaced by its prototype from Unicode's confusables data, NFD again. */
function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD').replace(dotOnDottedLetter, '$1')).normalize('NFD');
}

/**
 * Two keys of a name; names look alike when either key is the same. Folding case first catches "İstanbul" and
 * "istanbul" ("i̇" is an "i") or "Ian" and "ian"; taking the skeleton first catches upper-case letters that look
 * alike only in upper case (Greek "ΒΟΟΚ" and "BOOK", whose lower cases differ). Both end case-folded.
 */
export function lookAlikeKeys(name: string): readonly [string, string] {
  return [foldCase(skeleton(foldCase(name))), foldCase(skeleton(name.replace(invisible, '').normalize('NFKC')))];
}

export function keysLookAlike(a: readonly [string, string], b: readonly [string, string]): boolean {
  return a[0] === b[0] || a[1] === b[1];
}

export function looksAlike(a: string, b: string): boolean {
  return keysLookAlike(lookAlikeKeys(a), lookAlikeKeys(b));
}

/** Whether a name shows something: at least one letter or digit that is not an invisible character. */
export function hasVisibleLetterOrDigit(name: string): boolean {
  return /[\p{L}\p{N}]/u.test(name.replace(invisible, ''));
}
