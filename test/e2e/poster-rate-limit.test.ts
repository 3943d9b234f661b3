import { afterEach, describe, expect, it } from 'vitest';
import { nextDueInstant, type WeeklyRule } from '../../src/core/weekly-rule.js';
import type { RequestRecord } from '../../src/emulator/core.js';
import { Emulator } from '../../src/emulator/emulator.js';
import { createSpotlightRepository } from '../../src/features/spotlight/repository.js';
import { createJobs } from '../../src/jobs.js';
import { migrations } from '../../src/migrations.js';
import { createRestPoster } from '../../src/platform/discord/poster.js';
import { schedulerRequestsPerSecond } from '../../src/platform/discord/rest-budget.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createSchedulerRunner } from '../../src/platform/scheduling/runner.js';
import { createStoreHealth } from '../../src/platform/store/store-health.js';
import { openStore, type Store } from '../../src/platform/store/store.js';
import { fakeDiscord, realCatalog } from '../fixtures/context.js';

/**
 * A scheduler fan-out meets 429s from the emulator: the poster waits out Retry-After (the whole budget for a global
 * one, only the refused request for a route one), sends that request again and posts every server exactly once.
 */

const servers = 60;
const rule: WeeklyRule = { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' };
const due = nextDueInstant(rule, Date.UTC(2026, 10, 22));
/** The fan-out at the budget's rate, plus slack for a loaded machine. */
const cleanSeconds = servers / schedulerRequestsPerSecond;

let emulator: Emulator;
let store: Store;
afterEach(async () => {
  store.close();
  await emulator.close();
});

async function fanoutWorld(): Promise<{ channels: string[]; tick: () => ReturnType<ReturnType<typeof createSchedulerRunner>['tick']> }> {
  emulator = await Emulator.start();
  store = openStore(':memory:', migrations);
  const channels: string[] = [];
  const spotlight = createSpotlightRepository(store.database);
  for (let i = 0; i < servers; i++) {
    const guild = emulator.createGuild({ name: `server ${i}` });
    const channelId = emulator.createChannel(guild.id, { name: 'books' });
    channels.push(channelId);
    store.guilds.touch(guild.id, due - 86_400_000);
    store.schedules.save({ guildId: guild.id, kind: 'spotlight', channelId, rule, nextDueMs: due }, due - 86_400_000);
    spotlight.saveSettings({ guildId: guild.id, roleId: null, configuredBy: 'test' });
  }
  const clock = { now: () => due + 1000 };
  const runner = createSchedulerRunner({
    store,
    clock,
    log: silentLogger,
    poster: createRestPoster({ apiBase: emulator.apiBase, token: emulator.token }),
    jobs: createJobs({ catalog: realCatalog(), store }),
    discord: fakeDiscord(),
    health: createStoreHealth(clock),
  });
  return { channels, tick: () => runner.tick() };
}

const posts = (): RequestRecord[] => emulator.core.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
const perChannel = (channels: string[]): number[] => channels.map((channelId) => emulator.messages(channelId).length);

/** After the `n`th post is created, run `then` (once). */
function afterPosts(n: number, then: () => void): void {
  let created = 0;
  const listener = (): void => {
    if (++created < n) return;
    emulator.core.events.off('message', listener);
    then();
  };
  emulator.core.events.on('message', listener);
}

describe('poster: 429s during a fan-out', () => {
  it('a global 429 holds the fan-out back for Retry-After only, then it goes on: every server posted once', async () => {
    const { channels, tick } = await fanoutWorld();
    const retryAfterMs = 600;
    let limitedAt = 0;
    // For 600 ms Discord refuses every request that counts (as when the bot's other traffic used the budget).
    afterPosts(20, () => {
      limitedAt = Date.now();
      emulator.core.limiter.injectFault({ count: 1_000, status: 429, retryAfterMs, global: true, match: () => Date.now() < limitedAt + retryAfterMs });
    });
    const t0 = performance.now();
    const report = await tick();
    const seconds = (performance.now() - t0) / 1000;

    expect(report).toMatchObject({ sent: servers, retrying: 0, failed: 0, stoppedEarly: null });
    expect(perChannel(channels)).toEqual(channels.map(() => 1));
    const refused = posts().filter((r) => r.status === 429);
    // Only what was already on its way meets the 429; the rest waits in the pacer instead of knocking again. How much
    // was on its way depends on how fast the machine answers (4 on an idle one, 8 seen with another test suite
    // running): at most what the runner's 16 workers can have sent, never the 40 still waiting.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(16);
    const firstAfter = posts().find((r) => r.status === 200 && r.at >= limitedAt + retryAfterMs);
    expect(firstAfter!.at - (limitedAt + retryAfterMs)).toBeLessThan(250);
    // And at the budget's rate, not in a burst of everything that queued up meanwhile (that would draw the next 429).
    const resumed = posts().filter((r) => r.at >= limitedAt + retryAfterMs).map((r) => r.at);
    const busiestQuarter = Math.max(...resumed.map((t) => resumed.filter((u) => u >= t && u < t + 250).length));
    expect(busiestQuarter).toBeLessThanOrEqual(Math.ceil(schedulerRequestsPerSecond / 4) + 3);
    expect(seconds).toBeLessThan(cleanSeconds + retryAfterMs / 1000 + 1.5);
  });

  it('a route 429 holds back only its own channel: the other sends go on meanwhile', async () => {
    const { channels, tick } = await fanoutWorld();
    const slow = channels[10]!;
    const retryAfterMs = 800;
    emulator.failNextRequests({ count: 1, status: 429, retryAfterMs, method: 'POST', path: new RegExp(`^/channels/${slow}/messages$`) });
    const report = await tick();

    expect(report).toMatchObject({ sent: servers, retrying: 0, stoppedEarly: null });
    expect(perChannel(channels)).toEqual(channels.map(() => 1));
    const refusedAt = posts().find((r) => r.status === 429)!.at;
    const delivered = posts().find((r) => r.status === 200 && r.path === `/channels/${slow}/messages`)!.at;
    expect(delivered - refusedAt).toBeGreaterThanOrEqual(retryAfterMs);
    // About 37 posts fit in 800 ms at the budget's rate; the refused one held back none of them.
    const meanwhile = posts().filter((r) => r.status === 200 && r.at > refusedAt && r.at < refusedAt + retryAfterMs).length;
    expect(meanwhile).toBeGreaterThanOrEqual(20);
  });

  it('real global 429s when other calls overrun the headroom: no duplicate, nothing lost', async () => {
    const { channels, tick } = await fanoutWorld();
    const guildId = emulator.createGuild().id;
    // The bot's other REST calls spike to 30 at once in the middle of the fan-out, far beyond their 4/s.
    const burst: Promise<number>[] = [];
    afterPosts(15, () => {
      for (let i = 0; i < 30; i++) {
        burst.push(fetch(`${emulator.apiBase}/v10/guilds/${guildId}`, { headers: { Authorization: `Bot ${emulator.token}` } }).then((r) => r.status));
      }
    });
    const report = await tick();
    await Promise.all(burst);

    expect(emulator.core.limiter.stats.globalLimited).toBeGreaterThan(0);
    expect(report).toMatchObject({ sent: servers, retrying: 0, stoppedEarly: null });
    expect(perChannel(channels)).toEqual(channels.map(() => 1));
  });
});
