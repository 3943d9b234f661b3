import type { APIEmbed } from 'discord-api-types/v10';
import { escapeUserText } from '../../../core/user-text.js';
import { describeRule } from '../../../core/weekly-rule.js';
import { componentId } from '../../../platform/discord/command.js';
import { dateWithRelative, discordTimestamp } from '../../../platform/discord/markup.js';
import { discordLimits } from '../../../platform/discord/limits.js';
import type { Reply } from '../../../platform/discord/reply.js';
import { describeProgressInBook, describeTarget, progressBar, progressFraction } from '../core/progress.js';
import type { MemberState } from '../member-state.js';
import type { Board } from '../service.js';
import { chapterTitlesOf } from './chapters.js';
import { pageButtonRow, pageLabel, pageOf } from './pages.js';
import { checkinButtonRow, studyCommandName } from './reminder.js';

/** Members per page of the board. */
export const boardPageSize = 25;
/**
 * How much of each member's progress to show ("chapter 17 of 24: Iterators, Generators, and Cl…"): the
 * widest that keeps the page inside an embed description, down to none for a page of long lines.
 */
const progressWidths = [60, 40, 24, 0] as const;

function memberLine(member: MemberState, chapterTitles: readonly string[] | null, progressWidth: number): string {
  const parts = [`<@${member.userId}>`];
  if (member.latest) {
    const fraction = progressFraction(member.latest.progress, chapterTitles?.length ?? null);
    const progress = escapeUserText(describeProgressInBook(member.latest.progress, chapterTitles), progressWidth);
    parts.push([fraction === null ? '' : progressBar(fraction), progress].filter(Boolean).join(' ') || 'checked in');
    parts.push(discordTimestamp(member.latest.atMs, 'R'));
  } else {
    parts.push('no check-in yet');
  }
  if (member.streak > 0) parts.push(`🔥 ${member.streak} wk`);
  if (member.onBreak) parts.push('on a break');
  if (member.inactive) parts.push('inactive (not pinged)');
  if (member.track && !member.track.onTrack) parts.push(`⚠️ behind (expected ${member.track.expected})`);
  return parts.join(' · ');
}

/** `/study status`: each member's progress, last check-in, streak and whether they keep up; paged with buttons. */
export function boardReply(board: Board, page = 0): Reply {
  const { group, schedule, book, members } = board;
  const shown = pageOf(members, boardPageSize, page);
  const chapterTitles = chapterTitlesOf(book);
  const describe = (width: number): string => [`*${book?.title ?? group.bookId}*`, '', ...shown.items.map((member) => memberLine(member, chapterTitles, width))].join('\n');
  const description = progressWidths.map(describe).find((text) => text.length <= discordLimits.embedDescription) ?? describe(0);
  const embed: APIEmbed = {
    title: `📖 ${escapeUserText(group.name, 100)}`,
    description,
    color: 0x5865f2,
    fields: [
      { name: 'Check-ins', value: describeRule(schedule.rule), inline: true },
      {
        name: schedule.pausedReason ? 'Paused' : 'Next reminder',
        value: schedule.pausedReason ? `⏸️ ${schedule.pausedReason}` : dateWithRelative(schedule.nextDueMs),
        inline: true,
      },
      ...(group.target ? [{ name: 'Target', value: describeTarget(group.target), inline: true }] : []),
    ],
    footer: { text: `${members.length} member${members.length === 1 ? '' : 's'}${pageLabel(shown)}` },
  };
  const turnTo = (index: number): string => componentId(studyCommandName, 'board', String(group.groupId), String(index));
  return { embeds: [embed], components: [checkinButtonRow(group.groupId), ...pageButtonRow(shown, turnTo)] };
}
