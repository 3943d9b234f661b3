import { escapeUserText } from '../../../core/user-text.js';
import { divider, mostDetailThatFits, privateCard, textDisplay } from '../../../platform/discord/layout.js';
import { discordLimits } from '../../../platform/discord/limits.js';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import { planLines, planWeekText, weekSpan } from '../core/plan-text.js';
import { describeStanding, planPoint, type PlanStanding, type PlanUnit, type ReadingPlan } from '../core/reading-plan.js';
import type { GroupView, PlanView } from '../service.js';
import { chapterTitlesOf } from './chapters.js';

const standingMarks: Record<PlanStanding['kind'], string> = { 'on-plan': '📅', behind: '⚠️', ahead: '🚀' };

/** A member against the plan, as the board and `/study me` show it: "⚠️ behind the plan by 2 chapters". */
export function standingText(standing: PlanStanding, unit: PlanUnit): string {
  return `${standingMarks[standing.kind]} ${describeStanding(standing, unit)}`;
}

/** The board's line about the plan: "week 3 of 8 · this week ch. 5–6"; before or after it, when it starts or that it ended. */
export function planFact(plan: ReadingPlan, currentWeekKey: string): string {
  const { week } = planPoint(plan, currentWeekKey);
  if (week) return `**Plan:** week ${plan.weeks.indexOf(week) + 1} of ${plan.weeks.length} · this week ${planWeekText(week, plan.unit, null)}`;
  const first = plan.weeks[0];
  if (first && currentWeekKey < first.weekKey) return `**Plan:** starts the week of ${weekSpan(first.weekKey)} with ${planWeekText(first, plan.unit, null)}`;
  return '**Plan:** over: the whole book should be read';
}

const groupName = (view: GroupView): string => `**${escapeUserText(view.group.name, 50)}**`;

/** Chapter titles as wide as fits: full, shorter, then numbers only. */
const titleWidths = [60, 30, 0] as const;

/** `/study plan group:` without options: the plan week by week, privately; or how to set one. */
export function planReply({ plan, currentWeekKey, book, group, ...view }: PlanView): Reply {
  if (!plan) return privateMessage(`${groupName({ group, book, ...view })} has no reading plan yet. Its owner (or someone with Manage Server) sets one with \`/study plan\` and \`end:\` 2027-02-28 or \`pace:\` 2 chapters.`);
  const heading = `### 📅 Reading plan · ${escapeUserText(group.name, 50)}\n*${book?.title ?? group.bookId}*`;
  const basis =
    plan.unit === 'chapter'
      ? `By chapter: ${plan.total} chapters over ${plan.weeks.length} week${plan.weeks.length === 1 ? '' : 's'}, from the book's sourced table of contents.`
      : `By percent over ${plan.weeks.length} week${plan.weeks.length === 1 ? '' : 's'}: this book has no sourced chapter list.`;
  const footer = `-# Check-ins are compared with the plan on the board. The owner or Manage Server changes it with \`/study plan\`, or removes it with \`clear: True\`; check-ins are kept either way.`;
  const room = discordLimits.layoutText - heading.length - basis.length - footer.length;
  const [lines] = mostDetailThatFits(titleWidths, (width) => [planLines(plan, currentWeekKey, chapterTitlesOf(book), width).join('\n')], room) ?? [planLines(plan, currentWeekKey, null, 0).join('\n')];
  return privateCard([textDisplay(heading), textDisplay(basis), textDisplay(lines!), divider, textDisplay(footer)]);
}

export function planClearedReply(view: GroupView & { cleared: boolean }): Reply {
  return privateMessage(view.cleared ? `The reading plan of ${groupName(view)} is removed; everyone's check-ins are kept.` : `${groupName(view)} had no reading plan.`);
}
