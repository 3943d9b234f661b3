import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Book } from '../catalog/core/schema.js';
import type { Clock } from '../../platform/clock.js';
import { assertCanPost, type NamedPermission } from '../../platform/discord/channel-permissions.js';
import type { DiscordAccess } from '../../platform/discord/discord-access.js';
import { messageLink, discordTimestamp } from '../../platform/discord/markup.js';
import type { PostedPoll, Polls } from '../../platform/discord/polls.js';
import { UserError } from '../../platform/discord/user-error.js';
import type { Store } from '../../platform/store/store.js';
import type { SpotlightService } from '../spotlight/service.js';
import type { Actor, StudyGroupService } from '../study-groups/service.js';
import { pollAnswers, pollHours, pollLimits, pollQuestion, type PollPurpose } from './core/poll-answers.js';
import type { BookPoll, BookPollRepository } from './repository.js';

/**
 * Starting a native Discord poll for the next book (issue 19): of the spotlight (books not yet spotlighted; Manage
 * Server) or of a study group (books it has not read; its owner or Manage Server). The poll is posted in the
 * channel the command was used in, and its result is read by a timed task due at its expiry (result-task.ts).
 */

export const bookPollResultKind = 'book-poll-result';

export type PollTarget = { kind: 'spotlight' } | { kind: 'study'; groupRef: string; beginAtOnce: boolean };

export interface PollStart {
  guildId: string;
  channelId: string;
  actor: Actor;
  target: PollTarget;
  hours: number | null;
}

export interface StartedPoll {
  poll: BookPoll;
  question: string;
  books: Book[];
}

export interface BookPollService {
  start(request: PollStart): Promise<StartedPoll>;
}

export interface BookPollServiceDependencies {
  store: Store;
  repository: BookPollRepository;
  polls: Polls;
  discord: DiscordAccess;
  clock: Clock;
  spotlight: SpotlightService;
  studyGroups: StudyGroupService;
}

/** Posting a poll, and reading its result later (a poll's author sees it in Get Message, with Read Message History). */
const pollPermissions: readonly NamedPermission[] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.SendPolls, 'Send Polls'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
];

export function createBookPollService({ store, repository, polls, discord, clock, spotlight, studyGroups }: BookPollServiceDependencies): BookPollService {
  /** What the poll is for, and the books it offers. */
  function candidates(request: PollStart): { purpose: PollPurpose; groupId: number | null; books: Book[]; beginAtOnce: boolean } {
    if (request.target.kind === 'spotlight') {
      const books = spotlight.pollCandidates(request.guildId, pollLimits.maxAnswers);
      if (books.length < 2) throw new UserError('Fewer than two books are left that were neither spotlighted here nor queued, so there is nothing to choose between. `/spotlight queue` picks one directly.');
      return { purpose: { kind: 'spotlight' }, groupId: null, books, beginAtOnce: false };
    }
    const view = studyGroups.pollCandidates(request.guildId, request.actor, request.target.groupRef);
    if (view.books.length < 2) throw new UserError(`**${view.group.name}** has read nearly every book of ours: there is nothing left to choose between.`);
    return { purpose: { kind: 'study', groupName: view.group.name }, groupId: view.group.groupId, books: view.books.slice(0, pollLimits.maxAnswers), beginAtOnce: request.target.beginAtOnce };
  }

  /** "A poll for this is already running: …" (or being posted by someone this very moment). */
  function runningError(running: BookPoll): UserError {
    if (running.messageId === null) return new UserError('Someone is starting a poll for this right now. Look in the channel in a moment.');
    return new UserError(`A poll for this is already running: [the poll](${messageLink(running.guildId, running.channelId, running.messageId)}), ending ${discordTimestamp(running.expiresAtMs, 'R')}.`);
  }

  return {
    async start(request) {
      const hours = pollHours(request.hours);
      if (hours === null) throw new UserError(`A poll runs ${pollLimits.fewestHours} hour to ${pollLimits.mostHours / 24} days: give \`hours:\` from ${pollLimits.fewestHours} to ${pollLimits.mostHours}.`);
      const chosen = candidates(request);
      assertCanPost(discord, request.guildId, request.channelId, pollPermissions);
      const answers = pollAnswers(chosen.books.map((book) => ({ bookId: book.id, title: book.title })));
      const question = pollQuestion(chosen.purpose);
      // Claimed before posting: a retry (the database was busy) or a second member never posts another poll.
      const reserved = store.transaction(() => {
        store.guilds.touch(request.guildId, clock.now());
        return repository.reserve(
          { guildId: request.guildId, purpose: request.target.kind, groupId: chosen.groupId, channelId: request.channelId, startedBy: request.actor.userId, beginAtOnce: chosen.beginAtOnce },
          clock.now(),
        );
      });
      if ('running' in reserved) throw runningError(reserved.running);
      const { pollId } = reserved;
      let posted: PostedPoll;
      try {
        posted = await polls.post(request.channelId, { question, answers: answers.map((answer) => answer.text), hours });
      } catch (error) {
        repository.forget(pollId);
        throw error;
      }
      try {
        if (posted.answerIds.length !== answers.length) throw new Error(`Discord returned ${posted.answerIds.length} answers for ${answers.length}`);
        store.transaction(() => {
          repository.confirm(pollId, {
            messageId: posted.messageId,
            answers: answers.map((answer, index) => ({ answerId: posted.answerIds[index]!, bookId: answer.bookId })),
            expiresAtMs: posted.expiresAtMs,
          });
          store.timedTasks.schedule(request.guildId, { kind: bookPollResultKind, subjectId: String(pollId) }, posted.expiresAtMs, clock.now());
        });
      } catch (error) {
        // Posted but not recorded: take the poll down rather than leave one whose result nobody reads.
        await polls.remove(request.channelId, posted.messageId).catch(() => undefined);
        try {
          repository.forget(pollId);
        } catch {
          // Still locked: the reservation goes stale in a few minutes and stops blocking a new poll.
        }
        throw error;
      }
      return { poll: repository.find(pollId)!, question, books: chosen.books.slice(0, answers.length) };
    },
  };
}
