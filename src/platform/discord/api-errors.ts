import { DiscordAPIError } from '@discordjs/rest';

/** Discord's JSON error codes that the bot handles by name. */
export const DiscordErrorCode = {
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMessage: 10008,
  UnknownInteraction: 10062,
  UnknownScheduledEvent: 10070,
  TooManyScheduledEvents: 30038,
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

/**
 * The JSON code of a Discord API error. discord.js loads @discordjs/rest's CommonJS build and this ESM module its ESM
 * build: two DiscordAPIError classes, so an error from the client's REST fails `instanceof`. Its shape is checked too.
 */
export function discordErrorCode(error: unknown): number | null {
  if (error instanceof DiscordAPIError) return typeof error.code === 'number' ? error.code : null;
  const shaped = error as { name?: unknown; code?: unknown; rawError?: unknown } | null;
  return shaped !== null && typeof shaped === 'object' && String(shaped.name).startsWith('DiscordAPIError') && typeof shaped.code === 'number' && typeof shaped.rawError === 'object' ? shaped.code : null;
}

/** A message for the person, for Discord errors that an admin can fix; null for the rest. */
export function friendlyDiscordError(error: unknown): string | null {
  const code = discordErrorCode(error);
  return code === null ? null : (friendlyMessages[code] ?? null);
}
