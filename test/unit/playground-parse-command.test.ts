import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { bookDefinition } from '../../commands/book.js';
import { recommendDefinition } from '../../commands/recommend.js';
import { defineCommand, type CommandDefinition } from '../../src/platform/discord/command-definition.js';
import { parseCommandLine, scanArguments, type Directory } from '../../src/playground/session/parse-command.js';

// The two public commands plus a made-up admin command, so these tests do not change as commands are added.
const definitions: readonly CommandDefinition[] = [bookDefinition, recommendDefinition];

/** A command with subcommands and every option type, like the admin commands that come later. */
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
        { type: ApplicationCommandOptionType.Integer, name: 'hour', description: 'UTC hour', min_value: 0, max_value: 23 },
        { type: ApplicationCommandOptionType.Boolean, name: 'ping', description: 'Ping a role' },
        { type: ApplicationCommandOptionType.Role, name: 'role', description: 'Who to ping' },
        { type: ApplicationCommandOptionType.Number, name: 'weight', description: 'A number' },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'off', description: 'Stop posting' },
  ],
});

const withSpotlight: readonly CommandDefinition[] = [...definitions, spotlight];

const directory: Directory = {
  channels: new Map([['books', '300000000000000001']]),
  roles: new Map([['@everyone', '200000000000000000'], ['readers', '200000000000000002']]),
  users: new Map([['you', '400000000000000004']]),
};

function ok(line: string, defs = withSpotlight) {
  const result = parseCommandLine(line, defs, directory);
  if (!result.ok) throw new Error(`expected ${line} to parse, got: ${result.error}`);
  return result.command;
}

function error(line: string, defs = withSpotlight): string {
  const result = parseCommandLine(line, defs, directory);
  if (result.ok) throw new Error(`expected ${line} to fail, got ${JSON.stringify(result.command)}`);
  return result.error;
}

describe('parseCommandLine', () => {
  it('reads a command with one option', () => {
    expect(ok('/book query: fluent')).toEqual({ name: 'book', options: { query: 'fluent' } });
  });

  it('takes a value that looks like an option (what autocomplete sends, e.g. topic:performance) as the value', () => {
    expect(ok('/recommend topic: topic:performance')).toEqual({ name: 'recommend', options: { topic: 'topic:performance' } });
    expect(ok('/recommend topic: topic:performance level: advanced')).toEqual({ name: 'recommend', options: { topic: 'topic:performance', level: 'advanced' } });
    expect(error('/recommend topic: level: advanced')).toMatch(/topic: needs a value/);
  });

  it('keeps spaces inside values and splits on the next option name', () => {
    expect(ok('/recommend topic: make my code faster level: advanced')).toEqual({
      name: 'recommend',
      options: { topic: 'make my code faster', level: 'advanced' },
    });
  });

  it('accepts options in any order, extra spaces and name:value without a space for known options', () => {
    expect(ok('  /recommend   level:expert   topic:   asyncio  ').options).toEqual({ level: 'expert', topic: 'asyncio' });
  });

  it('converts integer options to numbers and checks their range', () => {
    expect(ok('/recommend topic: asyncio count: 2').options.count).toBe(2);
    expect(error('/recommend topic: asyncio count: 9')).toBe('count: must be between 1 and 5');
    expect(error('/recommend topic: asyncio count: two')).toMatch(/count: expects a whole number/);
    expect(error('/recommend topic: asyncio count: 2.5')).toMatch(/count: expects a whole number/);
  });

  it('maps a choice by its value or its shown name, and rejects others with the list', () => {
    expect(ok('/recommend topic: asyncio level: Advanced').options.level).toBe('advanced');
    expect(error('/recommend topic: asyncio level: guru')).toBe('level: must be one of intermediate, advanced, expert');
  });

  it('puts text typed right after the command into its first option', () => {
    expect(ok('/book fluent python')).toEqual({ name: 'book', options: { query: 'fluent python' } });
  });

  it('keeps colons inside quoted values and in URLs', () => {
    expect(ok('/book query: "python: the good parts"').options.query).toBe('python: the good parts');
    expect(ok('/book query: https://fluentpython.com').options.query).toBe('https://fluentpython.com');
  });

  it('names the valid options when one is unknown', () => {
    expect(error('/recommend topic: asyncio levle: advanced')).toMatch(/\/recommend has no option "levle"\. Options: topic:, level:, count:/);
  });

  it('names the commands when the command is unknown, suggesting a close one', () => {
    expect(error('/boo query: x', definitions)).toBe('Unknown command /boo. Did you mean /book? Commands: /book, /recommend.');
    expect(error('/nope', definitions)).toBe('Unknown command /nope. Commands: /book, /recommend.');
    expect(error('book query: x', definitions)).toMatch(/Commands start with \//);
  });

  it('reports missing required options with their description', () => {
    expect(error('/book', definitions)).toBe('/book needs a query: option — Title, author, alias or ISBN (typos are fine). Try help for an example.');
    expect(error('/book query:   ', definitions)).toBe('query: needs a value');
  });

  it('drops an optional option left empty, as Discord does', () => {
    expect(ok('/recommend topic: asyncio count:').options).toEqual({ topic: 'asyncio' });
  });

  it('rejects an option given twice', () => {
    expect(error('/book query: a query: b')).toBe('query: given twice.');
  });

  describe('subcommands', () => {
    it('takes the first bare word as the subcommand, and #channel as the channel id', () => {
      expect(ok('/spotlight setup channel: #books hour: 9 ping: yes role: @readers weight: 1.5')).toEqual({
        name: 'spotlight',
        subcommand: 'setup',
        options: { channel: '300000000000000001', hour: 9, ping: true, role: '200000000000000002', weight: 1.5 },
      });
      expect(ok('/spotlight off')).toEqual({ name: 'spotlight', subcommand: 'off', options: {} });
    });

    it('lists the subcommands when it is missing or unknown', () => {
      expect(error('/spotlight')).toBe('/spotlight needs a subcommand: setup, off.');
      expect(error('/spotlight start')).toBe('/spotlight has no subcommand "start". Subcommands: setup, off.');
    });

    it('explains bad channel, role and boolean values', () => {
      expect(error('/spotlight setup channel: #general')).toBe('channel: no channel #general; channels: #books');
      expect(error('/spotlight setup channel: #books role: @mods')).toMatch(/^role: no role @mods; roles: @everyone, @readers/);
      expect(error('/spotlight setup channel: #books ping: maybe')).toBe('ping: expects true or false, not "maybe"');
      expect(error('/spotlight off channel: #books')).toMatch(/\/spotlight off has no option "channel"\. \/spotlight off takes no options/);
    });
  });
});

describe('scanArguments', () => {
  it('marks a value whose quote is still open (being typed)', () => {
    expect(scanArguments(' query: "python: the', new Set(['query'])).options).toEqual([
      { key: 'query', keyStart: 1, valueStart: 8, value: 'python: the', closed: false },
    ]);
  });
});
