import { ComponentType } from 'discord-api-types/v10';
import type { Catalog } from '../../catalog/core/catalog.js';
import type { Book } from '../../catalog/core/schema.js';
import { describeRule } from '../../../core/weekly-rule.js';
import { dateWithRelative, messageOrChannelLink } from '../../../platform/discord/markup.js';
import { divider, healthyAccent, privateCard, textDisplay } from '../../../platform/discord/layout.js';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import { UserError } from '../../../platform/discord/user-error.js';
import type { PostNowResult } from '../../../platform/scheduling/runner.js';
import type { ScheduleRecord } from '../../../platform/store/schedule-repository.js';
import type { SpotlightPreview } from '../service.js';
import { spotlightPostReply } from './post.js';

/** The private answers to the spotlight's admin actions. */

/** The spotlight is set (Components v2, privately): when and where it posts, the next post, and who it pings. */
export function setupReply(schedule: ScheduleRecord, roleId: string | null, roleWarning: string | null = null): Reply {
  const ping = roleWarning ?? (roleId ? `It will ping <@&${roleId}> (an opt-in role).` : 'It pings nobody; add `role:` to ping an opt-in role.');
  return privateCard(
    [textDisplay(`### ✅ Weekly spotlight set\nPosts ${describeRule(schedule.rule)} in <#${schedule.channelId}>.`), divider, textDisplay(`**Next post:** ${dateWithRelative(schedule.nextDueMs)}\n${ping}`)],
    healthyAccent,
  );
}

/** The next post exactly as it will look, seen only by the admin and pinging nobody. */
export function previewReply(catalog: Catalog, { schedule, book, weekKey, roleId }: SpotlightPreview): Reply {
  const post = spotlightPostReply(catalog, book, weekKey, roleId);
  const note = { type: ComponentType.TextDisplay as const, content: `*Preview: this is posted in <#${schedule.channelId}> ${dateWithRelative(schedule.nextDueMs)}.*` };
  return { layout: [note, ...(post.layout ?? [])], ephemeral: true, pingRoleIds: [] };
}

export function queuedReply(book: Book, position: number): Reply {
  return privateMessage(`📌 **${book.title}** is queued${position === 1 ? ' and will be the next spotlight' : ` (position ${position})`}.`);
}

export function skippedReply(skipped: string, next: string | null): Reply {
  return privateMessage(`⏭️ Skipped **${skipped}**. Next up: **${next ?? 'nothing'}**.`);
}

export function pausedReply(alreadyPaused: string | null): Reply {
  return privateMessage(alreadyPaused ? `The spotlight is already paused: ${alreadyPaused}` : '⏸️ The spotlight is paused. `/spotlight resume` starts it again.');
}

export function resumedReply(wasRunning: boolean, nextDueMs: number): Reply {
  return privateMessage(wasRunning ? `The spotlight is running. Next post: ${dateWithRelative(nextDueMs)}.` : `▶️ The spotlight is running again. Next post: ${dateWithRelative(nextDueMs)}.`);
}

export const disabledReply: Reply = privateMessage('🗑️ The spotlight settings are gone (past posts and the rotation history are kept). `/spotlight setup` starts again.');

/** What `/spotlight post-now` did; a failure is a UserError so the admin sees why. */
export function postNowReply(guildId: string, result: PostNowResult): Reply {
  switch (result.kind) {
    case 'sent':
      return privateMessage(`📚 Posted this week's spotlight: ${messageOrChannelLink(guildId, result.delivery.channelId, result.delivery.messageId)}. The next one follows the schedule.`);
    case 'already': {
      const { delivery } = result;
      if (delivery.status === 'sent') return privateMessage(`This week's spotlight is already posted: ${messageOrChannelLink(guildId, delivery.channelId, delivery.messageId)}.`);
      if (delivery.status === 'unverified') return privateMessage(`This week's spotlight may already be posted (${delivery.reason ?? 'I could not check the channel'}); I never post twice when unsure.`);
      const what = delivery.status === 'missed' ? 'missed while I was offline' : delivery.status === 'skipped' ? 'skipped' : 'given up on';
      return privateMessage(`This week's spotlight was ${what}; the next one follows the schedule.`);
    }
    case 'skipped':
      return privateMessage(`Nothing was posted: ${result.reason}. The next one follows the schedule.`);
    case 'failed':
      throw new UserError(result.paused ? `I couldn't post: ${result.reason}. The spotlight is paused until that is fixed.` : `I couldn't post right now (${result.reason}). I'll retry automatically.`);
  }
}
