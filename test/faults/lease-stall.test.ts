import { afterEach, describe, expect, it } from 'vitest';
import type { Poster } from '../../src/platform/discord/poster.js';
import { fixedClock, type TestClock } from '../fixtures/context.js';
import {
  createFaultWorld,
  duePosts,
  expectExactlyOnce,
  mondayEvening,
  mondayRule,
  mondayWeek,
  outlastNonceWindow,
  postsIn,
  spotlightKind,
  startBot,
  sundayNoon,
  tallyPosts,
  writeSpotlights,
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

const servers = 40;
const leaseTtlMs = 2_000;
/** The runner's concurrency: this many sends stall at once. */
const workers = 16;
const passFirst = 5;

type Stall = 'request' | 'answer';

/**
 * A network path that stalls once `passFirst` posts went through: every later send waits at a gate, either before
 * its request leaves ('request') or after Discord processed it, before the answer arrives ('answer').
 */
function stallingPoster(rest: Poster, stall: Stall) {
  let passed = 0;
  const stalled: string[] = [];
  let releaseGate!: () => void;
  const gate = new Promise<void>((resolve) => (releaseGate = resolve));
  const send: Poster['send'] = async (channelId, body, nonce, options) => {
    if (passed < passFirst) {
      passed++;
      return rest.send(channelId, body, nonce, options);
    }
    if (stall === 'answer') {
      const answer = await rest.send(channelId, body, nonce, options);
      stalled.push(channelId);
      await gate;
      return answer;
    }
    stalled.push(channelId);
    await gate;
    return rest.send(channelId, body, nonce, options);
  };
  return {
    poster: { send, findMarked: (...args: Parameters<Poster['findMarked']>) => rest.findMarked(...args) } satisfies Poster,
    /** Channels whose send is stuck at the gate. */
    stalled,
    release: () => releaseGate(),
  };
}

interface Stalled {
  a: Bot;
  b: Bot;
  clock: TestClock;
  network: ReturnType<typeof stallingPoster>;
  aTick: ReturnType<Bot['tick']>;
}

/** Processes A and B on one database (2 s lease); 40 servers due; A's fan-out stalls after 5 posts, 16 sends stuck. */
async function stallA(stall: Stall): Promise<Stalled> {
  world = await createFaultWorld({ servers });
  const clock = fixedClock(sundayNoon);
  let network!: ReturnType<typeof stallingPoster>;
  const a = await startBot(world, { clock, holderId: 'A', leaseTtlMs, gateway: false, wrap: (rest) => (network = stallingPoster(rest, stall)).poster });
  bots.push(a);
  const b = await startBot(world, { clock, holderId: 'B', leaseTtlMs, gateway: false });
  bots.push(b);
  writeSpotlights(a.app.ctx.store, world.servers, mondayRule, sundayNoon);
  clock.set(mondayEvening);
  const aTick = a.tick();
  await expect.poll(() => network.stalled.length, { timeout: 5_000 }).toBe(workers);
  // A is stuck; its lease runs out.
  clock.advance(leaseTtlMs + 500);
  return { a, b, clock, network, aTick };
}

/** The requests that reached Discord since `from` (an index into the emulator's request log) that post a message. */
const postRequestsSince = (from: number) => world!.emulator.core.requests.slice(from).filter((request) => request.method === 'POST' && request.path.startsWith('/channels/'));

describe('scenario 4: a stalled lease holder and a second process', () => {
  it.each(['answer', 'request'] as const)(
    'the stalled holder sends nothing once the other process took over (stalled before the %s), one post per server',
    async (stall) => {
      const { a, b, clock, network, aTick } = await stallA(stall);

      // B's tick takes the lease over and runs the week: it finds A's stuck posts that did reach Discord.
      const bReport = await b.tick();
      expect(bReport).toMatchObject({ ran: true, due: servers - passFirst, verified: stall === 'answer' ? workers : 0 });
      expect(bReport.sent + bReport.verified).toBe(servers - passFirst);
      expect(b.app.ctx.store.leases.holds('scheduler', 'B', clock.now())).toBe(true);

      // A wakes up long after Discord forgot every nonce; from now on only A could reach Discord.
      await outlastNonceWindow(world!.emulator);
      const requestsBeforeRelease = world!.emulator.core.requests.length;
      network.release();
      const aReport = await aTick;
      expect(aReport.stoppedEarly).toMatch(/lease/);

      expectExactlyOnce(`4 stalled lease holder (stalled before the ${stall})`, tallyPosts(world!.emulator, b.app.ctx.store, duePosts(world!.servers, [mondayWeek])));
      // Not one post request from A once B held the lease: the fence, not Discord's nonce memory, kept A quiet.
      expect(postRequestsSince(requestsBeforeRelease)).toEqual([]);
      // The rotation moved on once per server: a late answer reaching A is not a second post of the week.
      const doubled = a.app.ctx.store.database
        .prepare<[], { guild_id: string; week_key: string; n: number }>('SELECT guild_id, week_key, COUNT(*) AS n FROM spotlight_history GROUP BY guild_id, week_key HAVING n > 1')
        .all();
      expect(doubled).toEqual([]);
    },
  );

  it('the stalled holder, stopped by its fence, does not erase the attempt the new holder made in its name', async () => {
    const { b, clock, network, aTick } = await stallA('request');
    // B's post for one of A's stuck deliveries reaches Discord, but its answer is lost (and the REST client's retries').
    const victim = world!.servers.find((server) => server.channelId === network.stalled[0])!;
    world!.emulator.loseNextResponses({ count: 3, as: 502, method: 'POST', path: new RegExp(`^/channels/${victim.channelId}/messages$`) });
    expect(await b.tick()).toMatchObject({ ran: true, retrying: 1 });
    expect(postsIn(world!.emulator, victim.channelId)).toHaveLength(1);

    // A wakes up, its fence stops it before any request leaves.
    network.release();
    expect((await aTick).stoppedEarly).toMatch(/lease/);
    const key = { guildId: victim.guildId, kind: spotlightKind, subjectId: '', weekKey: mondayWeek };
    const attemptAfterA = b.app.ctx.store.deliveries.find(key)!.attemptWallMs;

    // B's retry, long after Discord forgot the nonce, must look in the channel before posting again.
    await outlastNonceWindow(world!.emulator);
    clock.set(b.app.ctx.store.schedules.find(victim.guildId, spotlightKind)!.retryAtMs!);
    await b.tick();
    expectExactlyOnce('4 stalled lease holder wakes after the new holder lost an answer', tallyPosts(world!.emulator, b.app.ctx.store, duePosts(world!.servers, [mondayWeek])));
    // Why it matters: the attempt that may have reached Discord is what makes the retry look first.
    expect(attemptAfterA).not.toBeNull();
  });
});
