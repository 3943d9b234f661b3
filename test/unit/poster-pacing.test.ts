import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/emulator/emulator.js';
import { createPacer, type Pacer } from '../../src/platform/discord/pacer.js';
import { createRestPoster } from '../../src/platform/discord/poster.js';
import { discordGlobalRequestsPerSecond, otherRequestsPerSecond, schedulerRequestsPerSecond } from '../../src/platform/discord/rest-budget.js';

/** A pacer that counts the slots it hands out. */
function countingPacer(inner: Pacer): Pacer & { slots: number } {
  const pacer = {
    slots: 0,
    async wait() {
      pacer.slots++;
      return inner.wait();
    },
    holdFor: (ms: number) => inner.holdFor(ms),
    get waiting() {
      return inner.waiting;
    },
  };
  return pacer;
}

describe('pacer', () => {
  it('spaces request starts evenly', async () => {
    const pacer = createPacer(50);
    const starts: number[] = [];
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => pacer.wait().then((done) => (starts.push(performance.now() - t0), done()))));
    // Slots every 20 ms: the sixth starts after about 100 ms.
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(95);
  });

  it('holds every slot back during a hold, even those handed out before it', async () => {
    const pacer = createPacer(100);
    (await pacer.wait())(); // a request that went out at once, and met the 429
    const t0 = performance.now();
    const waiting = Array.from({ length: 5 }, () => pacer.wait().then((done) => (done(), performance.now() - t0)));
    pacer.holdFor(200);
    const starts = await Promise.all(waiting);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(195);
    // Then the smooth rate again, not a burst: 5 slots 10 ms apart.
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(35);
  });

  it('never starts more than its rate within a second, even when a busy event loop wakes its timers late', async () => {
    const pacer = createPacer(20);
    const starts: number[] = [];
    const waiting = Promise.all(Array.from({ length: 40 }, () => pacer.wait().then((done) => (starts.push(performance.now()), done()))));
    await new Promise((resolve) => setImmediate(resolve)); // the first slot is now: it starts before the block
    // Blocked for half a second: ten slots pass meanwhile, and their timers all fire at once afterwards.
    const blockedUntil = performance.now() + 500;
    while (performance.now() < blockedUntil);
    await waiting;
    // (The pacer's own clock reading comes a moment before the test's: 5 ms of slack at the window's edge.)
    const busiestSecond = Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 995).length));
    expect(busiestSecond).toBeLessThanOrEqual(20);
  });

  it('never lets more than its rate reach Discord within a second when transit times vary (Discord counts on arrival)', async () => {
    // The first half second's requests take a slow path (0.6 s each way), the later ones a fast one: sent evenly,
    // they would arrive bunched, the slow ones among the fast ones.
    const pacer = createPacer(20);
    const arrivals: number[] = [];
    const t0 = performance.now();
    const request = async (): Promise<void> => {
      const done = await pacer.wait();
      const oneWay = performance.now() - t0 < 500 ? 600 : 0;
      await sleep(oneWay);
      arrivals.push(performance.now());
      await sleep(oneWay);
      done();
    };
    await Promise.all(Array.from({ length: 40 }, request));
    const busiestSecond = Math.max(...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 995).length));
    expect(busiestSecond).toBeLessThanOrEqual(20);
  });

  it('counts the requests waiting for a slot', async () => {
    const pacer = createPacer(50);
    expect(pacer.waiting).toBe(0);
    const requests = Array.from({ length: 5 }, () => pacer.wait().then((done) => done()));
    // The first slot is now, the others 20 ms apart: four still wait once the first has started.
    await new Promise((resolve) => setImmediate(resolve));
    expect(pacer.waiting).toBe(4);
    await Promise.all(requests);
    expect(pacer.waiting).toBe(0);
  });
});

describe('the scheduler REST budget', () => {
  it('stays under Discord global limit with room for the bot other requests', () => {
    expect(schedulerRequestsPerSecond + otherRequestsPerSecond).toBe(discordGlobalRequestsPerSecond);
    expect(otherRequestsPerSecond).toBeGreaterThan(0);
  });
});

describe('poster: history reads count against the pacer', () => {
  let emulator: Emulator;
  let guildId: string;
  beforeEach(async () => {
    emulator = await Emulator.start();
    guildId = emulator.createGuild().id;
  });
  afterEach(async () => {
    await emulator.close();
  });

  /** `count` bot messages straight into the state (more than the channel's POST limit allows in a test). */
  function seed(channelId: string, count: number): void {
    for (let i = 0; i < count; i++) {
      emulator.core.state.recordMessage({
        channelId,
        guildId,
        authorId: emulator.botUserId,
        content: `seed ${i}`,
        embeds: [],
        components: [],
        flags: 0,
        pinged: { everyone: false, users: [], roles: [] },
        nonce: null,
        interactionId: null,
        ephemeral: false,
      });
    }
  }

  it('takes one slot per post and one per history page, on the same budget', async () => {
    const busy = emulator.createChannel(guildId);
    seed(busy, 250);
    const pacer = countingPacer(createPacer(20));
    const poster = createRestPoster({ apiBase: emulator.apiBase, token: emulator.token, pacer });
    const targets = Array.from({ length: 3 }, () => emulator.createChannel(guildId));
    const t0 = performance.now();
    const [search] = await Promise.all([
      poster.findMarked(busy, 0, ['not-there']),
      ...targets.map((channelId, i) => poster.send(channelId, { content: `post ${i}`, allowed_mentions: { parse: [] } }, `nonce-${i}`)),
    ]);
    const elapsed = performance.now() - t0;
    expect(search.reads).toBe(3);
    expect(pacer.slots).toBe(3 + 3);
    // Six requests at 20/s: the last cannot start before 5 × 50 ms, reads and posts interleaved on one rate.
    expect(elapsed).toBeGreaterThanOrEqual(245);
    const requests = emulator.core.requests.filter((r) => r.path.startsWith('/channels/'));
    expect(requests.map((r) => r.method).sort()).toEqual(['GET', 'GET', 'GET', 'POST', 'POST', 'POST']);
  });
});
