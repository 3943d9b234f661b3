import type { APIComponentInContainer } from 'discord-api-types/v10';
import { escapeUserText } from '../../../core/user-text.js';
import { componentId } from '../../../platform/discord/command.js';
import { counted, divider, mostDetailThatFits, privateCard, textDisplay } from '../../../platform/discord/layout.js';
import { dateWithRelative, discordTimestamp } from '../../../platform/discord/markup.js';
import { discordLimits, truncateText } from '../../../platform/discord/limits.js';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import { describeProgress, describeProgressInBook, progressBar, progressFraction } from '../core/progress.js';
import type { MemberState } from '../member-state.js';
import type { PlanUnit } from '../core/reading-plan.js';
import { standingText } from './plan.js';
import type { GroupView } from '../service.js';
import { chapterTitlesOf } from './chapters.js';
import { pageButtonRow, pageLabel, pageOf } from './pages.js';
import { studyCommandName } from './reminder.js';
import { nameOf } from './replies.js';

/** Groups per page of `/study list` and `/study me`: ten blocks of the longest still fit Discord's 4,000 characters of text. */
export const groupListPageSize = 10;
/** A book title in a list block is cut to this (titles may have up to 200 characters). */
const titleWidth = 100;
/**
 * How much of your progress `/study me` shows ("chapter 17 of 24: Iterators, Generators, and Cl…"): the widest
 * that keeps the page inside Discord's 4,000 characters of text.
 */
const progressWidths = [140, 90, 60, 24] as const;
/** At this width, a chapter is shown without its title ("chapter 17 of 24"). */
const titleless = 24;

const bookTitleOf = (view: GroupView): string => `*${truncateText(view.book?.title ?? view.group.bookId, titleWidth)}*`;

/**
 * A page of groups as a private container (Components v2): a heading, a block per group, the count and page, and
 * the same page buttons as the board (custom id `study:<action>:<page>`, as before, so older messages' buttons work).
 */
function pagedGroups<T>(views: readonly T[], page: number, action: 'list' | 'me', heading: string, blockOf: (view: T, width: number) => string, widths: readonly number[] = [0]): Reply {
  const shown = pageOf(views, groupListPageSize, page);
  const head = `### ${heading}`;
  const footer = `-# ${counted(views.length, 'group')}${pageLabel(shown)}`;
  const room = discordLimits.layoutText - head.length - footer.length;
  const blocksAt = (width: number): string[] => shown.items.map((view) => blockOf(view, width));
  const blocks = mostDetailThatFits(widths, blocksAt, room) ?? blocksAt(widths.at(-1) ?? 0);
  const components: APIComponentInContainer[] = [
    textDisplay(head),
    ...blocks.map(textDisplay),
    divider,
    textDisplay(footer),
    ...pageButtonRow(shown, (index) => componentId(studyCommandName, action, String(index))),
  ];
  return privateCard(components);
}

/** `/study list`: every active group of the server, ten a page. */
export function listReply(groups: readonly (GroupView & { memberCount: number })[], page = 0): Reply {
  if (groups.length === 0) return privateMessage('No study groups in this server yet. Start one with `/study create`.');
  return pagedGroups(groups, page, 'list', '📚 Study groups in this server', (view) =>
    [`${nameOf(view)} · ${bookTitleOf(view)}`, `👥 ${counted(view.memberCount, 'member')} · next reminder ${dateWithRelative(view.schedule.nextDueMs)}`].join('\n'),
  );
}

/** Your progress in a group's book: a bar where the total is known, the chapter's title when there is room. */
function progressLine(view: GroupView, state: MemberState, width: number): string {
  if (!state.latest) return 'no check-in yet';
  const chapterTitles = chapterTitlesOf(view.book);
  const { progress } = state.latest;
  const fraction = progressFraction(progress, chapterTitles?.length ?? null);
  const described = escapeUserText(width > titleless ? describeProgressInBook(progress, chapterTitles) : describeProgress(progress, chapterTitles?.length ?? null), width);
  return fraction === null ? described : `${progressBar(fraction)} ${described}`;
}

/** `/study me`: your groups with your progress and streak in each, ten a page. */
export function myGroupsReply(groups: readonly (GroupView & { state: MemberState; planUnit?: PlanUnit | null })[], page = 0): Reply {
  if (groups.length === 0) return privateMessage('You are in no study group in this server. `/study list` shows them; `/study join` joins one.');
  return pagedGroups(
    groups,
    page,
    'me',
    '📖 Your study groups',
    (view, width) => {
      const { state, schedule } = view;
      const track = state.track ? (state.track.onTrack ? ' · on track' : ` · ⚠️ behind (expected ${state.track.expected})`) : '';
      const plan = state.plan && view.planUnit ? ` · ${standingText(state.plan, view.planUnit)}` : '';
      return [`${nameOf(view)} · ${bookTitleOf(view)}`, progressLine(view, state, width), `🔥 ${state.streak} wk${track}${plan} · next reminder ${discordTimestamp(schedule.nextDueMs, 'R')}`].join('\n');
    },
    progressWidths,
  );
}
