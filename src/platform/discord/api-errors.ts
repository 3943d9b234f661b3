import { DiscordAPIError } from '@discordjs/rest';

/** Discord's JSON error codes that the bot handles by name. */
export const DiscordErrorCode = {
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownInteraction: 10062,
  InteractionAlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  InvalidFormBody: 50035,
} as const;

const friendlyMessages: Record<number, string> = {
  [DiscordErrorCode.UnknownChannel]: 'That channel no longer exists.',
  [DiscordErrorCode.UnknownGuild]: 'I am no longer in this server.',
  [DiscordErrorCode.MissingAccess]: 'I cannot see that channel. Ask an admin to give me the View Channel permission there.',
  [DiscordErrorCode.MissingPermissions]: 'I am missing a permission in that channel (I need View Channel, Send Messages, Embed Links and Read Message History).',
};

export function discordErrorCode(error: unknown): number | null {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : null;
}

/** A message for the person, for Discord errors that an admin can fix; null for the rest. */
export function friendlyDiscordError(error: unknown): string | null {
  const code = discordErrorCode(error);
  return code === null ? null : (friendlyMessages[code] ?? null);
}
