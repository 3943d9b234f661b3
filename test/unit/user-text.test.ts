import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeUserText } from '../../src/core/user-text.js';

const zwsp = '\u200B';
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What Discord would resolve as a ping or a channel link in the text. */
const liveMention = /@(everyone|here)|<@[!&]?\d+>|<#\d+>/;

describe('escapeUserText', () => {
  it('breaks @everyone and @here', () => {
    expect(escapeUserText('@everyone read ch 5')).toBe(`@${zwsp}everyone read ch 5`);
    expect(escapeUserText('hi @here')).toBe(`hi @${zwsp}here`);
    expect(escapeUserText('@everyone @here')).not.toMatch(liveMention);
  });

  it('breaks user, role and channel mentions', () => {
    expect(escapeUserText('<@123>')).toBe(`\\<@${zwsp}123>`);
    expect(escapeUserText('<@!123>')).toBe(`\\<@${zwsp}!123>`);
    expect(escapeUserText('<@&456>')).toBe(`\\<@${zwsp}&456>`);
    expect(escapeUserText('<#789>')).toBe('\\<#789>');
    expect(escapeUserText('a < b')).toBe('a < b');
  });

  it('escapes inline markdown so it shows literally', () => {
    expect(escapeUserText('**bold**')).toBe('\\*\\*bold\\*\\*');
    expect(escapeUserText('`code`')).toBe('\\`code\\`');
    expect(escapeUserText('__u__ ~~s~~ ||spoiler||')).toBe('\\_\\_u\\_\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\|');
    expect(escapeUserText('[click](https://example.com)')).toBe('\\[click\\](https://example.com)');
    expect(escapeUserText('C:\\path')).toBe('C:\\\\path');
  });

  it('escapes quotes, headings, lists and subtext only at the start of a line', () => {
    expect(escapeUserText('> quote')).toBe('\\> quote');
    expect(escapeUserText('# Title\n## Sub\n-# small\n- item\n  > nested\n1. first')).toBe('\\# Title\n\\## Sub\n\\-# small\n\\- item\n  \\> nested\n1\\. first');
    expect(escapeUserText('a > b, #1 - ok, 2. next')).toBe('a > b, #1 - ok, 2. next');
  });

  it('trims surrounding space and drops invisible controls', () => {
    expect(escapeUserText('  hello \r\n world  ')).toBe('hello \n world');
    expect(escapeUserText('a\u0000b\u202Ec')).toBe('abc');
  });

  it('cuts long text to `max` characters with an ellipsis', () => {
    const cut = escapeUserText('x'.repeat(5000), 100);
    expect(cut).toHaveLength(100);
    expect(cut.endsWith('…')).toBe(true);
    expect(escapeUserText('x'.repeat(5000))).toHaveLength(2000);
    expect(escapeUserText('short', 100)).toBe('short');
    expect(escapeUserText('abcdef', 1)).toBe('…');
    expect(escapeUserText('abcdef', 0)).toBe('');
  });

  it('never cuts a surrogate pair, an emoji sequence, an escape or a mention guard in half', () => {
    const emoji = '😀'.repeat(10);
    const cut = escapeUserText(emoji, 6);
    expect(cut).toBe('😀😀…');
    expect(escapeUserText('👨‍👩‍👧👨‍👩‍👧', 10)).toBe('👨‍👩‍👧…');
    expect(escapeUserText('ab**cd', 4)).toBe('ab…');
    expect(escapeUserText('ab@everyone', 4)).toBe('ab…');
    expect(escapeUserText('ab@everyone', 5)).toBe(`ab@${zwsp}…`);
  });

  it('keeps every result within `max`, well-formed and free of live mentions', () => {
    const pieces = fc.constantFrom('@', 'everyone', 'here', '<', '>', '#', '\\', '*', '`', '\n', ' ', '😀', '👨‍👩‍👧', 'é', '123', '&', '!', '-', '_');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 80 }), fc.integer({ min: 1, max: 120 }), (parts, max) => {
        const text = parts.join('');
        const escaped = escapeUserText(text, max);
        expect(escaped.length).toBeLessThanOrEqual(max);
        expect(escaped).not.toMatch(liveMention);
        // No lone surrogate unless the input had one.
        if (!loneSurrogate.test(text)) expect(escaped).not.toMatch(loneSurrogate);
        // Every backslash comes in an escape pair: the cut never leaves one dangling.
        expect(escaped.replace(/\\[\s\S]/g, '')).not.toContain('\\');
      }),
      { numRuns: 500 },
    );
  });
});
