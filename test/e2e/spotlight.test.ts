import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createRestPoster, type Poster } from '../../src/platform/discord/poster.js';
import { defaultBotPermissions } from '../../src/emulator/emulator.js';
import { fixedClock, type TestClock } from '../fixtures/context.js';
import { createWorld, startBot, type World } from './harness.js';
import { fieldOf, sendProblems, textOf } from '../fixtures/layout.js';

const mondayEvening = Date.UTC(2026, 10, 23, 17, 30); // 18:30 in Berlin
let world: World;
let apps: App[] = [];

afterEach(async () => {
  for (const app of apps) await app.stop();
  apps = [];
  await world?.close();
});

async function start(clock: TestClock, poster?: Poster, leaseTtlMs?: number): Promise<App> {
  const app = await startBot(world, { clock, ...(poster ? { poster } : {}), ...(leaseTtlMs ? { leaseTtlMs } : {}) });
  apps.push(app);
  return app;
}

async function setUpSpotlight(extra: Record<string, string> = {}) {
  return world.emulator.runCommand({
    guildId: world.guildId,
    channelId: world.channelId,
    userId: world.adminId,
    name: 'spotlight',
    subcommand: 'setup',
    options: { channel: world.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin', ...extra },
  });
}

const adminCommand = (subcommand: string) =>
  world.emulator.runCommand({ guildId: world.guildId, channelId: world.channelId, userId: world.adminId, name: 'spotlight', subcommand, options: {} });

const posts = () => world.emulator.messages(world.channelId).filter((message) => message.interactionId === null);

describe('weekly spotlight against the emulator', () => {
  it('posts once when the week comes round, within limits, pinging nobody', async () => {
    world = await createWorld();
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const app = await start(clock);
    const reply = await setUpSpotlight();
    expect(sendProblems(reply.message!)).toEqual([]);
    expect(textOf(reply.message!)).toMatch(/every Monday at 18:30 \(Europe\/Berlin\)/);
    expect(reply.message?.ephemeral).toBe(true);

    clock.set(mondayEvening - 60_000);
    await app.ctx.scheduler.tick();
    expect(posts()).toHaveLength(0);
    clock.set(mondayEvening);
    await app.ctx.scheduler.tick();
    await app.ctx.scheduler.tick();
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(textOf(post!)).toMatch(/^📚 \*\*Weekly spotlight: /);
    expect(post!.pinged).toEqual({ everyone: false, users: [], roles: [] });
    expect(sendProblems(post!)).toEqual([]);

    const status = await adminCommand('status');
    expect(sendProblems(status.message!)).toEqual([]);
    const lastPost = fieldOf(status.message!, 'Last post')!;
    expect(lastPost).toContain(`https://discord.com/channels/${world.guildId}/${world.channelId}/${post!.id}`);
  });

  it('pings the opt-in role and only that role', async () => {
    world = await createWorld();
    const roleId = world.emulator.createRole(world.guildId, { name: 'book-club' });
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const app = await start(clock);
    await setUpSpotlight({ role: roleId });
    clock.set(mondayEvening);
    await app.ctx.scheduler.tick();
    expect(posts()[0]!.pinged).toEqual({ everyone: false, users: [], roles: [roleId] });
  });

  it('refuses a channel where the bot cannot post, naming the missing permissions', async () => {
    world = await createWorld();
    const readOnly = world.emulator.createChannel(world.guildId, { name: 'read-only', botPermissions: PermissionFlagsBits.ViewChannel });
    await start(fixedClock());
    const reply = await setUpSpotlight({ channel: readOnly });
    expect(reply.message?.content).toMatch(/missing \*\*Send Messages\*\*, \*\*Embed Links\*\*/);
  });

  it('autocompletes a subcommand option (time zones) through the real client', async () => {
    world = await createWorld();
    await start(fixedClock());
    const choices = await world.emulator.autocomplete({
      guildId: world.guildId,
      channelId: world.channelId,
      userId: world.adminId,
      name: 'spotlight',
      subcommand: 'setup',
      options: { timezone: 'kolk' },
      focused: 'timezone',
    });
    expect(choices?.[0]).toEqual({ name: 'Asia/Kolkata', value: 'Asia/Kolkata' });
  });

  it('refuses members without Manage Server', async () => {
    world = await createWorld();
    await start(fixedClock());
    const reply = await world.emulator.runCommand(world.as({ name: 'spotlight', subcommand: 'pause', options: {} }));
    expect(reply.message?.content).toMatch(/Manage Server/);
  });

  it('pauses on 403 with the reason in status, sends nothing more, and resumes once fixed', async () => {
    world = await createWorld();
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const app = await start(clock);
    await setUpSpotlight();
    world.emulator.revokeBotPermission(world.channelId, PermissionFlagsBits.SendMessages);
    clock.set(mondayEvening);
    expect(await app.ctx.scheduler.tick()).toMatchObject({ paused: 1 });
    const status = await adminCommand('status');
    expect(fieldOf(status.message!, 'Paused')).toMatch(/missing Send Messages or Embed Links.*50013/);
    const requestsBefore = world.emulator.core.requests.filter((r) => r.path.endsWith('/messages')).length;
    clock.set(mondayEvening + 7 * 86_400_000);
    await app.ctx.scheduler.tick();
    expect(world.emulator.core.requests.filter((r) => r.path.endsWith('/messages')).length).toBe(requestsBefore);

    expect((await adminCommand('resume')).message?.content).toMatch(/I can't post in/);
    world.emulator.setBotPermissions(world.channelId, defaultBotPermissions);
    expect((await adminCommand('resume')).message?.content).toMatch(/running again/);
    clock.set(mondayEvening + 14 * 86_400_000);
    await app.ctx.scheduler.tick();
    expect(posts()).toHaveLength(1);
  });

  it('pauses on 404 when the channel was deleted', async () => {
    world = await createWorld();
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const app = await start(clock);
    await setUpSpotlight();
    world.emulator.deleteChannel(world.channelId);
    clock.set(mondayEvening);
    expect(await app.ctx.scheduler.tick()).toMatchObject({ paused: 1 });
    expect(app.ctx.store.schedules.find(world.guildId, 'spotlight')!.pausedReason).toMatch(/channel was deleted \(Discord error 10003\)/);
  });

  it('pauses every schedule when the bot is removed from the server', async () => {
    world = await createWorld();
    const app = await start(fixedClock(Date.UTC(2026, 10, 22, 12, 0)));
    await setUpSpotlight();
    world.emulator.removeBot(world.guildId);
    await expect.poll(() => app.ctx.store.schedules.find(world.guildId, 'spotlight')!.pausedReason).toBe('Grimoire was removed from this server');
  });

  it('waits as told on 429 and delivers once', async () => {
    world = await createWorld();
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const app = await start(clock);
    await setUpSpotlight();
    world.emulator.failNextRequests({ count: 1, status: 429, retryAfterMs: 700, method: 'POST', path: /\/channels\/\d+\/messages$/ });
    clock.set(mondayEvening);
    const started = Date.now();
    expect(await app.ctx.scheduler.tick()).toMatchObject({ sent: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(posts()).toHaveLength(1);
  });

  it('gives the tick up instead of sleeping through a 429 longer than its lease; the claim waits for a later tick', async () => {
    world = await createWorld();
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const app = await start(clock, undefined, 30_000);
    await setUpSpotlight();
    // Discord asks to wait a minute: longer than the 30 s lease, so another process could take over meanwhile.
    world.emulator.failNextRequests({ count: 1, status: 429, retryAfterMs: 60_000, method: 'POST', path: /\/channels\/\d+\/messages$/ });
    clock.set(mondayEvening);
    const report = await app.ctx.scheduler.tick();
    expect(report).toMatchObject({ sent: 0, stoppedEarly: expect.stringMatching(/429/) });
    expect(posts()).toHaveLength(0);
    expect(app.ctx.store.deliveries.countByStatus('spotlight')).toMatchObject({ claimed: 1, failed: 0 });
  });

  it('retries 500s on later ticks, looking in the channel first, never posting twice', async () => {
    world = await createWorld();
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const app = await start(clock);
    await setUpSpotlight();
    // Two outages in a row: the poster does not retry blindly, the scheduler retries later with backoff.
    world.emulator.failNextRequests({ count: 2, status: 500, method: 'POST', path: /\/channels\/\d+\/messages$/ });
    clock.set(mondayEvening);
    expect(await app.ctx.scheduler.tick()).toMatchObject({ retrying: 1, sent: 0 });
    clock.set(app.ctx.store.schedules.find(world.guildId, 'spotlight')!.retryAtMs!);
    expect(await app.ctx.scheduler.tick()).toMatchObject({ retrying: 1, sent: 0, historyReads: 1 });
    clock.set(app.ctx.store.schedules.find(world.guildId, 'spotlight')!.retryAtMs!);
    expect(await app.ctx.scheduler.tick()).toMatchObject({ sent: 1 });
    expect(posts()).toHaveLength(1);
  });

  it('does not post twice after a crash between sending and recording', async () => {
    world = await createWorld();
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const realPoster = createRestPoster({ apiBase: world.config.DISCORD_API_BASE, token: world.config.DISCORD_TOKEN });
    // The message reaches Discord, then the process dies before the delivery is recorded.
    const crashingPoster: Poster = {
      async send(channelId, body, nonce) {
        await realPoster.send(channelId, body, nonce);
        throw new Error('process killed');
      },
      findMarked: (...args) => realPoster.findMarked(...args),
    };
    const first = await start(clock, crashingPoster);
    await setUpSpotlight();
    clock.set(mondayEvening);
    await first.ctx.scheduler.tick();
    expect(posts()).toHaveLength(1);
    await first.stop();

    // Restart on the same database: the bot finds its post in the channel and records it, sending nothing.
    const second = await start(clock);
    clock.set(second.ctx.store.schedules.find(world.guildId, 'spotlight')!.retryAtMs!);
    expect(await second.ctx.scheduler.tick()).toMatchObject({ verified: 1, sent: 0 });
    expect(posts()).toHaveLength(1);
    const delivery = second.ctx.store.deliveries.lastSent(world.guildId, 'spotlight')!;
    expect(delivery.messageId).toBe(posts()[0]!.id);
  });

  it('catches up once at start-up after 3 hours down, and skips a post missed for 3 days', async () => {
    world = await createWorld();
    const clock = fixedClock(Date.UTC(2026, 10, 22, 12, 0));
    const first = await start(clock);
    await setUpSpotlight();
    await first.stop();

    clock.set(mondayEvening + 3 * 3_600_000);
    const second = await start(clock);
    await expect.poll(() => posts().length).toBe(1);
    await second.ctx.scheduler.idle();
    await second.stop();

    clock.set(mondayEvening + 7 * 86_400_000 + 3 * 86_400_000);
    const third = await start(clock);
    await third.ctx.scheduler.idle();
    await expect.poll(() => third.ctx.store.deliveries.countByStatus('spotlight').missed).toBe(1);
    expect(posts()).toHaveLength(1);
    clock.set(mondayEvening + 14 * 86_400_000);
    await third.ctx.scheduler.tick();
    expect(posts()).toHaveLength(2);
  });
});
