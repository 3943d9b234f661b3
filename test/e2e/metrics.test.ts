import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { nextDueInstant, type WeeklyRule } from '../../src/core/weekly-rule.js';
import { createSpotlightRepository } from '../../src/features/spotlight/repository.js';
import { migrations } from '../../src/migrations.js';
import { openStore } from '../../src/platform/store/store.js';
import { fixedClock } from '../fixtures/context.js';
import { createWorld, startBot, type World } from './harness.js';

/**
 * METRICS_PORT (issue 20): /metrics in Prometheus' text format and /healthz, served by the real bot on loopback
 * while it answers commands and posts, through the real discord.js client and the emulator.
 */

let world: World | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  await world?.close();
  app = undefined;
  world = undefined;
});

const get = async (url: string): Promise<{ status: number; text: string }> => {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
};
/** The value of one sample line, e.g. `grimoire_interactions_total{command="book",outcome="answered"}`. */
const sample = (text: string, line: string): number | null => {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : null;
};

describe('metrics and health', () => {
  it('serves interactions by command and outcome, deliveries by job, the lease, write health and Node process metrics; /healthz says ok', async () => {
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    world = await createWorld({ clock });
    world.config.METRICS_PORT = 0;
    app = await startBot(world, { clock });
    const base = app.metricsUrl!;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'fluent python' } }));
    await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'fluent python' } }));
    await world.emulator.runCommand(world.as({ name: 'spotlight', subcommand: 'setup', userId: world.memberId, options: { channel: world.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' } }));
    await world.emulator.runCommand({ guildId: world.guildId, channelId: world.channelId, userId: world.adminId, name: 'spotlight', subcommand: 'setup', options: { channel: world.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' } });
    clock.set(Date.UTC(2026, 10, 23, 17, 30));
    await app.ctx.scheduler.tick();

    const { status, text } = await get(`${base}/metrics`);
    expect(status).toBe(200);
    expect(sample(text, 'grimoire_interactions_total{command="book",outcome="answered"}')).toBe(2);
    // The member without Manage Server was refused: a user error, not a failure.
    expect(sample(text, 'grimoire_interactions_total{command="spotlight",outcome="user-error"}')).toBe(1);
    expect(sample(text, 'grimoire_interaction_seconds_count{command="book"}')).toBe(2);
    expect(sample(text, 'grimoire_deliveries{job="spotlight",outcome="sent"}')).toBe(1);
    expect(sample(text, 'grimoire_scheduler_lease_held')).toBe(1);
    expect(sample(text, 'grimoire_database_writable')).toBe(1);
    expect(sample(text, 'grimoire_gateway_ready')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');

    expect(await get(`${base}/healthz`)).toEqual({ status: 200, text: 'ok\n' });
    expect((await get(`${base}/nothing`)).status).toBe(404);
  });

  it('/healthz answers 503 with the reason when the gateway is gone or the database cannot be written', async () => {
    world = await createWorld();
    world.config.METRICS_PORT = 0;
    app = await startBot(world);
    const base = app.metricsUrl!;
    app.ctx.health.noteError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    const full = await get(`${base}/healthz`);
    expect(full.status).toBe(503);
    expect(full.text).toMatch(/^the database cannot be written: /);
    await app.client.destroy();
    expect(await get(`${base}/healthz`)).toEqual({ status: 503, text: 'not connected to Discord (the gateway is not ready)\n' });
  });

  it("counts Discord's 429s met by the scheduler's posts", async () => {
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    world = await createWorld({ clock });
    world.config.METRICS_PORT = 0;
    app = await startBot(world, { clock });
    await world.emulator.runCommand({ guildId: world.guildId, channelId: world.channelId, userId: world.adminId, name: 'spotlight', subcommand: 'setup', options: { channel: world.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' } });
    world.emulator.failNextRequests({ count: 1, status: 429, retryAfterMs: 50, method: 'POST', path: /^\/channels\/\d+\/messages$/ });
    clock.set(Date.UTC(2026, 10, 23, 17, 30));
    await app.ctx.scheduler.tick();
    const { text } = await get(`${app.metricsUrl!}/metrics`);
    expect(sample(text, 'grimoire_discord_rate_limited_total{scope="route"}')).toBe(1);
    expect(sample(text, 'grimoire_deliveries{job="spotlight",outcome="sent"}')).toBe(1);
  });

  it("shows the scheduler's requests waiting for a slot in the pacer during a fan-out, and none once it is over", async () => {
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    world = await createWorld({ clock });
    world.config.METRICS_PORT = 0;
    // 60 servers due in the same minute: at 46 requests/s the tick lasts over a second, 16 sends in flight at once.
    const rule: WeeklyRule = { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' };
    const due = nextDueInstant(rule, clock.now());
    const store = openStore(world.config.DATABASE_PATH, migrations);
    const spotlights = createSpotlightRepository(store.database);
    for (let i = 0; i < 60; i++) {
      const guild = world.emulator.createGuild({ name: `server ${i}` });
      const channelId = world.emulator.createChannel(guild.id, { name: 'books' });
      store.guilds.touch(guild.id, clock.now());
      store.schedules.save({ guildId: guild.id, kind: 'spotlight', channelId, rule, nextDueMs: due }, clock.now());
      spotlights.saveSettings({ guildId: guild.id, roleId: null, configuredBy: 'test' });
    }
    store.close();
    app = await startBot(world, { clock });
    const waiting = async (): Promise<number | null> => sample((await get(`${app!.metricsUrl!}/metrics`)).text, 'grimoire_scheduler_pacer_waiting');
    expect(await waiting()).toBe(0);
    clock.set(due + 1000);
    const tick = app.ctx.scheduler.tick();
    await sleep(300);
    expect(await waiting()).toBeGreaterThan(0);
    expect((await tick).sent).toBe(60);
    expect(await waiting()).toBe(0);
  });

  it('is off without METRICS_PORT', async () => {
    world = await createWorld();
    app = await startBot(world);
    expect(app.metricsUrl).toBeNull();
  });
});
