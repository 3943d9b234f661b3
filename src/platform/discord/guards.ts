import type { Invocation } from './command.js';
import { UserError } from './user-error.js';

/** The server a command ran in, or a UserError saying it only works in one. */
export function requireGuild(invocation: Invocation, message: string): string {
  if (!invocation.guildId) throw new UserError(message);
  return invocation.guildId;
}

/**
 * Discord hides a command from members without its default permission, but server admins can change
 * that: the permission is checked again from the payload.
 */
export function requireMemberPermission(invocation: Invocation, permission: bigint, message: string): void {
  if (invocation.memberPermissions === null || (invocation.memberPermissions & permission) === 0n) throw new UserError(message);
}

/** The channel a command ran in (where a poll it starts is posted), or a UserError. */
export function requireChannel(invocation: Invocation, message = 'Use this in the channel the poll should be posted in.'): string {
  if (!invocation.channelId) throw new UserError(message);
  return invocation.channelId;
}
