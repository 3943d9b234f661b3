import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { escapeUserText } from '../../../core/user-text.js';
import { describeRule } from '../../../core/weekly-rule.js';
import { componentId } from '../../../platform/discord/command.js';
import { dateWithRelative } from '../../../platform/discord/markup.js';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import { describeProgress, describeTarget } from '../core/progress.js';
import type { CheckinResult, GroupView } from '../service.js';
import { studyCommandName } from './reminder.js';

const nameOf = (view: GroupView): string => `**${escapeUserText(view.group.name, 50)}**`;

export function createdReply(view: GroupView): Reply {
  const { group, schedule, book } = view;
  const target = group.target ? `\nTarget: ${describeTarget(group.target)}.` : '';
  return privateMessage(
    `✅ Study group ${nameOf(view)} for *${book?.title ?? group.bookId}* is open. You are its owner and first member.\n` +
      `Check-ins ${describeRule(schedule.rule)} in <#${schedule.channelId}>; next reminder ${dateWithRelative(schedule.nextDueMs)}.${target}\n` +
      `Others join with \`/study join\` and pick ${nameOf(view)}.`,
  );
}

export function joinedReply(view: GroupView & { memberCount: number }): Reply {
  return privateMessage(
    `👋 You joined ${nameOf(view)} (${view.memberCount} members). Check in with \`/study checkin\` or the **Check in** button on the reminder; next reminder ${dateWithRelative(view.schedule.nextDueMs)}.`,
  );
}

export function leftReply(view: GroupView): Reply {
  return privateMessage(`You left ${nameOf(view)}. Your past check-ins stay in its history.`);
}

export function checkedInReply(result: CheckinResult): Reply {
  const streak = result.streak === 1 ? '🔥 1 week streak' : `🔥 ${result.streak} week streak`;
  const track = result.track ? (result.track.onTrack ? ' You are on track.' : ` You are behind the target (expected ${result.track.expected} by now).`) : '';
  return privateMessage(`📌 Checked in to ${nameOf(result)}: ${escapeUserText(describeProgress(result.progress), 60)}. ${streak}.${track}`);
}

export function listReply(groups: readonly (GroupView & { memberCount: number })[]): Reply {
  if (groups.length === 0) return privateMessage('No study groups in this server yet. Start one with `/study create`.');
  const lines = groups.map(
    (view) => `• ${nameOf(view)}: *${view.book?.title ?? view.group.bookId}* · ${view.memberCount} member${view.memberCount === 1 ? '' : 's'} · next reminder ${dateWithRelative(view.schedule.nextDueMs)}`,
  );
  return privateMessage(lines.join('\n'));
}

/** The check-in form the Check in button opens. */
export function checkinModal(groupId: number, groupName: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: componentId(studyCommandName, 'checkin', String(groupId)),
    title: `Check in: ${groupName}`.slice(0, 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: 'progress', label: 'How far did you get?', style: TextInputStyle.Short, placeholder: 'ch 5, p. 120, 45%, 5/24 or done', required: true, max_length: 100 }],
      },
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: 'note', label: 'A note for the group (optional)', style: TextInputStyle.Paragraph, required: false, max_length: 500 }],
      },
    ],
  };
}
