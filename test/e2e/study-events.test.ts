import { ChannelType, GuildScheduledEventStatus, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { defaultBotPermissions } from '../../src/emulator/emulator.js';
import { fixedClock, type TestClock } from '../fixtures/context.js';
import { buttonsOf, textOf } from '../fixtures/layout.js';
import { createWorld, startBot, type World } from './harness.js';

/**
 * `/study event` end to end (issue 19): a weekly Discord scheduled event for a group's session, through the real
 * discord.js client and the emulator, which refuses what Discord refuses. The emulator keeps the bot's pinned time.
 */

// Sunday 22 November 2026, noon in Berlin (UTC+1).
const sundayNoonBerlin = Date.UTC(2026, 10, 22, 11, 0);
const withEvents = defaultBotPermissions | PermissionFlagsBits.CreateEvents | PermissionFlagsBits.Connect;
let world: World | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  await world?.close();
  app = undefined;
  world = undefined;
});

async function start(clock: TestClock, botPermissions = withEvents): Promise<World> {
  world = await createWorld({ clock, botPermissions });
  app = await startBot(world, { clock });
  return world;
}

const study = (target: World, userId: string, subcommand: string, options: Record<string, string | number>) =>
  target.emulator.runCommand({ guildId: target.guildId, channelId: target.channelId, userId, name: 'study', subcommand, options });
const answer = async (pending: ReturnType<typeof study>): Promise<string> => {
  const outcome = await pending;
  return outcome.message ? (outcome.message.content || textOf(outcome.message)) : '(no answer)';
};

describe('/study event against the emulator', () => {
  it('schedules the weekly session at the group\'s time, links it on the board and in the reminder, and follows an edit', async () => {
    const clock = fixedClock(sundayNoonBerlin);
    const w = await start(clock);
    const voice = w.emulator.createChannel(w.guildId, { name: 'Reading room', type: ChannelType.GuildVoice });
    await study(w, w.adminId, 'create', { name: 'Readers', book: 'fluent python', day: 'wednesday', time: '19:00', timezone: 'Europe/Berlin' });

    const created = await answer(study(w, w.adminId, 'event', { group: 'Readers', channel: voice }));
    expect(created).toContain('Weekly session scheduled');
    const [event] = w.emulator.scheduledEvents(w.guildId);
    expect(created).toContain(`https://discord.com/events/${w.guildId}/${event!.id}`);
    // Wednesday 25 November, 19:00 in Berlin = 18:00 UTC, an hour long, every Wednesday (UTC weekday 2).
    expect(event).toMatchObject({
      name: '📖 Readers: weekly session',
      channel_id: voice,
      entity_type: 2,
      scheduled_start_time: '2026-11-25T18:00:00.000Z',
      scheduled_end_time: '2026-11-25T19:00:00.000Z',
      recurrence_rule: { start: '2026-11-25T18:00:00.000Z', frequency: 2, interval: 1, by_weekday: [2] },
    });

    const board = await answer(study(w, w.adminId, 'status', { group: 'Readers' }));
    expect(board).toContain(`**Session:** [weekly event](https://discord.com/events/${w.guildId}/${event!.id}) in <#${voice}>`);

    const edited = await answer(study(w, w.adminId, 'edit', { group: 'Readers', name: 'Fluent Readers', time: '20:30' }));
    expect(edited).toContain('Its weekly event moved with it.');
    expect(w.emulator.scheduledEvents(w.guildId)[0]).toMatchObject({ name: '📖 Fluent Readers: weekly session', scheduled_start_time: '2026-11-25T19:30:00.000Z', recurrence_rule: { by_weekday: [2] } });

    // The reminder, Wednesday 20:30 in Berlin, links it too.
    await study(w, w.memberId, 'join', { group: 'Fluent Readers' });
    clock.set(Date.UTC(2026, 10, 25, 19, 30));
    await app!.ctx.scheduler.tick();
    const reminder = w.emulator.messages(w.channelId).find((message) => message.interactionId === null)!;
    expect(textOf(reminder)).toContain(`**Session:** [weekly event](https://discord.com/events/${w.guildId}/${event!.id})`);
  });

  it('notices an event deleted in Discord, never recreates it by itself, and makes a new one only when asked; archiving cancels it', async () => {
    const w = await start(fixedClock(sundayNoonBerlin));
    await study(w, w.adminId, 'create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' });
    await answer(study(w, w.adminId, 'event', { group: 'Readers', location: 'City library, room 2', duration: 90 }));
    const [first] = w.emulator.scheduledEvents(w.guildId);
    expect(first).toMatchObject({ entity_type: 3, channel_id: null, entity_metadata: { location: 'City library, room 2' } });
    expect(Date.parse(first!.scheduled_end_time!) - Date.parse(first!.scheduled_start_time)).toBe(90 * 60_000);

    w.emulator.deleteScheduledEventAsMember(first!.id);
    expect(await answer(study(w, w.adminId, 'status', { group: 'Readers' }))).toContain('the weekly event was deleted in Discord; `/study event` makes a new one');
    expect(await answer(study(w, w.adminId, 'edit', { group: 'Readers', time: '19:00' }))).not.toContain('moved with it');
    expect(w.emulator.scheduledEvents(w.guildId)).toEqual([]);

    await answer(study(w, w.adminId, 'event', { group: 'Readers', location: 'City library, room 3' }));
    const [second] = w.emulator.scheduledEvents(w.guildId);
    expect(second!.id).not.toBe(first!.id);
    expect(await answer(study(w, w.adminId, 'event', { group: 'Readers', location: 'again' }))).toMatch(/already scheduled/);

    expect(await answer(study(w, w.adminId, 'archive', { group: 'Readers' }))).toContain('Its weekly event is canceled.');
    expect(w.emulator.scheduledEvents(w.guildId)[0]!.status).toBe(GuildScheduledEventStatus.Canceled);
  });

  it('cancels the event of a group its only member\'s forget-me archives', async () => {
    const w = await start(fixedClock(sundayNoonBerlin));
    await study(w, w.adminId, 'create', { name: 'Solo', book: 'fluent python', timezone: 'Europe/Berlin' });
    await answer(study(w, w.adminId, 'event', { group: 'Solo', location: 'Home' }));
    const confirm = await study(w, w.adminId, 'forget-me', {});
    const button = buttonsOf(confirm.message!).find((candidate) => candidate.custom_id?.includes('confirm'))!.custom_id!;
    const done = await w.emulator.pressButton({ userId: w.adminId, messageId: confirm.message!.id, customId: button });
    expect(done.message!.content || textOf(done.message!)).toContain('Its weekly event is canceled.');
    expect(w.emulator.scheduledEvents(w.guildId)[0]!.status).toBe(GuildScheduledEventStatus.Canceled);
  });

  it('explains what is missing: Create Events, Connect, a voice channel, the owner, a place', async () => {
    const w = await start(fixedClock(sundayNoonBerlin), defaultBotPermissions);
    const voice = w.emulator.createChannel(w.guildId, { name: 'Reading room', type: ChannelType.GuildVoice });
    await study(w, w.adminId, 'create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' });
    expect(await answer(study(w, w.adminId, 'event', { group: 'Readers', channel: voice }))).toMatch(/missing \*\*Create Events\*\*, \*\*Connect\*\* for <#/);
    expect(await answer(study(w, w.adminId, 'event', { group: 'Readers', channel: w.channelId }))).toMatch(/is not a voice or stage channel/);
    expect(await answer(study(w, w.memberId, 'event', { group: 'Readers', location: 'x' }))).toMatch(/Only the owner of \*\*Readers\*\*/);
    expect(await answer(study(w, w.adminId, 'event', { group: 'Readers' }))).toMatch(/Say where the session is/);
    expect(w.emulator.scheduledEvents(w.guildId)).toEqual([]);
  });

  describe('keeps the session at the group\'s local time across both DST changes', () => {
    /** Moves the pinned clock (the bot's and Discord's) and lets the scheduler run what is due, as the minute tick would. */
    async function at(clock: TestClock, iso: string): Promise<void> {
      clock.set(Date.parse(iso));
      await app!.ctx.scheduler.tick();
    }
    const eventOf = (w: World) => w.emulator.scheduledEvents(w.guildId)[0]!;

    it('in Europe/Berlin (UTC+1, +2 in summer)', async () => {
      const clock = fixedClock(Date.UTC(2027, 2, 21, 12, 0));
      const w = await start(clock);
      const voice = w.emulator.createChannel(w.guildId, { name: 'Reading room', type: ChannelType.GuildVoice });
      await study(w, w.adminId, 'create', { name: 'Readers', book: 'fluent python', day: 'wednesday', time: '19:00', timezone: 'Europe/Berlin' });
      await answer(study(w, w.adminId, 'event', { group: 'Readers', channel: voice }));
      expect(eventOf(w)).toMatchObject({ scheduled_start_time: '2027-03-24T18:00:00.000Z', recurrence_rule: { by_weekday: [2] } });

      // A minute before the clocks go forward nothing moves; at the change the event goes to 19:00 summer time.
      await at(clock, '2027-03-28T00:59:00.000Z');
      expect(eventOf(w).scheduled_start_time).toBe('2027-03-24T18:00:00.000Z');
      await at(clock, '2027-03-28T01:00:00.000Z');
      expect(eventOf(w)).toMatchObject({
        scheduled_start_time: '2027-03-31T17:00:00.000Z',
        scheduled_end_time: '2027-03-31T18:00:00.000Z',
        recurrence_rule: { start: '2027-03-31T17:00:00.000Z', by_weekday: [2] },
      });
      // Back to winter time in October; a second run at the same change sends the same times.
      await at(clock, '2027-10-31T01:00:00.000Z');
      expect(eventOf(w)).toMatchObject({ scheduled_start_time: '2027-11-03T18:00:00.000Z', recurrence_rule: { by_weekday: [2] } });
      await at(clock, '2027-10-31T01:05:00.000Z');
      expect(eventOf(w).scheduled_start_time).toBe('2027-11-03T18:00:00.000Z');
      expect(app!.ctx.store.timedTasks.find({ kind: 'study-event-move', subjectId: '1' })!.dueMs).toBe(Date.parse('2028-03-26T01:00:00.000Z'));
    });

    it('in Australia/Adelaide (UTC+9:30, +10:30 in summer), where the UTC weekday changes too', async () => {
      const clock = fixedClock(Date.UTC(2027, 2, 27, 0, 0));
      const w = await start(clock);
      await study(w, w.adminId, 'create', { name: 'Readers', book: 'fluent python', day: 'monday', time: '09:45', timezone: 'Australia/Adelaide' });
      await answer(study(w, w.adminId, 'event', { group: 'Readers', location: 'State Library, Hetzel Lecture Theatre' }));
      // Monday 09:45 in summer (+10:30) is Sunday 23:15 UTC: Discord's weekday 6.
      expect(eventOf(w)).toMatchObject({ scheduled_start_time: '2027-03-28T23:15:00.000Z', recurrence_rule: { by_weekday: [6] } });
      await at(clock, '2027-04-03T16:30:00.000Z');
      // In winter (+9:30) it is Monday 00:15 UTC: weekday 0.
      expect(eventOf(w)).toMatchObject({ scheduled_start_time: '2027-04-05T00:15:00.000Z', recurrence_rule: { by_weekday: [0] } });
      await at(clock, '2027-10-02T16:30:00.000Z');
      expect(eventOf(w)).toMatchObject({ scheduled_start_time: '2027-10-03T23:15:00.000Z', recurrence_rule: { by_weekday: [6] } });
    });

    it('does not schedule moves in a zone without DST, and stops them when the group is archived', async () => {
      const clock = fixedClock(Date.UTC(2027, 2, 21, 12, 0));
      const w = await start(clock);
      await study(w, w.adminId, 'create', { name: 'Kolkata', book: 'fluent python', timezone: 'Asia/Kolkata' });
      await study(w, w.adminId, 'create', { name: 'Berlin', book: 'fluent python', timezone: 'Europe/Berlin' });
      await answer(study(w, w.adminId, 'event', { group: 'Kolkata', location: 'Library' }));
      await answer(study(w, w.adminId, 'event', { group: 'Berlin', location: 'Library' }));
      const tasks = app!.ctx.store.timedTasks;
      expect(tasks.find({ kind: 'study-event-move', subjectId: '1' })).toBeUndefined();
      expect(tasks.find({ kind: 'study-event-move', subjectId: '2' })).toBeDefined();
      await answer(study(w, w.adminId, 'archive', { group: 'Berlin' }));
      expect(tasks.find({ kind: 'study-event-move', subjectId: '2' })).toBeUndefined();
    });
  });
});
