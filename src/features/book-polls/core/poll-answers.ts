import { truncateText } from '../../../core/truncate-text.js';

/**
 * A poll's question and answers from the books it offers, within Discord's limits (DISCORD-REFERENCE.md §3): at
 * most 10 answers of at most 55 characters, a question of at most 300, and the duration Grimoire allows.
 */

export const pollLimits = { maxAnswers: 10, answerLength: 55, questionLength: 300, fewestHours: 1, mostHours: 7 * 24, defaultHours: 24 } as const;

export interface PollChoice {
  bookId: string;
  title: string;
}

/** An answer as sent (in the poll's order); Discord's answer id is learnt from its reply. */
export interface PlannedAnswer {
  bookId: string;
  text: string;
}

/**
 * The first ten books, each by its title cut to 55 characters. Two titles that cut to the same text get a
 * number, so a voter can always tell the answers apart.
 */
export function pollAnswers(choices: readonly PollChoice[]): PlannedAnswer[] {
  const offered = choices.slice(0, pollLimits.maxAnswers);
  const texts = offered.map((choice) => truncateText(choice.title.replace(/\s+/g, ' ').trim(), pollLimits.answerLength));
  return offered.map((choice, index) => {
    const text = texts[index]!;
    const same = texts.filter((other) => other === text).length;
    if (same === 1) return { bookId: choice.bookId, text };
    const nth = ` (${texts.slice(0, index + 1).filter((other) => other === text).length})`;
    return { bookId: choice.bookId, text: truncateText(text, pollLimits.answerLength - nth.length) + nth };
  });
}

export type PollPurpose = { kind: 'spotlight' } | { kind: 'study'; groupName: string };

export function pollQuestion(purpose: PollPurpose): string {
  const question = purpose.kind === 'spotlight' ? 'Which book should be the next spotlight?' : `What should ${purpose.groupName.replace(/\s+/g, ' ').trim()} read next?`;
  return truncateText(question, pollLimits.questionLength);
}

/** Hours as typed, or the default; null when outside 1 hour to 7 days. */
export function pollHours(typed: number | null): number | null {
  const hours = typed ?? pollLimits.defaultHours;
  return Number.isInteger(hours) && hours >= pollLimits.fewestHours && hours <= pollLimits.mostHours ? hours : null;
}
