import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultBotPermissions } from '../../src/emulator/emulator.js';
import type { Poster } from '../../src/platform/discord/poster.js';
import { fixedClock } from '../fixtures/context.js';
import { createFaultWorld, outlastNonceWindow, setUpByCommand, startBot, sundayNoon, tickUntilDeath, withStore, type Bot, type FaultWorld } from './harness.js';

/**
 * A poll's result when the bot is killed at the poll's expiry (issue 19): the winner is queued exactly once and
 * the outcome posted exactly once, whether the process died as the post reached Discord (found in the channel
 * by its marker after the restart, past the nonce window) or before it left (posted by the restarted process).
 */

let world: FaultWorld | undefined;
let bots: Bot[] = [];

afterEach(async () => {
  for (const bot of bots) await bot.stop();
  bots = [];
  await world?.close();
  world = undefined;
});

const leaseTtlMs = 60_000;
const hour = 3_600_000;

describe('a poll whose bot dies at its expiry', () => {
  it.each([
    { when: 'just after its outcome post reached Discord', sendsBeforeDeath: 1, postedBeforeRestart: 1 },
    { when: 'just before its outcome post left', sendsBeforeDeath: 0, postedBeforeRestart: 0 },
  ])('dying $when, it queues the winner once and posts the outcome once', async ({ sendsBeforeDeath, postedBeforeRestart }) => {
    const clock = fixedClock(sundayNoon);
    world = await createFaultWorld({ clock, botPermissions: defaultBotPermissions | PermissionFlagsBits.SendPolls });
    const [server] = world.servers;
    // The first process is killed as its outcome post reaches Discord, or just before it leaves (its send never goes out).
    const killer: { bot?: Bot } = {};
    const wrap = (rest: Poster): Poster => ({
      findMarked: (...args) => rest.findMarked(...args),
      send: async (...args) => {
        if (sendsBeforeDeath > 0) return rest.send(...args);
        killer.bot!.poster.dieAfter(0);
        throw new Error('killed before the request left');
      },
    });
    const first = await startBot(world, { clock, leaseTtlMs, wallClock: clock.now, wrap });
    killer.bot = first;
    bots.push(first);
    await setUpByCommand(world, server!);
    await world.emulator.runCommand({ guildId: server!.guildId, channelId: server!.channelId, userId: server!.adminId, name: 'spotlight', subcommand: 'poll', options: { hours: 1 } });
    const poll = world.emulator.messages(server!.channelId).find((message) => message.poll !== undefined)!;
    const answers = world.emulator.pollView(poll.id).answers;
    for (const [index, username] of ['ada', 'grace', 'linus'].entries()) {
      const voter = world.emulator.createMember(server!.guildId, { username });
      world.emulator.votePoll(poll.id, voter, [answers[index === 2 ? 0 : 1]!.answerId]);
    }
    const outcomes = () => world!.emulator.messages(server!.channelId).filter((message) => message.interactionId === null && message.poll === undefined && message.type !== 46);

    if (sendsBeforeDeath > 0) first.poster.dieAfter(sendsBeforeDeath);
    clock.set(sundayNoon + hour);
    await tickUntilDeath(first);
    await first.crash();
    expect(outcomes()).toHaveLength(postedBeforeRestart);
    // The decision was recorded before the post: the winner is queued, and the poll waits to be announced.
    expect(withStore(world, (store) => store.database.prepare('SELECT state FROM book_polls').get())).toEqual({ state: 'decided' });
    await outlastNonceWindow(world.emulator);

    // Restarted later, after the dead process's lease ran out: its catch-up tick finishes the task.
    clock.set(sundayNoon + hour + 2 * leaseTtlMs);
    const second = await startBot(world, { clock, leaseTtlMs, wallClock: clock.now });
    bots.push(second);
    await second.tick();
    await second.tick();
    expect(outcomes()).toHaveLength(1);
    expect(outcomes()[0]!.components.length).toBeGreaterThan(0);
    const database = second.app.ctx.store.database;
    // Two of the three voted for the second answer: it alone is queued, once.
    const winner = database.prepare<[], { book_id: string }>('SELECT book_id FROM spotlight_queue').all();
    expect(winner).toHaveLength(1);
    expect(second.app.ctx.catalog.bookById(winner[0]!.book_id)!.title).toBe(answers[1]!.text);
    expect(database.prepare('SELECT state, outcome_message_id FROM book_polls').get()).toEqual({ state: 'announced', outcome_message_id: outcomes()[0]!.id });
    expect(second.app.ctx.store.timedTasks.due(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });
});
