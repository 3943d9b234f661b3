import type { Catalog } from './features/catalog/core/catalog.js';
import { createSpotlightRepository } from './features/spotlight/repository.js';
import { createSpotlightService, type SpotlightService } from './features/spotlight/service.js';
import { createStudyGroupRepository } from './features/study-groups/repository.js';
import { createStudyGroupService, type StudyGroupService } from './features/study-groups/service.js';
import { layoutProgressPicture, type ProgressPictureInput } from './features/study-groups/core/progress-picture.js';
import { renderProgressPng } from './features/study-groups/picture/render-progress-png.js';
import { createStudyEventRepository } from './features/study-groups/event-repository.js';
import { createStudyEventService, type StudyEventService } from './features/study-groups/event-service.js';
import { createStudyEventMoveTask } from './features/study-groups/event-move-task.js';
import { createJobs } from './jobs.js';
import { createBookPollRepository } from './features/book-polls/repository.js';
import { createPollResultTask } from './features/book-polls/result-task.js';
import { createBookPollService, type BookPollService } from './features/book-polls/service.js';
import { noPolls, type Polls } from './platform/discord/polls.js';
import { noScheduledEvents, type ScheduledEvents } from './platform/discord/scheduled-events.js';
import type { Clock } from './platform/clock.js';
import type { DiscordAccess } from './platform/discord/discord-access.js';
import type { Poster } from './platform/discord/poster.js';
import type { Logger } from './platform/logger.js';
import { createSchedulerRunner, type SchedulerRunner } from './platform/scheduling/runner.js';
import { createStoreHealth, type StoreHealth } from './platform/store/store-health.js';
import type { Store } from './platform/store/store.js';

/** Everything a handler may use, built once (createContext) and passed down. */
export interface Context {
  catalog: Catalog;
  spotlight: SpotlightService;
  studyGroups: StudyGroupService;
  /** Study groups' weekly sessions as Discord scheduled events. */
  studyEvents: StudyEventService;
  /** Native polls for the next spotlight or a group's next book. */
  bookPolls: BookPollService;
  store: Store;
  /** Whether the database can be written right now (shown in status and in command answers). */
  health: StoreHealth;
  clock: Clock;
  log: Logger;
  discord: DiscordAccess;
  scheduler: SchedulerRunner;
}

export interface ContextParts {
  catalog: Catalog;
  store: Store;
  clock: Clock;
  log: Logger;
  discord: DiscordAccess;
  /** How scheduled posts reach Discord. */
  poster: Poster;
  /** Discord's clock, for history searches (default Date.now). */
  wallClock?: () => number;
  /** Scheduler lease lifetime (tests shorten it). */
  leaseTtlMs?: number;
  /** Identifies this process for the scheduler lease. */
  holderId?: string;
  /** Take the scheduler over the moment another process's lease runs out (shards); see the runner. */
  schedulerStandby?: boolean;
  /** Draws study groups' progress pictures; the app passes a worker thread's, tests draw on the calling thread (the default). */
  renderProgressPicture?: (input: ProgressPictureInput) => Promise<Buffer>;
  /** Discord's scheduled events over the bot's REST client; without one (unit tests) every call fails plainly. */
  scheduledEvents?: ScheduledEvents;
  /** Discord's native polls over the bot's REST client; without one (unit tests) every call fails plainly. */
  polls?: Polls;
}

/** Wires repositories, the scheduled jobs, the scheduler and the features' services; shared by the app and the tests. */
export function createContext(parts: ContextParts): Context {
  const { catalog, store, clock, log, discord, poster } = parts;
  const health = createStoreHealth(clock);
  const spotlightRepository = createSpotlightRepository(store.database);
  // The tasks reach the services built below through these getters: the services need the scheduler first.
  const built: { studyEvents?: StudyEventService; spotlight?: SpotlightService; studyGroups?: StudyGroupService } = {};
  const polls = parts.polls ?? noPolls;
  const bookPollRepository = createBookPollRepository(store.database);
  const scheduler = createSchedulerRunner({
    store,
    clock,
    log,
    poster,
    discord,
    health,
    jobs: createJobs({ catalog, store }),
    timedTasks: [
      createStudyEventMoveTask(() => built.studyEvents!),
      createPollResultTask({
        store,
        repository: bookPollRepository,
        polls,
        poster,
        discord,
        catalog,
        clock,
        wallClock: parts.wallClock ?? Date.now,
        spotlight: () => built.spotlight!,
        studyGroups: () => built.studyGroups!,
        studyEvents: () => built.studyEvents!,
        log,
      }),
    ],
    wallClock: parts.wallClock,
    leaseTtlMs: parts.leaseTtlMs,
    holderId: parts.holderId,
    standby: parts.schedulerStandby,
  });
  const spotlight = createSpotlightService({ store, spotlightRepository, catalog, clock, discord, scheduler, health });
  const studyGroups = createStudyGroupService({
    store,
    studyGroupRepository: createStudyGroupRepository(store.database),
    catalog,
    clock,
    discord,
    serverTimeZone: (guildId) => spotlight.timeZoneOf(guildId),
    renderProgressPicture: parts.renderProgressPicture ?? (async (input) => renderProgressPng(layoutProgressPicture(input))),
    log,
  });
  const studyEvents = createStudyEventService({
    studyGroups,
    repository: createStudyEventRepository(store.database),
    events: parts.scheduledEvents ?? noScheduledEvents,
    discord,
    clock,
    log,
    timedTasks: store.timedTasks,
  });
  const bookPolls = createBookPollService({ store, repository: bookPollRepository, polls, discord, clock, spotlight, studyGroups });
  Object.assign(built, { studyEvents, spotlight, studyGroups });
  return { catalog, spotlight, studyGroups, studyEvents, bookPolls, store, health, clock, log, discord, scheduler };
}
