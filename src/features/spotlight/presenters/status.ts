import type { APIEmbed } from 'discord-api-types/v10';
import { describeRule } from '../../../core/weekly-rule.js';
import { databaseFailureLine, dateWithRelative, discordTimestamp, messageOrChannelLink } from '../../../platform/discord/markup.js';
import type { DeliveryRecord } from '../../../platform/store/delivery-repository.js';
import type { Reply } from '../../../platform/discord/reply.js';
import type { SpotlightStatus } from '../service.js';

/** What happened to a week that was not posted, and what to do about it. */
export function deliveryProblem(delivery: DeliveryRecord): string {
  const week = `Week ${delivery.weekKey}`;
  switch (delivery.status) {
    case 'unverified':
      return `⚠️ ${week}: may or may not have been posted: ${delivery.reason ?? 'its earlier attempt could not be checked'}. I never post twice when unsure. Give me **Read Message History** in <#${delivery.channelId}> so I can check next time.`;
    case 'missed':
      return `${week}: not posted (${delivery.reason ?? 'I was offline when it was due'}).`;
    case 'failed':
      return `${week}: not posted: ${delivery.lastError ?? 'unknown error'}.`;
    case 'skipped':
      return `${week}: skipped (${delivery.reason ?? 'nothing to post'}).`;
    default:
      return `${week}: ${delivery.status}.`;
  }
}

/** `/spotlight status`: channel, schedule, who is pinged, next and last post, and what comes next. */
export function spotlightStatusReply({ schedule, roleId, last, problem, upcoming, queued, databaseFailure }: SpotlightStatus): Reply {
  const lastPost = last
    ? `**${last.book.title}**: ${messageOrChannelLink(schedule.guildId, last.delivery.channelId, last.delivery.messageId)} (${discordTimestamp(last.delivery.finishedAtMs ?? last.delivery.dueMs, 'R')})`
    : 'none yet';
  const embed: APIEmbed = {
    title: 'Weekly spotlight',
    color: schedule.pausedReason || databaseFailure ? 0xed4245 : 0x3ba55c,
    fields: [
      { name: 'Channel', value: `<#${schedule.channelId}>`, inline: true },
      { name: 'Schedule', value: describeRule(schedule.rule), inline: true },
      { name: 'Ping', value: roleId ? `<@&${roleId}>` : 'nobody', inline: true },
      {
        name: schedule.pausedReason ? 'Paused' : 'Next post',
        value: schedule.pausedReason ? `⏸️ ${schedule.pausedReason}\nFix it, then run \`/spotlight resume\`.` : dateWithRelative(schedule.nextDueMs),
      },
      { name: 'Last post', value: lastPost },
      ...(problem ? [{ name: 'Since then', value: deliveryProblem(problem) }] : []),
      ...(databaseFailure ? [{ name: 'Database', value: `${databaseFailureLine(databaseFailure)} Changes cannot be saved and posts wait until it can; nothing is lost.` }] : []),
      {
        name: `Up next${queued > 0 ? ` (${queued} queued)` : ''}`,
        value: upcoming.map((pick, index) => `${index + 1}. ${pick.title}${pick.fromQueue ? ' (queued)' : ''}`).join('\n') || 'nothing',
      },
    ],
  };
  return { embeds: [embed], ephemeral: true };
}
