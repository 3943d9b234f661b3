import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../../commands/index.js';
import { silentLogger } from '../../platform/logger.js';
import { PlaygroundClock } from './playground-clock.js';
import { startWorld, type World } from './world.js';

/**
 * A playground world on a fresh database in a temporary folder, its clock pinned to one instant: what the
 * browser tests, `npm run screenshots` and its freshness test start, so the same steps give the same answers.
 */

export const startInstant = Date.UTC(2026, 11, 8, 20, 0); // Tuesday 2026-12-08 20:00 UTC

export interface PinnedWorld {
  world: World;
  clock: PlaygroundClock;
  /** Stops the bot and the emulator, then deletes the database. */
  close(): Promise<void>;
}

export async function startPinnedWorld(options: { startMs?: number } = {}): Promise<PinnedWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'grimoire-playground-'));
  const clock = new PlaygroundClock(undefined, { startMs: options.startMs ?? startInstant });
  try {
    const world = await startWorld({ databasePath: join(dir, 'playground.db'), clock, log: silentLogger, commands });
    return {
      world,
      clock,
      async close() {
        await world.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
