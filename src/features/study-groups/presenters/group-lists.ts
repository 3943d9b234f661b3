import type { APIEmbed } from 'discord-api-types/v10';
import { escapeUserText } from '../../../core/user-text.js';
import { componentId } from '../../../platform/discord/command.js';
import { dateWithRelative, discordTimestamp } from '../../../platform/discord/markup.js';
import { truncateText } from '../../../platform/discord/limits.js';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import { describeProgressInBook } from '../core/progress.js';
import type { MemberState } from '../member-state.js';
import type { GroupView } from '../service.js';
import { chapterTitlesOf } from './chapters.js';
import { pageButtonRow, pageLabel, pageOf } from './pages.js';
import { studyCommandName } from './reminder.js';
import { nameOf } from './replies.js';

/** Groups per page of `/study list` and `/study me`: ten of the longest lines still fit one embed description. */
export const groupListPageSize = 10;
/** A book title in a list line is cut to this (titles may have up to 200 characters). */
const titleWidth = 100;

const bookTitleOf = (view: GroupView): string => `*${truncateText(view.book?.title ?? view.group.bookId, titleWidth)}*`;

/** A page of lines as a private embed, with the same page buttons as the board (custom id `study:<action>:<page>`). */
function pagedGroups<T>(views: readonly T[], page: number, action: 'list' | 'me', title: string, lineOf: (view: T) => string): Reply {
  const shown = pageOf(views, groupListPageSize, page);
  const embed: APIEmbed = {
    title,
    description: shown.items.map(lineOf).join('\n'),
    color: 0x5865f2,
    footer: { text: `${views.length} group${views.length === 1 ? '' : 's'}${pageLabel(shown)}` },
  };
  return { embeds: [embed], components: pageButtonRow(shown, (index) => componentId(studyCommandName, action, String(index))), ephemeral: true };
}

/** `/study list`: every active group of the server, ten a page. */
export function listReply(groups: readonly (GroupView & { memberCount: number })[], page = 0): Reply {
  if (groups.length === 0) return privateMessage('No study groups in this server yet. Start one with `/study create`.');
  return pagedGroups(groups, page, 'list', 'Study groups in this server', (view) =>
    `• ${nameOf(view)}: ${bookTitleOf(view)} · ${view.memberCount} member${view.memberCount === 1 ? '' : 's'} · next reminder ${dateWithRelative(view.schedule.nextDueMs)}`,
  );
}

/** `/study me`: your groups with your progress and streak in each, ten a page. */
export function myGroupsReply(groups: readonly (GroupView & { state: MemberState })[], page = 0): Reply {
  if (groups.length === 0) return privateMessage('You are in no study group in this server. `/study list` shows them; `/study join` joins one.');
  return pagedGroups(groups, page, 'me', 'Your study groups', (view) => {
    const { book, state, schedule } = view;
    const progress = state.latest ? escapeUserText(describeProgressInBook(state.latest.progress, chapterTitlesOf(book)), 140) : 'no check-in yet';
    const track = state.track ? (state.track.onTrack ? ' · on track' : ` · behind (expected ${state.track.expected})`) : '';
    return `• ${nameOf(view)} (${bookTitleOf(view)}): ${progress} · 🔥 ${state.streak} wk${track} · next reminder ${discordTimestamp(schedule.nextDueMs, 'R')}`;
  });
}
