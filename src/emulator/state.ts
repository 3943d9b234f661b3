import {
  ChannelType,
  type APIChannel,
  type APIEmbed,
  type APIGuild,
  type APIGuildMember,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';
import { computePermissions, defaultEveryonePermissions, type Overwrite } from './permissions.js';
import { apiPoll, type StoredPoll } from './polls.js';
import { settleExpiredPolls, type SettledPoll } from './poll-results.js';
import type { StoredScheduledEvent } from './scheduled-events.js';
import { createSnowflakeGenerator } from './snowflake.js';

export interface UserState {
  id: string;
  username: string;
  bot: boolean;
}

export interface RoleState {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  managed: boolean;
}

export interface MemberState {
  userId: string;
  roleIds: string[];
  joinedAt: string;
}

export interface ChannelState {
  id: string;
  guildId: string;
  name: string;
  type: ChannelType;
  position: number;
  overwrites: Overwrite[];
  /** The category it sits in; none when absent. */
  parentId?: string;
}

/** A DM or a group DM: no server, no permission overwrites; who is in it decides the interaction context. */
export interface PrivateChannelState {
  id: string;
  type: ChannelType.DM | ChannelType.GroupDM;
  recipientIds: string[];
  /** A DM between a user and the bot (context BOT_DM); any other DM or group DM is PRIVATE_CHANNEL. */
  withBot: boolean;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, RoleState>;
  members: Map<string, MemberState>;
  channelIds: string[];
  /** False once the bot was removed, or for a server that never added it: its REST calls then fail like Discord's. */
  botPresent: boolean;
  /** What a real community's GUILD_CREATE adds (member count, emojis, stickers, threads…); see community.ts. */
  guildCreateExtras?: Record<string, unknown>;
}

export interface Mentions {
  everyone: boolean;
  users: string[];
  roles: string[];
}

export interface RecordedMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: APIEmbed[];
  components: unknown[];
  flags: number;
  /** Who this message actually pinged, after applying allowed_mentions. */
  pinged: Mentions;
  nonce: string | null;
  createdAt: number;
  editedAt: number | null;
  /** Set for replies to interactions (and their follow-ups). */
  interactionId: string | null;
  ephemeral: boolean;
  deleted: boolean;
  /** Files uploaded with the message (none when absent). */
  attachments?: RecordedAttachment[];
  /** A native poll (polls.ts); none when absent. */
  poll?: StoredPoll;
  /** A system message's type (46 POLL_RESULT); absent: 0, or 20 for an interaction's reply. */
  type?: number;
  /** The message a system message points to (a poll result's poll). */
  reference?: { messageId: string; channelId: string };
}

/** A file attached to a message, with its bytes (tests read them back: `data.toString('utf8')`). */
export interface RecordedAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
  description: string | null;
  /** Where the emulator serves the file, like Discord's CDN URL. */
  url: string;
}

/** The emulator's in-memory Discord: servers, channels, members, roles and messages. */
export class EmulatorState {
  readonly nextId: () => string;
  readonly users = new Map<string, UserState>();
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  readonly privateChannels = new Map<string, PrivateChannelState>();
  /** Users who installed the app to their own account (USER_INSTALL): its user-installable commands follow them anywhere. */
  readonly userInstalls = new Set<string>();
  readonly messages = new Map<string, RecordedMessage>();
  /** Ids of the messages whose poll has not ended yet (its tally not final). */
  readonly openPolls = new Set<string>();
  /** Guild Scheduled Events by id (each knows its guild). */
  readonly scheduledEvents = new Map<string, StoredScheduledEvent>();
  /** The emulator's clock (real time unless a test or the playground pins it): snowflakes and event times. */
  readonly now: () => number;
  readonly channelMessages = new Map<string, RecordedMessage[]>();
  readonly botUser: UserState;
  readonly applicationId: string;

  /** `now`: the time snowflakes are made from (real time unless a test or the playground pins it). */
  constructor(botName = 'Grimoire', now: () => number = Date.now) {
    this.now = now;
    this.nextId = createSnowflakeGenerator(now);
    this.applicationId = this.nextId();
    this.botUser = { id: this.applicationId, username: botName, bot: true };
    this.users.set(this.botUser.id, this.botUser);
  }

  guild(id: string): GuildState | undefined {
    return this.guilds.get(id);
  }

  channel(id: string): ChannelState | undefined {
    return this.channels.get(id);
  }

  permissionsIn(channel: ChannelState, userId: string): bigint {
    const guild = this.guilds.get(channel.guildId);
    const member = guild?.members.get(userId);
    if (!guild || !member) return 0n;
    return computePermissions({
      guildId: guild.id,
      ownerId: guild.ownerId,
      userId,
      memberRoleIds: member.roleIds,
      rolePermissions: new Map([...guild.roles.values()].map((role) => [role.id, role.permissions])),
      overwrites: channel.overwrites,
    });
  }

  /** Base permissions in the server (no channel), as sent in an interaction's member object outside a channel. */
  guildPermissions(guild: GuildState, userId: string): bigint {
    const member = guild.members.get(userId);
    if (!member) return 0n;
    let permissions = guild.roles.get(guild.id)?.permissions ?? defaultEveryonePermissions;
    for (const roleId of member.roleIds) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
    return permissions;
  }

  apiUser(user: UserState): APIUser {
    return { id: user.id, username: user.username, discriminator: '0', global_name: user.bot ? null : user.username, avatar: null, ...(user.bot ? { bot: true } : {}) };
  }

  apiRole(role: RoleState): APIRole {
    return {
      id: role.id,
      name: role.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: role.position,
      permissions: String(role.permissions),
      managed: role.managed,
      mentionable: false,
      flags: 0 as APIRole['flags'],
    };
  }

  apiMember(guild: GuildState, member: MemberState): APIGuildMember {
    return {
      user: this.apiUser(this.users.get(member.userId)!),
      roles: member.roleIds,
      joined_at: member.joinedAt,
      deaf: false,
      mute: false,
      flags: 0 as APIGuildMember['flags'],
      nick: null,
    };
  }

  apiChannel(channel: ChannelState): APIChannel {
    return {
      id: channel.id,
      guild_id: channel.guildId,
      name: channel.name,
      type: channel.type,
      position: channel.position,
      permission_overwrites: channel.overwrites.map((o) => ({ id: o.id, type: o.type, allow: String(o.allow), deny: String(o.deny) })),
      parent_id: channel.parentId ?? null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    } as unknown as APIChannel;
  }

  apiGuild(guild: GuildState): APIGuild {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...guild.roles.values()].map((role) => this.apiRole(role)),
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      region: 'europe',
    } as unknown as APIGuild;
  }

  /** The full GUILD_CREATE payload the gateway sends for a server the bot is in. */
  guildCreatePayload(guild: GuildState): Record<string, unknown> {
    const botMember = guild.members.get(this.botUser.id);
    return {
      ...this.apiGuild(guild),
      joined_at: botMember?.joinedAt ?? new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      members: botMember ? [this.apiMember(guild, botMember)] : [],
      channels: guild.channelIds.map((id) => this.apiChannel(this.channels.get(id)!)),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      ...guild.guildCreateExtras,
    };
  }

  recordMessage(message: Omit<RecordedMessage, 'id' | 'createdAt' | 'editedAt' | 'deleted'>): RecordedMessage {
    const recorded: RecordedMessage = { ...message, id: this.nextId(), createdAt: Date.now(), editedAt: null, deleted: false };
    this.messages.set(recorded.id, recorded);
    const list = this.channelMessages.get(recorded.channelId) ?? [];
    list.push(recorded);
    this.channelMessages.set(recorded.channelId, list);
    if (recorded.poll && !recorded.poll.finalized) this.openPolls.add(recorded.id);
    return recorded;
  }

  /** Ends the polls whose expiry the clock has reached, each once, oldest expiry first (poll-results.ts). */
  settleExpiredPolls(): SettledPoll[] {
    return settleExpiredPolls(this);
  }

  /** An attachment by its id, from the messages that are not deleted (for the emulator's file URLs). */
  attachment(id: string): RecordedAttachment | undefined {
    for (const message of this.messages.values()) {
      const found = message.deleted ? undefined : message.attachments?.find((attachment) => attachment.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** A channel's messages as its history shows them: oldest first, without deleted or ephemeral ones. */
  channelHistory(channelId: string): RecordedMessage[] {
    return (this.channelMessages.get(channelId) ?? []).filter((m) => !m.deleted && !m.ephemeral);
  }

  /**
   * The message object Discord returns. Discord does not store a nonce with the message: it is echoed only in
   * the Create Message response (and MESSAGE_CREATE), so `nonce` is included only when asked for.
   */
  apiMessage(message: RecordedMessage, options: { nonce?: boolean } = {}): Record<string, unknown> {
    return {
      id: message.id,
      channel_id: message.channelId,
      ...(message.guildId ? { guild_id: message.guildId } : {}),
      author: this.apiUser(this.users.get(message.authorId) ?? this.botUser),
      content: message.content,
      timestamp: new Date(message.createdAt).toISOString(),
      edited_timestamp: message.editedAt ? new Date(message.editedAt).toISOString() : null,
      tts: false,
      mention_everyone: message.pinged.everyone,
      mentions: message.pinged.users.map((id) => this.apiUser(this.users.get(id) ?? { id, username: 'unknown', bot: false })),
      mention_roles: message.pinged.roles,
      attachments: (message.attachments ?? []).map((attachment) => ({
        id: attachment.id,
        filename: attachment.filename,
        size: attachment.size,
        url: attachment.url,
        proxy_url: attachment.url,
        content_type: attachment.contentType,
        ...(attachment.description !== null ? { description: attachment.description } : {}),
        ...(message.ephemeral ? { ephemeral: true } : {}),
      })),
      embeds: message.embeds,
      components: message.components,
      pinned: false,
      type: message.type ?? (message.interactionId ? 20 : 0),
      flags: message.flags,
      ...(message.reference ? { message_reference: { message_id: message.reference.messageId, channel_id: message.reference.channelId } } : {}),
      ...(message.poll ? { poll: apiPoll(message.poll, this.botUser.id) } : {}),
      ...(options.nonce && message.nonce ? { nonce: message.nonce } : {}),
    };
  }
}

export const textChannelTypes = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
