import { describe, expect, it } from 'vitest';
import { choiceProblems, discordLimits, embedLength, embedProblems, fitChoices, fitEmbed, messageProblems, truncateText } from '../../src/platform/discord/limits.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';

describe('Discord limits', () => {
  it('cuts text with an ellipsis and never splits an emoji', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('ab🐍cd', 4)).toBe('ab…');
  });

  it('fits an oversized embed to every limit', () => {
    const huge = 'x'.repeat(5000);
    const fitted = fitEmbed({
      title: huge,
      description: huge,
      footer: { text: huge },
      author: { name: huge },
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `${i}${huge}`, value: huge })),
    });
    expect(embedProblems(fitted)).toEqual([]);
    expect(embedLength(fitted)).toBeLessThanOrEqual(discordLimits.embedsTotal);
    expect(fitted.title).toHaveLength(discordLimits.embedTitle);
  });

  it('leaves an embed within limits unchanged', () => {
    const embed = { title: 'Fluent Python', description: 'A book', fields: [{ name: 'Level', value: 'Advanced' }] };
    expect(fitEmbed(embed)).toEqual(embed);
  });

  it('reports each broken limit of a message', () => {
    expect(messageProblems({ content: 'x'.repeat(2001) })).toEqual(['content is 2001 > 2000']);
    expect(messageProblems({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) })).toContain('11 embeds > 10');
    expect(messageProblems({})).toEqual(['message is empty']);
  });

  it('fits autocomplete choices: 25 at most, names 1–100, values within 100', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `${i} ${'n'.repeat(150)}`, value: `v${i}` }));
    const fitted = fitChoices([{ name: ' ', value: 'named-by-value' }, { name: 'long value', value: 'v'.repeat(101) }, ...many]);
    expect(fitted).toHaveLength(25);
    expect(choiceProblems(fitted)).toEqual([]);
    expect(fitted[0]!.name).toBe('named-by-value');
    expect(choiceProblems(many)).not.toEqual([]);
  });

  it('locks mentions down in every message body, allowing only opted-in roles', () => {
    expect(toMessageBody({ content: '@everyone hi' }).allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(toMessageBody({ content: 'hi', pingRoleIds: ['1'] }).allowed_mentions).toEqual({ parse: [], roles: ['1'] });
    // Members a reminder is for: exactly those, never @everyone, even when the text says it.
    expect(toMessageBody({ content: '@everyone <@5> <@6>', pingUserIds: ['5', '6', '5'] }).allowed_mentions).toEqual({ parse: [], roles: [], users: ['5', '6'] });
    const hundredAndOne = Array.from({ length: 101 }, (_, i) => String(1000 + i));
    expect(() => toMessageBody({ content: 'hi', pingUserIds: hundredAndOne })).toThrow(/at most 100/);
    expect(toMessageBody({ content: 'x'.repeat(3000) }).content).toHaveLength(2000);
  });
});
