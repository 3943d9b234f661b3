import { ButtonStyle, ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { escapeUserText } from '../../../core/user-text.js';
import { truncateText } from '../../../core/truncate-text.js';
import { describeRule } from '../../../core/weekly-rule.js';
import { componentId } from '../../../platform/discord/command.js';
import { dateWithRelative, discordTimestamp } from '../../../platform/discord/markup.js';
import { counted, divider, mostDetailThatFits, privateCard, textDisplay, warningAccent } from '../../../platform/discord/layout.js';
import { discordLimits } from '../../../platform/discord/limits.js';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import { describeProgress, describeProgressInBook, describeTarget } from '../core/progress.js';
import type { Board, CheckinResult, GroupView, HistoryWeek, LeaveResult } from '../service.js';
import { chapterTitlesOf } from './chapters.js';
import { studyCommandName } from './reminder.js';

/** A group's name in a reply: user text, so escaped. */
export const nameOf = (view: GroupView): string => `**${escapeUserText(view.group.name, 50)}**`;

/** What a group is set to: its check-in time and channel, the next reminder, and its target. */
function groupSettings(view: GroupView, target: string | null): string {
  const { schedule } = view;
  return [`**Check-ins:** ${describeRule(schedule.rule)} in <#${schedule.channelId}>`, `**Next reminder:** ${dateWithRelative(schedule.nextDueMs)}`, ...(target ? [`**Target:** ${target}`] : [])].join('\n');
}

const bookOf = (view: GroupView): string => `*${view.book?.title ?? view.group.bookId}*`;

/** A new group, privately to its owner (Components v2): what it reads, when it checks in, how others join. */
export function createdReply(view: GroupView): Reply {
  const { group } = view;
  return privateCard([
    textDisplay(`### ✅ Study group ${nameOf(view)} is open\n${bookOf(view)} · you are its owner and first member.`),
    divider,
    textDisplay(groupSettings(view, group.target ? describeTarget(group.target) : null)),
    textDisplay(`-# Others join with \`/study join\` and pick ${nameOf(view)}.`),
  ]);
}

export function joinedReply(view: GroupView & { memberCount: number }): Reply {
  return privateMessage(
    `👋 You joined ${nameOf(view)} (${view.memberCount} members). Check in with \`/study checkin\` or the **Check in** button on the reminder; next reminder ${dateWithRelative(view.schedule.nextDueMs)}.`,
  );
}

export function leftReply(result: LeaveResult): Reply {
  const succession =
    result.succession === null ? '' : result.succession.kind === 'passed' ? ` You owned it: <@${result.succession.ownerId}>, its longest-standing member, owns it now.` : ' You were its last member, so it is archived: no more reminders.';
  return privateMessage(`You left ${nameOf(result)}. Your past check-ins stay in its history.${succession}`);
}

export function checkedInReply(result: CheckinResult): Reply {
  const streak = result.streak === 1 ? '🔥 1 week streak' : `🔥 ${result.streak} week streak`;
  const track = result.track ? (result.track.onTrack ? ' You are on track.' : ` You are behind the target (expected ${result.track.expected} by now).`) : '';
  const progress = escapeUserText(describeProgressInBook(result.progress, chapterTitlesOf(result.book)), 140);
  const begun = result.begunNextBook ? `\n📗 Everyone has finished ${result.book ? `**${result.book.title}**` : 'the book'}: the group now reads **${result.begunNextBook.title}**, the book its poll chose.` : '';
  return privateMessage(`📌 Checked in to ${nameOf(result)}: ${progress}. ${streak}.${track}${begun}`);
}

/** A select offers at most 25 options: a longer book shows the 25 chapters around where the member is. */
const maxChapterOptions = 25;

function chapterWindow(count: number, latestChapter: number | null): number[] {
  const first = count <= maxChapterOptions ? 1 : Math.min(Math.max(1, (latestChapter ?? 1) - 5), count - maxChapterOptions + 1);
  return Array.from({ length: Math.min(count, maxChapterOptions) }, (_, index) => first + index);
}

/**
 * The check-in form the Check in button opens. For a book with a sourced chapter list it offers the
 * chapters to pick from (the one last reached selected), with free text still possible for pages or %.
 */
export function checkinModal(groupId: number, groupName: string, chapterTitles: readonly string[] | null = null, latestChapter: number | null = null): APIModalInteractionResponseCallbackData {
  const customId = componentId(studyCommandName, 'checkin', String(groupId));
  const title = truncateText(`Check in: ${groupName}`, 45);
  const note = { type: ComponentType.TextInput as const, custom_id: 'note', style: TextInputStyle.Paragraph, required: false, max_length: 500 };
  if (!chapterTitles || chapterTitles.length === 0) {
    return {
      custom_id: customId,
      title,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.TextInput, custom_id: 'progress', label: 'How far did you get?', style: TextInputStyle.Short, placeholder: 'ch 5, p. 120, 45%, 5/24 or done', required: true, max_length: 100 }],
        },
        { type: ComponentType.ActionRow, components: [{ ...note, label: 'A note for the group (optional)' }] },
      ],
    };
  }
  const options = chapterWindow(chapterTitles.length, latestChapter).map((number) => ({
    label: truncateText(`${number}. ${chapterTitles[number - 1]}`, 100),
    value: String(number),
    ...(number === latestChapter ? { default: true } : {}),
  }));
  return {
    custom_id: customId,
    title,
    components: [
      {
        type: ComponentType.Label,
        label: 'Chapter reached',
        description: `${chapterTitles.length} chapters; pick the one you reached`,
        component: { type: ComponentType.StringSelect, custom_id: 'chapter', placeholder: 'Pick a chapter', required: false, min_values: 0, max_values: 1, options },
      },
      {
        type: ComponentType.Label,
        label: 'Or your progress in your own words',
        description: 'For pages or a percentage; leave empty if you picked a chapter',
        component: { type: ComponentType.TextInput, custom_id: 'progress', style: TextInputStyle.Short, placeholder: 'p. 120, 45% or done', required: false, max_length: 100 },
      },
      { type: ComponentType.Label, label: 'A note for the group (optional)', component: note },
    ],
  };
}

/** The form for one member of a board: their book's chapters, the last chapter they reached selected. */
export function checkinModalFor(board: Board, userId: string): APIModalInteractionResponseCallbackData {
  const latest = board.members.find((member) => member.userId === userId)?.latest?.progress;
  const latestChapter = latest?.unit === 'chapter' && Number.isInteger(latest.value) ? latest.value : null;
  return checkinModal(board.group.groupId, board.group.name, chapterTitlesOf(board.book), latestChapter);
}

export function notifyReply(on: boolean): Reply {
  return privateMessage(
    on
      ? '🔔 Reminders will ping you again when you have not checked in (in every group of this server).'
      : '🔕 Reminders will no longer ping you in this server. Your check-ins still show on the boards; `/study notify on` undoes this.',
  );
}

export function breakReply(view: GroupView & { weeks: string[] }): Reply {
  return privateMessage(`☕ Break declared in ${nameOf(view)} for ${view.weeks.join(' and ')}: you will not be pinged, and your streak is kept.`);
}

/** Weeks and check-ins a week the history shows at most (the service reads the latest 200 check-ins). */
const historyWeeks = 12;
const checkinsPerWeek = 10;

/**
 * How much of each check-in the history shows, from all of it down to the progress alone: the most that keeps
 * the weeks inside Discord's 4,000 characters of text (`raw` is what was typed, 0 to leave it out).
 */
const historyDetails = [
  { raw: 60, progress: 140, note: 120 },
  { raw: 40, progress: 80, note: 60 },
  { raw: 24, progress: 40, note: 0 },
  { raw: 0, progress: 24, note: 0 },
] as const;
/** At this width, a chapter is shown without its title ("chapter 17 of 24"). */
const titleless = 24;
type HistoryDetail = (typeof historyDetails)[number];

function checkinLine(checkin: HistoryWeek['checkins'][number], chapterTitles: readonly string[] | null, detail: HistoryDetail): string {
  const progress = escapeUserText(detail.progress > titleless ? describeProgressInBook(checkin.progress, chapterTitles) : describeProgress(checkin.progress, chapterTitles?.length ?? null), detail.progress);
  const said = detail.raw > 0 ? `${escapeUserText(checkin.raw, detail.raw)} (${progress})` : progress;
  const note = checkin.note && detail.note > 0 ? ` — ${escapeUserText(checkin.note, detail.note)}` : '';
  return `${discordTimestamp(checkin.atMs, 'f')} <@${checkin.userId}>: ${said}${note}`;
}

function weekBlock(week: HistoryWeek, onBreak: boolean, chapterTitles: readonly string[] | null, detail: HistoryDetail): string {
  const more = week.checkins.length - checkinsPerWeek;
  return [
    `**${week.weekKey}**${onBreak ? ' (break)' : ''}`,
    ...week.checkins.slice(0, checkinsPerWeek).map((checkin) => checkinLine(checkin, chapterTitles, detail)),
    ...(more > 0 ? [`… and ${more} more that week`] : []),
  ].join('\n');
}

/**
 * The weeks that fit, each whole: all of them at the most detail that fits, or else as many of the newest as fit
 * with the least detail (the footer says how many older weeks are left out).
 */
function fittingWeeks(weeks: readonly HistoryWeek[], breaks: ReadonlySet<string>, chapterTitles: readonly string[] | null, room: number): string[] {
  const blocksAt = (detail: HistoryDetail) => weeks.map((week) => weekBlock(week, breaks.has(week.weekKey), chapterTitles, detail));
  const all = mostDetailThatFits(historyDetails, blocksAt, room);
  if (all) return all;
  const kept: string[] = [];
  let used = 0;
  for (const block of blocksAt(historyDetails[historyDetails.length - 1]!)) {
    if (used + block.length > room) break;
    kept.push(block);
    used += block.length;
  }
  return kept;
}

/** `/study history` (Components v2): week by week, newest first, when each check-in happened and what it said, and the breaks. */
export function historyReply(view: GroupView & { weeks: HistoryWeek[]; breaks: ReadonlySet<string> }, memberId: string | null): Reply {
  const who = memberId ? ` of <@${memberId}>` : '';
  if (view.weeks.length === 0 && view.breaks.size === 0) return privateMessage(`No check-ins${who} in ${nameOf(view)} yet.`);
  const heading = `### 📜 History · ${escapeUserText(view.group.name, 100)}${who ? `\nCheck-ins${who}` : ''}`;
  const breaksOnly = [...view.breaks].filter((week) => !view.weeks.some((w) => w.weekKey === week)).sort().reverse();
  const breaksText = breaksOnly.length > 0 ? truncateText(`Breaks without check-ins: ${breaksOnly.join(', ')}`, 400) : null;
  const weeks = view.weeks.slice(0, historyWeeks);
  // The footer's longest form, so the weeks leave room for it.
  const footerRoom = 80;
  const room = discordLimits.layoutText - heading.length - (breaksText?.length ?? 0) - footerRoom;
  const blocks = fittingWeeks(weeks, view.breaks, chapterTitlesOf(view.book), room);
  const older = view.weeks.length - blocks.length;
  const footer = `-# Newest first${older > 0 ? ` · ${counted(older, 'older week')} not shown` : ''}`;
  return privateCard([textDisplay(heading), ...blocks.map(textDisplay), ...(breaksText ? [textDisplay(breaksText)] : []), divider, textDisplay(footer)]);
}

/** A changed group, privately (Components v2): everything it is set to now, changed or not. */
export function editedReply(view: GroupView): Reply {
  const target = view.group.target ? describeTarget(view.group.target) : 'none';
  return privateCard([textDisplay(`### ✏️ ${nameOf(view)} is changed\nIt now reads ${bookOf(view)}.`), divider, textDisplay(groupSettings(view, target))]);
}

export function archivedReply(view: GroupView): Reply {
  return privateMessage(`🗄️ ${nameOf(view)} is archived: no more reminders. Its members' check-ins and history are kept.`);
}

export function transferredReply(view: GroupView): Reply {
  return privateMessage(`👑 <@${view.group.ownerId}> now owns ${nameOf(view)}.`);
}

/** Forget-me asks first (Components v2): a button deletes, the other keeps everything. */
export function forgetMeConfirmation(counts: { memberships: number; checkins: number }): Reply {
  if (counts.memberships === 0 && counts.checkins === 0) return privateMessage('Grimoire keeps no study-group data about you in this server.');
  return privateCard(
    [
      textDisplay(
        `### 🧹 Delete your study-group data?\nThis deletes your ${counted(counts.memberships, 'study-group membership')} and ${counted(counts.checkins, 'check-in')} in this server, for good. Groups you own pass to their longest-standing member.`,
      ),
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Delete my data', custom_id: componentId(studyCommandName, 'forget-me', 'confirm') },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: componentId(studyCommandName, 'forget-me', 'cancel') },
        ],
      },
    ],
    warningAccent,
  );
}

export function forgottenReply(counts: { memberships: number; checkins: number }): Reply {
  return privateMessage(`🧹 Deleted ${counts.memberships} membership${counts.memberships === 1 ? '' : 's'} and ${counts.checkins} check-in${counts.checkins === 1 ? '' : 's'}.`);
}

/** The form behind "Start a study group" on a spotlight: the book is the spotlighted one. */
export function startGroupModal(bookId: string, bookTitle: string, defaultZone: string | null): APIModalInteractionResponseCallbackData {
  const input = (id: string, label: string, placeholder: string, value?: string | null) => ({
    type: ComponentType.ActionRow as const,
    components: [
      { type: ComponentType.TextInput as const, custom_id: id, label, style: TextInputStyle.Short as const, placeholder, required: true, max_length: id === 'name' ? 50 : 64, ...(value ? { value } : {}) },
    ],
  });
  return {
    custom_id: componentId(studyCommandName, 'start', bookId),
    title: truncateText(`Study group: ${bookTitle}`, 45),
    components: [
      input('name', 'Group name', truncateText(`${bookTitle} readers`, 100)),
      input('day', 'Check-in day', 'Sunday', 'Sunday'),
      input('time', 'Check-in time', '18:00, 6pm …', '18:00'),
      input('timezone', 'Time zone', 'Europe/Berlin', defaultZone),
    ],
  };
}
