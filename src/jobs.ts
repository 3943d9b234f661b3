import type { Catalog } from './features/catalog/core/catalog.js';
import { createSpotlightJob } from './features/spotlight/job.js';
import { createStudyReminderJob } from './features/study-groups/job.js';
import type { ScheduledJob } from './platform/scheduling/job.js';
import type { Store } from './platform/store/store.js';

/** What every job is built from; a job builds its feature's repository on `store.database` itself. */
export interface JobDependencies {
  catalog: Catalog;
  store: Store;
}

/** Every scheduled job: the app, the tests and the bench run exactly these. Adding a job is its file and one line here. */
export const jobs: readonly ((deps: JobDependencies) => ScheduledJob)[] = [createSpotlightJob, createStudyReminderJob];

export function createJobs(deps: JobDependencies): ScheduledJob[] {
  return jobs.map((create) => create(deps));
}
