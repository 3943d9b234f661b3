import { describeRule } from '../../../core/weekly-rule.js';
import { databaseFailureLine, dateWithRelative, discordTimestamp, messageOrChannelLink } from '../../../platform/discord/markup.js';
import type { DeliveryRecord } from '../../../platform/store/delivery-repository.js';
import { divider, healthyAccent, privateCard, textDisplay, warningAccent } from '../../../platform/discord/layout.js';
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

/**
 * `/spotlight status` (Components v2, privately): the settings (channel, schedule, who is pinged), then the next
 * post or why it is paused, the last post, what happened since, whether the bot can write its database, and what
 * comes next. Each fact is a `**Label:** value` line; the accent is red while posts cannot go out.
 */
export function spotlightStatusReply({ schedule, roleId, last, problem, upcoming, queued, databaseFailure }: SpotlightStatus): Reply {
  const lastPost = last
    ? `**${last.book.title}**: ${messageOrChannelLink(schedule.guildId, last.delivery.channelId, last.delivery.messageId)} (${discordTimestamp(last.delivery.finishedAtMs ?? last.delivery.dueMs, 'R')})`
    : 'none yet';
  const settings = [`**Channel:** <#${schedule.channelId}>`, `**Schedule:** ${describeRule(schedule.rule)}`, `**Ping:** ${roleId ? `<@&${roleId}>` : 'nobody'}`];
  const posts = [
    schedule.pausedReason ? `**Paused:** ⏸️ ${schedule.pausedReason}\nFix it, then run \`/spotlight resume\`.` : `**Next post:** ${dateWithRelative(schedule.nextDueMs)}`,
    `**Last post:** ${lastPost}`,
    ...(problem ? [`**Since then:** ${deliveryProblem(problem)}`] : []),
    ...(databaseFailure ? [`**Database:** ${databaseFailureLine(databaseFailure)} Changes cannot be saved and posts wait until it can; nothing is lost.`] : []),
  ];
  const picks = upcoming.map((pick, index) => `${index + 1}. ${pick.title}${pick.fromQueue ? ' (queued)' : ''}`).join('\n') || 'nothing';
  const upNext = `**Up next${queued > 0 ? ` (${queued} queued)` : ''}:**\n${picks}`;
  return privateCard(
    [textDisplay(`### 📚 Weekly spotlight\n${settings.join('\n')}`), divider, textDisplay(posts.join('\n')), divider, textDisplay(upNext)],
    schedule.pausedReason || databaseFailure ? warningAccent : healthyAccent,
  );
}
