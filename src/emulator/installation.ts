import { ApplicationIntegrationType, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { StoredCommand } from './core.js';
import { computePermissions } from './permissions.js';
import type { ChannelState, EmulatorState, GuildState, PrivateChannelState } from './state.js';

/**
 * How an app is installed decides where Discord offers a command and what an interaction may do
 * (DISCORD-REFERENCE.md §4): installed in a server (GUILD_INSTALL, key "0") or to a member's own account
 * (USER_INSTALL, key "1"), run in a server (context 0), the DM with the bot (1) or another DM or group DM (2).
 */

/** `authorizing_integration_owners`: which installs authorize this interaction ("0": the server, or "0" in the bot DM; "1": the user). */
export type Owners = Partial<Record<`${ApplicationIntegrationType}`, string>>;

/** Where a member acts: a server's channel, or a DM / group DM (no server). */
export type Place = { guild: GuildState; channel: ChannelState } | { guild: null; channel: PrivateChannelState };

/** What follows for one interaction from where it runs and what authorized it. */
export interface InteractionTerms {
  context: InteractionContextType;
  /** What the app may do where the interaction came from (`app_permissions`). */
  appPermissions: bigint;
  /** Discord turns every reply into one only the member sees (a user-installed app in a server that limits external apps). */
  forcedEphemeral: boolean;
  /** 5 when only the member's own install authorizes the interaction (error 40094 after that); null: no limit. */
  maxFollowUps: number | null;
}

/** Follow-ups allowed when `authorizing_integration_owners` holds USER_INSTALL alone (§ Create Followup Message). */
export const userInstallFollowUpLimit = 5;

const guildKey = `${ApplicationIntegrationType.GuildInstall}` as const;
const userKey = `${ApplicationIntegrationType.UserInstall}` as const;

const contextNames: Record<InteractionContextType, string> = {
  [InteractionContextType.Guild]: 'a server',
  [InteractionContextType.BotDM]: 'the DM with the bot',
  [InteractionContextType.PrivateChannel]: 'a group DM or a DM with someone else',
};

export function contextOf(place: Place): InteractionContextType {
  if (place.guild) return InteractionContextType.Guild;
  return place.channel.type === ChannelType.DM && place.channel.withBot ? InteractionContextType.BotDM : InteractionContextType.PrivateChannel;
}

/**
 * The install types a registered command supports. A server's own command (guild_id set) exists only there
 * and takes no contexts or integration_types (they are for global commands); a global one without the field
 * gets the app's default, here server install. An unregistered command (a test's) counts as installed with the server.
 */
function integrationTypesOf(command: StoredCommand | undefined): readonly number[] {
  const types = command?.guild_id === undefined ? command?.integration_types : undefined;
  return Array.isArray(types) ? (types as number[]) : [ApplicationIntegrationType.GuildInstall];
}

function contextsOf(command: StoredCommand | undefined): readonly number[] | null {
  if (command?.guild_id !== undefined) return [InteractionContextType.Guild];
  return Array.isArray(command?.contexts) ? (command.contexts as number[]) : null;
}

/** The installs that exist where the member acts, whatever the command (for buttons and forms not tied to one). */
export function installedOwners(state: EmulatorState, place: Place, userId: string): Owners {
  const owners: Owners = {};
  const context = contextOf(place);
  if (context === InteractionContextType.Guild && place.guild?.botPresent) owners[guildKey] = place.guild.id;
  // The bot DM belongs to the server install: its key is "0" there (§4 Interaction fields).
  if (context === InteractionContextType.BotDM) owners[guildKey] = '0';
  if (state.userInstalls.has(userId)) owners[userKey] = userId;
  return owners;
}

/**
 * Which installs authorize `command` run here by `userId`, or why no Discord client would offer it: a key appears
 * only if the app is installed in that context and the command supports that install type.
 */
export function commandOwners(state: EmulatorState, place: Place, userId: string, command: StoredCommand | undefined, name: string): { owners: Owners } | { refused: string } {
  const context = contextOf(place);
  const contexts = contextsOf(command);
  if (contexts && !contexts.includes(context)) return { refused: `Discord does not offer /${name} in ${contextNames[context]}: the command's contexts leave it out` };
  const types = integrationTypesOf(command);
  const installed = installedOwners(state, place, userId);
  const owners: Owners = {};
  if (types.includes(ApplicationIntegrationType.GuildInstall) && installed[guildKey] !== undefined) owners[guildKey] = installed[guildKey];
  if (types.includes(ApplicationIntegrationType.UserInstall) && installed[userKey] !== undefined) owners[userKey] = installed[userKey];
  if (Object.keys(owners).length > 0) return { owners };
  const where = context === InteractionContextType.Guild ? 'the bot is not in this server' : 'this is not a server the bot is in';
  const userInstalled = types.includes(ApplicationIntegrationType.UserInstall);
  return {
    refused: userInstalled
      ? `Discord does not offer /${name} here: ${where}, and the user has not installed the app to their account`
      : `Discord does not offer /${name} here: ${where}, and the command cannot be installed to a user's account`,
  };
}

/** DMs: "ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE, plus USE_EXTERNAL_EMOJIS in the bot DM" (§4). */
const privateChannelAppPermissions = PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.MentionEveryone;

/** What a member must have in the channel for a user-installed app to answer in public (§4, topics/permissions USE_EXTERNAL_APPS). */
const publicReplyPermissions = PermissionFlagsBits.UseExternalApps | PermissionFlagsBits.SendMessages;

export function interactionTerms(state: EmulatorState, place: Place, userId: string, owners: Owners): InteractionTerms {
  const context = contextOf(place);
  const onlyUser = owners[userKey] !== undefined && owners[guildKey] === undefined;
  const maxFollowUps = onlyUser ? userInstallFollowUpLimit : null;
  if (!place.guild) {
    const appPermissions = privateChannelAppPermissions | (context === InteractionContextType.BotDM ? PermissionFlagsBits.UseExternalEmojis : 0n);
    return { context, appPermissions, forcedEphemeral: false, maxFollowUps };
  }
  const { guild, channel } = place;
  if (guild.botPresent) return { context, appPermissions: state.permissionsIn(channel, state.botUser.id), forcedEphemeral: false, maxFollowUps };
  // Not in the server: (guess) the app gets what @everyone may do in the channel; the reference does not say.
  const everyone = computePermissions({
    guildId: guild.id,
    ownerId: guild.ownerId,
    userId: '',
    memberRoleIds: [],
    rolePermissions: new Map([...guild.roles.values()].map((role) => [role.id, role.permissions])),
    overwrites: channel.overwrites,
  });
  // Without Use External Apps (or Send Messages) the member's answers from an app the server did not install are
  // private. (guess, per the reference) The API returns no error; the message just becomes ephemeral. Discord's
  // client marks such a command as forced ephemeral (discord/discord-api-docs#6961).
  const forcedEphemeral = (state.permissionsIn(channel, userId) & publicReplyPermissions) !== publicReplyPermissions;
  return { context, appPermissions: everyone, forcedEphemeral, maxFollowUps };
}
