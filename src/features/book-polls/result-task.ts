import type { Catalog } from '../catalog/core/catalog.js';
import type { Book } from '../catalog/core/schema.js';
import { escapeUserText } from '../../core/user-text.js';
import type { Clock } from '../../platform/clock.js';
import type { DiscordAccess } from '../../platform/discord/discord-access.js';
import { withMarker } from '../../platform/discord/message-marker.js';
import type { Polls } from '../../platform/discord/polls.js';
import { classifySendFailure, type Poster } from '../../platform/discord/poster.js';
import { toMessageBody } from '../../platform/discord/reply.js';
import type { Logger } from '../../platform/logger.js';
import { deliveryNonce } from '../../platform/scheduling/delivery-nonce.js';
import { searchEarlierPost } from '../../platform/scheduling/earlier-post.js';
import type { TimedTask, TimedTaskOutcome, TimedTaskRun } from '../../platform/scheduling/timed-task.js';
import type { Store } from '../../platform/store/store.js';
import type { SpotlightService } from '../spotlight/service.js';
import type { StudyEventService } from '../study-groups/event-service.js';
import { groupChoiceValue, type StudyGroupService } from '../study-groups/service.js';
import { pollQuestion } from './core/poll-answers.js';
import { tallyPoll, type PollTally } from './core/poll-tally.js';
import { pollOutcomeReply } from './presenters/outcome.js';
import type { BookPoll, BookPollRepository } from './repository.js';
import { bookPollResultKind } from './service.js';

/**
 * A poll's result, due at its expiry (a slash-command bot gets no poll events): read over REST until Discord has
 * finalized the tally, then in one transaction the winner is applied (queued as the next spotlight, or made the
 * group's next book) and the outcome post composed; then that post is made exactly once. Each step is recorded,
 * so a run repeated after a crash applies nothing twice and looks in the channel before posting again.
 */

export interface PollResultDependencies {
  store: Store;
  repository: BookPollRepository;
  polls: Polls;
  poster: Poster;
  discord: DiscordAccess;
  catalog: Catalog;
  clock: Clock;
  /** Discord's clock, for the history search (the injected clock may be pinned). */
  wallClock: () => number;
  spotlight: () => SpotlightService;
  studyGroups: () => StudyGroupService;
  /** A group that begins the winner at once: its weekly event's description names the new book. */
  studyEvents: () => StudyEventService;
  log: Logger;
}

/** Discord tallies shortly after the end: ask again every minute, for at most a day. */
const finalizeRetryMs = 60_000;
const finalizeWithinMs = 24 * 60 * 60 * 1000;

export function createPollResultTask(deps: PollResultDependencies): TimedTask {
  const { store, repository, polls, poster, discord, catalog, clock, log } = deps;

  const nonceOf = (poll: BookPoll): string => deliveryNonce({ guildId: poll.guildId, kind: bookPollResultKind, subjectId: String(poll.pollId), weekKey: 'outcome' });

  /** Applies the winner; what it did, in words, for the outcome post. */
  function apply(poll: BookPoll, tally: PollTally, nowMs: number): { outcome: string; groupName: string | null; begun?: boolean } {
    if (poll.purpose === 'spotlight') {
      if (!tally.winner) return { outcome: 'Nothing changes: the spotlight goes on in its usual order.', groupName: null };
      const queued = deps.spotlight().queueWinner(poll.guildId, tally.winner, poll.startedBy, nowMs);
      const outcomes = {
        queued: 'It is queued as the next spotlight.',
        'already-spotlighted': 'It was spotlighted while the poll ran, so it is not queued again.',
        'no-spotlight': 'The spotlight was turned off meanwhile, so nothing is queued.',
      } as const;
      return { outcome: outcomes[queued], groupName: null };
    }
    const groups = deps.studyGroups();
    const groupName = groupNameOf(poll);
    if (!tally.winner) return { outcome: 'Nothing changes: the group keeps its book and has no next one.', groupName };
    const applied = groups.applyPolledBook(poll.guildId, poll.groupId!, tally.winner, poll.beginAtOnce, nowMs);
    const title = catalog.bookById(tally.winner)?.title ?? tally.winner;
    const outcome: string =
      applied === 'begun'
        ? `**${groupName}** now reads **${title}**: check in with \`/study checkin\`.`
        : applied === 'next'
          ? `It is **${groupName}**’s next book: it begins once every active member has finished the current one.`
          : 'The group was archived meanwhile, so nothing changes.';
    return { outcome, groupName, begun: applied === 'begun' };
  }

  function groupNameOf(poll: BookPoll): string {
    try {
      return escapeUserText(deps.studyGroups().groupView(poll.guildId, groupChoiceValue(poll.groupId!)).group.name, 50);
    } catch {
      return 'the group';
    }
  }

  /** Reads the poll; decides it once Discord has finalized it. */
  async function decide(poll: BookPoll, nowMs: number): Promise<TimedTaskOutcome | null> {
    const reading = await polls.read(poll.channelId, poll.messageId!);
    if (reading.kind === 'deleted') {
      // Discord does not say when: before the end, or after it and before the bot read the result.
      const reason = 'the poll message was deleted before its result was read';
      repository.end(poll.pollId, 'deleted', reason, nowMs);
      log.info({ guildId: poll.guildId, pollId: poll.pollId, reason }, 'a poll was deleted; nothing applied');
      return { kind: 'done', detail: `${reason}: nothing applied` };
    }
    if (reading.kind !== 'final') {
      // Not tallied yet, or the channel briefly closed to the bot: ask again, for up to a day after the end.
      const why = reading.kind === 'running' ? 'Discord did not finalize the result within a day' : reading.reason;
      if (nowMs > poll.expiresAtMs + finalizeWithinMs) {
        repository.end(poll.pollId, 'failed', why, nowMs);
        log.warn({ guildId: poll.guildId, pollId: poll.pollId, reason: why }, 'a poll result could not be read; nothing applied');
        return { kind: 'done', detail: `the result could not be read: ${why}` };
      }
      return { kind: 'again', atMs: Math.max(poll.expiresAtMs, nowMs + finalizeRetryMs), detail: reading.kind === 'running' ? 'not finalized yet' : `unreadable for now: ${reading.reason}` };
    }
    const tally = tallyPoll(poll.answers, reading.counts);
    const begun = store.transaction(() => {
      // Re-read inside the transaction: another process may have decided it meanwhile.
      if (repository.find(poll.pollId)?.state !== 'open') return false;
      const { outcome, groupName, begun: begunNow } = apply(poll, tally, nowMs);
      const books = new Map(poll.answers.map((answer) => [answer.bookId, catalog.bookById(answer.bookId)]).filter((entry): entry is [string, Book] => entry[1] !== undefined));
      const question = pollQuestion(poll.purpose === 'spotlight' ? { kind: 'spotlight' } : { kind: 'study', groupName: groupName ?? 'the group' });
      const reply = pollOutcomeReply({ question, tally, outcome, books, poll: { guildId: poll.guildId, channelId: poll.channelId, messageId: poll.messageId! } });
      repository.decide(poll.pollId, { tally, outcome, outcomeBody: toMessageBody(reply) }, nowMs);
      return begunNow === true;
    });
    if (begun && poll.groupId !== null) {
      // Best effort, after the decision is recorded: a failure is the event's own note, never the poll's.
      try {
        await deps.studyEvents().follow(deps.studyGroups().groupView(poll.guildId, groupChoiceValue(poll.groupId)));
      } catch (error) {
        log.warn({ err: error, pollId: poll.pollId }, 'could not update the weekly event after a new book');
      }
    }
    return null;
  }

  /** Posts the outcome once: an earlier attempt is looked for first, and an unreadable history is never guessed at. */
  async function announce(poll: BookPoll, run: TimedTaskRun): Promise<TimedTaskOutcome> {
    const nonce = nonceOf(poll);
    const body = poll.outcomeBody && withMarker(poll.outcomeBody, nonce);
    if (!body) {
      repository.announce(poll.pollId, null, 'the outcome post has no button to carry its marker');
      return { kind: 'done', detail: 'outcome not postable' };
    }
    const options = { maxRateLimitWaitMs: run.maxRateLimitWaitMs, signal: run.signal };
    if (poll.outcomeAttemptMs !== null) {
      const search = await searchEarlierPost({ poster, discord }, { guildId: poll.guildId, channelId: poll.channelId, attemptWallMs: poll.outcomeAttemptMs }, [nonce], options);
      if (search.kind === 'error' && search.failure.kind !== 'permanent') throw new Error(search.failure.reason);
      const found = search.kind === 'searched' ? search.found.get(nonce) : undefined;
      if (found) {
        repository.announce(poll.pollId, found, null);
        return { kind: 'done', detail: 'found the outcome post from an earlier attempt' };
      }
      if (search.kind !== 'searched') {
        const reason = search.kind === 'unreadable' ? search.reason : search.failure.reason;
        repository.announce(poll.pollId, null, `not re-posted: ${reason}`);
        return { kind: 'done', detail: 'an earlier attempt could not be checked; not re-posting' };
      }
    }
    run.check();
    repository.markOutcomeAttempt(poll.pollId, deps.wallClock());
    try {
      const { messageId } = await poster.send(poll.channelId, body, nonce, { ...options, precondition: run.check });
      repository.announce(poll.pollId, messageId, null);
      return { kind: 'done', detail: 'outcome posted' };
    } catch (error) {
      const failure = classifySendFailure(error);
      if (failure.kind !== 'permanent') throw error;
      repository.announce(poll.pollId, null, failure.reason);
      return { kind: 'done', detail: `outcome not posted: ${failure.reason}` };
    }
  }

  return {
    kind: bookPollResultKind,
    async run(task, run) {
      let poll = repository.find(Number(task.subjectId));
      if (!poll) return { kind: 'done', detail: 'the poll is gone' };
      if (poll.state === 'open') {
        const waiting = await decide(poll, clock.now());
        if (waiting) return waiting;
        const decided = repository.find(poll.pollId);
        // Deleted meanwhile (the server's data was forgotten): nothing left to announce.
        if (!decided) return { kind: 'done', detail: 'the poll is gone' };
        poll = decided;
      }
      if (poll.state === 'decided') return announce(poll, run);
      return { kind: 'done', detail: `already ${poll.state}` };
    },
    giveUp(task, reason, nowMs) {
      const pollId = Number(task.subjectId);
      if (!repository.end(pollId, 'failed', reason, nowMs)) repository.announce(pollId, null, reason);
    },
  };
}
