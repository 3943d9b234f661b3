import { Client, Events, GatewayIntentBits, type GatewayDispatchPayload } from 'discord.js';
import { GatewayDispatchEvents, type APIInteraction, type APIInteractionResponse } from 'discord-api-types/v10';
import type { DiscordAccess } from '../../context.js';
import type { Logger } from '../logger.js';
import { createInteractionResponder } from './interaction-responder.js';

export interface DiscordClientOptions {
  apiBase: string;
  applicationId: string;
  log: Logger;
  /** Answers one interaction (the router). */
  onInteraction(interaction: APIInteraction): Promise<APIInteractionResponse | null>;
  /** The bot was removed from a server (not a temporary outage). */
  onGuildRemoved(guildId: string): void;
  /** Connected and every server received: time to catch up on scheduled work. */
  onReady(): void;
}

/**
 * The gateway connection. Slash commands only need the Guilds intent. Interactions are taken from the raw
 * gateway payload (exactly what the router is tested with) and answered over REST.
 */
export function createDiscordClient(options: DiscordClientOptions): Client {
  const { log } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiBase },
    allowedMentions: { parse: [] },
  });
  const respond = createInteractionResponder({ rest: client.rest, applicationId: options.applicationId, log });

  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    if (packet.t !== GatewayDispatchEvents.InteractionCreate) return;
    const interaction = packet.d as APIInteraction;
    void respond(interaction, options.onInteraction(interaction));
  });
  client.once(Events.ClientReady, (ready) => {
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, pid: process.pid }, 'connected to Discord and ready');
    options.onReady();
  });
  client.on(Events.GuildCreate, (guild) => log.info({ guildId: guild.id, guilds: client.guilds.cache.size }, 'joined a server'));
  client.on(Events.GuildDelete, (guild) => {
    // An outage marks a server unavailable; only a real removal pauses its schedules.
    if (guild.available === false) return;
    log.info({ guildId: guild.id, guilds: client.guilds.cache.size }, 'left a server');
    options.onGuildRemoved(guild.id);
  });
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ shardId, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shardId) => log.info({ shardId }, 'gateway resumed'));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  return client;
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
