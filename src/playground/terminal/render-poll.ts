import type { NameLookup } from '../session/discord.js';
import { votesText, type PollResultSummary, type PollSummary } from '../session/poll-summary.js';
import { displayWidth, wrapLine } from './wrap.js';

/**
 * A poll as terminal text: the question, each answer numbered with a bar, its count, share and voters (the
 * terminal shows everything at once; Discord shows the tally after you vote), the footer, and how to vote; and the
 * POLL_RESULT system line ("alice's poll “…” has closed") with the winner.
 */

const barWidth = 10;

function bar(percent: number): string {
  const filled = Math.round((percent / 100) * barWidth);
  return '█'.repeat(filled) + '░'.repeat(barWidth - filled);
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

export interface PollLinesOptions {
  width: number;
  names?: NameLookup;
  /** The poll's number in this session, for `vote N …` (none: the line names the message id). */
  pollNumber?: number;
  strong(text: string): string;
}

export function pollLines(poll: PollSummary, options: PollLinesOptions): string[] {
  const handle = options.pollNumber === undefined ? poll.messageId : String(options.pollNumber);
  const label = options.pollNumber === undefined ? 'Poll' : `Poll ${options.pollNumber}`;
  const how = poll.closed ? '' : ` · vote ${handle} <answer>${poll.multiselect ? ' (several: vote ' + handle + ' 1 3)' : ''}`;
  const lines = [
    ...wrapLine(`📊 ${poll.question}`, options.width, '  ').map((line) => `  ${options.strong(line.slice(2))}`),
    ...wrapLine(`${label} · ${poll.prompt}${how}`, options.width, '     '),
  ];
  const answerTexts = poll.answers.map((answer) => (answer.emoji ? `${answer.emoji} ${answer.text}` : answer.text));
  const textWidth = Math.max(...answerTexts.map(displayWidth));
  const countWidth = Math.max(...poll.answers.map((answer) => votesText(answer.count).length));
  poll.answers.forEach((answer, index) => {
    const voters = answer.voterIds.map((id) => options.names?.user(id) ?? id).join(', ');
    const tally = `${bar(answer.percent)}  ${votesText(answer.count).padEnd(countWidth)}  ${String(answer.percent).padStart(3)}%`;
    const extras = [answer.winner ? '(winner)' : '', voters].filter(Boolean).join(' ');
    lines.push(...wrapLine(`[${answer.number}] ${pad(answerTexts[index]!, textWidth)}  ${tally}${extras ? `  ${extras}` : ''}`, options.width, '  '));
  });
  lines.push(`  ${poll.votesText} · ${poll.timeText}`);
  return lines;
}

/** The type-46 message: Discord's system line, then the winning answer (or why there is none). */
export function pollResultLines(result: PollResultSummary, author: string, width: number): string[] {
  const lines = wrapLine(`📊 ${author}'s poll “${result.question}” has closed.`, width);
  const winner = result.winner;
  let detail: string;
  if (winner) detail = `Winning answer: ${winner.emoji ? `${winner.emoji} ` : ''}${winner.text} — ${winner.votes} of ${votesText(result.totalVotes)} (${winner.percent}%)`;
  else if (result.totalVotes === 0) detail = 'Nobody voted.';
  else detail = `A tie: no single answer won (${votesText(result.topVotes)} each at the top, ${votesText(result.totalVotes)} in all).`;
  lines.push(...wrapLine(detail, width, '  '));
  return lines;
}
