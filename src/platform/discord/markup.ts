/** Discord's markup for times and links, written in one place. */

/** A timestamp every reader sees in their own time zone: F = full date and time, R = "in 3 days". */
export function discordTimestamp(instantMs: number, style: 'F' | 'R' | 'f' | 'D' | 't' = 'F'): string {
  return `<t:${Math.floor(instantMs / 1000)}:${style}>`;
}

/** "Monday, 30 November 2026 18:30 (in 5 days)", in the reader's zone. */
export function dateWithRelative(instantMs: number): string {
  return `${discordTimestamp(instantMs, 'F')} (${discordTimestamp(instantMs, 'R')})`;
}

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

/** A link to the message, or the channel when the message id is unknown. */
export function messageOrChannelLink(guildId: string, channelId: string, messageId: string | null): string {
  return messageId ? messageLink(guildId, channelId, messageId) : `<#${channelId}>`;
}

/** "⚠️ The bot cannot write its database since <time> (the disk is full)." */
export function databaseFailureLine(failure: { sinceMs: number; reason: string }): string {
  return `⚠️ The bot cannot write its database since ${discordTimestamp(failure.sinceMs, 'f')} (${failure.reason}).`;
}
