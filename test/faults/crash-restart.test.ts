import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../fixtures/context.js';
import {
  createFaultWorld,
  duePosts,
  expectExactlyOnce,
  mondayEvening,
  mondayWeek,
  outlastNonceWindow,
  postsIn,
  setUpByCommand,
  shortNonceWindowMs,
  spotlightKind,
  startBot,
  sundayNoon,
  tallyPosts,
  tickUntilDeath,
  type Bot,
  type FaultWorld,
} from './harness.js';

let world: FaultWorld | undefined;
let bots: Bot[] = [];

afterEach(async () => {
  for (const bot of bots) await bot.stop();
  bots = [];
  await world?.close();
  world = undefined;
});

const leaseTtlMs = 60_000;

describe('scenario 2: the process dies between sending and recording, and restarts', () => {
  it.each([
    { when: 'inside', nonceWindowMs: 30_000 },
    { when: 'beyond', nonceWindowMs: shortNonceWindowMs },
  ])('restarted $when the nonce window, it posts exactly once per server', async ({ when, nonceWindowMs }) => {
    world = await createFaultWorld({ servers: 3, nonceWindowMs });
    const clock = fixedClock(sundayNoon);
    const first = await startBot(world, { clock, leaseTtlMs });
    bots.push(first);
    for (const server of world.servers) await setUpByCommand(world, server);

    // One post reaches Discord; the process dies before hearing back, and before its other two requests leave.
    first.poster.dieAfter(1);
    clock.set(mondayEvening);
    await tickUntilDeath(first);
    await first.crash();
    const posted = world.servers.filter((server) => postsIn(world!.emulator, server.channelId).length > 0);
    expect(posted).toHaveLength(1);
    const postedAt = Math.max(...[...world.emulator.core.nonces.values()].map((entry) => entry.at));

    // A new process on the same database; its catch-up tick meets the dead process's lease.
    const second = await startBot(world, { clock, leaseTtlMs });
    bots.push(second);
    const store = second.app.ctx.store;
    for (const server of world.servers) {
      const delivery = store.deliveries.find({ guildId: server.guildId, kind: spotlightKind, subjectId: '', weekKey: mondayWeek })!;
      expect(delivery.status).toBe('claimed');
      expect(delivery.attemptWallMs).not.toBeNull();
    }
    expect(postsIn(world.emulator, posted[0]!.channelId)).toHaveLength(1);

    if (when === 'beyond') await outlastNonceWindow(world.emulator);
    // Once the dead process's lease has expired, the new one takes over.
    clock.advance(leaseTtlMs + 1_000);
    expect(await second.tick()).toMatchObject({ ran: true, verified: 1, sent: 2, historyReads: 3 });
    // Inside: Discord still remembers the nonce of the post the dead process never heard back about.
    if (when === 'inside') expect(Date.now() - postedAt).toBeLessThan(nonceWindowMs);

    expectExactlyOnce(`2 crash between send and record, restart ${when} the nonce window`, tallyPosts(world.emulator, store, duePosts(world.servers, [mondayWeek])));
    for (const server of world.servers) {
      const delivery = store.deliveries.find({ guildId: server.guildId, kind: spotlightKind, subjectId: '', weekKey: mondayWeek })!;
      expect(delivery).toMatchObject({ status: 'sent', messageId: postsIn(world.emulator, server.channelId)[0]!.id });
    }
  });
});
