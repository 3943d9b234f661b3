/**
 * A finished poll's result: the votes per book in the poll's order, and the winner. A tie goes to the tied book
 * listed first in the poll (the order it offered them in), and the outcome post says so. No votes, no winner.
 */

export interface PollAnswerRef {
  answerId: number;
  bookId: string;
}

export interface PollTally {
  /** Every answer with its votes, in the poll's order. */
  votes: { bookId: string; votes: number }[];
  total: number;
  winner: string | null;
  /** The other books that had as many votes as the winner (the tie it won by the rule); empty without a tie. */
  tiedWith: string[];
}

export const tieRule = 'A tie goes to the tied book listed first in the poll.';

/** `counts`: Discord's answer_counts by answer id; an answer it leaves out had no votes. */
export function tallyPoll(answers: readonly PollAnswerRef[], counts: ReadonlyMap<number, number>): PollTally {
  const votes = answers.map((answer) => ({ bookId: answer.bookId, votes: Math.max(0, counts.get(answer.answerId) ?? 0) }));
  const total = votes.reduce((sum, entry) => sum + entry.votes, 0);
  const most = Math.max(0, ...votes.map((entry) => entry.votes));
  if (most === 0) return { votes, total, winner: null, tiedWith: [] };
  const leaders = votes.filter((entry) => entry.votes === most).map((entry) => entry.bookId);
  return { votes, total, winner: leaders[0]!, tiedWith: leaders.slice(1) };
}
