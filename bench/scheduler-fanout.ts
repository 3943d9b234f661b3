import { migrations } from '../src/migrations.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCatalog } from '../src/features/catalog/core/catalog.js';
import { loadDataset } from '../src/features/catalog/load.js';
import { createRestPoster, defaultPostsPerSecond } from '../src/platform/discord/poster.js';
import { Emulator } from '../src/emulator/emulator.js';
import { createSpotlightRepository } from '../src/features/spotlight/repository.js';
import { createJobs } from '../src/jobs.js';
import { silentLogger } from '../src/platform/logger.js';
import { createSchedulerRunner } from '../src/platform/scheduling/runner.js';
import { nextDueInstant, type WeeklyRule } from '../src/core/weekly-rule.js';
import { createStoreHealth } from '../src/platform/store/store-health.js';
import { openStore } from '../src/platform/store/store.js';

export interface FanoutResult {
  servers: number;
  delivered: number;
  duplicates: number;
  seconds: number;
  postsPerSecond: number;
  peakPerSecond: number;
  globalLimited: number;
  rateLimited: number;
  peakRssMb: number;
  peakHeapMb: number;
}

/**
 * One scheduler tick with `servers` spotlights due in the same minute, against the emulator (real HTTP on
 * loopback, Discord's global 50 requests/s enforced), through the same runner, job and poster as the bot.
 */
export async function runSchedulerFanout(servers: number): Promise<FanoutResult> {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-bench-'));
  const emulator = await Emulator.start();
  const store = openStore(join(folder, 'bench.db'), migrations);
  try {
    const catalog = createCatalog(loadDataset());
    const rule: WeeklyRule = { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' };
    const due = nextDueInstant(rule, Date.UTC(2026, 10, 22));
    const channels: string[] = [];
    const spotlightRepository = createSpotlightRepository(store.database);
    store.transaction(() => {
      for (let i = 0; i < servers; i++) {
        const guild = emulator.createGuild({ name: `server ${i}` });
        const channelId = emulator.createChannel(guild.id, { name: 'books' });
        channels.push(channelId);
        store.guilds.touch(guild.id, due - 86_400_000);
        store.schedules.save({ guildId: guild.id, kind: 'spotlight', channelId, rule, nextDueMs: due }, due - 86_400_000);
        spotlightRepository.saveSettings({ guildId: guild.id, roleId: null, configuredBy: 'bench' });
      }
    });
    const poster = createRestPoster({ apiBase: emulator.apiBase, token: emulator.token });
    const clock = { now: () => due + 1000 };
    const runner = createSchedulerRunner({
      store,
      clock,
      log: silentLogger,
      poster,
      jobs: createJobs({ catalog, store }),
      // The emulator grants the bot every permission in these channels.
      discord: { botPermissionsIn: () => null, role: () => null },
      health: createStoreHealth(clock),
    });

    let peakRss = 0;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }, 250);
    const started = performance.now();
    const report = await runner.tick();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);

    const posts = emulator.core.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.status === 200);
    const perSecond = new Map<number, number>();
    for (const post of posts) perSecond.set(Math.floor(post.at / 1000), (perSecond.get(Math.floor(post.at / 1000)) ?? 0) + 1);
    const delivered = channels.filter((channelId) => emulator.messages(channelId).length >= 1).length;
    const duplicates = channels.reduce((sum, channelId) => sum + Math.max(0, emulator.messages(channelId).length - 1), 0);
    if (report.sent !== delivered) throw new Error(`runner reports ${report.sent} sent, emulator holds ${delivered}`);
    return {
      servers,
      delivered,
      duplicates,
      seconds,
      postsPerSecond: posts.length / seconds,
      // Full seconds only: the first and last are partial.
      peakPerSecond: Math.max(...[...perSecond.entries()].sort((a, b) => a[0] - b[0]).slice(1, -1).map(([, n]) => n), 0),
      globalLimited: emulator.core.limiter.stats.globalLimited,
      rateLimited: emulator.core.limiter.stats.limited,
      peakRssMb: peakRss / 2 ** 20,
      peakHeapMb: peakHeap / 2 ** 20,
    };
  } finally {
    store.close();
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

export { defaultPostsPerSecond };
