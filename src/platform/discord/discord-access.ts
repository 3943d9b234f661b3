import { PermissionFlagsBits, type Client } from 'discord.js';

/** What handlers may ask of the live Discord connection (implemented from discord.js' cache). */
export interface DiscordAccess {
  /** The bot's permissions in a channel, or null when the channel (or server) is unknown to it. */
  botPermissionsIn(guildId: string, channelId: string): bigint | null;
  /**
   * A role of this server as the bot sees it: whether a message from the bot can ping it (the role is
   * mentionable, or the bot may mention every role); null when the server has no such role.
   */
  role(guildId: string, roleId: string): { pingable: boolean } | null;
  /** The bot's server-wide permissions (its roles), or null when the server is unknown to it. */
  botPermissionsInGuild(guildId: string): bigint | null;
  /** A channel's type (voice, stage, text…), or null when the bot does not know it. */
  channelType(guildId: string, channelId: string): number | null;
}

/** The bot's view of servers and channels, from discord.js' cache (kept current by the gateway). */
export function discordAccessFrom(client: Client): DiscordAccess {
  return {
    botPermissionsIn(guildId, channelId) {
      const guild = client.guilds.cache.get(guildId);
      const channel = guild?.channels.cache.get(channelId);
      const me = guild?.members.me;
      if (!guild || !channel || !me) return null;
      return channel.permissionsFor(me)?.bitfield ?? null;
    },
    botPermissionsInGuild(guildId) {
      return client.guilds.cache.get(guildId)?.members.me?.permissions.bitfield ?? null;
    },
    channelType(guildId, channelId) {
      return client.guilds.cache.get(guildId)?.channels.cache.get(channelId)?.type ?? null;
    },
    role(guildId, roleId) {
      const guild = client.guilds.cache.get(guildId);
      const role = guild?.roles.cache.get(roleId);
      if (!guild || !role) return null;
      return { pingable: role.mentionable || (guild.members.me?.permissions.has(PermissionFlagsBits.MentionEveryone) ?? false) };
    },
  };
}
