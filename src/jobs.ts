import type { Catalog } from './features/catalog/core/catalog.js';
import { createSpotlightJob } from './features/spotlight/job.js';
import type { SpotlightRepository } from './features/spotlight/repository.js';
import type { ScheduledJob } from './platform/scheduling/job.js';

/** What jobs are built from: the catalog and the features' repositories. */
export interface JobDependencies {
  catalog: Catalog;
  spotlightRepository: SpotlightRepository;
}

/** Every scheduled job: the app, the tests and the bench run exactly these. Adding one is one line here. */
export const jobs: readonly ((deps: JobDependencies) => ScheduledJob)[] = [createSpotlightJob];

export function createJobs(deps: JobDependencies): ScheduledJob[] {
  return jobs.map((create) => create(deps));
}
