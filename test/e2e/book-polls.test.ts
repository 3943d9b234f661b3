import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { defaultBotPermissions } from '../../src/emulator/emulator.js';
import type { RecordedMessage } from '../../src/emulator/state.js';
import { fixedClock, type TestClock } from '../fixtures/context.js';
import { textOf } from '../fixtures/layout.js';
import { createWorld, startBot, type World } from './harness.js';

/**
 * `/spotlight poll` and `/study poll` end to end (issue 19): a native poll posted through the real discord.js
 * client's REST, votes by members in the emulator, the result read at the poll's expiry by a timed task on the
 * scheduler, the winner applied once and the outcome posted once (Components v2).
 */

const sundayNoon = Date.UTC(2026, 10, 22, 11, 0);
const hour = 3_600_000;
const withPolls = defaultBotPermissions | PermissionFlagsBits.SendPolls;
let world: World | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  await world?.close();
  app = undefined;
  world = undefined;
});

async function start(clock: TestClock, botPermissions = withPolls): Promise<World> {
  world = await createWorld({ clock, botPermissions });
  app = await startBot(world, { clock });
  return world;
}

const run = (w: World, userId: string, name: string, subcommand: string, options: Record<string, string | number> = {}) =>
  w.emulator.runCommand({ guildId: w.guildId, channelId: w.channelId, userId, name, subcommand, options });
const answer = async (pending: ReturnType<typeof run>): Promise<string> => {
  const outcome = await pending;
  return outcome.message ? outcome.message.content || textOf(outcome.message) : '(no answer)';
};
const pollMessages = (w: World): RecordedMessage[] => w.emulator.messages(w.channelId).filter((message) => message.poll !== undefined);
const outcomePosts = (w: World): RecordedMessage[] => w.emulator.messages(w.channelId).filter((message) => message.interactionId === null && message.poll === undefined && message.type !== 46);

/** Members vote: each picks the answer with that text. */
function vote(w: World, poll: RecordedMessage, votes: Record<string, string>): void {
  const view = w.emulator.pollView(poll.id);
  for (const [userId, text] of Object.entries(votes)) {
    const chosen = view.answers.find((candidate) => candidate.text === text);
    if (!chosen) throw new Error(`no answer "${text}" in ${view.answers.map((a) => a.text).join(', ')}`);
    w.emulator.votePoll(poll.id, userId, [chosen.answerId]);
  }
}

async function passTo(clock: TestClock, atMs: number): Promise<void> {
  clock.set(atMs);
  await app!.ctx.scheduler.tick();
}

describe('polls for the next book', () => {
  it('a spotlight poll with three voters queues its winner as the next spotlight, once, and posts the outcome once', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock);
    await run(w, w.adminId, 'spotlight', 'setup', { channel: w.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' });
    const [alice, bob] = [w.emulator.createMember(w.guildId, { username: 'alice' }), w.emulator.createMember(w.guildId, { username: 'bob' })];

    const started = await answer(run(w, w.adminId, 'spotlight', 'poll', { hours: 2 }));
    expect(started).toContain('Poll posted');
    const [poll] = pollMessages(w);
    const view = w.emulator.pollView(poll!.id);
    expect(view.question).toBe('Which book should be the next spotlight?');
    expect(view.answers.length).toBeGreaterThanOrEqual(2);
    expect(view.answers.length).toBeLessThanOrEqual(10);
    expect(view.answers.every((candidate) => candidate.text.length <= 55)).toBe(true);
    expect(view.expiresAt).toBe(sundayNoon + 2 * hour);
    // The poll offers only books not spotlighted yet, none already queued: the next spotlight (per /spotlight status) is among them.
    const second = view.answers[1]!.text;
    vote(w, poll!, { [alice]: second, [bob]: second, [w.memberId]: view.answers[0]!.text });
    expect(await answer(run(w, w.adminId, 'spotlight', 'poll'))).toMatch(/already running/);

    await passTo(clock, sundayNoon + 2 * hour - 60_000);
    expect(outcomePosts(w)).toHaveLength(0);
    await passTo(clock, sundayNoon + 2 * hour);
    const [outcome] = outcomePosts(w);
    expect(textOf(outcome!)).toContain('Poll closed');
    expect(textOf(outcome!)).toContain(`🏆 **${second}** won with 2 votes of 3.`);
    expect(textOf(outcome!)).toContain('It is queued as the next spotlight.');
    const status = await answer(run(w, w.adminId, 'spotlight', 'status'));
    expect(status).toContain(`1. ${second} (queued)`);

    // Later ticks change nothing.
    await passTo(clock, sundayNoon + 3 * hour);
    await passTo(clock, sundayNoon + 4 * hour);
    expect(outcomePosts(w)).toHaveLength(1);
    expect(app!.ctx.store.database.prepare('SELECT COUNT(*) AS n FROM spotlight_queue').get()).toEqual({ n: 1 });
  });

  it('a group poll can begin the winner at once, or keep it as the next book until everyone has finished', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock);
    await run(w, w.adminId, 'study', 'create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' });
    await run(w, w.memberId, 'study', 'join', { group: 'Readers' });
    expect(await answer(run(w, w.memberId, 'study', 'poll', { group: 'Readers' }))).toMatch(/Only the owner of \*\*Readers\*\*/);

    await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers', hours: 1 }));
    const [poll] = pollMessages(w);
    const view = w.emulator.pollView(poll!.id);
    expect(view.question).toBe('What should Readers read next?');
    expect(view.answers.map((candidate) => candidate.text)).not.toContain('Fluent Python');
    const winner = view.answers[2]!.text;
    vote(w, poll!, { [w.adminId]: winner, [w.memberId]: winner });
    await passTo(clock, sundayNoon + hour);
    expect(textOf(outcomePosts(w)[0]!)).toContain('It is **Readers**’s next book');
    expect(await answer(run(w, w.adminId, 'study', 'status', { group: 'Readers' }))).toContain(`Next: *${winner}* (chosen by poll)`);

    // The last of the two members to finish begins the next book; progress starts afresh.
    await run(w, w.adminId, 'study', 'checkin', { group: 'Readers', progress: 'done' });
    const last = await answer(run(w, w.memberId, 'study', 'checkin', { group: 'Readers', progress: 'done' }));
    expect(last).toContain(`the group now reads **${winner}**`);
    const board = await answer(run(w, w.adminId, 'study', 'status', { group: 'Readers' }));
    expect(board).toContain(`*${winner}*`);
    expect(board).not.toContain('Next:');

    // A second poll leaves out both books read, and begins its winner at once.
    clock.advance(60_000);
    await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers', hours: 1, begin: 'at-once' }));
    const second = pollMessages(w)[1]!;
    const offered = w.emulator.pollView(second.id).answers.map((candidate) => candidate.text);
    expect(offered).not.toContain('Fluent Python');
    expect(offered).not.toContain(winner);
    vote(w, second, { [w.memberId]: offered[0]! });
    await passTo(clock, clock.now() + hour);
    expect(textOf(outcomePosts(w)[1]!)).toContain(`**Readers** now reads **${offered[0]}**`);
  });

  it('breaks a tie for the book listed first, and says so; with no votes nothing changes', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock);
    await run(w, w.adminId, 'study', 'create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' });
    await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers', hours: 1 }));
    const [poll] = pollMessages(w);
    const texts = w.emulator.pollView(poll!.id).answers.map((candidate) => candidate.text);
    vote(w, poll!, { [w.adminId]: texts[3]!, [w.memberId]: texts[1]! });
    await passTo(clock, sundayNoon + hour);
    const text = textOf(outcomePosts(w)[0]!);
    expect(text).toContain(`🏆 **${texts[1]}** won with 1 vote of 2.`);
    expect(text).toContain(`Tied with **${texts[3]}**. A tie goes to the tied book listed first in the poll.`);

    clock.advance(60_000);
    await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers', hours: 1 }));
    await passTo(clock, clock.now() + hour);
    expect(textOf(outcomePosts(w)[1]!)).toContain('Nobody voted. Nothing changes');
  });

  it('notices a poll deleted before it ends and applies nothing', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock);
    await run(w, w.adminId, 'spotlight', 'setup', { channel: w.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' });
    await answer(run(w, w.adminId, 'spotlight', 'poll', { hours: 1 }));
    const [poll] = pollMessages(w);
    vote(w, poll!, { [w.memberId]: w.emulator.pollView(poll!.id).answers[0]!.text });
    w.emulator.deleteMessage(poll!.id);
    await passTo(clock, sundayNoon + hour);
    expect(outcomePosts(w)).toHaveLength(0);
    expect(app!.ctx.store.database.prepare('SELECT state, reason FROM book_polls').get()).toEqual({ state: 'deleted', reason: 'the poll message was deleted before its result was read' });
    expect(app!.ctx.store.database.prepare('SELECT COUNT(*) AS n FROM spotlight_queue').get()).toEqual({ n: 0 });
    // A new poll may be started.
    expect(await answer(run(w, w.adminId, 'spotlight', 'poll'))).toContain('Poll posted');
  });

  it('checks Send Polls first, and the duration', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock, defaultBotPermissions);
    await run(w, w.adminId, 'study', 'create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' });
    expect(await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers' }))).toMatch(/missing \*\*Send Polls\*\*/);
    expect(await answer(run(w, w.adminId, 'spotlight', 'poll'))).toMatch(/spotlight/i);
    expect(pollMessages(w)).toHaveLength(0);
  });

  it('never posts two polls: two members at once, or a post Discord refused, leave one poll or none, and a later start works', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock);
    await run(w, w.adminId, 'study', 'create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' });
    // discord.js tries a 5xx four times in all: every try fails.
    w.emulator.failNextRequests({ count: 4, status: 500, method: 'POST', path: /^\/channels\/\d+\/messages$/ });
    expect(await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers' }))).not.toContain('Poll posted');
    expect(pollMessages(w)).toHaveLength(0);
    const both = await Promise.all([answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers' })), answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers' }))]);
    expect(both.filter((text) => text.includes('Poll posted'))).toHaveLength(1);
    expect(both.filter((text) => /already running|right now/.test(text))).toHaveLength(1);
    expect(pollMessages(w)).toHaveLength(1);
  });

  it('does not queue a winner spotlighted while the poll ran', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock);
    await run(w, w.adminId, 'spotlight', 'setup', { channel: w.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' });
    // Answer 1 is the rotation's next pick: it is the Monday post, made (at 17:30 UTC) before the poll ends at 18:00 UTC.
    await answer(run(w, w.adminId, 'spotlight', 'poll', { hours: 31 }));
    const [poll] = pollMessages(w);
    const first = w.emulator.pollView(poll!.id).answers[0]!.text;
    vote(w, poll!, { [w.memberId]: first });
    await passTo(clock, sundayNoon + 31 * hour);
    const texts = outcomePosts(w).map((message) => textOf(message));
    expect(texts.some((text) => text.includes(`Weekly spotlight: ${first}`))).toBe(true);
    expect(texts.find((text) => text.includes('Poll closed'))).toContain('It was spotlighted while the poll ran, so it is not queued again.');
    expect(app!.ctx.store.database.prepare('SELECT COUNT(*) AS n FROM spotlight_queue').get()).toEqual({ n: 0 });
  });

  it('a winner the group already reads is simply begun, and the finishing check-in is not progress in the next book', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock);
    await run(w, w.adminId, 'study', 'create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' });
    await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers', hours: 1 }));
    const [poll] = pollMessages(w);
    const pick = w.emulator.pollView(poll!.id).answers[0]!.text;
    vote(w, poll!, { [w.adminId]: pick });
    // The owner switches to that book by hand while the poll runs.
    await run(w, w.adminId, 'study', 'edit', { group: 'Readers', book: pick });
    await passTo(clock, sundayNoon + hour);
    expect(textOf(outcomePosts(w)[0]!)).toContain(`**Readers** now reads **${pick}**`);
    expect(await answer(run(w, w.adminId, 'study', 'status', { group: 'Readers' }))).not.toContain('Next:');

    // Next poll, begun once everyone finished: the finisher starts the new book at zero.
    clock.advance(60_000);
    await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers', hours: 1 }));
    const second = pollMessages(w)[1]!;
    const next = w.emulator.pollView(second.id).answers[0]!.text;
    vote(w, second, { [w.adminId]: next });
    await passTo(clock, clock.now() + hour);
    clock.advance(60_000);
    expect(await answer(run(w, w.adminId, 'study', 'checkin', { group: 'Readers', progress: 'done' }))).toContain(`the group now reads **${next}**`);
    const board = app!.ctx.studyGroups.board(w.guildId, 'Readers');
    expect(board.book!.title).toBe(next);
    expect(board.members.find((member) => member.userId === w.adminId)!.latest).toBeNull();
  });

  it('a group that begins the winner at once has its weekly event name the new book', async () => {
    const clock = fixedClock(sundayNoon);
    const w = await start(clock, withPolls | PermissionFlagsBits.CreateEvents);
    await run(w, w.adminId, 'study', 'create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' });
    await answer(run(w, w.adminId, 'study', 'event', { group: 'Readers', location: 'Library' }));
    expect(w.emulator.scheduledEvents(w.guildId)[0]!.description).toContain('Reading Fluent Python together');
    await answer(run(w, w.adminId, 'study', 'poll', { group: 'Readers', hours: 1, begin: 'at-once' }));
    const [poll] = pollMessages(w);
    const winner = w.emulator.pollView(poll!.id).answers[1]!.text;
    vote(w, poll!, { [w.memberId]: winner });
    await passTo(clock, sundayNoon + hour);
    expect(w.emulator.scheduledEvents(w.guildId)[0]!.description).toContain(`Reading ${winner} together`);
  });
});
