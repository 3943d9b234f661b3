import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { DiscordAccess } from './discord-access.js';
import { UserError } from './user-error.js';

export type NamedPermission = readonly [bit: bigint, name: string];

/**
 * What the bot needs in a channel it posts scheduled messages to: a card is an embed, and Read Message
 * History lets it find its own earlier post before ever sending one again.
 */
export const postingPermissions: readonly NamedPermission[] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
];

/** Names of the permissions the bot lacks in the channel; all of View Channel when it cannot see the channel. */
export function missingChannelPermissions(discord: DiscordAccess, guildId: string, channelId: string, required: readonly NamedPermission[] = postingPermissions): string[] {
  const permissions = discord.botPermissionsIn(guildId, channelId);
  if (permissions === null) return ['View Channel'];
  return required.filter(([bit]) => (permissions & bit) === 0n).map(([, name]) => name);
}

/** Throws a message the admin can act on when the bot could not post in the channel. */
export function assertCanPost(discord: DiscordAccess, guildId: string, channelId: string, required: readonly NamedPermission[] = postingPermissions): void {
  const missing = missingChannelPermissions(discord, guildId, channelId, required);
  if (missing.length > 0) {
    throw new UserError(`I can't post in <#${channelId}>: I'm missing **${missing.join('**, **')}** there. Give me those permissions in the channel settings and try again.`);
  }
}
