import { votesText, type PollResultSummary, type PollSummary } from '../../session/poll-summary.js';
import { attribute, escapeHtml, flag } from './escape.js';

/**
 * A poll as Discord draws it under a message: the question, "Select one answer", the answers (a radio or checkbox
 * each; once the viewer voted or the poll closed, a bar with the count and share, the viewer's own choice ticked,
 * the winner in green), and the footer "3 votes · 23h left" with Show results / Vote / Remove vote. And the
 * POLL_RESULT system line. The client (static/polls.js) sends the vote as the member the page acts as.
 */

function answerHtml(poll: PollSummary, answer: PollSummary['answers'][number], locked: boolean): string {
  const input = `<input class="gr-poll-input" type="${poll.multiselect ? 'checkbox' : 'radio'}"${attribute('name', `poll-${poll.messageId}`)}${attribute('value', answer.answerId)}${flag('checked', answer.mine)}${flag('disabled', locked)}${attribute('aria-label', answer.text)}>`;
  const emoji = answer.emoji ? `<span class="gr-poll-emoji">${escapeHtml(answer.emoji)}</span>` : '';
  const tally = `<span class="gr-poll-tally"><span class="gr-poll-count">${escapeHtml(votesText(answer.count))}</span><span class="gr-poll-percent">${answer.percent}%</span></span>`;
  const mark = answer.mine ? '<span class="gr-poll-mark" aria-label="your vote">✓</span>' : '';
  return `<label class="gr-poll-answer" data-testid="poll-answer"${attribute('data-answer-id', answer.answerId)} data-mine="${answer.mine}" data-winner="${answer.winner}"><span class="gr-poll-fill" style="width: ${answer.percent}%"></span>${emoji}<span class="gr-poll-answer-text">${escapeHtml(answer.text)}</span>${tally}${mark}${input}</label>`;
}

function actionsHtml(poll: PollSummary): string {
  if (poll.closed) return '';
  const id = attribute('data-message-id', poll.messageId);
  if (poll.viewerVoted) return `<button type="button" class="gr-button gr-button--secondary" data-action="poll-remove-vote"${id}>Remove vote</button>`;
  return `<button type="button" class="gr-poll-show" data-action="poll-show-results">Show results</button><button type="button" class="gr-button gr-button--primary" data-action="poll-vote"${id} disabled>Vote</button>`;
}

export function pollHtml(poll: PollSummary): string {
  // Discord shows the tally once you voted or the poll closed; before, only the answers to pick from.
  const locked = poll.viewerVoted || poll.closed;
  const answers = poll.answers.map((answer) => answerHtml(poll, answer, locked)).join('');
  const footer = `<div class="gr-poll-footer"><span class="gr-poll-status" data-testid="poll-status">${escapeHtml(poll.votesText)}<span class="gr-poll-dot" aria-hidden="true"> · </span>${escapeHtml(poll.timeText)}</span><span class="gr-poll-actions">${actionsHtml(poll)}</span></div>`;
  return `<div class="gr-poll" data-testid="poll"${attribute('data-poll-id', poll.messageId)} data-results="${locked ? 'shown' : 'hidden'}" data-closed="${poll.closed}"><div class="gr-poll-question">${escapeHtml(poll.question)}</div><div class="gr-poll-prompt">${escapeHtml(poll.prompt)}</div><div class="gr-poll-answers">${answers}</div>${footer}</div>`;
}

export interface PollResultView {
  messageId: string;
  author: string;
  /** "Today at 9:00 PM". */
  time: string;
}

/** "alice's poll Which book? has closed." with the winning answer and a way back to the poll, as Discord's system line (the card's words are a guess). */
export function pollResultHtml(result: PollResultSummary, view: PollResultView): string {
  const winner = result.winner;
  const answer = winner
    ? `<span class="gr-poll-result-check" aria-hidden="true">✓</span><span class="gr-poll-result-answer">${escapeHtml(winner.emoji ? `${winner.emoji} ${winner.text}` : winner.text)}</span><span class="gr-poll-result-note">Winning answer · ${escapeHtml(votesText(winner.votes))} · ${winner.percent}%</span>`
    : `<span class="gr-poll-result-note">${result.totalVotes === 0 ? 'There were no votes' : `There was a tie · ${escapeHtml(votesText(result.totalVotes))}`}</span>`;
  const jump = result.pollMessageId ? `<button type="button" class="gr-button gr-button--secondary gr-poll-result-view" data-action="poll-jump"${attribute('data-poll-id', result.pollMessageId)}>View poll</button>` : '';
  const line = `<div class="gr-system-text"><strong>${escapeHtml(view.author)}</strong>'s poll <strong>${escapeHtml(result.question)}</strong> has closed.<span class="gr-system-time">${escapeHtml(view.time)}</span></div>`;
  return `<div class="gr-system-message" data-testid="poll-result"${attribute('data-message-id', view.messageId)}><span class="gr-system-icon" aria-hidden="true">📊</span><div class="gr-system-body">${line}<div class="gr-poll-result-card">${answer}${jump}</div></div></div>`;
}
