import { migrations } from '../src/migrations.js';
import type { Catalog } from '../src/features/catalog/core/catalog.js';
import { systemClock } from '../src/platform/clock.js';
import { createContext, type Context } from '../src/context.js';
import type { Poster } from '../src/platform/discord/poster.js';
import { silentLogger } from '../src/platform/logger.js';
import { openStore } from '../src/platform/store/store.js';

/**
 * A handler context for the bench: the catalog under test, a fresh real SQLite store in memory, the system
 * clock and a silent logger, wired as the app wires it. /book and /recommend never post, so the poster is a
 * stand-in that fails loudly if a handler ever does.
 */

/** Every permission bit Discord defines today (a generous stand-in: the bench never checks permissions). */
const allPermissions = (1n << 53n) - 1n;

const unusedPoster: Poster = {
  send: () => Promise.reject(new Error('The bench handlers do not post')),
  findMarked: () => Promise.reject(new Error('The bench handlers do not read history')),
};

export function benchContext(catalog: Catalog): Context {
  return createContext({
    catalog,
    store: openStore(':memory:', migrations),
    clock: systemClock,
    log: silentLogger,
    discord: { botPermissionsIn: () => allPermissions, role: () => ({ pingable: true }), botPermissionsInGuild: () => allPermissions, channelType: () => null },
    poster: unusedPoster,
  });
}
