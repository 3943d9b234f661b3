import { InteractionResponseType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createWorld, startBot, type World } from './harness.js';
import { sendProblems, textOf } from '../fixtures/layout.js';

/**
 * /book and /recommend installed to a member's own account, run where the bot is not: a server that never added
 * it (no GUILD_CREATE, so nothing of it in discord.js' cache), a group DM. The real bot and discord.js client
 * answer from the interaction alone.
 */

let world: World;
let app: App;
let elsewhere: { guildId: string; channelId: string };

beforeAll(async () => {
  world = await createWorld();
  app = await startBot(world);
  const guildId = world.emulator.createGuild({ name: 'Elsewhere', botInstalled: false }).id;
  elsewhere = { guildId, channelId: world.emulator.createChannel(guildId, { name: 'general' }) };
  world.emulator.createMember(guildId, { userId: world.memberId });
  world.emulator.installToUser(world.memberId);
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
});

/** Requests the bot made with its own token about that server or its channel (interaction callbacks and webhooks excepted). */
const botCallsAbout = (ids: readonly string[]) =>
  world.emulator.core.requests.filter((request) => !/^\/(interactions|webhooks)\//.test(request.path) && ids.some((id) => request.path.includes(id)));

describe('a member who installed Grimoire to their account, in a server without the bot', () => {
  it('gets the /book card in public, though discord.js never heard of the server, and the server is not recorded', async () => {
    const outcome = await world.emulator.runCommand({ ...elsewhere, userId: world.memberId, name: 'book', options: { query: 'fluent pyhton' } });
    expect(outcome.responseType).toBe(InteractionResponseType.ChannelMessageWithSource);
    const card = outcome.message!;
    expect(textOf(card)).toContain('## Fluent Python');
    expect(card.ephemeral).toBe(false);
    expect(sendProblems(card)).toEqual([]);
    expect(world.emulator.messages(elsewhere.channelId).map((m) => m.id)).toEqual([card.id]);
    expect(app.client.guilds.cache.has(elsewhere.guildId)).toBe(false);
    expect(app.client.channels.cache.has(elsewhere.channelId)).toBe(false);
    expect(app.ctx.store.guilds.find(elsewhere.guildId)).toBeUndefined();
    expect(botCallsAbout([elsewhere.guildId, elsewhere.channelId])).toEqual([]);
  });

  it("answers the card's buttons and /recommend there, within the 5 follow-ups a user install allows", async () => {
    const card = await world.emulator.runCommand({ ...elsewhere, userId: world.memberId, name: 'book', options: { query: 'using-asyncio-in-python' } });
    const similar = await world.emulator.pressButton({ userId: world.memberId, messageId: card.message!.id, customId: 'book:similar:using-asyncio-in-python' });
    expect(textOf(similar.message!)).toMatch(/^### Books similar to Using Asyncio in Python\n/);
    expect(similar.message?.ephemeral).toBe(true);
    const recommended = await world.emulator.runCommand({ ...elsewhere, userId: world.memberId, name: 'recommend', options: { topic: 'asyncio', count: 3 } });
    expect(textOf(recommended.message!)).toContain('Using Asyncio in Python');
    for (const outcome of [card, similar, recommended]) expect(outcome.followUps.length).toBeLessThanOrEqual(5);
    expect(botCallsAbout([elsewhere.guildId, elsewhere.channelId])).toEqual([]);
  });

  it('answers privately where the server does not let members use external apps', async () => {
    world.emulator.setChannelOverwrite(elsewhere.channelId, { id: elsewhere.guildId, type: 0, deny: PermissionFlagsBits.UseExternalApps });
    const before = world.emulator.messages(elsewhere.channelId).length;
    const outcome = await world.emulator.runCommand({ ...elsewhere, userId: world.memberId, name: 'book', options: { query: 'fluent python' } });
    expect(textOf(outcome.message!)).toContain('## Fluent Python');
    expect(outcome.message?.ephemeral).toBe(true);
    expect(world.emulator.ephemeralRecipient(outcome.message!)).toBe(world.memberId);
    expect(world.emulator.messages(elsewhere.channelId)).toHaveLength(before);
  });

  it('answers in a group DM, where only the install to the account reaches', async () => {
    const friend = world.emulator.createUser('friend');
    const channelId = world.emulator.createGroupDm([world.memberId, friend]);
    const outcome = await world.emulator.runCommand({ guildId: null, channelId, userId: world.memberId, name: 'book', options: { query: 'fluent python' } });
    expect(textOf(outcome.message!)).toContain('## Fluent Python');
    expect(outcome.message?.ephemeral).toBe(false);
  });

  it('keeps /spotlight, /study and /grimoire to servers that installed the bot', async () => {
    for (const [name, subcommand] of [['spotlight', 'status'], ['study', 'list'], ['grimoire', 'export']] as const) {
      await expect(world.emulator.runCommand({ ...elsewhere, userId: world.memberId, name, subcommand })).rejects.toThrow(/Discord does not offer/);
    }
  });
});
