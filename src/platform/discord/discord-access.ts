import type { Client } from 'discord.js';

/** What handlers may ask of the live Discord connection (implemented from discord.js' cache). */
export interface DiscordAccess {
  /** The bot's permissions in a channel, or null when the channel (or server) is unknown to it. */
  botPermissionsIn(guildId: string, channelId: string): bigint | null;
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
  };
}
