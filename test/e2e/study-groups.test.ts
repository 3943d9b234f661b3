import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { RecordedMessage } from '../../src/emulator/emulator.js';
import { studyReminderKind } from '../../src/features/study-groups/job.js';
import { createRestPoster, type Poster } from '../../src/platform/discord/poster.js';
import { fixedClock, type TestClock } from '../fixtures/context.js';
import { createWorld, startBot, type World } from './harness.js';
import { buttonsOf, imagesOf, sendProblems, spotlightTitle, textOf } from '../fixtures/layout.js';

const sundayNoonBerlin = Date.UTC(2026, 10, 22, 11, 0);
let world: World;
let apps: App[] = [];

afterEach(async () => {
  for (const app of apps) await app.stop();
  apps = [];
  await world?.close();
});

async function start(clock: TestClock): Promise<App> {
  const app = await startBot(world, { clock });
  apps.push(app);
  return app;
}

const study = (userId: string, subcommand: string, options: Record<string, string>) =>
  world.emulator.runCommand({ guildId: world.guildId, channelId: world.channelId, userId, name: 'study', subcommand, options });

const reminders = (): RecordedMessage[] => world.emulator.messages(world.channelId).filter((message) => message.interactionId === null);

/** The custom_id of the first button on a message (with the scheduler's marker, as Discord stores it). */
const firstButton = (message: RecordedMessage): string => buttonsOf(message).find((button) => button.custom_id)!.custom_id!;

describe('study groups against the emulator', () => {
  it('create → a second member joins → one checks in → a week later the reminder pings only the other, once', async () => {
    world = await createWorld();
    const clock = fixedClock(sundayNoonBerlin);
    const app = await start(clock);
    const alice = world.adminId;
    const bob = world.memberId;

    const created = await study(alice, 'create', { name: 'Fluent Friends', book: 'fluent python', day: 'sunday', time: '18:00', timezone: 'Europe/Berlin', target: '2 chapters' });
    expect(sendProblems(created.message!)).toEqual([]);
    expect(textOf(created.message!)).toMatch(/^### ✅ Study group \*\*Fluent Friends\*\* is open\n\*Fluent Python\* · you are its owner/);
    expect(textOf(created.message!)).toMatch(/\*\*Next reminder:\*\* <t:\d+:F> \(<t:\d+:R>\)/);
    expect(created.message?.ephemeral).toBe(true);

    const joined = await study(bob, 'join', { group: 'fluent friends' });
    expect(joined.message?.content).toMatch(/You joined \*\*Fluent Friends\*\* \(2 members\)/);
    const checkedIn = await study(alice, 'checkin', { group: 'Fluent Friends', progress: 'ch 3', note: '@everyone loved the data model chapter' });
    expect(checkedIn.message?.content).toMatch(/Checked in to \*\*Fluent Friends\*\*: chapter 3.*1 week streak/);

    // 18:00 in Berlin: the reminder.
    clock.set(Date.UTC(2026, 10, 22, 17, 0));
    await app.ctx.scheduler.tick();
    await app.ctx.scheduler.tick();
    expect(reminders()).toHaveLength(1);
    const [reminder] = reminders();
    expect(reminder!.pinged).toEqual({ everyone: false, roles: [], users: [bob] });
    expect(textOf(reminder!)).toContain(`<@${bob}>`);
    expect(textOf(reminder!)).toContain('chapter 3');
    expect(app.ctx.store.deliveries.countByStatus(studyReminderKind)).toMatchObject({ sent: 1, claimed: 0 });

    // Bob checks in through the reminder's button: a form, then his check-in.
    const pressed = await world.emulator.pressButton({ userId: bob, messageId: reminder!.id, customId: firstButton(reminder!) });
    expect(pressed.responseType).toBe(InteractionResponseType.Modal);
    const form = pressed.modal as { custom_id: string };
    const submitted = await world.emulator.submitModal({ guildId: world.guildId, channelId: world.channelId, userId: bob, customId: form.custom_id, fields: { progress: '45%', note: '' } });
    expect(submitted.message?.content).toMatch(/Checked in to \*\*Fluent Friends\*\*: 45%/);

    // The board shows both, with their progress.
    const board = await study(bob, 'status', { group: 'Fluent Friends' });
    const description = textOf(board.message!);
    expect(description).toContain(`<@${alice}>`);
    expect(description).toContain('45%');
    expect(description).toContain('chapter 3 of 24: Dictionaries and Sets');
    // …and the progress picture: a PNG the emulator accepted, in a gallery, described in words by the names members go by.
    const [picture] = board.message!.attachments!;
    expect(picture).toMatchObject({ filename: 'progress.png', contentType: 'image/png' });
    expect(picture!.data.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [shown] = imagesOf(board.message!);
    expect(shown!.url).toBe('attachment://progress.png');
    expect(shown!.description).toContain('admin: chapter 3 of 24, checked in 1 of 1 week');
    expect(shown!.description).toContain('reader: 45%, checked in 1 of 1 week');


    // Next week everyone has checked in since the last reminder except Alice: only she is pinged.
    clock.set(Date.UTC(2026, 10, 29, 17, 0));
    await app.ctx.scheduler.tick();
    expect(reminders()).toHaveLength(2);
    expect(reminders()[1]!.pinged.users).toEqual([alice]);

    // Then Alice checks in from the board's button by picking a chapter: the form offers Fluent Python's 24
    // chapters with hers (3) selected, and a chapter that is not an option cannot be sent.
    const aliceForm = await world.emulator.pressButton({ userId: alice, messageId: board.message!.id, customId: firstButton(board.message!) });
    const chapterSelect = (aliceForm.modal as { components: { component?: { custom_id: string; options: { value: string; default?: boolean }[] } }[] }).components[0]!.component!;
    expect(chapterSelect.custom_id).toBe('chapter');
    expect(chapterSelect.options).toHaveLength(24);
    expect(chapterSelect.options.filter((option) => option.default).map((option) => option.value)).toEqual(['3']);
    const formId = (aliceForm.modal as { custom_id: string }).custom_id;
    await expect(world.emulator.submitModal({ guildId: world.guildId, channelId: world.channelId, userId: alice, customId: formId, fields: { chapter: '99' } })).rejects.toThrow();
    const picked = await world.emulator.submitModal({ guildId: world.guildId, channelId: world.channelId, userId: alice, customId: formId, fields: { chapter: '4', progress: '', note: '' } });
    expect(picked.message?.content).toMatch(/Checked in to \*\*Fluent Friends\*\*: chapter 4 of 24: Unicode Text versus Bytes\./);
  });

  it('turns the board\'s pages: the public board opens a private page, which then turns in place', async () => {
    world = await createWorld();
    await start(fixedClock(sundayNoonBerlin));
    await study(world.adminId, 'create', { name: 'Big', book: 'fluent python', timezone: 'UTC' });
    for (let i = 0; i < 55; i++) await study(world.emulator.createMember(world.guildId, { username: `reader${i}` }), 'join', { group: 'Big' });
    const board = (await study(world.memberId, 'status', { group: 'Big' })).message!;
    expect(textOf(board)).toMatch(/56 members · page 1 of 3/);
    const next = (message: RecordedMessage): string => buttonsOf(message).find((button) => button.label === 'Next ▶')!.custom_id!;

    const opened = await world.emulator.pressButton({ userId: world.adminId, messageId: board.id, customId: next(board) });
    const page2 = opened.message!;
    expect(page2.id).not.toBe(board.id);
    expect(world.emulator.ephemeralRecipient(page2)).toBe(world.adminId);
    expect(textOf(page2)).toMatch(/page 2 of 3/);
    // The public board is unchanged for everyone.
    expect(textOf(world.emulator.messages(world.channelId).find((message) => message.id === board.id)!)).toMatch(/page 1 of 3/);

    const turned = await world.emulator.pressButton({ userId: world.adminId, messageId: page2.id, customId: next(page2) });
    expect(turned.responseType).toBe(InteractionResponseType.UpdateMessage);
    const updated = world.emulator.messages(world.channelId, { includeEphemeral: true }).find((message) => message.id === page2.id)!;
    expect(textOf(updated)).toMatch(/page 3 of 3/);
    expect(world.emulator.ephemeralRecipient(updated)).toBe(world.adminId);
    // Nobody else can press a private page.
    const previous = buttonsOf(updated).find((button) => button.label?.includes('Prev'))!.custom_id!;
    await expect(world.emulator.pressButton({ userId: world.memberId, messageId: page2.id, customId: previous })).rejects.toThrow(/private/);
  });

  it('a reading plan assigns chapters, and each week\'s reminder names that week\'s', async () => {
    world = await createWorld();
    const clock = fixedClock(sundayNoonBerlin);
    const app = await start(clock);
    await study(world.adminId, 'create', { name: 'Planners', book: 'fluent python', day: 'sunday', time: '18:00', timezone: 'Europe/Berlin' });
    await study(world.memberId, 'join', { group: 'Planners' });
    // 24 chapters from this week (16–22 Nov) to the week of 3 January: 7 weeks.
    const planned = await study(world.adminId, 'plan', { group: 'Planners', end: '2027-01-03' });
    expect(textOf(planned.message!)).toContain('24 chapters over 7 weeks');
    expect(sendProblems(planned.message!)).toEqual([]);

    clock.set(Date.UTC(2026, 10, 22, 17, 0));
    await app.ctx.scheduler.tick();
    expect(textOf(reminders()[0]!)).toContain('📅 This week (16–22 Nov): ch. 1 The Python Data Model, ch. 2 An Array of Sequences, ch. 3 Dictionaries and Sets');
    clock.set(Date.UTC(2026, 10, 29, 17, 0));
    await app.ctx.scheduler.tick();
    expect(textOf(reminders()[1]!)).toContain('📅 This week (23–29 Nov): ch. 4 Unicode Text versus Bytes, ch. 5 Data Class Builders, ch. 6 Object References, Mutability, and Recycling');
    expect(reminders()[1]!.pinged.users.sort()).toEqual([world.adminId, world.memberId].sort());
  });

  it('keeps servers apart and refuses what a member cannot do, with a clear private message', async () => {
    world = await createWorld();
    const clock = fixedClock(sundayNoonBerlin);
    await start(clock);
    const other = world.emulator.createGuild({ name: 'Elsewhere' });
    const otherChannel = world.emulator.createChannel(other.id, { name: 'reading' });
    const stranger = world.emulator.createMember(other.id, { username: 'stranger' });
    await study(world.adminId, 'create', { name: 'Cosmic', book: 'cosmic python', timezone: 'UTC' });

    const elsewhere = await world.emulator.runCommand({ guildId: other.id, channelId: otherChannel, userId: stranger, name: 'study', subcommand: 'join', options: { group: 'Cosmic' } });
    expect(elsewhere.message?.content).toMatch(/No study group called “Cosmic” in this server/);
    const notMember = await study(world.memberId, 'checkin', { group: 'Cosmic', progress: 'ch 1' });
    expect(notMember.message?.content).toMatch(/You are not in \*\*Cosmic\*\* yet/);
    const nonsense = await study(world.adminId, 'checkin', { group: 'Cosmic', progress: 'lots' });
    expect(nonsense.message?.ephemeral).toBe(true);
    const duplicate = await study(world.memberId, 'create', { name: 'cosmic', book: 'fluent python', timezone: 'UTC' });
    expect(duplicate.message?.content).toMatch(/already has a group called/);
    const noZone = await study(world.memberId, 'create', { name: 'No zone', book: 'fluent python' });
    expect(noZone.message?.content).toMatch(/Add `timezone:`/);
  });

  it('hands a group only to a member who is still in the server, as Discord resolves the member option', async () => {
    world = await createWorld();
    const app = await start(fixedClock(sundayNoonBerlin));
    const carol = world.emulator.createMember(world.guildId, { username: 'carol' });
    await study(world.adminId, 'create', { name: 'Owners', book: 'fluent python', timezone: 'UTC' });
    await study(world.memberId, 'join', { group: 'Owners' });
    await study(carol, 'join', { group: 'Owners' });
    world.emulator.removeMember(world.guildId, carol);

    const toGone = await study(world.adminId, 'transfer', { group: 'Owners', member: carol });
    expect(toGone.message?.content).toMatch(/is no longer in this server: hand \*\*Owners\*\* to a member who is/);
    expect(toGone.message?.ephemeral).toBe(true);
    const toMember = await study(world.adminId, 'transfer', { group: 'Owners', member: world.memberId });
    expect(toMember.message?.content).toContain(`<@${world.memberId}> now owns **Owners**`);
    expect(app.ctx.studyGroups.board(world.guildId, 'Owners').group.ownerId).toBe(world.memberId);
  });

  it('pauses a group whose channel was deleted, with the reason on its board', async () => {
    world = await createWorld();
    const clock = fixedClock(sundayNoonBerlin);
    const app = await start(clock);
    await study(world.adminId, 'create', { name: 'Gone', book: 'fluent python', timezone: 'Europe/Berlin' });
    world.emulator.deleteChannel(world.channelId);
    clock.set(Date.UTC(2026, 10, 22, 17, 0));
    expect(await app.ctx.scheduler.tick()).toMatchObject({ paused: 1, sent: 0 });
    const board = app.ctx.studyGroups.board(world.guildId, 'Gone');
    expect(board.schedule.pausedReason).toMatch(/channel was deleted \(Discord error 10003\)/);
  });
});

describe('a study group from the weekly spotlight', () => {
  it('the post has a "Start a study group" button whose form starts a group for that book', async () => {
    world = await createWorld();
    const clock = fixedClock(sundayNoonBerlin);
    const app = await start(clock);
    await world.emulator.runCommand({
      guildId: world.guildId,
      channelId: world.channelId,
      userId: world.adminId,
      name: 'spotlight',
      subcommand: 'setup',
      options: { channel: world.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' },
    });
    clock.set(Date.UTC(2026, 10, 23, 17, 30));
    await app.ctx.scheduler.tick();
    const [post] = reminders();
    const buttons = buttonsOf(post!);
    const startButton = buttons.find((button) => button.label === 'Start a study group')!;
    const opened = await world.emulator.pressButton({ userId: world.memberId, messageId: post!.id, customId: startButton.custom_id! });
    expect(opened.responseType).toBe(InteractionResponseType.Modal);
    const form = opened.modal as { custom_id: string; components: { components: { custom_id: string; value?: string }[] }[] };
    // The server's spotlight zone is filled in.
    expect(form.components.flatMap((row) => row.components).find((input) => input.custom_id === 'timezone')?.value).toBe('Europe/Berlin');
    const created = await world.emulator.submitModal({
      guildId: world.guildId,
      channelId: world.channelId,
      userId: world.memberId,
      customId: form.custom_id,
      fields: { name: 'Spotlight readers', day: 'Friday', time: '19:00', timezone: 'Europe/Berlin' },
    });
    const title = spotlightTitle(post!)!;
    expect(textOf(created.message!)).toContain(`Study group **Spotlight readers** is open\n*${title}*`);
    expect(textOf(created.message!)).toMatch(/every Friday at 19:00 \(Europe\/Berlin\)/);
  });
});

describe('study reminders survive a restart mid fan-out', () => {
  it('a process that dies after two of five reminders leaves no duplicate behind its restart', async () => {
    world = await createWorld();
    world.emulator.setNonceWindow(100);
    const clock = fixedClock(sundayNoonBerlin);
    const channels = Array.from({ length: 5 }, (_, i) => world.emulator.createChannel(world.guildId, { name: `reading-${i}` }));
    const rest = createRestPoster({ apiBase: world.config.DISCORD_API_BASE, token: world.config.DISCORD_TOKEN });
    let sends = 0;
    // Discord takes the third post, then the process dies before it hears back; nothing after that is sent.
    const dying: Poster = {
      async send(channelId, body, nonce, options) {
        if (++sends > 3) throw new Error('process killed');
        const result = await rest.send(channelId, body, nonce, options);
        if (sends === 3) throw new Error('process killed');
        return result;
      },
      findMarked: (...args) => rest.findMarked(...args),
    };
    const first = await startBot(world, { clock, poster: dying });
    apps.push(first);
    for (const [i, channel] of channels.entries()) {
      const reply = await world.emulator.runCommand({
        guildId: world.guildId,
        channelId: channel,
        userId: world.adminId,
        name: 'study',
        subcommand: 'create',
        options: { name: `Group ${i}`, book: 'fluent python', timezone: 'Europe/Berlin' },
      });
      expect(textOf(reply.message!)).toMatch(/is open/);
    }
    clock.set(Date.UTC(2026, 10, 22, 17, 0));
    await first.ctx.scheduler.tick();
    await first.stop();
    const posted = (channel: string) => world.emulator.messages(channel).filter((message) => message.interactionId === null).length;
    expect(channels.map(posted).reduce((a, b) => a + b, 0)).toBe(3);

    // Restarted after Discord forgot every nonce: it finds the third reminder and posts the other two.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await startBot(world, { clock });
    apps.push(second);
    for (let i = 0; i < 3; i++) {
      clock.set(clock.now() + 20 * 60_000);
      await second.ctx.scheduler.tick();
    }
    expect(channels.map(posted)).toEqual([1, 1, 1, 1, 1]);
    expect(second.ctx.store.deliveries.countByStatus(studyReminderKind)).toMatchObject({ sent: 5, claimed: 0 });
  });
});
