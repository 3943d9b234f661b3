import type { Catalog } from '../catalog/core/catalog.js';
import type { Book } from '../catalog/core/schema.js';
import { escapeUserText } from '../../core/user-text.js';
import { localWeekKey, nextDueInstant, type WeeklyRule } from '../../core/weekly-rule.js';
import type { Clock } from '../../platform/clock.js';
import { assertCanPost } from '../../platform/discord/channel-permissions.js';
import type { DiscordAccess } from '../../platform/discord/discord-access.js';
import { UserError } from '../../platform/discord/user-error.js';
import type { PostNowResult, SchedulerRunner } from '../../platform/scheduling/runner.js';
import type { DeliveryRecord } from '../../platform/store/delivery-repository.js';
import type { ScheduleRecord } from '../../platform/store/schedule-repository.js';
import type { StoreHealth } from '../../platform/store/store-health.js';
import type { Store } from '../../platform/store/store.js';
import { spotlightJobKind } from './job.js';
import type { SpotlightRepository } from './repository.js';
import { nextPick, nextPicks } from './rotation-state.js';

export interface SpotlightServiceDependencies {
  store: Store;
  spotlightRepository: SpotlightRepository;
  catalog: Catalog;
  clock: Clock;
  discord: DiscordAccess;
  scheduler: SchedulerRunner;
  health: StoreHealth;
}

export interface SetupRequest {
  guildId: string;
  userId: string;
  channelId: string;
  rule: WeeklyRule;
  roleId: string | null;
}

export interface SpotlightStatus {
  schedule: ScheduleRecord;
  roleId: string | null;
  last: { delivery: DeliveryRecord; book: Book } | null;
  /** The most recent week whose outcome was not a post (missed, failed, skipped, unverified), if newer than the last post. */
  problem: DeliveryRecord | null;
  upcoming: { title: string; fromQueue: boolean }[];
  queued: number;
  /** Since when, and why, the bot cannot write its database; null while it can. */
  databaseFailure: { sinceMs: number; reason: string } | null;
}

export interface SpotlightPreview {
  schedule: ScheduleRecord;
  book: Book;
  weekKey: string;
  roleId: string | null;
}

/** The spotlight's use cases, one per admin action; commands/spotlight.ts only parses and presents. */
export interface SpotlightService {
  /** `roleWarning` when the role will show in the post without pinging anyone. */
  setup(request: SetupRequest): { schedule: ScheduleRecord; roleWarning: string | null };
  status(guildId: string): SpotlightStatus;
  preview(guildId: string): SpotlightPreview;
  queue(guildId: string, query: string, userId: string): { book: Book; position: number };
  /** The books a poll for the next spotlight offers: the coming ones of the rotation never spotlighted here, not already queued. */
  pollCandidates(guildId: string, max: number): Book[];
  /**
   * A poll's winner becomes the next spotlight (first in the queue), unless it was spotlighted while the poll ran (the
   * poll offered none spotlighted before) or the spotlight was turned off. Runs inside the poll's transaction.
   */
  queueWinner(guildId: string, bookId: string, pollStartedBy: string, nowMs: number): 'queued' | 'already-spotlighted' | 'no-spotlight';
  skip(guildId: string): { skipped: string; next: string | null };
  pause(guildId: string, userId: string): { alreadyPaused: string | null };
  resume(guildId: string): { wasRunning: boolean; nextDueMs: number };
  disable(guildId: string): void;
  postNow(guildId: string): Promise<PostNowResult>;
  /** The zone of the server's spotlight, if it has one (other weekly schedules default to it). */
  timeZoneOf(guildId: string): string | null;
}

/**
 * The spotlight pings an opt-in role, never everyone: @everyone (its id is the server's) and roles of
 * another server are refused; a role the bot cannot ping is accepted with a warning.
 */
function checkPingRole(discord: DiscordAccess, guildId: string, roleId: string): string | null {
  if (roleId === guildId) throw new UserError('The spotlight never pings everyone. Pick an opt-in role that members can join, or leave `role:` out.');
  const role = discord.role(guildId, roleId);
  if (!role) throw new UserError('That role is not a role of this server. Pick one from the list.');
  if (!role.pingable) {
    return `<@&${roleId}> is not mentionable and I lack **Mention Everyone**, so the post will show the role without pinging it. Make the role mentionable (Server Settings → Roles) to ping it.`;
  }
  return null;
}

export function createSpotlightService(deps: SpotlightServiceDependencies): SpotlightService {
  const { store, spotlightRepository: repository, catalog, clock, discord, scheduler, health } = deps;
  const titleOf = (bookId: string): string => catalog.bookById(bookId)?.title ?? bookId;

  function requireSchedule(guildId: string): ScheduleRecord {
    const schedule = store.schedules.find(guildId, spotlightJobKind);
    if (!schedule) throw new UserError('No spotlight is set up in this server yet. Start with `/spotlight setup`.');
    return schedule;
  }

  return {
    setup({ guildId, userId, channelId, rule, roleId }) {
      const roleWarning = roleId === null ? null : checkPingRole(discord, guildId, roleId);
      assertCanPost(discord, guildId, channelId);
      const now = clock.now();
      const schedule = store.transaction(() => {
        const saved = store.schedules.save({ guildId, kind: spotlightJobKind, channelId, rule, nextDueMs: nextDueInstant(rule, now) }, now);
        repository.saveSettings({ guildId, roleId, configuredBy: userId });
        return saved;
      });
      return { schedule, roleWarning };
    },

    status(guildId) {
      const schedule = requireSchedule(guildId);
      const last = store.deliveries.lastSent(guildId, spotlightJobKind);
      const lastBook = last?.payloadRef ? catalog.bookById(last.payloadRef) : undefined;
      const latest = store.deliveries.latest(guildId, spotlightJobKind);
      return {
        schedule,
        roleId: repository.settings(guildId)?.roleId ?? null,
        last: last && lastBook ? { delivery: last, book: lastBook } : null,
        problem: latest && latest.status !== 'sent' && (!last || latest.weekKey > last.weekKey) ? latest : null,
        databaseFailure: health.failure,
        upcoming: nextPicks(repository, catalog, guildId, 3).map((pick) => ({ title: titleOf(pick.bookId), fromQueue: pick.fromQueue })),
        queued: repository.queue(guildId).length,
      };
    },

    preview(guildId) {
      const schedule = requireSchedule(guildId);
      const pick = nextPick(repository, catalog, guildId);
      const book = pick && catalog.bookById(pick.bookId);
      if (!book) throw new UserError('There is no book to spotlight.');
      return { schedule, book, weekKey: localWeekKey(schedule.nextDueMs, schedule.rule.timeZone), roleId: repository.settings(guildId)?.roleId ?? null };
    },

    queue(guildId, query, userId) {
      requireSchedule(guildId);
      const found = catalog.lookup(query);
      if (found.kind !== 'found') {
        const suggestions = found.kind === 'not-found' && found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.map((book) => `**${book.title}**`).join(', ')}?` : '';
        throw new UserError(`No book matches “${escapeUserText(query, 80)}”.${suggestions}`);
      }
      repository.enqueue(guildId, found.book.id, userId, clock.now());
      return { book: found.book, position: repository.queue(guildId).length };
    },

    pollCandidates(guildId, max) {
      requireSchedule(guildId);
      const spotlighted = new Set(repository.history(guildId).filter((entry) => entry.outcome === 'posted').map((entry) => entry.bookId));
      const queued = new Set(repository.queue(guildId).map((entry) => entry.bookId));
      const upcoming = new Set(nextPicks(repository, catalog, guildId, catalog.books.length + queued.size).filter((pick) => !pick.fromQueue).map((pick) => pick.bookId));
      return [...upcoming]
        .filter((bookId) => !spotlighted.has(bookId) && !queued.has(bookId))
        .map((bookId) => catalog.bookById(bookId))
        .filter((book): book is Book => book !== undefined)
        .slice(0, max);
    },

    queueWinner(guildId, bookId, pollStartedBy, nowMs) {
      if (!store.schedules.find(guildId, spotlightJobKind)) return 'no-spotlight';
      if (repository.history(guildId).some((entry) => entry.bookId === bookId && entry.outcome === 'posted')) return 'already-spotlighted';
      repository.enqueueFirst(guildId, bookId, pollStartedBy, nowMs);
      return 'queued';
    },

    skip(guildId) {
      requireSchedule(guildId);
      const pick = nextPick(repository, catalog, guildId);
      if (!pick) throw new UserError('There is no book to skip.');
      store.transaction(() => {
        // A queued book just leaves the queue; a rotation book counts as done for this round.
        if (pick.fromQueue) repository.dequeue(guildId, pick.bookId);
        else repository.appendHistory(guildId, { bookId: pick.bookId, outcome: 'skipped' }, null, clock.now());
      });
      const next = nextPick(repository, catalog, guildId);
      return { skipped: titleOf(pick.bookId), next: next ? titleOf(next.bookId) : null };
    },

    pause(guildId, userId) {
      const schedule = requireSchedule(guildId);
      if (schedule.pausedReason) return { alreadyPaused: schedule.pausedReason };
      store.schedules.pause(schedule.scheduleId, `paused by <@${userId}>`, clock.now());
      return { alreadyPaused: null };
    },

    resume(guildId) {
      const schedule = requireSchedule(guildId);
      if (!schedule.pausedReason) return { wasRunning: true, nextDueMs: schedule.nextDueMs };
      assertCanPost(discord, guildId, schedule.channelId);
      const now = clock.now();
      const nextDueMs = nextDueInstant(schedule.rule, now);
      store.schedules.resume(schedule.scheduleId, nextDueMs, now);
      return { wasRunning: false, nextDueMs };
    },

    disable(guildId) {
      requireSchedule(guildId);
      store.transaction(() => {
        store.schedules.remove(guildId, spotlightJobKind);
        repository.forget(guildId);
      });
    },

    timeZoneOf: (guildId) => store.schedules.find(guildId, spotlightJobKind)?.rule.timeZone ?? null,

    async postNow(guildId) {
      const schedule = requireSchedule(guildId);
      if (schedule.pausedReason) throw new UserError(`The spotlight is paused (${schedule.pausedReason}). Run \`/spotlight resume\` first.`);
      assertCanPost(discord, guildId, schedule.channelId);
      return scheduler.postNow(schedule);
    },
  };
}
