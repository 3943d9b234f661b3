import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { topicChoiceValue } from '../../src/features/catalog/service.js';
import { choiceProblems } from '../../src/platform/discord/limits.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { testContext } from '../fixtures/context.js';
import { sendProblems, textOf, type SentMessage } from '../fixtures/layout.js';
import { autocomplete, slashCommand, type OptionValues } from '../fixtures/interactions.js';

const ctx = testContext();
const router = createRouter(ctx, commands);

async function recommend(options: OptionValues) {
  const response = (await router.handle(slashCommand('recommend', options))) as Extract<APIInteractionResponse, { type: InteractionResponseType.ChannelMessageWithSource }>;
  expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return response.data!;
}

/** The list as a member reads it: its heading, and all its text (sections and footer). */
const listOf = (data: SentMessage) => ({ title: textOf(data).split('\n')[0]!.replace(/^### /, ''), description: textOf(data), footer: { text: textOf(data) } });

const listedTitles = (description: string | undefined): string[] => [...(description ?? '').matchAll(/\*\*\d+\. \[(.+?)\]/g)].map((m) => m[1]!);

describe('/recommend', () => {
  it('ranks books for a topic with a reason each, three by default', async () => {
    const data = await recommend({ topic: 'asyncio' });
    const embed = listOf(data);
    expect(embed.title).toBe('Books for asyncio & async/await');
    expect(listedTitles(embed.description)).toHaveLength(3);
    expect(listedTitles(embed.description)[0]).toBe('Using Asyncio in Python');
    expect(embed.description).toMatch(/Centred on asyncio & async\/await; recommended by 2 of 5 articles/);
    expect(sendProblems(data)).toEqual([]);
    expect(data.allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it('understands free text and says how it read it', async () => {
    const data = await recommend({ topic: 'make my code faster', count: 5 });
    const embed = listOf(data);
    expect(listedTitles(embed.description)[0]).toBe('High Performance Python');
    expect(embed.footer!.text).toContain('Performance (from “make my code faster”)');
  });

  it('applies the level filter and the count', async () => {
    const data = await recommend({ topic: 'concurrency', level: 'intermediate', count: 2 });
    const titles = listedTitles(listOf(data).description);
    expect(titles).toHaveLength(2);
    for (const title of titles) expect(ctx.catalog.books.find((book) => book.title === title)!.level).toBe('intermediate');
  });

  it('accepts the value that autocomplete sends', async () => {
    const data = await recommend({ topic: 'topic:cpython-internals' });
    expect(listedTitles(listOf(data).description)[0]).toBe('CPython Internals');
  });

  it('names the chapters to read', async () => {
    const data = await recommend({ topic: 'multiprocessing' });
    const embed = listOf(data);
    expect(embed.title).toBe('Books for Multiprocessing');
    expect(listedTitles(embed.description)[0]).toBe('High Performance Python');
    expect(embed.description).toContain('📖 ch. 9 Multiprocessing');
    const asyncio = await recommend({ topic: 'asyncio' });
    expect(listOf(asyncio).description).toMatch(/📖 The whole book\n/);
    expect(listOf(asyncio).description).toContain('ch. 21 Asynchronous Programming');
  });

  it.each(['knitting', 'web scraping', 'web', 'machine learning'])('says privately and honestly that no book covers %j, with the closest topics', async (topic) => {
    const data = await recommend({ topic });
    expect((data.flags ?? 0) & MessageFlags.Ephemeral).toBeTruthy();
    expect(data.content).toMatch(/^None of our books covers “.+” well, so I won't guess\. Closest topics we do cover: \*\*/);
    expect(data.embeds ?? []).toEqual([]);
  });

  it('explains when the level filter leaves nothing', async () => {
    const data = await recommend({ topic: 'security', level: 'expert' });
    expect((data.flags ?? 0) & MessageFlags.Ephemeral).toBeTruthy();
    expect(data.content).toBe('No expert book in the catalog covers that well. Try another level, or leave the level out.');
  });

  it.each([
    [{ topic: 'asyncio', count: 9 }, /`count`/],
    [{ topic: 'asyncio', count: 0 }, /`count`/],
    [{ topic: 'asyncio', level: 'wizard' }, /`level`/],
  ])('refuses out-of-range options %j', async (options, pattern) => {
    const data = await recommend(options);
    expect((data.flags ?? 0) & MessageFlags.Ephemeral).toBeTruthy();
    expect(data.content).toMatch(pattern);
  });

  it('keeps every topic answer within Discord limits', async () => {
    for (const topic of ctx.catalog.topics) {
      const data = await recommend({ topic: topicChoiceValue(topic), count: 5 });
      expect(sendProblems(data), topic.id).toEqual([]);
      expect(textOf(data).length, topic.id).toBeLessThanOrEqual(4000);
    }
  });
});

describe('/recommend autocomplete', () => {
  const topicChoices = async (value: string) => {
    const response = (await router.handle(autocomplete('recommend', 'topic', { topic: value }))) as Extract<
      APIInteractionResponse,
      { type: InteractionResponseType.ApplicationCommandAutocompleteResult }
    >;
    return response.data.choices ?? [];
  };

  it('offers topics and their synonyms', async () => {
    const [first] = await topicChoices('asy');
    expect(first?.value).toBe('topic:asyncio');
    expect(first?.name).toMatch(/^asyncio & async\/await — async, await/);
    expect((await topicChoices('event lo'))[0]?.value).toBe('topic:asyncio');
  });

  it.each(['', 'a', 'x'.repeat(1000), '🐍'])('stays within limits for %j', async (value) => {
    expect(choiceProblems(await topicChoices(value))).toEqual([]);
  });
});
