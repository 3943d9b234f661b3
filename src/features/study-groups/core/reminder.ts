import { truncateText } from '../../../core/truncate-text.js';
import { escapeUserText } from '../../../core/user-text.js';

/**
 * The weekly study-group reminder as plain text: who checked in, and a nudge that pings exactly the members who have
 * not. Discord caps a message at 2,000 characters and 100 allowed user mentions, so a big group's reminder is split.
 */

export interface ReminderCheckin {
  userId: string;
  progressText: string;
  /** e.g. "chapter 5 of 24" */
  note: string | null;
}

export interface ReminderInput {
  groupName: string;
  bookTitle: string;
  /** Check-ins since the previous reminder, one per member (their latest), in display order. */
  checkins: readonly ReminderCheckin[];
  /** Members to ping: active, opted in, not on a break, no check-in since the previous reminder. */
  nudge: readonly string[];
  /** Members not pinged because they missed 4+ reminders in a row (shown as a count). */
  inactive: number;
  /** Members on a break this week (shown as a count). */
  onBreak: number;
  /** This week's part of the reading plan ("📅 This week (7–13 Dec): ch. 5 …"), under the header; null without one. */
  planLine?: string | null;
  /** The group's weekly session event ("**Session:** [weekly event](…) in #reading-room"), under the plan; null without one. */
  sessionLine?: string | null;
}

export interface ReminderMessage {
  content: string;
  pingUserIds: string[];
}

const messageLimit = 2000;
const pingLimit = 100;
const messageCap = 10;

const groupNameMax = 100;
const bookTitleMax = 200;
const progressMax = 100;
/** Long enough for a thought, short enough that a busy week's check-ins stay readable. */
const noteMax = 300;
const planLineMax = 600;

const nudgePrefix = '👋 Still to check in:';

/** A message being filled; the nudge line, when it has one, is always its last line. */
interface Draft {
  lines: string[];
  pingUserIds: string[];
}

const mention = (id: string): string => `<@${id}>`;

/** Names and notes go on one line each: a newline inside would break the list apart. */
function userLine(text: string, max: number): string {
  return escapeUserText(text.replace(/\s+/g, ' '), max);
}

function checkinLine(checkin: ReminderCheckin): string {
  const note = checkin.note === null ? '' : userLine(checkin.note, noteMax);
  return `${mention(checkin.userId)}: ${userLine(checkin.progressText, progressMax)}${note === '' ? '' : ` — ${note}`}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function wholeCount(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
}

function statusLine(input: ReminderInput): string | null {
  const parts: string[] = [];
  const onBreak = wholeCount(input.onBreak);
  const inactive = wholeCount(input.inactive);
  if (onBreak > 0) parts.push(`☕ ${plural(onBreak, 'member', 'members')} on a break this week`);
  if (inactive > 0) parts.push(`💤 ${plural(inactive, 'member', 'members')} not pinged after 4+ missed reminders`);
  return parts.length === 0 ? null : parts.join(' · ');
}

function congratulation(input: ReminderInput): string {
  return input.checkins.length > 0 ? '🎉 Everyone has checked in. Well done, keep reading!' : '🎉 Nobody to nudge this week.';
}

/** Fills messages in order: the lines first, then the nudged mentions, opening a new message whenever a limit is hit. */
function pack(lines: readonly string[], nudgeIds: readonly string[]): Draft[] {
  const drafts: Draft[] = [];
  let current: Draft = { lines: [], pingUserIds: [] };
  let length = 0;
  const startNew = (): void => {
    drafts.push(current);
    current = { lines: [], pingUserIds: [] };
    length = 0;
  };
  const addLine = (line: string): void => {
    if (current.lines.length > 0 && length + 1 + line.length > messageLimit) startNew();
    length += (current.lines.length > 0 ? 1 : 0) + line.length;
    current.lines.push(line);
  };
  for (const line of lines) addLine(line);
  for (const id of nudgeIds) {
    const tag = mention(id);
    if (current.pingUserIds.length > 0 && (current.pingUserIds.length >= pingLimit || length + 1 + tag.length > messageLimit)) startNew();
    if (current.pingUserIds.length === 0) addLine(`${nudgePrefix} ${tag}`);
    else {
      current.lines[current.lines.length - 1] += ` ${tag}`;
      length += 1 + tag.length;
    }
    current.pingUserIds.push(id);
  }
  drafts.push(current);
  return drafts;
}

/**
 * Keeps the first `messageCap` messages. The last one's nudge line then ends "… and N more", N counting everyone who
 * is neither mentioned nor pinged (mentions are dropped from its end until the suffix fits).
 */
function capMessages(drafts: Draft[], totalNudged: number): Draft[] {
  if (drafts.length <= messageCap) return drafts;
  const kept = drafts.slice(0, messageCap);
  const last = kept.at(-1)!;
  const pingedBefore = kept.slice(0, -1).reduce((sum, draft) => sum + draft.pingUserIds.length, 0);
  // The nudge line is the last line; everything before it stays as it is.
  const others = last.pingUserIds.length > 0 ? last.lines.slice(0, -1) : last.lines;
  const room = messageLimit - others.reduce((sum, line) => sum + line.length + 1, 0);
  const nudgeLine = (): string => [nudgePrefix, ...last.pingUserIds.map(mention), `… and ${totalNudged - pingedBefore - last.pingUserIds.length} more`].join(' ');
  while (nudgeLine().length > room && last.pingUserIds.length > 0) last.pingUserIds.pop();
  last.lines = [...others, nudgeLine()];
  return kept;
}

/** How many check-in lines could fit in `messageCap` full messages at best: no layout needs to try more. */
function mostCheckinsThatFit(lines: readonly string[]): number {
  let budget = messageCap * messageLimit;
  for (const [index, line] of lines.entries()) {
    budget -= line.length + 1;
    if (budget < 0) return index;
  }
  return lines.length;
}

/**
 * The weekly post: "📖 **<group>** · <book>: weekly check-in", then last week's check-ins ("<@id>: chapter 5 of 24 — note"),
 * then the nudge mentioning exactly `nudge` ("Still to check in: <@a> <@b>"), or a short congratulation when nobody is
 * missing (then pingUserIds is empty). Group name, book title, notes and progress text are user text: escape them with
 * escapeUserText. Each message ≤ 2,000 characters and ≤ 100 ids in pingUserIds; when the whole does not fit, split into
 * several messages (check-ins may continue in the next message; every nudged member is mentioned exactly once across
 * the messages and appears in that message's pingUserIds). At most 10 messages: if even that is not enough, the last
 * nudge line ends "… and N more" (those N are neither mentioned nor pinged). `pingUserIds` of each message lists exactly
 * the <@id> mentions in that message's nudge part (check-in lines mention members too but must NOT ping them — so they
 * are not in pingUserIds).
 *
 * The nudge matters more than the list of check-ins: when both do not fit in 10 messages, the last check-ins give way
 * to a "… and N more check-ins" line first; only then is the nudge itself cut short.
 */
export function composeReminder(input: ReminderInput): ReminderMessage[] {
  const header = `📖 **${userLine(input.groupName, groupNameMax)}** · ${userLine(input.bookTitle, bookTitleMax)}: weekly check-in`;
  const checkinLines = input.checkins.map(checkinLine);
  // Our dataset's chapter titles, not user text; still kept to one line and well inside a message.
  const plan = [input.planLine, input.sessionLine].filter((line): line is string => Boolean(line)).map((line) => truncateText(line.replace(/\s+/g, ' '), planLineMax));
  const status = statusLine(input);
  const nudgeIds = [...new Set(input.nudge)];
  const closing = [...(status === null ? [] : [status]), ...(nudgeIds.length === 0 ? [congratulation(input)] : [])];
  let drafts: Draft[] = [];
  for (let shown = mostCheckinsThatFit(checkinLines); shown >= 0; shown--) {
    const hidden = checkinLines.length - shown;
    const summary = shown > 0 ? `… and ${plural(hidden, 'more check-in', 'more check-ins')}` : `📝 ${plural(hidden, 'check-in', 'check-ins')} since the last reminder`;
    const more = hidden > 0 ? [summary] : [];
    drafts = pack([header, ...plan, ...checkinLines.slice(0, shown), ...more, ...closing], nudgeIds);
    if (drafts.length <= messageCap) break;
  }
  return capMessages(drafts, nudgeIds.length).map((draft) => ({ content: draft.lines.join('\n'), pingUserIds: draft.pingUserIds }));
}
