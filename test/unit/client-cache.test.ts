import { once } from 'node:events';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import {
  ChannelManager,
  Collection,
  Events,
  Guild,
  GuildChannelManager,
  GuildManager,
  LimitedCollection,
  PermissionOverwriteManager,
  PermissionOverwrites,
  Role,
  RoleManager,
  type Client,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Community } from '../../src/emulator/community.js';
import { Emulator } from '../../src/emulator/emulator.js';
import { cacheOptions, createDiscordClient } from '../../src/platform/discord/client.js';
import { discordAccessFrom } from '../../src/platform/discord/discord-access.js';

type LooseCacheFactory = (managerType: unknown, holds: unknown, manager: unknown) => Collection<unknown, unknown>;

describe('the client cache options', () => {
  // discord.js' guide: customising these five is unsupported and breaks functionality.
  it.each([
    ['GuildManager', GuildManager, Guild],
    ['ChannelManager', ChannelManager, Object],
    ['GuildChannelManager', GuildChannelManager, Object],
    ['RoleManager', RoleManager, Role],
    ['PermissionOverwriteManager', PermissionOverwriteManager, PermissionOverwrites],
  ])('leave %s an unlimited Collection', (_name, manager, holds) => {
    const cache = (cacheOptions.makeCache as LooseCacheFactory)(manager, holds, manager);
    expect(cache.constructor).toBe(Collection);
    expect(cache).not.toBeInstanceOf(LimitedCollection);
  });
});

describe('a client with these caches, against a realistic server', () => {
  let emulator: Emulator;
  let client: Client;
  let community: Community;

  beforeEach(async () => {
    emulator = await Emulator.start();
    // Seed 3 builds a server with a staff-only category, among others.
    community = emulator.createCommunity({ seed: 3 });
    client = createDiscordClient({ apiBase: emulator.apiBase });
    const ready = once(client, Events.ClientReady);
    await client.login(emulator.token);
    await ready;
  });
  afterEach(async () => {
    await client.destroy();
    await emulator.close();
  });

  it('keeps every channel, overwrite and role, and the bot’s own member and user, and nothing else', () => {
    const { state } = emulator.core;
    const guild = client.guilds.cache.get(community.id)!;
    const stateGuild = state.guilds.get(community.id)!;
    expect(guild.members.me?.id).toBe(emulator.botUserId);
    expect(guild.members.cache.size).toBe(1);
    expect([...client.users.cache.keys()]).toEqual([emulator.botUserId]);
    expect(guild.roles.cache.size).toBe(stateGuild.roles.size);
    for (const channelId of community.channelIds) {
      const channel = guild.channels.cache.get(channelId);
      expect(channel, channelId).toBeDefined();
      const overwrites = 'permissionOverwrites' in channel! ? channel.permissionOverwrites.cache.size : 0;
      expect(overwrites).toBe(state.channels.get(channelId)!.overwrites.length);
    }
    // The community carries emojis, stickers and events; a slash-command bot keeps none of them.
    expect((stateGuild.guildCreateExtras?.emojis as unknown[]).length).toBeGreaterThan(0);
    expect(guild.emojis.cache.size).toBe(0);
    expect(guild.stickers.cache.size).toBe(0);
    expect(guild.scheduledEvents.cache.size).toBe(0);
  });

  it('computes the bot’s permissions in a channel exactly as Discord does', () => {
    const { state } = emulator.core;
    const access = discordAccessFrom(client);
    const general = state.channels.get(community.generalChannelId)!;
    expect(access.botPermissionsIn(community.id, general.id)).toBe(state.permissionsIn(general, emulator.botUserId));
    const staffOnly = community.channelIds.map((id) => state.channels.get(id)!).find((channel) => channel.name.startsWith('staff-'));
    expect(staffOnly).toBeDefined();
    expect(access.botPermissionsIn(community.id, staffOnly!.id)! & PermissionFlagsBits.ViewChannel).toBe(0n);
  });

  it('does not keep the members and users that interactions bring', async () => {
    const member = emulator.createMember(community.id, { username: 'reader' });
    const received = once(client, Events.InteractionCreate);
    emulator.startCommand({ guildId: community.id, channelId: community.generalChannelId, userId: member, name: 'book', options: { query: 'fluent python' } });
    await received;
    const guild = client.guilds.cache.get(community.id)!;
    expect(guild.members.cache.has(member)).toBe(false);
    expect(client.users.cache.has(member)).toBe(false);
    expect(guild.members.me?.id).toBe(emulator.botUserId);
  });
});
