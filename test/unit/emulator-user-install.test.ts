import { ButtonStyle, ComponentType, InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { Emulator } from '../../src/emulator/emulator.js';
import type { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { buildDeployRequest } from '../../src/platform/discord/deploy.js';

/**
 * Apps installed to a member's account (DISCORD-REFERENCE.md §4): where Discord offers their commands, what the
 * payload says, replies it makes private, the follow-up limit, and the bot's REST calls in a server it is not in.
 * No bot is connected: each test answers the interaction over REST as the bot would.
 */

let emulator: Emulator;
/** A server with the bot, and one that never added it, each with a channel; you are in both and installed the app. */
let home: { guildId: string; channelId: string };
let elsewhere: { guildId: string; channelId: string };
let you: string;

beforeEach(async () => {
  emulator = await Emulator.start();
  const homeId = emulator.createGuild({ name: 'Home' }).id;
  home = { guildId: homeId, channelId: emulator.createChannel(homeId, { name: 'books' }) };
  const elsewhereId = emulator.createGuild({ name: 'Elsewhere', botInstalled: false }).id;
  elsewhere = { guildId: elsewhereId, channelId: emulator.createChannel(elsewhereId, { name: 'general' }) };
  you = emulator.createMember(homeId, { username: 'you' });
  emulator.createMember(elsewhereId, { userId: you });
  emulator.installToUser(you);
  expect((await call('PUT', `/applications/${emulator.applicationId}/commands`, buildDeployRequest(emulator.applicationId, undefined, commands).body)).status).toBe(200);
});
afterEach(async () => {
  await emulator.close();
});

async function call(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.apiBase}/v10${path}`, {
    method,
    headers: { ...(auth ? { Authorization: `Bot ${emulator.token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const book = (where: { guildId: string | null; channelId: string }, userId = you) => ({ ...where, userId, name: 'book', options: { query: 'fluent python' } });
const start = (where: { guildId: string | null; channelId: string }, userId = you): InteractionRecord => emulator.startCommand(book(where, userId)).interaction;
const reply = (record: InteractionRecord, data: Record<string, unknown> = {}) =>
  call('POST', `/interactions/${record.id}/${record.token}/callback`, { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'card', allowed_mentions: { parse: [] }, ...data } }, false);
const followUp = (record: InteractionRecord) => call('POST', `/webhooks/${emulator.applicationId}/${record.token}`, { content: 'more', allowed_mentions: { parse: [] } }, false);
const payloadOf = (record: InteractionRecord) => record.payload as unknown as Record<string, unknown>;

describe('where Discord offers a user-installable command, and what it sends', () => {
  it('sends the server, the member and only the user key from a server without the bot; both keys where both installs apply', () => {
    const outside = payloadOf(start(elsewhere));
    expect(outside).toMatchObject({ guild_id: elsewhere.guildId, guild: { id: elsewhere.guildId }, context: 0, authorizing_integration_owners: { '1': you }, member: { user: { id: you } } });
    expect(outside.authorizing_integration_owners).toEqual({ '1': you });
    // (guess) The app gets what @everyone may do there: the default, Use External Apps included.
    expect(BigInt(outside.app_permissions as string) & PermissionFlagsBits.SendMessages).toBe(PermissionFlagsBits.SendMessages);
    expect(payloadOf(start(home)).authorizing_integration_owners).toEqual({ '0': home.guildId, '1': you });
  });

  it('runs in the bot DM ("0" is "0" there) and in a group DM (context 2, the user key only), with a user instead of a member', () => {
    const friend = emulator.createUser('friend');
    const dm = payloadOf(start({ guildId: null, channelId: emulator.createBotDm(you) }));
    expect(dm).toMatchObject({ context: 1, authorizing_integration_owners: { '0': '0', '1': you }, user: { id: you } });
    expect(dm.guild_id).toBeUndefined();
    expect(dm.member).toBeUndefined();
    expect(BigInt(dm.app_permissions as string)).toBe(PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.MentionEveryone | PermissionFlagsBits.UseExternalEmojis);
    const group = payloadOf(start({ guildId: null, channelId: emulator.createGroupDm([you, friend]) }));
    expect(group).toMatchObject({ context: 2, authorizing_integration_owners: { '1': you }, channel: { type: 3, recipients: [{ id: friend }] } });
  });

  it('does not offer a command the install or its contexts leave out, as no Discord client would', () => {
    const stranger = emulator.createMember(elsewhere.guildId, { username: 'stranger' });
    expect(() => start(elsewhere, stranger)).toThrow(/Discord does not offer \/book here: the bot is not in this server, and the user has not installed the app/);
    expect(() => emulator.startCommand({ ...elsewhere, userId: you, name: 'study', subcommand: 'list' })).toThrow(/Discord does not offer \/study here: .*cannot be installed to a user's account/);
    const group = emulator.createGroupDm([you, stranger]);
    expect(() => emulator.startCommand({ guildId: null, channelId: group, userId: you, name: 'spotlight', subcommand: 'status' })).toThrow(/Discord does not offer \/spotlight in a group DM/);
  });
});

describe('replies Discord forces to be private', () => {
  it('makes every reply ephemeral where the member may not use external apps, and accepts the request without an error', async () => {
    emulator.setChannelOverwrite(elsewhere.channelId, { id: elsewhere.guildId, type: 0, deny: PermissionFlagsBits.UseExternalApps });
    const record = start(elsewhere);
    expect((await reply(record)).status).toBe(204);
    expect((await followUp(record)).body.flags).toBe(MessageFlags.Ephemeral);
    const { message, followUps } = emulator.outcomeOf(record);
    expect([message?.ephemeral, ...followUps.map((m) => m.ephemeral)]).toEqual([true, true]);
    expect(emulator.messages(elsewhere.channelId)).toEqual([]);
    // A deferred answer is private from its "thinking…" on.
    const deferred = start(elsewhere);
    await call('POST', `/interactions/${deferred.id}/${deferred.token}/callback`, { type: InteractionResponseType.DeferredChannelMessageWithSource }, false);
    expect(emulator.outcomeOf(deferred).message?.ephemeral).toBe(true);
  });

  it('answers in public where external apps are allowed, and wherever the server installed the bot too', async () => {
    const allowed = start(elsewhere);
    await reply(allowed);
    expect(emulator.outcomeOf(allowed).message?.ephemeral).toBe(false);
    expect(emulator.messages(elsewhere.channelId)).toHaveLength(1);
    emulator.setChannelOverwrite(home.channelId, { id: home.guildId, type: 0, deny: PermissionFlagsBits.UseExternalApps });
    const installedHere = start(home);
    await reply(installedHere);
    expect(emulator.outcomeOf(installedHere).message?.ephemeral).toBe(false);
  });

  it('also keeps the answer private where the member cannot send messages', async () => {
    emulator.setChannelOverwrite(elsewhere.channelId, { id: you, type: 1, deny: PermissionFlagsBits.SendMessages });
    const record = start(elsewhere);
    await reply(record);
    expect(emulator.outcomeOf(record).message?.ephemeral).toBe(true);
  });
});

describe('the follow-up limit', () => {
  it('refuses a sixth follow-up with 40094 when only the member installed the app; no limit where the server did', async () => {
    const outside = start(elsewhere);
    await reply(outside);
    for (let sent = 0; sent < 5; sent++) expect((await followUp(outside)).status).toBe(200);
    expect(await followUp(outside)).toEqual({ status: 400, body: { code: 40094, message: 'This interaction has hit the maximum number of follow up messages' } });
    expect(emulator.outcomeOf(outside).followUps).toHaveLength(5);
    const installedHere = start(home);
    await reply(installedHere);
    for (let sent = 0; sent < 6; sent++) expect((await followUp(installedHere)).status).toBe(200);
  });

  it('holds for a button pressed on the user-installed reply: the press is authorized by the same install', async () => {
    const record = start(elsewhere);
    const button = { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Similar', custom_id: 'book:similar:fluent-python' };
    await reply(record, { components: [{ type: ComponentType.ActionRow, components: [button] }] });
    const other = emulator.createMember(elsewhere.guildId, { username: 'other' });
    // Nobody answers the press (no bot is connected): only what Discord sent is looked at.
    await emulator.pressButton({ userId: other, messageId: emulator.outcomeOf(record).message!.id, customId: button.custom_id, timeoutMs: 50 });
    const press = emulator.interactions.at(-1)!;
    expect(payloadOf(press).authorizing_integration_owners).toEqual({ '1': you });
    expect(press.rules.maxFollowUps).toBe(5);
  });
});

describe("the bot's own REST calls in a server it is not in", () => {
  it('fails like Discord: 10004 for the server (since discord-api-docs#5840), 50001 for its channels and commands', async () => {
    expect(await call('GET', `/guilds/${elsewhere.guildId}`)).toEqual({ status: 404, body: { code: 10004, message: 'Unknown Guild' } });
    expect(await call('GET', `/channels/${elsewhere.channelId}`)).toEqual({ status: 403, body: { code: 50001, message: 'Missing Access' } });
    expect((await call('POST', `/channels/${elsewhere.channelId}/messages`, { content: 'hi' })).body.code).toBe(50001);
    expect((await call('GET', `/channels/${elsewhere.channelId}/messages`)).body.code).toBe(50001);
    expect((await call('PUT', `/applications/${emulator.applicationId}/guilds/${elsewhere.guildId}/commands`, [])).body.code).toBe(50001);
  });
});
