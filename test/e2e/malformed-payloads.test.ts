import { Writable } from 'node:stream';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { fixedClock } from '../fixtures/context.js';
import { createWorld, startBot, type World } from './harness.js';
import { textOf } from '../fixtures/layout.js';

/**
 * Interaction payloads Discord never sends (a field missing, a wrong type), through the real gateway and the
 * real discord.js client: each gets a plain private answer or none, one warning in the log, and nothing
 * escapes as an unhandled rejection, from the bot or from inside discord.js.
 */

type Payload = Record<string, unknown> & { data?: Record<string, unknown>; member?: Record<string, unknown> };
type Expected = 'malformed' | 'options' | 'no choices' | 'ignored';

const cases: [string, Expected, (p: Payload) => unknown][] = [
  ['no data', 'malformed', ({ data: _data, ...p }) => p],
  ['data null', 'malformed', (p) => ({ ...p, data: null })],
  ['options not an array', 'malformed', (p) => ({ ...p, data: { ...p.data, options: 'query' } })],
  ['option entries that are not objects', 'malformed', (p) => ({ ...p, data: { ...p.data, options: [null, 7] } })],
  ['an option without a name', 'malformed', (p) => ({ ...p, data: { ...p.data, options: [{ type: 3, value: 'x' }] } })],
  ['an option value of the wrong type', 'options', (p) => ({ ...p, data: { ...p.data, options: [{ name: 'query', type: 3, value: 12345 }] } })],
  ['data.name a number', 'malformed', (p) => ({ ...p, data: { ...p.data, name: 42 } })],
  ['no member and no user', 'malformed', ({ member: _member, user: _user, ...p }) => p],
  ['a member without a user', 'malformed', (p) => ({ ...p, member: { permissions: '0' } })],
  ['member permissions that are not a number', 'malformed', (p) => ({ ...p, member: { ...p.member, permissions: 'lots' } })],
  ['guild_id a number', 'malformed', (p) => ({ ...p, guild_id: 5 })],
  ['channel null', 'malformed', (p) => ({ ...p, channel: null })],
  ['a button press without data', 'malformed', ({ data: _data, ...p }) => ({ ...p, type: 3 })],
  ['a button custom_id that is a number', 'malformed', (p) => ({ ...p, type: 3, data: { custom_id: 12, component_type: 2 } })],
  ['a form without components', 'malformed', (p) => ({ ...p, type: 5, data: { custom_id: 'study:checkin:1' } })],
  ['form components that are not a list', 'malformed', (p) => ({ ...p, type: 5, data: { custom_id: 'study:checkin:1', components: 'x' } })],
  ['an autocomplete whose focused value is an object', 'no choices', (p) => ({ ...p, type: 4, data: { ...p.data, options: [{ name: 'query', type: 3, value: { a: 1 }, focused: true }] } })],
  ['an autocomplete without data', 'no choices', ({ data: _data, ...p }) => ({ ...p, type: 4 })],
  ['an unknown interaction type', 'ignored', (p) => ({ ...p, type: 99 })],
  ['no token', 'ignored', ({ token: _token, ...p }) => p],
  ['an id that is not a snowflake', 'ignored', (p) => ({ ...p, id: { not: 'an id' } })],
];

let world: World;
let app: App;
let logs = '';
const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => void rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  world = await createWorld();
  const log = createLogger('debug', new Writable({ write: (chunk, _encoding, done) => ((logs += String(chunk)), done()) }));
  app = await startBot(world, { clock: fixedClock(Date.UTC(2026, 10, 22, 12, 0)), log });
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
  process.off('unhandledRejection', onRejection);
});

const logLines = (): { level: number; msg: string }[] =>
  logs
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });

describe('interaction payloads Discord never sends', () => {
  it.each(cases)('%s: %s', async (_name, expected, mutate) => {
    const linesBefore = logLines().length;
    const rejectionsBefore = rejections.length;
    const record = world.emulator.sendMalformedInteraction(world.as({ name: 'book', options: { query: 'fluent' } }), mutate as (p: Record<string, unknown>) => unknown);
    // The warning is written when the payload is read; any answer follows at once.
    await expect.poll(() => logLines().slice(linesBefore).filter((line) => line.level === 40).length, { timeout: 2_000, interval: 20 }).toBe(1);
    const outcome = await world.emulator.outcomeWithin(record, expected === 'ignored' ? 300 : 3_000);
    const fresh = logLines().slice(linesBefore);
    expect(fresh.filter((line) => line.level >= 50), JSON.stringify(fresh)).toEqual([]);
    expect(rejections.slice(rejectionsBefore).map(String)).toEqual([]);
    const content = outcome.message?.content ?? '';
    expect(content).not.toMatch(/error id/);
    if (expected === 'ignored') {
      expect(outcome.responseType).toBeNull();
    } else if (expected === 'no choices') {
      expect(outcome.responseType).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      expect(outcome.choices).toEqual([]);
    } else {
      expect(outcome.responseType).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(((outcome.message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0).toBe(true);
      expect(content).toMatch(expected === 'malformed' ? /^Discord sent this request in a form I can't read, so I did nothing\./ : /^Some options were not valid:/);
    }
  });

  it('still answers a well-formed command afterwards', async () => {
    const outcome = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'fluent python' } }));
    expect(textOf(outcome.message!)).toContain('## Fluent Python');
    expect(rejections).toEqual([]);
  });
});
