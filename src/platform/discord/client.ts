import { Client, Events, GatewayIntentBits, Options, type GatewayDispatchPayload, type GuildMember, type User } from 'discord.js';
import { GatewayDispatchEvents, type APIInteraction } from 'discord-api-types/v10';
import type { Logger } from '../logger.js';
import { createInteractionResponder } from './interaction-responder.js';
import type { Router } from './router.js';

/** The bot's own member and user: permission checks (`channel.permissionsFor(guild.members.me)`) need them. */
const isSelf = (entry: GuildMember | User): boolean => entry.id === entry.client.user?.id;
const onlySelf = { maxSize: 0, keepOverLimit: isSelf };

/**
 * Caches sized for a slash-command bot, per https://discordjs.guide/miscellaneous/cache-customization.html.
 * The bot reads only servers, channels (with their overwrites), roles and its own member; interactions arrive
 * raw with the member and user they need. GuildManager, ChannelManager, GuildChannelManager, RoleManager and
 * PermissionOverwriteManager stay unlimited: the guide says limiting them is unsupported and breaks things.
 * Everything else a server's GUILD_CREATE or an interaction would otherwise keep for ever is not cached.
 */
export const cacheOptions = {
  makeCache: Options.cacheWithLimits({
    GuildMemberManager: onlySelf,
    UserManager: onlySelf,
    MessageManager: 0,
    PresenceManager: 0,
    VoiceStateManager: 0,
    ReactionManager: 0,
    ReactionUserManager: 0,
    ThreadManager: 0,
    ThreadMemberManager: 0,
    BaseGuildEmojiManager: 0,
    GuildEmojiManager: 0,
    ApplicationEmojiManager: 0,
    GuildStickerManager: 0,
    GuildInviteManager: 0,
    GuildBanManager: 0,
    StageInstanceManager: 0,
    GuildScheduledEventManager: 0,
    AutoModerationRuleManager: 0,
    ApplicationCommandManager: 0,
    EntitlementManager: 0,
  }),
  // Threads live in the channel caches, which cannot be limited: drop archived ones (discord.js's default).
  sweepers: { threads: Options.DefaultSweeperSettings.threads },
};

/** What an INTERACTION_CREATE packet is renamed to once taken: no discord.js handler has this name. */
export const answeredRawEvent = 'GRIMOIRE_INTERACTION_ANSWERED_RAW';

/** The gateway connection, not yet listening. Slash commands only need the Guilds intent. */
export function createDiscordClient({ apiBase }: { apiBase: string }): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: apiBase },
    allowedMentions: { parse: [] },
    ...cacheOptions,
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
    // discord.js handles the same packet right after this listener, building Interaction objects the bot never
    // uses, and a payload it cannot read makes it throw inside its socket handler: an unhandled rejection. The
    // bot answers from the raw payload alone (checked by the router), so discord.js is handed no interaction.
    (packet as { t: string }).t = answeredRawEvent;
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
