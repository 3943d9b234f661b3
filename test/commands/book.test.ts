import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { choiceProblems, messageProblems } from '../../src/platform/discord/limits.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { cardTextBudget } from '../../src/features/catalog/presenters/book-card-layout.js';
import { testContext } from '../fixtures/context.js';
import { buttonsOf, imagesOf, isLayout, sendProblems, textOf, type SentMessage } from '../fixtures/layout.js';
import { autocomplete, buttonPress, ids, slashCommand } from '../fixtures/interactions.js';

const ctx = testContext();
const router = createRouter(ctx, commands);

type MessageResponse = Extract<APIInteractionResponse, { type: InteractionResponseType.ChannelMessageWithSource }>;

async function message(payload: Parameters<typeof router.handle>[0]): Promise<NonNullable<MessageResponse['data']>> {
  const response = await router.handle(payload);
  expect(response?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return (response as MessageResponse).data!;
}

async function choices(value: string) {
  const response = await router.handle(autocomplete('book', 'query', { query: value }));
  expect(response?.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
  return (response as Extract<APIInteractionResponse, { type: InteractionResponseType.ApplicationCommandAutocompleteResult }>).data.choices ?? [];
}

/** What a member reads: a layout's text, or the content of a plain message. */
const readOf = (data: SentMessage): string => (isLayout(data) ? textOf(data) : (data.content ?? ''));

const isEphemeral = (data: { flags?: number | undefined }): boolean => ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

describe('/book', () => {
  it('answers with a compact Components v2 card for every book, within Discord limits and one phone screen', async () => {
    for (const book of ctx.catalog.books) {
      const data = await message(slashCommand('book', { query: book.id }));
      expect(isLayout(data), book.id).toBe(true);
      expect(sendProblems(data), book.id).toEqual([]);
      expect(isEphemeral(data)).toBe(false);
      expect(data.content ?? '').toBe('');
      expect(data.embeds ?? []).toEqual([]);
      const text = textOf(data);
      expect(text.length, book.id).toBeLessThanOrEqual(cardTextBudget);
      expect(text).toContain(`## ${book.title}`);
      for (const author of book.authors) expect(text).toContain(author);
      expect(text).toContain(book.publisher);
      expect(text).toContain(String(book.year));
      expect(text).toMatch(new RegExp(`Recommended by ${book.recommendedBy.length} of 5 articles`));
      // The corrections stay visible from the card, and are one press away.
      if (book.corrections.length > 0) {
        expect(text).toContain(`⚠️ ${book.corrections.length} correction`);
        expect(buttonsOf(data).map((button) => button.custom_id)).toContain(`book:corrections:${book.id}`);
      }
      const cover = imagesOf(data)[0];
      expect(cover?.url, book.id).toBe(book.cover?.url);
      expect(cover?.description, book.id).toBe(book.cover?.alt);
      expect(data.allowed_mentions).toEqual({ parse: [], roles: [] });
    }
  });

  it('shows the CPython Internals corrections privately: not free, published by Real Python', async () => {
    const data = await message(buttonPress('book:corrections:cpython-internals'));
    expect(isEphemeral(data)).toBe(true);
    expect(sendProblems(data)).toEqual([]);
    const corrections = textOf(data);
    expect(corrections).toMatch(/not free/i);
    expect(corrections).toMatch(/Real Python/);
    expect(corrections).toMatch(/O'Reilly/);
  });

  it('lists free ways to read before paid ones privately, and the takeaways with which ranks each article gave', async () => {
    const reading = await message(buttonPress('book:read:architecture-patterns-with-python'));
    expect(isEphemeral(reading)).toBe(true);
    const access = textOf(reading).split('\n').slice(1);
    expect(access[0]).toMatch(/^🆓 Free full text: \[.*\]\(https:\/\/cosmicpython\.com/);
    expect(access.findIndex((line) => line.startsWith('💳'))).toBeGreaterThan(access.findLastIndex((line) => line.startsWith('🆓')));
    const takeaways = await message(buttonPress('book:takeaways:architecture-patterns-with-python'));
    expect(isEphemeral(takeaways)).toBe(true);
    const book = ctx.catalog.bookById('architecture-patterns-with-python')!;
    for (const takeaway of book.takeaways) expect(textOf(takeaways)).toContain(takeaway);
    expect(textOf(takeaways)).toMatch(/Recommended by 5 of 5 articles: #1 in \*.+\* · #3 in/);
  });

  it('has detail buttons, Chapters when the book has a sourced list, and a link to the official page', async () => {
    const data = await message(slashCommand('book', { query: 'fluent python' }));
    const buttons = buttonsOf(data);
    expect(buttons.map((button) => button.label)).toEqual(['How to read it', 'Key takeaways', 'Chapters', 'Similar books', 'Corrections (3)', 'Official page']);
    expect(buttons.find((button) => button.label === 'Chapters')).toMatchObject({ custom_id: 'book:chapters:fluent-python-2e' });
    expect(buttons.find((button) => button.label === 'Similar books')).toMatchObject({ custom_id: 'book:similar:fluent-python-2e' });
    expect(buttons.at(-1)).toMatchObject({ url: 'https://fluentpython.com' });
    expect(textOf(data)).toMatch(/-# ISBN-13 9781492056355 \(print\) · ebook 9781492056348/);
  });

  it('keeps answering the buttons of cards sent before Components v2', async () => {
    expect(textOf(await message(buttonPress('book:show:serious-python')))).toContain('## Serious Python');
    expect(textOf(await message(buttonPress('book:similar:serious-python')))).toMatch(/^### Books similar to Serious Python\n/);
    expect((await message(buttonPress('book:chapters:serious-python'))).embeds![0]!.title).toBe('Serious Python: chapters');
  });

  it('lists the chapters privately, by part, with their source', async () => {
    const data = await message(buttonPress('book:chapters:fluent-python-2e'));
    expect(isEphemeral(data)).toBe(true);
    expect(messageProblems(data)).toEqual([]);
    const embed = data.embeds![0]!;
    expect(embed.description).toMatch(/^\*\*Part I: Data Structures\*\*\n1\. The Python Data Model\n/);
    expect(embed.description).toContain('24. Class Metaprogramming');
    expect(embed.url).toBe('https://github.com/fluentpython/example-code-2e');
  });

  it('opens a chapter\'s sections from the chapter list, privately, with their source', async () => {
    const list = await message(buttonPress('book:chapters:python-standard-library-by-example'));
    expect(messageProblems(list)).toEqual([]);
    const buttons = (list.components ?? []).flatMap((row) => (row as { components: { label: string; custom_id: string }[] }).components);
    expect(buttons).toHaveLength(20);
    expect(buttons[2]).toMatchObject({ label: 'Ch. 3', custom_id: 'book:sections:python-standard-library-by-example:3' });
    const sections = await message(buttonPress(buttons[2]!.custom_id));
    expect(isEphemeral(sections)).toBe(true);
    expect(messageProblems(sections)).toEqual([]);
    expect(sections.embeds![0]!.title).toBe('The Python 3 Standard Library by Example, ch. 3: Algorithms');
    expect(sections.embeds![0]!.description).toMatch(/^• functools --- Tools for Manipulating Functions\n• itertools --- Iterator Functions/);
    expect(sections.embeds![0]!.url).toBe('https://github.com/dhellmann/pymotw-3');
    // Fluent Python's official sources list no sections: no buttons.
    expect((await message(buttonPress('book:chapters:fluent-python-2e'))).components ?? []).toEqual([]);
    expect((await message(buttonPress('book:sections:fluent-python-2e:2'))).content).toMatch(/no sourced list of sections/);
  });

  it('has no Chapters button when a book has no sourced chapter list, and says so if pressed on an old card', async () => {
    const data = await message(slashCommand('book', { query: 'cpython internals' }));
    expect(buttonsOf(data).map((button) => button.label)).not.toContain('Chapters');
    expect((await message(buttonPress('book:chapters:cpython-internals'))).content).toMatch(/no official chapter list/);
  });

  it('answers a book we do not have privately, never with a card', async () => {
    const data = await message(slashCommand('book', { query: 'effective python' }));
    expect(isEphemeral(data)).toBe(true);
    expect(data.embeds ?? []).toEqual([]);
    expect(readOf(data)).toMatch(/^\*\*Effective Python\*\* \(Brett Slatkin\) is not in our list of 10 books, so there is no card for it\./);
    const unknown = await message(slashCommand('book', { query: 'fluent python by mark lutz' }));
    expect(readOf(unknown)).toMatch(/^“fluent python by mark lutz” is not in our list of 10 books, so there is no card for it\./);
    const neighbour = await message(slashCommand('book', { query: 'clean architectures in python giordani' }));
    expect(readOf(neighbour)).toMatch(/^\*\*Clean Architectures in Python\*\* \(Leonardo Giordani\) is a different, free book — not in our list\./);
    expect(readOf(neighbour)).toContain('mixed up with **Architecture Patterns with Python**');
  });

  it('notes which edition the card describes when another was asked for', async () => {
    const data = await message(slashCommand('book', { query: 'design of web apis 2nd edition' }));
    expect(textOf(data)).toMatch(/^ℹ️ You asked for the 2nd edition; this card describes the 1st edition \(2019\)\. A fully revised 2nd edition/);
    expect(textOf(data)).toContain('## The Design of Web APIs');
  });

  it('answers Similar books with recommendations for its topics, excluding the book', async () => {
    const data = await message(buttonPress('book:similar:using-asyncio-in-python'));
    expect(sendProblems(data)).toEqual([]);
    const list = textOf(data);
    expect(list).toMatch(/^### Books similar to Using Asyncio in Python\n/);
    expect(list).not.toContain('Using Asyncio in Python]');
    expect(list).toMatch(/\*\*1\. \[/);
    // Each book beside its cover.
    expect(imagesOf(data).length).toBeGreaterThan(0);
    expect(isEphemeral(data)).toBe(true);
  });

  it('suggests up to three books privately when nothing clearly matches', async () => {
    const data = await message(slashCommand('book', { query: 'python' }));
    expect(isEphemeral(data)).toBe(true);
    expect(textOf(data)).toMatch(/^No book clearly matches “python”\. Did you mean:/);
    expect(sendProblems(data)).toEqual([]);
    const buttons = buttonsOf(data);
    expect(buttons).toHaveLength(3);
    const card = await message(buttonPress(buttons[0]!.custom_id!));
    expect(textOf(card)).toMatch(/^## /);
  });

  it('says clearly when nothing matches at all', async () => {
    const data = await message(slashCommand('book', { query: 'zzzzqqqq' }));
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/^No book matches “zzzzqqqq”\. Try part of a title/);
    expect(data.components).toBeUndefined();
  });

  it('echoes user text without pinging anyone', async () => {
    const data = await message(slashCommand('book', { query: '@everyone <@&123456789012345678> <@400000000000000004>' }));
    expect(data.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(isEphemeral(data)).toBe(true);
  });

  it('asks for something to search when the query is blank', async () => {
    const data = await message(slashCommand('book', { query: '   ' }));
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/Type part of a title/);
  });

  it('refuses an over-long query with a clear message', async () => {
    const data = await message(slashCommand('book', { query: 'x'.repeat(201) }));
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/`query`: .*200/);
  });
});

describe('/book autocomplete', () => {
  it('lists the most recommended books for empty input', async () => {
    const list = await choices('');
    expect(list.map((choice) => choice.value)).toEqual(ctx.catalog.mostRecommended(25).map((book) => book.id));
    expect(list[0]!.name).toBe('Fluent Python (2nd edition) — Luciano Ramalho');
  });

  it('ranks by the same search as /book', async () => {
    expect((await choices('beazly'))[0]!.value).toBe('python-cookbook-3e');
    expect((await choices('fluent pyt'))[0]!.value).toBe('fluent-python-2e');
  });

  it.each(['', 'f', 'python', 'fluent pyhton', 'x'.repeat(1000), '🐍', '日本語', '   '])('stays within Discord limits for %j', async (value) => {
    const list = await choices(value);
    expect(choiceProblems(list)).toEqual([]);
  });

  it('keeps choice names within 100 characters for every book', async () => {
    for (const book of ctx.catalog.books) {
      for (const choice of await choices(book.title)) expect(choice.name.length).toBeLessThanOrEqual(100);
    }
  });

  it('answers autocomplete for an unknown command with no choices', async () => {
    const response = await router.handle(autocomplete('nope', 'query', { query: 'x' }));
    expect(response).toEqual({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
  });
});

describe('per-server state', () => {
  it('creates the server row on first use', async () => {
    const fresh = testContext();
    const freshRouter = createRouter(fresh, commands);
    expect(fresh.store.guilds.find(ids.guild)).toBeUndefined();
    await freshRouter.handle(slashCommand('book', { query: 'fluent python' }));
    expect(fresh.store.guilds.find(ids.guild)).toMatchObject({ guildId: ids.guild, createdAtMs: fresh.clock.now() });
  });
});
