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
  spotlightKind,
  startBot,
  statusField,
  sundayNoon,
  tallyPosts,
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

describe('scenario 1: lost responses and 5xx, the retry long after the nonce window', () => {
  it.each(['reset', 502] as const)('finds the post it never heard back about (response lost as %s) and records it, posting once', async (lostAs) => {
    world = await createFaultWorld({ servers: 3 });
    const clock = fixedClock(sundayNoon);
    const bot = await startBot(world, { clock });
    bots.push(bot);
    for (const server of world.servers) await setUpByCommand(world, server);
    const [hit] = world.servers;
    const key = { guildId: hit!.guildId, kind: spotlightKind, subjectId: '', weekKey: mondayWeek };

    // Discord creates the message, but the answer never comes back (the poster's REST client does not retry it blindly).
    world.emulator.loseNextResponses({ count: 1, as: lostAs, method: 'POST', path: new RegExp(`^/channels/${hit!.channelId}/messages$`) });
    clock.set(mondayEvening);
    expect(await bot.tick()).toMatchObject({ sent: 2, retrying: 1, verified: 0 });
    expect(postsIn(world.emulator, hit!.channelId)).toHaveLength(1);
    const claimed = bot.app.ctx.store.deliveries.find(key)!;
    expect(claimed).toMatchObject({ status: 'claimed', attempts: 1 });
    expect(claimed.attemptWallMs).not.toBeNull();

    // The first retry meets a 5xx outage: its look into the channel fails, so nothing is sent and nothing is known.
    world.emulator.failNextRequests({ count: 1, status: 503, path: new RegExp(`^/channels/${hit!.channelId}/messages$`) });
    clock.set(bot.app.ctx.store.schedules.find(hit!.guildId, spotlightKind)!.retryAtMs!);
    expect(await bot.tick()).toMatchObject({ sent: 0, verified: 0, retrying: 1 });

    // Long after Discord forgot the nonce, the next retry looks in the channel first, finds the post and sends nothing.
    await outlastNonceWindow(world.emulator);
    clock.set(bot.app.ctx.store.schedules.find(hit!.guildId, spotlightKind)!.retryAtMs!);
    expect(await bot.tick()).toMatchObject({ sent: 0, verified: 1, historyReads: 1 });
    const [post] = postsIn(world.emulator, hit!.channelId);
    expect(bot.app.ctx.store.deliveries.find(key)).toMatchObject({ status: 'sent', messageId: post!.id });

    expectExactlyOnce(`1 lost response (${lostAs}) + 5xx`, tallyPosts(world.emulator, bot.app.ctx.store, duePosts(world.servers, [mondayWeek])));
  });

  it('a lost response is never re-sent blindly, even when a 429 would delay a re-send past the nonce window: one post', async () => {
    world = await createFaultWorld({ servers: 1 });
    const clock = fixedClock(sundayNoon);
    const bot = await startBot(world, { clock });
    bots.push(bot);
    const [server] = world.servers;
    await setUpByCommand(world, server!);
    const posts = new RegExp(`^/channels/${server!.channelId}/messages$`);

    // The post is created and its answer lost. A REST client that retried by itself would send it again at once;
    // met by a 429 (as when retries use up the channel's 5-per-5-s bucket) it would wait past the nonce window.
    world.emulator.loseNextResponses({ count: 1, as: 'reset', method: 'POST', path: posts });
    world.emulator.core.events.once('message', () => world!.emulator.failNextRequests({ count: 1, status: 429, retryAfterMs: 1_000, method: 'POST', path: posts }));
    clock.set(mondayEvening);
    expect(await bot.tick()).toMatchObject({ sent: 0, retrying: 1 });
    expect(postsIn(world.emulator, server!.channelId)).toHaveLength(1);

    // The scheduler's own retry, after the window: it looks in the channel first and sends nothing.
    await outlastNonceWindow(world.emulator);
    clock.set(bot.app.ctx.store.schedules.find(server!.guildId, spotlightKind)!.retryAtMs!);
    expect(await bot.tick()).toMatchObject({ sent: 0, verified: 1 });

    expectExactlyOnce('1 lost response, then a 429 waiting for a re-send', tallyPosts(world.emulator, bot.app.ctx.store, duePosts(world.servers, [mondayWeek])));
  });

  it('gives up after its attempts on a post whose first attempt reached Discord: status does not say "not posted"', async () => {
    world = await createFaultWorld({ servers: 1 });
    const clock = fixedClock(sundayNoon);
    const bot = await startBot(world, { clock });
    bots.push(bot);
    const [server] = world.servers;
    await setUpByCommand(world, server!);
    const channel = new RegExp(`^/channels/${server!.channelId}/messages$`);
    const key = { guildId: server!.guildId, kind: spotlightKind, subjectId: '', weekKey: mondayWeek };

    // Posted, answer lost; then every retry's look into the channel fails (5xx), until the bot gives up.
    world.emulator.loseNextResponses({ count: 3, as: 502, method: 'POST', path: channel });
    clock.set(mondayEvening);
    expect(await bot.tick()).toMatchObject({ retrying: 1 });
    for (let attempt = 2; bot.app.ctx.store.deliveries.find(key)!.status === 'claimed'; attempt++) {
      expect(attempt).toBeLessThanOrEqual(10);
      world.emulator.failNextRequests({ count: 3, status: 500, method: 'GET', path: channel });
      clock.set(bot.app.ctx.store.schedules.find(server!.guildId, spotlightKind)!.retryAtMs!);
      await bot.tick();
    }
    expect(postsIn(world.emulator, server!.channelId)).toHaveLength(1);

    // The week is in the channel: its record must not contradict that (an admin would post it by hand).
    expectExactlyOnce('1 lost response, then the channel unreadable (5xx) until the bot gives up', tallyPosts(world.emulator, bot.app.ctx.store, duePosts(world.servers, [mondayWeek])));
    const status = await world.spotlight(server!, 'status');
    expect(statusField(status, 'Since then')).toBeDefined();
    expect(statusField(status, 'Since then')).not.toMatch(/not posted/);
  });
});
