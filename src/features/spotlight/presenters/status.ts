import type { APIEmbed } from 'discord-api-types/v10';
import { describeRule } from '../../../core/weekly-rule.js';
import { dateWithRelative, discordTimestamp, messageOrChannelLink } from '../../../platform/discord/markup.js';
import type { Reply } from '../../../platform/discord/reply.js';
import type { SpotlightStatus } from '../service.js';

/** `/spotlight status`: channel, schedule, who is pinged, next and last post, and what comes next. */
export function spotlightStatusReply({ schedule, roleId, last, upcoming, queued }: SpotlightStatus): Reply {
  const lastPost = last
    ? `**${last.book.title}**: ${messageOrChannelLink(schedule.guildId, last.delivery.channelId, last.delivery.messageId)} (${discordTimestamp(last.delivery.finishedAtMs ?? last.delivery.dueMs, 'R')})`
    : 'none yet';
  const embed: APIEmbed = {
    title: 'Weekly spotlight',
    color: schedule.pausedReason ? 0xed4245 : 0x3ba55c,
    fields: [
      { name: 'Channel', value: `<#${schedule.channelId}>`, inline: true },
      { name: 'Schedule', value: describeRule(schedule.rule), inline: true },
      { name: 'Ping', value: roleId ? `<@&${roleId}>` : 'nobody', inline: true },
      {
        name: schedule.pausedReason ? 'Paused' : 'Next post',
        value: schedule.pausedReason ? `⏸️ ${schedule.pausedReason}\nFix it, then run \`/spotlight resume\`.` : dateWithRelative(schedule.nextDueMs),
      },
      { name: 'Last post', value: lastPost },
      {
        name: `Up next${queued > 0 ? ` (${queued} queued)` : ''}`,
        value: upcoming.map((pick, index) => `${index + 1}. ${pick.title}${pick.fromQueue ? ' (queued)' : ''}`).join('\n') || 'nothing',
      },
    ],
  };
  return { embeds: [embed], ephemeral: true };
}
