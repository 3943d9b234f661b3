import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedMessage } from '../../src/emulator/emulator.js';
import type { TickReport } from '../../src/platform/scheduling/runner.js';
import { spotlightsDueNow, startBotProcess, stopBotProcesses, type BotProcess } from './bot-process.js';
import { createFaultWorld, duePosts, expectExactlyOnce, outlastNonceWindow, postsIn, spotlightKind, tallyPosts, withStore, type FaultWorld } from './harness.js';

const servers = 120;
/** SIGTERM arrives the moment Discord creates this many posts, with more in flight. */
const stopAtPost = 25;
/** Sends the runner has in flight at once: at most this many may still land after the signal. */
const concurrency = 16;

let world: FaultWorld | undefined;
const runs: BotProcess[] = [];

afterEach(async () => {
  await stopBotProcesses(runs);
  await world?.close();
  world = undefined;
});

describe('SIGTERM mid fan-out of 120 servers, then an immediate restart', () => {
  it('stops sending, records what it sent, releases the lease, exits 0; the restart finishes the fan-out at once', { timeout: 60_000 }, async () => {
    world = await createFaultWorld({ servers });
    const { emulator } = world;
    const week = spotlightsDueNow(world);

    const first = startBotProcess(world);
    runs.push(first);
    let posts = 0;
    let postsAtSignal = 0;
    const onMessage = (message: RecordedMessage): void => {
      if (message.interactionId !== null || ++posts !== stopAtPost) return;
      postsAtSignal = posts;
      // As a process manager does: the bot's own process (npm does not forward signals when piped).
      const ready = first.logs('connected to Discord and ready')[0]!;
      process.kill(ready.pid as number, 'SIGTERM');
      // And again a moment later, as when systemd and a shard manager both signal: the clean stop goes on.
      setTimeout(() => {
        try {
          process.kill(ready.pid as number, 'SIGTERM');
        } catch {
          // Already stopped.
        }
      }, 100);
    };
    emulator.core.events.on('message', onMessage);
    try {
      // Exit code 0: it finished before main.ts's 5-second forced exit (which exits 1).
      expect(await first.exited, first.output()).toBe(0);
    } finally {
      emulator.core.events.off('message', onMessage);
    }
    expect(postsAtSignal).toBe(stopAtPost);
    const postedBeforeRestart = world.servers.filter((server) => postsIn(emulator, server.channelId).length > 0).length;
    // No new send started after the signal: at most the ones already in flight landed.
    expect(postedBeforeRestart).toBeLessThanOrEqual(stopAtPost + concurrency);
    expect(postedBeforeRestart).toBeLessThan(servers);
    withStore(world, (store) => {
      // Everything it sent is recorded, nothing is left claimed, and the lease is free for the next process.
      expect(store.deliveries.countByStatus(spotlightKind)).toMatchObject({ sent: postedBeforeRestart, claimed: 0 });
      expect(store.database.prepare("SELECT COUNT(*) AS n FROM leases WHERE name = 'scheduler'").get()).toEqual({ n: 0 });
    });
    await outlastNonceWindow(emulator);

    // The restart takes over at once (no lease to wait out) and posts only what is left.
    const second = startBotProcess(world);
    runs.push(second);
    await expect.poll(() => second.logs('scheduler tick').length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
    const [report] = second.logs('scheduler tick') as unknown as TickReport[];
    expect(report).toMatchObject({ ran: true, stoppedEarly: null, verified: 0, sent: servers - postedBeforeRestart });
    const ready = second.logs('connected to Discord and ready')[0]!;
    process.kill(ready.pid as number, 'SIGTERM');
    expect(await second.exited, second.output()).toBe(0);

    withStore(world, (store) => {
      expect(store.deliveries.countByStatus(spotlightKind)).toMatchObject({ sent: servers, claimed: 0 });
      expectExactlyOnce('SIGTERM mid fan-out of 120 servers, immediate restart (child processes)', tallyPosts(emulator, store, duePosts(world!.servers, [week])));
    });
  });
});
