import type { Catalog } from '../src/features/catalog/core/catalog.js';
import { systemClock } from '../src/platform/clock.js';
import type { Context } from '../src/context.js';
import { silentLogger } from '../src/platform/logger.js';
import type { SchedulerRunner } from '../src/platform/scheduling/runner.js';
import { openStore } from '../src/platform/store/store.js';

/**
 * A handler context for the bench: the catalog under test, a fresh real SQLite store in memory, the system
 * clock and a silent logger. /book and /recommend never reach Discord or the scheduler, so those are stand-ins
 * that fail loudly if a handler ever does.
 */

/** Every permission bit Discord defines today (a generous stand-in: the bench never checks permissions). */
const allPermissions = (1n << 53n) - 1n;

/** Any method call fails: the bench never schedules. A proxy, so the stand-in survives changes to the interface. */
function unusedScheduler(): SchedulerRunner {
  const unused = (): Promise<never> => Promise.reject(new Error('The bench does not run the scheduler'));
  return new Proxy({}, { get: () => unused }) as SchedulerRunner;
}

export function benchContext(catalog: Catalog): Context {
  return {
    catalog,
    store: openStore(':memory:'),
    clock: systemClock,
    log: silentLogger,
    discord: { botPermissionsIn: () => allPermissions },
    scheduler: unusedScheduler(),
  };
}
