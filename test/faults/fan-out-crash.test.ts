import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedMessage } from '../../src/emulator/emulator.js';
import type { TickReport } from '../../src/platform/scheduling/runner.js';
import {
  createFaultWorld,
  duePosts,
  expectExactlyOnce,
  outlastNonceWindow,
  postsIn,
  spotlightKind,
  tallyPosts,
  withStore,
  type FaultWorld,
} from './harness.js';
import { killGroup, spotlightsDueNow, startBotProcess, stopBotProcesses, type BotProcess } from './bot-process.js';

const servers = 120;
/** The first process is killed the moment Discord creates this many posts (before it can hear back about the last). */
const killAtPost = 25;

let world: FaultWorld | undefined;
const runs: BotProcess[] = [];

afterEach(async () => {
  await stopBotProcesses(runs);
  await world?.close();
  world = undefined;
});

describe('scenario 3: the bot process is killed mid fan-out of 120 servers, and started again', () => {
  it('ends with exactly one post in every channel', { timeout: 60_000 }, async () => {
    world = await createFaultWorld({ servers });
    const { emulator } = world;
    const week = spotlightsDueNow(world);

    // SIGKILL the moment Discord has created the 25th post: its answer is never read, nor are those in flight.
    const first = startBotProcess(world);
    runs.push(first);
    let posts = 0;
    let killedOn: RecordedMessage | undefined;
    const onMessage = (message: RecordedMessage): void => {
      if (message.interactionId !== null || ++posts !== killAtPost) return;
      killedOn = message;
      killGroup(first, 'SIGKILL');
    };
    emulator.core.events.on('message', onMessage);
    try {
      expect(await first.exited, first.output()).toBeNull();
    } finally {
      emulator.core.events.off('message', onMessage);
    }
    expect(first.child.signalCode).toBe('SIGKILL');
    const postedBeforeRestart = world.servers.filter((server) => postsIn(emulator, server.channelId).length > 0).length;
    expect(postedBeforeRestart).toBeGreaterThanOrEqual(killAtPost);
    expect(postedBeforeRestart).toBeLessThan(servers);
    // The crash landed between a send and its record: that post is in the channel, its delivery still only claimed.
    const killedServer = world.servers.find((server) => server.channelId === killedOn!.channelId)!;
    const killedDelivery = withStore(world, (store) => store.deliveries.find({ guildId: killedServer.guildId, kind: spotlightKind, subjectId: '', weekKey: week }));
    expect(killedDelivery).toMatchObject({ status: 'claimed' });
    expect(killedDelivery!.attemptWallMs).not.toBeNull();

    // The dead process's lease (3 minutes, not configurable through the environment) is let run out, as if those
    // minutes had passed; and Discord has long forgotten every nonce.
    withStore(world, (store) => store.database.prepare('UPDATE leases SET expires_ms = ? WHERE name = ?').run(Date.now() - 1, 'scheduler'));
    await outlastNonceWindow(emulator);

    const second = startBotProcess(world);
    runs.push(second);
    await expect.poll(() => second.logs('scheduler tick').length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
    const [report] = second.logs('scheduler tick') as unknown as TickReport[];
    expect(world.servers.filter((server) => postsIn(emulator, server.channelId).length === 0)).toEqual([]);
    const ready = second.logs('connected to Discord and ready')[0]!;
    process.kill(ready.pid as number, 'SIGTERM');
    expect(await second.exited, second.output()).toBe(0);

    expect(report).toMatchObject({ ran: true, stoppedEarly: null });
    expect(report!.verified).toBeGreaterThanOrEqual(1);
    expect(report!.sent).toBe(servers - postedBeforeRestart);
    withStore(world, (store) => {
      expect(store.deliveries.countByStatus(spotlightKind)).toMatchObject({ sent: servers, claimed: 0 });
      expectExactlyOnce('3 SIGKILL mid fan-out of 120 servers, restart (child processes)', tallyPosts(emulator, store, duePosts(world!.servers, [week])));
    });
  });
});
