import { afterEach, describe, expect, it } from 'vitest';
import { localWeekKey } from '../../src/core/weekly-rule.js';
import { composeReminder } from '../../src/features/study-groups/core/reminder.js';
import { studyReminderKind } from '../../src/features/study-groups/job.js';
import { createStudyGroupRepository } from '../../src/features/study-groups/repository.js';
import { markersIn } from '../../src/platform/discord/message-marker.js';
import { deliveryNonce } from '../../src/platform/scheduling/delivery-nonce.js';
import { fixedClock } from '../fixtures/context.js';
import { createFaultWorld, mondayEvening, outlastNonceWindow, postsIn, startBot, sundayNoon, tickUntilDeath, type Bot, type FaultWorld } from './harness.js';
import { textOf } from '../fixtures/layout.js';

let world: FaultWorld | undefined;
let bots: Bot[] = [];

afterEach(async () => {
  for (const bot of bots) await bot.stop();
  bots = [];
  await world?.close();
  world = undefined;
});

const leaseTtlMs = 60_000;
/** A group's most members: its reminder needs three messages (2,000 characters and 100 pings each at most). */
const members = 200;

describe('scenario 4: the process dies after the first of a reminder’s messages; a member leaves and one joins meanwhile', () => {
  it('the restart sends exactly the rest of the reminder as composed at its due time', { timeout: 30_000 }, async () => {
    world = await createFaultWorld({ servers: 1 });
    const [server] = world.servers;
    const { emulator } = world;
    const clock = fixedClock(sundayNoon);
    const first = await startBot(world, { clock, leaseTtlMs });
    bots.push(first);
    const study = (userId: string, subcommand: string, options: Record<string, string>) =>
      emulator.runCommand({ guildId: server!.guildId, channelId: server!.channelId, userId, name: 'study', subcommand, options });
    const created = await study(server!.adminId, 'create', { name: 'Big club', book: 'fluent python', day: 'monday', time: '18:30', timezone: 'Europe/Berlin' });
    expect(textOf(created.message!)).toMatch(/is open/);
    // What 199 `/study join`s store, written with the repository.
    const repository = createStudyGroupRepository(first.app.ctx.store.database);
    const group = repository.findByName(server!.guildId, 'Big club')!;
    for (let n = 1; n < members; n++) repository.addMember(group.groupId, emulator.createMember(server!.guildId, { username: `reader${n}` }), sundayNoon);
    const nudged = repository.members(group.groupId).map((member) => member.userId);
    const composed = composeReminder({ groupName: 'Big club', bookTitle: 'Fluent Python', checkins: [], nudge: nudged, inactive: 0, onBreak: 0 });
    expect(composed.length).toBeGreaterThanOrEqual(3);

    // Monday 18:30 in Berlin: Discord takes the first message, then the process is gone before it hears back.
    first.poster.dieAfter(1);
    clock.set(mondayEvening);
    await tickUntilDeath(first);
    await first.crash();
    const key = { guildId: server!.guildId, kind: studyReminderKind, subjectId: String(group.groupId), weekKey: localWeekKey(mondayEvening, 'Europe/Berlin') };
    expect(postsIn(emulator, server!.channelId)).toHaveLength(1);

    // While it is down, a member the first message pinged leaves, and someone new joins (after the due time).
    const second = await startBot(world, { clock, leaseTtlMs });
    bots.push(second);
    expect(second.app.ctx.store.deliveries.find(key)).toMatchObject({ status: 'claimed' });
    const leaver = postsIn(emulator, server!.channelId)[0]!.pinged.users[10]!;
    const joiner = emulator.createMember(server!.guildId, { username: 'latecomer' });
    clock.advance(60_000);
    expect((await study(leaver, 'leave', { group: 'Big club' })).message?.content).toMatch(/You left \*\*Big club\*\*/);
    expect((await study(joiner, 'join', { group: 'Big club' })).message?.content).toMatch(/You joined/);

    // The dead process's lease runs out, Discord has forgotten the nonces: the restart resumes the reminder.
    await outlastNonceWindow(emulator);
    clock.advance(leaseTtlMs + 1_000);
    expect(await second.tick()).toMatchObject({ ran: true, sent: 1, stoppedEarly: null });

    const posts = postsIn(emulator, server!.channelId);
    expect(posts.map((post) => textOf(post))).toEqual(composed.map((message) => message.content));
    expect(posts.map((post) => markersIn(post))).toEqual(composed.map((_, index) => [deliveryNonce(key, index)]));
    const pinged = posts.flatMap((post) => post.pinged.users);
    expect(pinged.sort()).toEqual([...nudged].sort());
    expect(pinged).not.toContain(joiner);
    expect(second.app.ctx.store.deliveries.find(key)).toMatchObject({ status: 'sent', messageId: posts[0]!.id });
  });
});
