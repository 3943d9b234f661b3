import { Client, Events, GatewayIntentBits, type GatewayDispatchPayload } from 'discord.js';
import { GatewayDispatchEvents, type APIInteraction } from 'discord-api-types/v10';
import type { Logger } from '../logger.js';
import { createInteractionResponder } from './interaction-responder.js';
import type { Router } from './router.js';

export interface DiscordClientOptions {
  apiBase: string;
  applicationId: string;
  router: Router;
  log: Logger;
}

/**
 * The gateway connection. Slash commands only need the Guilds intent. Interactions are taken from the raw
 * gateway payload (exactly what the router is tested with) and answered over REST.
 */
export function createDiscordClient({ apiBase, applicationId, router, log }: DiscordClientOptions): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: apiBase },
    allowedMentions: { parse: [] },
  });
  const respond = createInteractionResponder({ rest: client.rest, applicationId, log });

  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    if (packet.t !== GatewayDispatchEvents.InteractionCreate) return;
    const interaction = packet.d as APIInteraction;
    void respond(interaction, router.handle(interaction));
  });
  client.once(Events.ClientReady, (ready) => {
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, pid: process.pid }, 'connected to Discord and ready');
  });
  client.on(Events.GuildCreate, (guild) => log.info({ guildId: guild.id, guilds: client.guilds.cache.size }, 'joined a server'));
  client.on(Events.GuildDelete, (guild) => log.info({ guildId: guild.id, guilds: client.guilds.cache.size }, 'left a server'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ shardId, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shardId) => log.info({ shardId }, 'gateway resumed'));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  return client;
}
