import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { defaultEveryonePermissions, type Overwrite } from './permissions.js';
import type { ChannelState, EmulatorState, GuildState, RoleState } from './state.js';

/**
 * Servers shaped like real programming communities, for benches: categories with text, announcement, forum and
 * voice channels, role overwrites (staff-only and read-only areas, a muted role), dozens of roles, custom emojis,
 * stickers, active threads, scheduled events and a member count, so a bot's GUILD_CREATE costs what it would on
 * Discord. Built straight into the state (no per-channel gateway events): 10,000 in about a second.
 * Only the owner and the bot are members, and GUILD_CREATE carries the bot's own member, no presences and no voice
 * states: what a bot with only the Guilds intent gets.
 */

export interface CommunityOptions {
  name?: string;
  /** Picks the shape (channel, role and emoji counts, member count); the same seed builds the same server. */
  seed?: number;
  /** The member count Discord reports (default: 30 to 20,000, from the seed). */
  memberCount?: number;
  /** What the bot's managed role grants. */
  botPermissions: bigint;
}

export interface Community {
  id: string;
  ownerId: string;
  botRoleId: string;
  /** A text channel everyone, the bot included, may see and write in. */
  generalChannelId: string;
  /** Every channel, categories included. */
  channelIds: string[];
  memberCount: number;
}

/** mulberry32: small and seedable, so a bench builds the same servers every run. */
function random(seed: number): { next(): number; between(min: number, max: number): number } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

const topicCategories = ['Help', 'Topics', 'Study groups', 'Projects', 'Archive'];
const textNames = [
  'general', 'introductions', 'off-topic', 'python-help', 'code-review', 'resources', 'books', 'showcase', 'jobs', 'memes',
  'bot-commands', 'study-hall', 'asyncio', 'performance', 'web-dev', 'data-science', 'career', 'testing', 'packaging', 'typing',
];
const voiceNames = ['Lounge', 'Study Room', 'Pair Programming', 'Office Hours', 'Music', 'AFK'];
const roleNames = [
  'Admin', 'Moderator', 'Helper', 'Mentor', 'Server Booster', 'Muted', 'Event pings', 'Study pings', 'Python', 'Rust', 'Go', 'JavaScript',
  'Beginner', 'Intermediate', 'Advanced', 'Europe', 'Americas', 'Asia', 'Oceania', 'he/him', 'she/her', 'they/them', 'Book club', 'Contributor',
];
const muteDenied = PermissionFlagsBits.SendMessages | PermissionFlagsBits.AddReactions | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.Speak;
const moderatorPermissions =
  defaultEveryonePermissions | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.KickMembers | PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.ManageThreads;

/** Builds one community in `state` and returns it; the caller announces it (GUILD_CREATE) if a bot is connected. */
export function buildCommunity(state: EmulatorState, options: CommunityOptions): { guild: GuildState; community: Community } {
  const rng = random(options.seed ?? state.guilds.size + 1);
  const id = state.nextId();
  const ownerId = state.nextId();
  state.users.set(ownerId, { id: ownerId, username: `owner-${id}`, bot: false });
  const joinedAt = new Date().toISOString();

  const roles = new Map<string, RoleState>([[id, { id, name: '@everyone', permissions: defaultEveryonePermissions, position: 0, managed: false }]]);
  const addRole = (name: string, permissions: bigint, managed = false): string => {
    const roleId = state.nextId();
    roles.set(roleId, { id: roleId, name, permissions, position: roles.size, managed });
    return roleId;
  };
  const roleCount = rng.between(12, 60);
  for (let i = 0; i < roleCount; i++) {
    const name = i < roleNames.length ? roleNames[i]! : `${roleNames[i % roleNames.length]} ${Math.floor(i / roleNames.length) + 1}`;
    addRole(name, 0n);
  }
  const [adminRoleId, moderatorRoleId, , , , mutedRoleId] = [...roles.keys()].slice(1);
  roles.get(adminRoleId!)!.permissions = PermissionFlagsBits.Administrator;
  roles.get(moderatorRoleId!)!.permissions = moderatorPermissions;
  const botsRoleId = addRole('Bots', 0n);
  const botRoleId = addRole(state.botUser.username, options.botPermissions, true);

  const guild: GuildState = {
    id,
    name: options.name ?? `Community ${id.slice(-4)}`,
    ownerId,
    roles,
    members: new Map([
      [ownerId, { userId: ownerId, roleIds: [adminRoleId!], joinedAt }],
      [state.botUser.id, { userId: state.botUser.id, roleIds: [botsRoleId, botRoleId], joinedAt }],
    ]),
    channelIds: [],
    botPresent: true,
  };
  state.guilds.set(id, guild);

  const addChannel = (name: string, type: ChannelType, overwrites: Overwrite[], parentId?: string): string => {
    const channelId = state.nextId();
    const channel: ChannelState = { id: channelId, guildId: id, name, type, position: guild.channelIds.length, overwrites, ...(parentId ? { parentId } : {}) };
    state.channels.set(channelId, channel);
    guild.channelIds.push(channelId);
    return channelId;
  };
  const muted: Overwrite = { id: mutedRoleId!, type: 0, allow: 0n, deny: muteDenied };
  const staffOnly: Overwrite[] = [
    { id, type: 0, allow: 0n, deny: PermissionFlagsBits.ViewChannel },
    { id: moderatorRoleId!, type: 0, allow: PermissionFlagsBits.ViewChannel, deny: 0n },
  ];
  const readOnly: Overwrite = { id, type: 0, allow: 0n, deny: PermissionFlagsBits.SendMessages | PermissionFlagsBits.AddReactions };

  const information = addChannel('Information', ChannelType.GuildCategory, [readOnly]);
  const rulesChannelId = addChannel('rules', ChannelType.GuildText, [readOnly], information);
  addChannel('announcements', ChannelType.GuildAnnouncement, [readOnly], information);
  const community = addChannel('Community', ChannelType.GuildCategory, [muted]);
  const generalChannelId = addChannel('general', ChannelType.GuildText, [muted], community);
  const threadParents = [generalChannelId];
  const categories = [...topicCategories.slice(0, rng.between(2, topicCategories.length)), ...(rng.next() < 0.8 ? ['Voice'] : []), ...(rng.next() < 0.6 ? ['Staff'] : [])];
  let text = 1;
  for (const categoryName of categories) {
    const staff = categoryName === 'Staff';
    const overwrites = staff ? staffOnly : [muted];
    const category = addChannel(categoryName, ChannelType.GuildCategory, overwrites);
    if (categoryName === 'Voice') {
      const voices = rng.between(2, 6);
      for (let v = 0; v < voices; v++) addChannel(`${voiceNames[v % voiceNames.length]}${v >= voiceNames.length ? ` ${v}` : ''}`, ChannelType.GuildVoice, overwrites, category);
      if (rng.next() < 0.3) addChannel('Stage', ChannelType.GuildStageVoice, overwrites, category);
      continue;
    }
    const texts = rng.between(3, 8);
    for (let t = 0; t < texts; t++, text++) {
      const name = staff ? `staff-${t + 1}` : `${textNames[text % textNames.length]}${text >= textNames.length ? `-${Math.floor(text / textNames.length) + 1}` : ''}`;
      const channelId = addChannel(name, ChannelType.GuildText, overwrites, category);
      if (!staff) threadParents.push(channelId);
    }
    if (!staff && rng.next() < 0.4) addChannel(`${categoryName.toLowerCase().replace(/ /g, '-')}-forum`, ChannelType.GuildForum, overwrites, category);
    if (!staff && rng.next() < 0.5) addChannel(`${categoryName} voice`, ChannelType.GuildVoice, overwrites, category);
  }

  const memberCount = options.memberCount ?? Math.round(30 * Math.pow(20_000 / 30, rng.next()));
  guild.guildCreateExtras = {
    member_count: memberCount,
    // Discord's default large_threshold is 50 members.
    large: memberCount > 50,
    features: ['COMMUNITY', 'NEWS', 'WELCOME_SCREEN_ENABLED', 'MEMBER_VERIFICATION_GATE_ENABLED'],
    description: 'A community for people learning and teaching Python.',
    rules_channel_id: rulesChannelId,
    system_channel_id: generalChannelId,
    public_updates_channel_id: rulesChannelId,
    premium_tier: rng.between(0, 3),
    premium_subscription_count: rng.between(0, 30),
    verification_level: 2,
    explicit_content_filter: 2,
    max_members: 500_000,
    emojis: Array.from({ length: rng.between(10, 50) }, (_, i) => emoji(state.nextId(), i, rng.next() < 0.2)),
    stickers: Array.from({ length: rng.between(0, 5) }, (_, i) => sticker(state.nextId(), id, i)),
    threads: Array.from({ length: rng.between(0, 8) }, (_, i) => thread(state.nextId(), id, threadParents[i % threadParents.length]!, ownerId, i)),
    guild_scheduled_events: Array.from({ length: rng.between(0, 2) }, (_, i) => scheduledEvent(state.nextId(), id, ownerId, i)),
  };
  return { guild, community: { id, ownerId, botRoleId, generalChannelId, channelIds: guild.channelIds, memberCount } };
}

function emoji(id: string, index: number, animated: boolean): Record<string, unknown> {
  return { id, name: `emoji_${index}`, roles: [], require_colons: true, managed: false, animated, available: true };
}

function sticker(id: string, guildId: string, index: number): Record<string, unknown> {
  return { id, guild_id: guildId, name: `sticker ${index}`, description: 'A community sticker', tags: 'snake', type: 2, format_type: 1, available: true };
}

function thread(id: string, guildId: string, parentId: string, ownerId: string, index: number): Record<string, unknown> {
  return {
    id,
    guild_id: guildId,
    parent_id: parentId,
    owner_id: ownerId,
    type: ChannelType.PublicThread,
    name: `question ${index + 1}`,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 12,
    member_count: 4,
    total_message_sent: 12,
    flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
  };
}

function scheduledEvent(id: string, guildId: string, creatorId: string, index: number): Record<string, unknown> {
  const start = Date.now() + (index + 1) * 86_400_000;
  return {
    id,
    guild_id: guildId,
    channel_id: null,
    creator_id: creatorId,
    name: `Study session ${index + 1}`,
    description: 'Reading together',
    scheduled_start_time: new Date(start).toISOString(),
    scheduled_end_time: new Date(start + 3_600_000).toISOString(),
    privacy_level: 2,
    status: 1,
    entity_type: 3,
    entity_id: null,
    entity_metadata: { location: 'Online' },
    user_count: 10,
  };
}
