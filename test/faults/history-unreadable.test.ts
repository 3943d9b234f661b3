import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { localWeekKey } from '../../src/core/weekly-rule.js';
import { defaultBotPermissions } from '../../src/emulator/emulator.js';
import { fixedClock } from '../fixtures/context.js';
import {
  createFaultWorld,
  duePosts,
  expectExactlyOnce,
  mondayEvening,
  mondayWeek,
  outlastNonceWindow,
  setUpByCommand,
  spotlightKind,
  startBot,
  statusField,
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

/** What discord.js' cache (kept current by the gateway) says about the bot in a channel. */
function canReadHistory(bot: Bot, guildId: string, channelId: string): boolean {
  const guild = bot.app.client.guilds.cache.get(guildId);
  const me = guild?.members.me;
  return Boolean(me && guild.channels.cache.get(channelId)?.permissionsFor(me)?.has(PermissionFlagsBits.ReadMessageHistory));
}
const weekMs = 7 * 86_400_000;

describe('scenario 6: an earlier attempt cannot be checked (Read Message History revoked)', () => {
  it('records the week as unverified with the reason in status, and never re-sends', async () => {
    world = await createFaultWorld({ servers: 2 });
    const clock = fixedClock(sundayNoon);
    const first = await startBot(world, { clock, leaseTtlMs });
    bots.push(first);
    for (const server of world.servers) await setUpByCommand(world, server);

    // The process dies after one post reached Discord; the other server's request never left. Both stay claimed.
    first.poster.dieAfter(1);
    clock.set(mondayEvening);
    await tickUntilDeath(first);
    await first.crash();
    expect(world.emulator.allMessages().filter((message) => message.interactionId === null)).toHaveLength(1);

    const second = await startBot(world, { clock, leaseTtlMs });
    bots.push(second);
    for (const server of world.servers) {
      world.emulator.revokeBotPermission(server.channelId, PermissionFlagsBits.ReadMessageHistory);
      await expect.poll(() => canReadHistory(second, server.guildId, server.channelId)).toBe(false);
    }
    await outlastNonceWindow(world.emulator);
    clock.advance(leaseTtlMs + 1_000);
    const before = world.emulator.core.requests.length;
    expect(await second.tick()).toMatchObject({ ran: true, unverified: 2, sent: 0, verified: 0, historyReads: 0 });
    // Not even an attempt: no POST (nor a history read that would come back empty) left the bot.
    expect(world.emulator.core.requests.slice(before).filter((request) => request.path.includes('/channels/'))).toEqual([]);

    for (const server of world.servers) {
      const delivery = second.app.ctx.store.deliveries.find({ guildId: server.guildId, kind: spotlightKind, subjectId: '', weekKey: mondayWeek })!;
      expect(delivery.status).toBe('unverified');
      expect(delivery.reason).toMatch(/Read Message History/);
      const status = await world.spotlight(server, 'status');
      expect(statusField(status, 'Since then')).toMatch(new RegExp(`Week ${mondayWeek}: may or may not have been posted: .*Read Message History is missing`));
      expect(statusField(status, 'Since then')).toMatch(/I never post twice when unsure/);
      expect(statusField(status, 'Last post')).toBe('none yet');
    }
    expectExactlyOnce('6 history unreadable', tallyPosts(world.emulator, second.app.ctx.store, duePosts(world.servers, [mondayWeek])));

    // Once the permission is back, the next week is posted as usual, once.
    for (const server of world.servers) world.emulator.setBotPermissions(server.channelId, defaultBotPermissions);
    await expect.poll(() => world!.servers.every((server) => canReadHistory(second, server.guildId, server.channelId))).toBe(true);
    clock.set(mondayEvening + weekMs);
    expect(await second.tick()).toMatchObject({ sent: 2 });
    const nextWeek = localWeekKey(mondayEvening + weekMs, 'Europe/Berlin');
    const detail = tallyPosts(world.emulator, second.app.ctx.store, duePosts(world.servers, [mondayWeek, nextWeek]));
    expect(detail).toMatchObject({ due: 4, delivered: 3, recorded: 1, duplicated: 0, lost: 0, problems: [] });
  });
});
