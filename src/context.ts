import type { Catalog } from './features/catalog/core/catalog.js';
import { createSpotlightRepository } from './features/spotlight/repository.js';
import { createSpotlightService, type SpotlightService } from './features/spotlight/service.js';
import { createJobs } from './jobs.js';
import type { Clock } from './platform/clock.js';
import type { DiscordAccess } from './platform/discord/discord-access.js';
import type { Poster } from './platform/discord/poster.js';
import type { Logger } from './platform/logger.js';
import { createSchedulerRunner, type SchedulerRunner } from './platform/scheduling/runner.js';
import type { Store } from './platform/store/store.js';

/** Everything a handler may use, built once (createContext) and passed down. */
export interface Context {
  catalog: Catalog;
  spotlight: SpotlightService;
  store: Store;
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
}

/** Wires repositories, the scheduled jobs, the scheduler and the features' services; shared by the app and the tests. */
export function createContext(parts: ContextParts): Context {
  const { catalog, store, clock, log, discord, poster } = parts;
  const spotlightRepository = createSpotlightRepository(store.database);
  const scheduler = createSchedulerRunner({ store, clock, log, poster, jobs: createJobs({ catalog, store }) });
  const spotlight = createSpotlightService({ store, spotlightRepository, catalog, clock, discord, scheduler });
  return { catalog, spotlight, store, clock, log, discord, scheduler };
}
