import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { bookDefinition } from '../../commands/book.js';
import { recommendDefinition } from '../../commands/recommend.js';
import { defineCommand, type CommandDefinition } from '../../src/platform/discord/command-definition.js';
import { complete, type AutocompleteRequest, type CompletionDeps } from '../../src/playground/session/completion.js';

const spotlight = defineCommand({
  name: 'spotlight',
  description: 'Weekly book spotlight',
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'setup',
      description: 'Post a book every week',
      options: [
        { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where', required: true },
        { type: ApplicationCommandOptionType.Boolean, name: 'ping', description: 'Ping a role' },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'show', description: 'Show the settings' },
  ],
});

const definitions: readonly CommandDefinition[] = [bookDefinition, recommendDefinition, spotlight];

function deps(requests: AutocompleteRequest[] = []): CompletionDeps {
  return {
    definitions,
    directory: { channels: new Map([['books', '300000000000000001'], ['general', '300000000000000002']]), roles: new Map(), users: new Map() },
    playgroundWords: ['click ', 'clock ', 'help', 'exit'],
    async autocomplete(request) {
      requests.push(request);
      if (request.focused === 'query') return [{ name: 'Python Cookbook (3rd edition) — David Beazley', value: 'python-cookbook-3e' }];
      return [{ name: 'asyncio & async/await', value: 'asyncio' }];
    },
  };
}

const texts = async (line: string): Promise<string[]> => (await complete(line, deps())).candidates.map((candidate) => candidate.text);

describe('complete', () => {
  it('completes playground words and command names at the start of a line', async () => {
    expect(await texts('cl')).toEqual(['click ', 'clock ']);
    expect(await texts('/')).toEqual(['/book ', '/recommend ', '/spotlight ']);
    expect(await complete('/re', deps())).toEqual({ start: 0, candidates: [{ text: '/recommend ' }] });
  });

  it('completes option names that are not used yet', async () => {
    expect(await texts('/recommend ')).toEqual(['topic: ', 'level: ', 'count: ']);
    expect(await complete('/recommend topic: asyncio le', deps())).toEqual({ start: 26, candidates: [{ text: 'level: ' }] });
    expect(await texts('/recommend topic: asyncio ')).toEqual(['level: ', 'count: ']);
  });

  it('asks the bot for autocomplete choices with the focused value and the other options', async () => {
    const requests: AutocompleteRequest[] = [];
    const completion = await complete('/book query: beazly', deps(requests));
    expect(completion).toEqual({ start: 13, candidates: [{ text: 'python-cookbook-3e', label: 'Python Cookbook (3rd edition) — David Beazley' }] });
    expect(requests).toEqual([{ name: 'book', options: { query: 'beazly' }, focused: 'query' }]);

    await complete('/recommend level: advanced topic: asy', deps(requests));
    expect(requests.at(-1)).toEqual({ name: 'recommend', options: { level: 'advanced', topic: 'asy' }, focused: 'topic' });
  });

  it('asks the bot for the first option when text follows the command directly', async () => {
    const requests: AutocompleteRequest[] = [];
    expect((await complete('/book beazly', deps(requests))).start).toBe(6);
    expect(requests[0]?.options).toEqual({ query: 'beazly' });
  });

  it('offers fixed choices, booleans and channels', async () => {
    expect((await complete('/recommend topic: x level: adv', deps())).candidates).toEqual([{ text: 'advanced', label: 'Advanced' }]);
    expect(await texts('/spotlight ')).toEqual(['setup ', 'show ']);
    expect(await texts('/spotlight setup channel: #b')).toEqual(['#books']);
    expect(await texts('/spotlight setup channel: #books ping: t')).toEqual(['true']);
  });

  it('works after the playground\'s complete command', async () => {
    expect(await complete('complete /book query: beaz', deps())).toMatchObject({ start: 22, candidates: [{ text: 'python-cookbook-3e' }] });
  });

  it('says when the bot did not answer', async () => {
    const silent = { ...deps(), autocomplete: async () => null };
    expect(await complete('/book query: x', silent)).toEqual({ start: 13, candidates: [], note: 'the bot did not answer the autocomplete within 3 seconds' });
  });
});
