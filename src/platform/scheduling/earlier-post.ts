import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { DiscordAccess } from '../discord/discord-access.js';
import { classifySendFailure, type Poster, type SendFailure, type SendOptions } from '../discord/poster.js';

/**
 * Looking for a post the bot may already have made (a crash, a time-out or a lost response after sending): its
 * messages carry markers, searched for in the channel's history since the attempt. Shared by the weekly posts
 * and the timed tasks that post (a poll's outcome), so neither ever posts twice nor guesses.
 */
export type EarlierPostSearch =
  /** The history was searched: markers found (marker → message id), and the history requests made. */
  | { kind: 'searched'; found: Map<string, string>; reads: number }
  /** The bot may not read the history, or it is too long to search: never guess. */
  | { kind: 'unreadable'; reason: string; reads: number }
  | { kind: 'error'; failure: SendFailure; reads: number };

/** A message can reach Discord a little before the bot's clock says it was sent: search from a bit earlier. */
const clockSkewMs = 2 * 60 * 1000;
const historyPermissions = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

export async function searchEarlierPost(
  { poster, discord }: { poster: Poster; discord: DiscordAccess },
  where: { guildId: string; channelId: string; attemptWallMs: number },
  markers: readonly string[],
  options: SendOptions,
): Promise<EarlierPostSearch> {
  // Without Read Message History Discord returns no messages at all: an empty answer would look like "not posted".
  const permissions = discord.botPermissionsIn(where.guildId, where.channelId);
  if (permissions !== null && (permissions & historyPermissions) !== historyPermissions) {
    return { kind: 'unreadable', reason: `Grimoire cannot read the message history of <#${where.channelId}> (Read Message History is missing)`, reads: 0 };
  }
  try {
    const result = await poster.findMarked(where.channelId, where.attemptWallMs - clockSkewMs, markers, options);
    if (!result.complete && result.found.size === 0) {
      return { kind: 'unreadable', reason: `too many messages in <#${where.channelId}> since the attempt to search them all`, reads: result.reads };
    }
    return { kind: 'searched', found: result.found, reads: result.reads };
  } catch (error) {
    return { kind: 'error', failure: classifySendFailure(error), reads: 0 };
  }
}
