import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemesOf, truncateText } from '../../src/core/truncate-text.js';
import { checkinModal, startGroupModal } from '../../src/features/study-groups/presenters/replies.js';
import { fitChoices, fitEmbed } from '../../src/platform/discord/limits.js';

/** Pieces that are easy to cut in the middle: surrogate pairs, ZWJ sequences, flags, keycaps, skin tones, combining marks. */
const awkward = fc.constantFrom('😀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇩🇪', '🇯🇵', '1️⃣', '👍🏽', 'é', 'e\u0301', 'a\u0301\u0323\u0308', '\r\n', 'ก็', '한', '𝐁', 'x', ' ');
const awkwardText = fc.array(fc.oneof(awkward, fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''));

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('truncateText', () => {
  it('keeps short text, cuts long text with an ellipsis', () => {
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abcdef', 1)).toBe('…');
    expect(truncateText('abcdef', 0)).toBe('');
  });

  it('never splits an emoji, a flag, a ZWJ sequence or a letter from its accents', () => {
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
    expect(truncateText('ab🇩🇪cd', 5)).toBe('ab…');
    expect(truncateText('ab👨‍👩‍👧‍👦cd', 12)).toBe('ab…');
    expect(truncateText('abe\u0301\u0323cd', 5)).toBe('ab…');
    expect(truncateText('ab👍🏽cd', 7)).toBe('ab👍🏽…');
  });

  it('cuts within the limit, to whole graphemes of the text, for any text', () => {
    fc.assert(
      fc.property(awkwardText, fc.integer({ min: 0, max: 60 }), (text, max) => {
        const cut = truncateText(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (text.length <= max || max === 0) {
          expect(cut).toBe(text.length <= max ? text : '');
          return;
        }
        expect(cut.endsWith('…')).toBe(true);
        const kept = cut.slice(0, -1);
        const graphemes = [...graphemesOf(text)];
        const keptGraphemes = [...graphemesOf(kept)];
        // A prefix made of whole graphemes of the text: the same graphemes, in the same order, from the start.
        expect(graphemes.slice(0, keptGraphemes.length)).toEqual(keptGraphemes);
        // And the longest such prefix that fits with the ellipsis.
        const next = graphemes[keptGraphemes.length];
        if (next !== undefined) expect(kept.length + next.length).toBeGreaterThan(max - 1);
        if (!loneSurrogate.test(text)) expect(cut).not.toMatch(loneSurrogate);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('every cut a member sees', () => {
  it('keeps an emoji whole in the check-in form title', () => {
    // "Check in: " is 10 units; 34 more reach 44, and the emoji would end at 46 (the title's limit is 45).
    const name = `${'x'.repeat(34)}😀 club`;
    const { title } = checkinModal(1, name);
    expect(title).toBe(`Check in: ${'x'.repeat(34)}…`);
    expect(title).not.toMatch(loneSurrogate);
  });

  it('keeps titles, labels and choices whole-grapheme for any text', () => {
    fc.assert(
      fc.property(awkwardText, (text) => {
        const modal = checkinModal(1, text.repeat(3), [text.repeat(8)]);
        const start = startGroupModal('fluent-python', text.repeat(10), null);
        const embed = fitEmbed({ title: text.repeat(20), description: text.repeat(200), fields: [{ name: text.repeat(20), value: text.repeat(80) }] });
        const [choice] = fitChoices([{ name: text.repeat(10) || 'x', value: 'v' }]);
        const select = modal.components[0] as unknown as { component?: { options: { label: string }[] } };
        const shown = [modal.title, start.title, embed.title!, embed.description!, embed.fields![0]!.name, embed.fields![0]!.value, choice!.name, select.component?.options[0]?.label ?? ''];
        if (!loneSurrogate.test(text)) for (const part of shown) expect(part).not.toMatch(loneSurrogate);
        expect(modal.title.length).toBeLessThanOrEqual(45);
        expect(start.title.length).toBeLessThanOrEqual(45);
      }),
      { numRuns: 200 },
    );
  });
});
