import { ComponentType } from 'discord-api-types/v10';
import { escapeUserText } from '../../../core/user-text.js';
import { describeRule } from '../../../core/weekly-rule.js';
import { componentId } from '../../../platform/discord/command.js';
import { dateWithRelative, discordTimestamp } from '../../../platform/discord/markup.js';
import { divider, grimoireAccent, textDisplay } from '../../../platform/discord/layout.js';
import { discordLimits } from '../../../platform/discord/limits.js';
import type { Reply } from '../../../platform/discord/reply.js';
import { describeProgress, describeProgressInBook, describeTarget, progressBar, progressFraction } from '../core/progress.js';
import type { MemberState } from '../member-state.js';
import type { Board, BoardPicture } from '../service.js';
import { chapterTitlesOf } from './chapters.js';
import { planFact, standingText } from './plan.js';
import type { ReadingPlan } from '../core/reading-plan.js';
import { pageButtonRow, pageLabel, pageOf } from './pages.js';
import { checkinButtonRow, studyCommandName } from './reminder.js';

/** Members per page of the board. */
export const boardPageSize = 25;
/**
 * How much of each member's progress to show ("chapter 17 of 24: Iterators, Generators, and Cl…"): the
 * widest that keeps the page inside Discord's 4,000 characters of text, down to none for a page of long lines.
 */
const progressWidths = [60, 40, 24, 16, 0] as const;
/** At this width and below, a chapter is shown without its title ("chapter 17 of 24"). */
const titleless = 16;

function memberLine(member: MemberState, chapterTitles: readonly string[] | null, progressWidth: number, plan: ReadingPlan | null): string {
  const parts = [`<@${member.userId}>`];
  if (member.latest) {
    const fraction = progressFraction(member.latest.progress, chapterTitles?.length ?? null);
    const described = progressWidth > titleless ? describeProgressInBook(member.latest.progress, chapterTitles) : describeProgress(member.latest.progress, chapterTitles?.length ?? null);
    const progress = escapeUserText(described, progressWidth);
    parts.push([fraction === null ? '' : progressBar(fraction), progress].filter(Boolean).join(' ') || 'checked in');
    parts.push(discordTimestamp(member.latest.atMs, 'R'));
  } else {
    parts.push('no check-in yet');
  }
  if (member.streak > 0) parts.push(`🔥 ${member.streak} wk`);
  if (member.onBreak) parts.push('on a break');
  if (member.inactive) parts.push('inactive (not pinged)');
  if (member.track && !member.track.onTrack) parts.push(`⚠️ behind (expected ${member.track.expected})`);
  if (plan && member.plan) parts.push(standingText(member.plan, plan.unit));
  return parts.join(' · ');
}

/** The picture's file name, as the message refers to it (`attachment://progress.png`). */
export const progressPictureFile = 'progress.png';

/** The picture in a media gallery, with its alt text (Discord shows it to screen readers and on a failed load). */
function pictureGallery(picture: BoardPicture) {
  return { type: ComponentType.MediaGallery as const, items: [{ media: { url: `attachment://${progressPictureFile}` }, description: picture.altText }] };
}

/**
 * `/study status` (Components v2): the progress picture when there is one (every member, week by week), then each
 * member's progress, last check-in, streak and whether they keep up, paged with buttons.
 */
export function boardReply(board: Board, page = 0, picture: BoardPicture | null = null, session: string | null = null): Reply {
  const { group, schedule, book, members } = board;
  const shown = pageOf(members, boardPageSize, page);
  const chapterTitles = chapterTitlesOf(book);
  const nextBookLine = group.nextBookId ? `\n-# Next: *${board.nextBook?.title ?? group.nextBookId}* (chosen by poll), once everyone has finished this one` : '';
  const heading = `### 📖 ${escapeUserText(group.name, 100)}\n*${book?.title ?? group.bookId}*${nextBookLine}`;
  const next = schedule.pausedReason ? `**Paused:** ⏸️ ${schedule.pausedReason}` : `**Next reminder:** ${dateWithRelative(schedule.nextDueMs)}`;
  const facts = [
    `**Check-ins:** ${describeRule(schedule.rule)}`,
    next,
    ...(group.target ? [`**Target:** ${describeTarget(group.target)}`] : []),
    ...(board.plan ? [planFact(board.plan, board.currentWeekKey)] : []),
    ...(session ? [session] : []),
  ].join('\n');
  const footer = `-# ${members.length} member${members.length === 1 ? '' : 's'}${pageLabel(shown)}`;
  // Discord counts every text display of a message together.
  const room = discordLimits.layoutText - heading.length - facts.length - footer.length;
  const describe = (width: number): string => shown.items.map((member) => memberLine(member, chapterTitles, width, board.plan)).join('\n') || 'Nobody in the group yet.';
  const lines = progressWidths.map(describe).find((text) => text.length <= room) ?? describe(0);
  const turnTo = (index: number): string => componentId(studyCommandName, 'board', String(group.groupId), String(index));
  const gallery = picture ? [pictureGallery(picture)] : [];
  return {
    layout: [
      {
        type: ComponentType.Container,
        accent_color: grimoireAccent,
        components: [
          textDisplay(heading),
          ...gallery,
          textDisplay(lines),
          divider,
          textDisplay(facts),
          textDisplay(footer),
          checkinButtonRow(group.groupId),
          ...pageButtonRow(shown, turnTo),
        ],
      },
    ],
    ...(picture ? { files: [{ name: progressPictureFile, contentType: 'image/png', data: picture.png }] } : {}),
  };
}
