/**
 * The progress picture in words, for its alt text (an attachment's description: at most 1,024 characters). Every
 * member is named while that fits; a big group is summarised: this week's and last week's counts, the furthest
 * readers, then as many members as fit and how many more there are.
 */

import { truncateText } from '../../../core/truncate-text.js';
import { singleLineText } from '../../../core/user-text.js';
import { memberNameText, positionProgress, positionText, type PictureMember, type ProgressPictureInput } from './progress-picture.js';
import { shortDate } from './short-date.js';
import { progressFraction } from './progress.js';
import type { WeekState } from './week-states.js';

export const altTextMax = 1024;

const countWords: Record<WeekState, string> = {
  'checked-in': 'checked in',
  break: 'on a break',
  missed: 'missed',
  pending: 'not yet',
  'not-member': 'not members yet',
};

/** "8 checked in, 1 on a break, 3 not yet" for one week column (counted from the end, 0 = this week). */
function weekCounts(members: readonly PictureMember[], weeksBack: number): string {
  const counts = new Map<WeekState, number>();
  for (const member of members) {
    const state = member.weeks[member.weeks.length - 1 - weeksBack];
    if (state) counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const order: WeekState[] = ['checked-in', 'break', 'missed', 'pending', 'not-member'];
  return order.filter((state) => counts.has(state)).map((state) => `${counts.get(state)} ${countWords[state]}`).join(', ') || 'nobody';
}

const nameOf = (member: PictureMember): string => truncateText(memberNameText(member.name), 32);

/** "alice: chapter 5 of 24, checked in 9 of 12 weeks". */
function memberWords(member: PictureMember, chapterCount: number | null): string {
  const memberWeeks = member.weeks.filter((state) => state !== 'not-member').length;
  const checkedIn = member.weeks.filter((state) => state === 'checked-in').length;
  const onBreak = member.weeks.at(-1) === 'break' ? ', on a break' : '';
  const plan = member.planStanding ? `, ${member.planStanding.words}` : '';
  return `${nameOf(member)}: ${positionText(member.position, chapterCount)}, checked in ${checkedIn} of ${memberWeeks} week${memberWeeks === 1 ? '' : 's'}${onBreak}${plan}`;
}

/** The members furthest into the book (by fraction read; unknown totals come last), at most `count`. */
function furthest(members: readonly PictureMember[], chapterCount: number | null, count: number): PictureMember[] {
  const fractionOf = (member: PictureMember): number => (member.position ? (progressFraction(positionProgress(member.position), chapterCount) ?? -1) : -2);
  return members
    .map((member, index) => ({ member, index, fraction: fractionOf(member) }))
    .filter(({ fraction }) => fraction >= 0)
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index)
    .slice(0, count)
    .map(({ member }) => member);
}

/** The picture described in words, within Discord's 1,024 characters of alt text. */
export function progressPictureAltText(input: ProgressPictureInput): string {
  const { members, weeks, chapterCount } = input;
  const group = truncateText(singleLineText(input.groupName), 50);
  const book = truncateText(singleLineText(input.bookTitle), 80);
  const first = weeks[0];
  const span = first ? ` for the ${weeks.length} week${weeks.length === 1 ? '' : 's'} since ${shortDate(first.start)}` : '';
  const head = [`Study progress of ${group}, reading ${book}: weekly check-ins${span} and each member's position in the book.`];
  if (input.plan) head.push(`Reading plan: ${truncateText(singleLineText(input.plan.label), 80)}.`);
  head.push(`${members.length} member${members.length === 1 ? '' : 's'}.`);
  if (members.length > 0) {
    head.push(`This week: ${weekCounts(members, 0)}.`);
    if (weeks.length > 1) head.push(`Last week: ${weekCounts(members, 1)}.`);
  }
  const everyone = [...head, ...members.map((member) => `${memberWords(member, chapterCount)}.`)].join(' ');
  if (everyone.length <= altTextMax) return everyone;

  const leaders = furthest(members, chapterCount, 3);
  if (leaders.length > 0) head.push(`Furthest: ${leaders.map((member) => `${nameOf(member)} (${positionText(member.position, chapterCount)})`).join(', ')}.`);
  let text = head.join(' ');
  for (const [index, member] of members.entries()) {
    const more = members.length - index - 1;
    const next = `${text} ${memberWords(member, chapterCount)}.`;
    // Room must stay for the "and N more" that follows whatever is left out.
    const tail = more > 0 ? ` And ${more} more.` : '';
    if ((next + tail).length > altTextMax) return truncateText(`${text} And ${members.length - index} more.`, altTextMax);
    text = next;
  }
  return truncateText(text, altTextMax);
}
