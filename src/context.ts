import type { Catalog } from './catalog/catalog.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Store } from './store/store.js';

/** Everything a handler may use, built once in the composition root (src/app.ts) and passed down. */
export interface Context {
  catalog: Catalog;
  store: Store;
  clock: Clock;
  log: Logger;
}
