import { Client, Events, GatewayIntentBits, type GatewayDispatchPayload } from 'discord.js';
import { GatewayDispatchEvents, type APIInteraction } from 'discord-api-types/v10';
import type { Logger } from '../logger.js';
import { createInteractionResponder } from './interaction-responder.js';
import type { Router } from './router.js';

/** The gateway connection, not yet listening. Slash commands only need the Guilds intent. */
export function createDiscordClient({ apiBase }: { apiBase: string }): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: apiBase },
    allowedMentions: { parse: [] },
  });
}

export interface DiscordListeners {
  applicationId: string;
  log: Logger;
  /** Answers every interaction. */
  router: Router;
  /** The bot was removed from a server (not a temporary outage). */
  onGuildRemoved(guildId: string): void;
  /** Connected and every server received: time to catch up on scheduled work. */
  onReady(): void;
  /** Discord drops an interaction not answered within 3 s; slower handlers are deferred after this long. */
  deferAfterMs?: number;
}

/**
 * Wires the client's events to the bot. Interactions are taken from the raw gateway payload (exactly
 * what the router is tested with) and answered over REST.
 */
export function listenToDiscord(client: Client, listeners: DiscordListeners): void {
  const { log, router } = listeners;
  const respond = createInteractionResponder({ rest: client.rest, applicationId: listeners.applicationId, log, deferAfterMs: listeners.deferAfterMs });

  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    if (packet.t !== GatewayDispatchEvents.InteractionCreate) return;
    const interaction = packet.d as APIInteraction;
    void respond(interaction, router.handle(interaction));
  });
  client.once(Events.ClientReady, (ready) => {
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size, pid: process.pid }, 'connected to Discord and ready');
    listeners.onReady();
  });
  client.on(Events.GuildCreate, (guild) => log.info({ guildId: guild.id, guilds: client.guilds.cache.size }, 'joined a server'));
  client.on(Events.GuildDelete, (guild) => {
    // An outage marks a server unavailable; only a real removal counts.
    if (guild.available === false) return;
    log.info({ guildId: guild.id, guilds: client.guilds.cache.size }, 'left a server');
    listeners.onGuildRemoved(guild.id);
  });
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ shardId, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shardId) => log.info({ shardId }, 'gateway resumed'));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));
}
