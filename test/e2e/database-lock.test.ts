import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { fixedClock, type TestClock } from '../fixtures/context.js';
import { holdWriteLock } from '../fixtures/lock-holder.js';
import { createWorld, startBot, type World } from './harness.js';
import { textOf } from '../fixtures/layout.js';

/**
 * Another process (an operator's sqlite3 shell, another shard's long write, a stalled disk) holds SQLite's write
 * lock. The bot must keep answering: reads never wait, writes are deferred and done once the lock is gone, or
 * answered "busy" in time; nothing is lost and nothing is written twice.
 */

const sundayNoon = Date.UTC(2026, 10, 22, 12, 0);
let world: World;
let apps: App[] = [];

afterEach(async () => {
  for (const app of apps) await app.stop();
  apps = [];
  await world?.close();
});

/** Deferring after 300 ms rather than 2 s (and short locks) keeps the test quick; the timings' ratios are Discord's. */
async function start(clock: TestClock, writeRetryBudgetMs?: number): Promise<App> {
  const app = await startBot(world, { clock, deferAfterMs: 300, ...(writeRetryBudgetMs ? { writeRetryBudgetMs } : {}) });
  apps.push(app);
  return app;
}

const study = (userId: string, subcommand: string, options: Record<string, string>) =>
  world.emulator.startCommand({ guildId: world.guildId, channelId: world.channelId, userId, name: 'study', subcommand, options });

const ephemeral = (flags: number | undefined): boolean => ((flags ?? 0) & MessageFlags.Ephemeral) !== 0;

describe('a database lock held by another process', () => {
  it('does not freeze the bot: a lookup answers at once, a write is deferred and done when the lock goes', { timeout: 20_000 }, async () => {
    world = await createWorld();
    await start(fixedClock(sundayNoon));
    const created = await study(world.adminId, 'create', { name: 'Lockers', book: 'fluent python', day: 'sunday', time: '18:00', timezone: 'UTC' }).outcome;
    expect(textOf(created.message!)).toMatch(/Study group \*\*Lockers\*\*/);

    // The board once before, so its picture worker is up: its first start (about 0.7 s) is not what this test is about.
    await study(world.memberId, 'status', { group: 'Lockers' }).outcome;

    const lock = await holdWriteLock(world.config.DATABASE_PATH, 1_200);
    const join = study(world.memberId, 'join', { group: 'Lockers' });
    const book = world.emulator.startCommand(world.as({ name: 'book', options: { query: 'fluent python' } }));
    const board = study(world.memberId, 'status', { group: 'Lockers' });

    // Sent after the write that waits on the lock, the reads are answered first and in time, not deferred.
    const [bookAnswer, boardAnswer] = await Promise.all([book.outcome, board.outcome]);
    expect(bookAnswer.expired).toBe(false);
    expect(bookAnswer.responseType).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(textOf(bookAnswer.message!)).toContain('## Fluent Python');
    expect(boardAnswer.responseType).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(join.interaction.isSettled).toBe(false);

    // The write was acknowledged in time ("thinking…"), then finished once the lock was released.
    const joined = await join.outcome;
    await lock.released;
    expect(joined.expired).toBe(false);
    expect(join.interaction.responseType).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(joined.message?.content).toMatch(/You joined \*\*Lockers\*\* \(2 members\)/);
    expect(ephemeral(joined.message?.flags)).toBe(true);

    // Written exactly once.
    const again = await study(world.memberId, 'join', { group: 'Lockers' }).outcome;
    expect(again.message?.content).toMatch(/already/i);
    const after = await study(world.memberId, 'status', { group: 'Lockers' }).outcome;
    expect(textOf(after.message!)).toContain(`<@${world.memberId}>`);
  });

  it('answers a write "busy, try again" in time when the lock outlasts the wait, and changes nothing', { timeout: 20_000 }, async () => {
    world = await createWorld();
    // Giving up before the responder would defer: the answer is the first response, within Discord's 3 s.
    await start(fixedClock(sundayNoon), 200);
    await study(world.adminId, 'create', { name: 'Lockers', book: 'fluent python', day: 'sunday', time: '18:00', timezone: 'UTC' }).outcome;

    const lock = await holdWriteLock(world.config.DATABASE_PATH, 1_000);
    const join = study(world.memberId, 'join', { group: 'Lockers' });
    const refused = await join.outcome;
    expect(refused.expired).toBe(false);
    expect(join.interaction.responseType).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(refused.message?.content).toMatch(/^The database is busy right now .* nothing was changed\. Please try again in a minute\.$/);
    expect(ephemeral(refused.message?.flags)).toBe(true);
    await lock.released;

    const board = await study(world.memberId, 'status', { group: 'Lockers' }).outcome;
    expect(textOf(board.message!)).not.toContain(`<@${world.memberId}>`);
    const retried = await study(world.memberId, 'join', { group: 'Lockers' }).outcome;
    expect(retried.message?.content).toMatch(/You joined \*\*Lockers\*\* \(2 members\)/);
  });

  it('lets a post that falls due during the lock go out once, seconds after the lock is released', { timeout: 20_000 }, async () => {
    world = await createWorld();
    const clock = fixedClock(sundayNoon);
    const app = await start(clock);
    const setup = await world.emulator.runCommand({
      guildId: world.guildId,
      channelId: world.channelId,
      userId: world.adminId,
      name: 'spotlight',
      subcommand: 'setup',
      options: { channel: world.channelId, day: 'sunday', time: '18:00', timezone: 'UTC' },
    });
    expect(textOf(setup.message!)).toMatch(/Weekly spotlight set/);
    const posts = () => world.emulator.messages(world.channelId).filter((message) => message.interactionId === null);

    clock.set(Date.UTC(2026, 10, 22, 18, 0));
    const lock = await holdWriteLock(world.config.DATABASE_PATH, 800);
    const report = await app.ctx.scheduler.tick();
    expect(report.stoppedEarly).toBe('the database is locked by another process');
    expect(posts()).toHaveLength(0);
    await lock.released;

    // No need to wait for the next minute's trigger: the scheduler tries again within seconds.
    await expect.poll(() => posts().length, { timeout: 8_000, interval: 100 }).toBe(1);
    await app.ctx.scheduler.idle();
    await app.ctx.scheduler.tick();
    expect(posts()).toHaveLength(1);
    expect(app.ctx.health.failure).toBeNull();
  });
});
