import { ButtonStyle, ComponentType, InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/emulator/emulator.js';
import { emulatorLimits, type EmulatorLimit } from '../../src/emulator/discord-limits.js';
import { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { discordLimits } from '../../src/platform/discord/limits.js';
import { autocomplete, slashCommand } from '../fixtures/interactions.js';

/**
 * The emulator keeps its own table of Discord's limits (src/emulator/discord-limits.ts). The bot's table must agree
 * with it, and the emulator must refuse a body one past each limit while accepting one exactly at it. The numbers in
 * the boundary cases are written out (not read from either table), so they pin the emulator to Discord's docs too.
 */

/**
 * Which emulator limit(s) each of the bot's limits is; a bot limit without an entry here fails the first test
 * (and type-checking). One bot limit may stand for several of Discord's that share a value.
 */
const emulatorNamesOf: Record<keyof typeof discordLimits, EmulatorLimit | readonly EmulatorLimit[]> = {
  content: 'content',
  embedsPerMessage: 'embedsPerMessage',
  embedTitle: 'embedTitle',
  embedDescription: 'embedDescription',
  embedFields: 'embedFields',
  fieldName: 'fieldName',
  fieldValue: 'fieldValue',
  footerText: 'footerText',
  authorName: 'authorName',
  embedsTotal: 'embedsTotal',
  autocompleteChoices: 'autocompleteChoices',
  choiceName: 'choiceName',
  choiceValue: 'choiceValue',
  componentRows: 'componentRows',
  buttonsPerRow: 'buttonsPerRow',
  buttonLabel: 'buttonLabel',
  customId: 'customId',
  commandName: 'commandName',
  commandDescription: 'commandDescription',
  commandOptions: 'commandOptions',
  allowedMentionIds: ['allowedMentionUsers', 'allowedMentionRoles'],
  layoutText: 'v2TextTotal',
  layoutComponents: 'v2Components',
};

const botLimitNames = Object.keys(discordLimits) as (keyof typeof discordLimits)[];
const pairs = botLimitNames.flatMap((bot) => [emulatorNamesOf[bot]].flat().map((emulatorName) => [bot, emulatorName] as const));

describe("the bot's limits agree with the emulator's", () => {
  it('maps every limit the bot knows to one the emulator enforces', () => {
    expect(Object.keys(emulatorNamesOf).sort()).toEqual([...botLimitNames].sort());
    for (const [, emulatorName] of pairs) expect(Object.keys(emulatorLimits)).toContain(emulatorName);
  });

  it.each(pairs)("bot's %s equals the emulator's %s", (bot, emulatorName) => {
    expect(discordLimits[bot]).toBe(emulatorLimits[emulatorName]);
  });
});

let emulator: Emulator;
let guildId: string;

beforeAll(async () => {
  // The boundary cases send many requests quickly: lift the global 50/s limit so none of them is a 429.
  emulator = await Emulator.start({ globalPerSecond: 1_000_000 });
  guildId = emulator.createGuild().id;
});
afterAll(async () => {
  await emulator?.close();
});

async function call(method: string, path: string, body: unknown, auth: boolean) {
  const response = await fetch(`${emulator.apiBase}/v10${path}`, {
    method,
    headers: { ...(auth ? { Authorization: `Bot ${emulator.token}` } : {}), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

type Sender = (body: unknown) => Promise<{ status: number; body: { code?: number; errors?: unknown } | undefined }>;

/** At the limit: accepted. One past it: 400 with 50035 Invalid Form Body naming the problem. */
async function expectBoundary(send: Sender, atLimit: unknown, overLimit: unknown, fragment: string, okStatus: number): Promise<void> {
  const accepted = await send(atLimit);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(okStatus);
  const refused = await send(overLimit);
  expect(refused.status).toBe(400);
  expect(refused.body?.code).toBe(50035);
  expect(JSON.stringify(refused.body?.errors)).toContain(fragment);
}

const x = (length: number): string => 'x'.repeat(length);
const many = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));
const button = (index: number, extra: Record<string, unknown> = {}) => ({ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: `b${index}`, label: 'go', ...extra });
const row = (buttons: number) => ({ type: ComponentType.ActionRow, components: many(buttons, (i) => button(i)) });
const ids = (count: number) => many(count, (i) => String(100000000000000000n + BigInt(i)));

describe('the emulator refuses messages one past each limit', () => {
  // Each case posts to a fresh channel: Discord allows 5 messages per 5 s in one channel.
  const postMessage: Sender = async (body) => call('POST', `/channels/${emulator.createChannel(guildId)}/messages`, body, true);

  it.each([
    ['content 2000', { content: x(2000) }, { content: x(2001) }, 'content is 2001 > 2000'],
    ['10 embeds', { embeds: many(10, () => ({ title: 't' })) }, { embeds: many(11, () => ({ title: 't' })) }, '11 embeds > 10'],
    ['embed title 256', { embeds: [{ title: x(256) }] }, { embeds: [{ title: x(257) }] }, 'title is 257 > 256'],
    ['embed description 4096', { embeds: [{ description: x(4096) }] }, { embeds: [{ description: x(4097) }] }, 'description is 4097 > 4096'],
    ['25 embed fields', { embeds: [{ fields: many(25, () => ({ name: 'n', value: 'v' })) }] }, { embeds: [{ fields: many(26, () => ({ name: 'n', value: 'v' })) }] }, '26 fields > 25'],
    ['field name 256', { embeds: [{ fields: [{ name: x(256), value: 'v' }] }] }, { embeds: [{ fields: [{ name: x(257), value: 'v' }] }] }, 'field 0 name is 257 > 256'],
    ['field value 1024', { embeds: [{ fields: [{ name: 'n', value: x(1024) }] }] }, { embeds: [{ fields: [{ name: 'n', value: x(1025) }] }] }, 'field 0 value is 1025 > 1024'],
    ['footer 2048', { embeds: [{ footer: { text: x(2048) } }] }, { embeds: [{ footer: { text: x(2049) } }] }, 'footer is 2049 > 2048'],
    ['author name 256', { embeds: [{ author: { name: x(256) } }] }, { embeds: [{ author: { name: x(257) } }] }, 'author is 257 > 256'],
    [
      'all embeds together 6000',
      { embeds: [{ description: x(4096) }, { title: x(4), description: x(1900) }] },
      { embeds: [{ description: x(4096) }, { title: x(5), description: x(1900) }] },
      'embeds total 6001 > 6000',
    ],
    ['5 action rows', { content: 'hi', components: many(5, () => row(1)) }, { content: 'hi', components: many(6, () => row(1)) }, 'at most 5 rows'],
    ['5 buttons per row', { content: 'hi', components: [row(5)] }, { content: 'hi', components: [row(6)] }, '1–5 components'],
    ['button label 80', { content: 'hi', components: [{ type: ComponentType.ActionRow, components: [button(0, { label: x(80) })] }] }, { content: 'hi', components: [{ type: ComponentType.ActionRow, components: [button(0, { label: x(81) })] }] }, 'at most 80 characters'],
    ['custom_id 100', { content: 'hi', components: [{ type: ComponentType.ActionRow, components: [button(0, { custom_id: x(100) })] }] }, { content: 'hi', components: [{ type: ComponentType.ActionRow, components: [button(0, { custom_id: x(101) })] }] }, 'must be 1–100 characters'],
    ['allowed_mentions.users 100', { content: 'hi', allowed_mentions: { parse: [], users: ids(100) } }, { content: 'hi', allowed_mentions: { parse: [], users: ids(101) } }, 'allowed_mentions.users'],
    ['allowed_mentions.roles 100', { content: 'hi', allowed_mentions: { parse: [], roles: ids(100) } }, { content: 'hi', allowed_mentions: { parse: [], roles: ids(101) } }, 'allowed_mentions.roles'],
    ['nonce 25', { content: 'hi', nonce: x(25) }, { content: 'hi', nonce: x(26) }, 'at most 25 characters'],
  ])('%s', async (_name, atLimit, overLimit, fragment) => {
    await expectBoundary(postMessage, atLimit, overLimit, fragment, 200);
  });

  it("answers in Discord's Invalid Form Body shape", async () => {
    const refused = await postMessage({ content: x(2001) });
    expect(refused.body).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: { 'content is 2001 > 2000': { _errors: [{ code: 'BASE_TYPE_INVALID', message: 'content is 2001 > 2000' }] } },
    });
  });
});

describe('the emulator refuses interaction answers one past each limit', () => {
  /** Each answer goes to a fresh interaction: an interaction takes one answer. */
  const answer =
    (payload: () => ConstructorParameters<typeof InteractionRecord>[0]): Sender =>
    async (body) => {
      const record = new InteractionRecord(payload(), null);
      emulator.core.interactions.set(record.id, record);
      emulator.core.interactionsByToken.set(record.token, record);
      return call('POST', `/interactions/${record.id}/${record.token}/callback`, body, false);
    };
  const answerAutocomplete = answer(() => autocomplete('book', 'query', { query: 'py' }));
  const answerCommand = answer(() => slashCommand('book', { query: 'py' }));
  const choices = (list: unknown[]) => ({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: list } });
  const modal = (data: Record<string, unknown>) => ({
    type: InteractionResponseType.Modal,
    data: { custom_id: 'm', title: 'Title', components: [{ type: ComponentType.ActionRow, components: [] }], ...data },
  });

  it.each([
    ['25 autocomplete choices', choices(many(25, (i) => ({ name: `n${i}`, value: `v${i}` }))), choices(many(26, (i) => ({ name: `n${i}`, value: `v${i}` }))), '26 choices > 25'],
    ['choice name 100', choices([{ name: x(100), value: 'v' }]), choices([{ name: x(101), value: 'v' }]), 'choice 0 name length 101'],
    ['choice name at least 1', choices([{ name: x(1), value: 'v' }]), choices([{ name: '', value: 'v' }]), 'choice 0 name length 0'],
    ['choice value 100', choices([{ name: 'n', value: x(100) }]), choices([{ name: 'n', value: x(101) }]), 'choice 0 value too long'],
  ])('%s', async (_name, atLimit, overLimit, fragment) => {
    await expectBoundary(answerAutocomplete, atLimit, overLimit, fragment, 204);
  });

  it.each([
    [
      'reply content 2000',
      { type: InteractionResponseType.ChannelMessageWithSource, data: { content: x(2000) } },
      { type: InteractionResponseType.ChannelMessageWithSource, data: { content: x(2001) } },
      'content is 2001 > 2000',
    ],
    ['modal title 45', modal({ title: x(45) }), modal({ title: x(46) }), 'data.title'],
    ['modal custom_id 100', modal({ custom_id: x(100) }), modal({ custom_id: x(101) }), 'data.custom_id'],
    [
      'modal 5 rows',
      modal({ components: many(5, () => ({ type: ComponentType.ActionRow, components: [] })) }),
      modal({ components: many(6, () => ({ type: ComponentType.ActionRow, components: [] })) }),
      'data.components',
    ],
  ])('%s', async (_name, atLimit, overLimit, fragment) => {
    await expectBoundary(answerCommand, atLimit, overLimit, fragment, 204);
  });
});

describe('the emulator refuses command definitions one past each limit', () => {
  const putCommands: Sender = async (body) => call('PUT', `/applications/${emulator.applicationId}/commands`, body, true);
  const command = (extra: Record<string, unknown>) => [{ name: 'book', description: 'Look up a book', ...extra }];
  const option = (index: number) => ({ type: 3, name: `o${index}`, description: 'd' });

  it.each([
    ['name 32', command({ name: x(32) }), command({ name: x(33) }), '0.name'],
    ['name at least 1', command({ name: x(1) }), command({ name: '' }), '0.name'],
    ['description 100', command({ description: x(100) }), command({ description: x(101) }), '0.description'],
    ['description at least 1', command({ description: x(1) }), command({ description: '' }), '0.description'],
    ['25 options', command({ options: many(25, option) }), command({ options: many(26, option) }), '0.options'],
    ['option name 32', command({ options: [{ ...option(0), name: x(32) }] }), command({ options: [{ ...option(0), name: x(33) }] }), '0.options.0.name'],
    [
      'option choices 25',
      command({ options: [{ ...option(0), choices: many(25, (i) => ({ name: `c${i}`, value: `c${i}` })) }] }),
      command({ options: [{ ...option(0), choices: many(26, (i) => ({ name: `c${i}`, value: `c${i}` })) }] }),
      '26 choices > 25',
    ],
  ])('%s', async (_name, atLimit, overLimit, fragment) => {
    await expectBoundary(putCommands, atLimit, overLimit, fragment, 200);
  });
});
