import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasVisibleLetterOrDigit, looksAlike } from '../../src/core/look-alike.js';
import { invisibleNames, lookAlikeKinds } from '../fixtures/look-alike-names.js';

/** Names that must stay different. */
const distinctPairs: readonly (readonly [string, string])[] = [
  ['Rust', 'Python'],
  ['résumé', 'resume'],
  ['Book Club 1', 'Book Club 2'],
  ['Book Club', 'BookClub'],
  ['Fluent Python', 'Fluent Python readers'],
  ['北京', '東京'],
];

describe('looksAlike', () => {
  it.each(lookAlikeKinds)('catches %s', (_kind, existing, typed) => {
    expect(looksAlike(typed, existing)).toBe(true);
    expect(looksAlike(existing, typed)).toBe(true);
  });

  it.each(distinctPairs)('keeps %s and %s apart', (a, b) => {
    expect(looksAlike(a, b)).toBe(false);
  });

  it('ignores case and invisible characters for any name', () => {
    const invisible = fc.constantFrom('\u200B', '\u200C', '\u200D', '\u2060', '\u00AD', '\u202E', '\u2066', '\uFEFF');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.array(fc.tuple(fc.nat(20), invisible), { maxLength: 4 }), (name, inserts) => {
        let hidden = name;
        for (const [at, character] of inserts) {
          // Only between code points: inserting inside a surrogate pair would change the letter itself.
          const points = [...hidden];
          points.splice(at % (points.length + 1), 0, character);
          hidden = points.join('');
        }
        expect(looksAlike(hidden, name)).toBe(true);
        expect(looksAlike(name.toUpperCase(), name)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hasVisibleLetterOrDigit', () => {
  it.each(invisibleNames)('refuses %s', (_kind, name) => {
    expect(hasVisibleLetterOrDigit(name)).toBe(false);
  });

  it('accepts names with something to read, whatever else they hold', () => {
    for (const name of ['a', '7', 'Book Club', '📚 Club', '\u200BBook', 'ＢＯＯＫ', 'Ω', '読書会', 'e\u0301']) expect(hasVisibleLetterOrDigit(name)).toBe(true);
  });
});
