import { ChannelType, GuildScheduledEventEntityType, GuildScheduledEventStatus, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultBotPermissions, Emulator } from '../../src/emulator/emulator.js';
import { maxUncompletedEvents } from '../../src/emulator/scheduled-events.js';
import { botRequest } from '../fixtures/bot-request.js';

/**
 * Guild Scheduled Events as the emulator refuses and keeps them (DISCORD-REFERENCE.md §2), over real HTTP with
 * the bot's token: the fields each entity type needs, the recurrence rules an app may set, status transitions,
 * the permissions, the 100-event limit (30038) and an unknown event (10070). The emulator's clock is pinned.
 */

const now = Date.UTC(2026, 11, 9, 12, 0);
let emulator: Emulator;
let guildId: string;
let voiceId: string;
let textId: string;

beforeEach(async () => {
  emulator = await Emulator.start({ snowflakeClock: () => now, globalPerSecond: 1_000_000 });
  guildId = emulator.createGuild({ name: 'Readers', botPermissions: defaultBotPermissions | PermissionFlagsBits.CreateEvents | PermissionFlagsBits.Connect }).id;
  voiceId = emulator.createChannel(guildId, { name: 'Reading room', type: ChannelType.GuildVoice });
  textId = emulator.createChannel(guildId, { name: 'books' });
});
afterEach(async () => {
  await emulator.close();
});

const call = (method: string, path: string, body?: unknown) => botRequest(emulator, method, path, body);

const inAnHour = new Date(now + 3_600_000).toISOString();
const inTwoHours = new Date(now + 7_200_000).toISOString();
const weekly = (start: string, day = 2) => ({ start, frequency: 2, interval: 1, by_weekday: [day] });
const voiceEvent = (extra: Record<string, unknown> = {}) => ({ name: 'Readers: chapter 5', privacy_level: 2, scheduled_start_time: inAnHour, entity_type: GuildScheduledEventEntityType.Voice, channel_id: voiceId, ...extra });
const externalEvent = (extra: Record<string, unknown> = {}) => ({
  name: 'Readers at the library',
  privacy_level: 2,
  scheduled_start_time: inAnHour,
  scheduled_end_time: inTwoHours,
  entity_type: GuildScheduledEventEntityType.External,
  channel_id: null,
  entity_metadata: { location: 'City library, room 2' },
  ...extra,
});
const create = (body: unknown) => call('POST', `/guilds/${guildId}/scheduled-events`, body);
const fieldsOf = (response: { body: { errors?: Record<string, unknown> } }): string[] => Object.keys(response.body.errors ?? {});

describe('scheduled events in the emulator', () => {
  it('creates a weekly voice event and an external one, lists and reads them back', async () => {
    const voice = await create(voiceEvent({ recurrence_rule: weekly(inAnHour) }));
    expect(voice.status).toBe(200);
    expect(voice.body).toMatchObject({ guild_id: guildId, channel_id: voiceId, status: GuildScheduledEventStatus.Scheduled, entity_metadata: null, recurrence_rule: { frequency: 2, by_weekday: [2] } });
    const external = await create(externalEvent());
    expect(external.status).toBe(200);
    expect((await call('GET', `/guilds/${guildId}/scheduled-events`)).body).toHaveLength(2);
    expect((await call('GET', `/guilds/${guildId}/scheduled-events/${String(voice.body.id)}`)).body).toMatchObject({ name: 'Readers: chapter 5' });
    expect(emulator.scheduledEvents(guildId).map((event) => event.id)).toEqual([voice.body.id, external.body.id]);
  });

  it('refuses the fields an entity type does not allow, with a field path (50035)', async () => {
    const noChannel = await create(voiceEvent({ channel_id: undefined }));
    expect([noChannel.status, noChannel.body.code, fieldsOf(noChannel)]).toEqual([400, 50035, ['channel_id']]);
    expect(fieldsOf(await create(externalEvent({ scheduled_end_time: undefined })))).toEqual(['scheduled_end_time']);
    expect(fieldsOf(await create(externalEvent({ entity_metadata: undefined })))).toEqual(['entity_metadata.location']);
    expect(fieldsOf(await create(externalEvent({ channel_id: voiceId })))).toEqual(['channel_id']);
    expect(fieldsOf(await create(voiceEvent({ privacy_level: 1 })))).toEqual(['privacy_level']);
    expect(fieldsOf(await create(voiceEvent({ name: '' })))).toEqual(['name']);
    expect(fieldsOf(await create(voiceEvent({ scheduled_start_time: new Date(now - 60_000).toISOString() })))).toEqual(['scheduled_start_time']);
    expect(fieldsOf(await create(voiceEvent({ channel_id: textId })))).toEqual(['channel_id']);
    // entity_metadata is dropped, silently, for a voice event.
    expect((await create(voiceEvent({ entity_metadata: { location: 'x' } }))).body.entity_metadata).toBeNull();
  });

  it('refuses recurrence rules an app may not set', async () => {
    const refused = async (rule: Record<string, unknown>) => fieldsOf(await create(voiceEvent({ recurrence_rule: rule })));
    expect(await refused({ ...weekly(inAnHour), end: inTwoHours })).toEqual(['recurrence_rule.end']);
    expect(await refused({ ...weekly(inAnHour), count: 3 })).toEqual(['recurrence_rule.count']);
    expect(await refused({ ...weekly(inAnHour), by_weekday: [1, 3] })).toEqual(['recurrence_rule.by_weekday']);
    expect(await refused({ ...weekly(inAnHour), interval: 3 })).toEqual(['recurrence_rule.interval']);
    expect(await refused({ ...weekly(inAnHour), frequency: 3, by_weekday: [0, 2] })).toEqual(['recurrence_rule.by_weekday']);
    expect(await refused({ ...weekly(inAnHour), by_n_weekday: [{ n: 1, day: 2 }] })).toContain('recurrence_rule');
    expect(await refused(weekly(inTwoHours))).toEqual(['recurrence_rule.start']);
    expect((await create(voiceEvent({ recurrence_rule: { ...weekly(inAnHour), interval: 2 } }))).status).toBe(200);
  });

  it('needs Create Events, and View Channel and Connect in a voice channel (50013)', async () => {
    const noConnect = emulator.createChannel(guildId, { name: 'Locked room', type: ChannelType.GuildVoice, botPermissions: PermissionFlagsBits.ViewChannel });
    const locked = await create(voiceEvent({ channel_id: noConnect }));
    expect([locked.status, locked.body.code]).toEqual([403, 50013]);
    const other = emulator.createGuild({ name: 'No events', botPermissions: defaultBotPermissions }).id;
    const refused = await call('POST', `/guilds/${other}/scheduled-events`, externalEvent());
    expect([refused.status, refused.body.code]).toEqual([403, 50013]);
  });

  it('moves status only as Discord allows, edits and clears a rule, deletes, and answers 10070 for an event that is gone', async () => {
    const event = (await create(voiceEvent({ recurrence_rule: weekly(inAnHour) }))).body;
    const path = `/guilds/${guildId}/scheduled-events/${String(event.id)}`;
    const renamed = await call('PATCH', path, { name: 'Readers: chapter 6', recurrence_rule: null });
    expect(renamed.body).toMatchObject({ name: 'Readers: chapter 6', recurrence_rule: null });
    expect(fieldsOf(await call('PATCH', path, { status: GuildScheduledEventStatus.Completed }))).toEqual(['status']);
    expect((await call('PATCH', path, { status: GuildScheduledEventStatus.Canceled })).body.status).toBe(GuildScheduledEventStatus.Canceled);
    expect(fieldsOf(await call('PATCH', path, { name: 'again' }))).toEqual(['status']);
    expect((await call('DELETE', path)).status).toBe(204);
    const gone = await call('GET', path);
    expect([gone.status, gone.body.code]).toEqual([404, 10070]);
    const other = (await create(voiceEvent())).body;
    emulator.deleteScheduledEventAsMember(String(other.id));
    expect((await call('PATCH', `/guilds/${guildId}/scheduled-events/${String(other.id)}`, { name: 'x' })).body.code).toBe(10070);
  });

  it(`keeps at most ${maxUncompletedEvents} scheduled or active events (30038); a canceled one frees a place`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < maxUncompletedEvents; i++) ids.push(String((await create(externalEvent({ name: `Session ${i}` }))).body.id));
    const over = await create(externalEvent());
    expect([over.status, over.body.code]).toEqual([400, 30038]);
    await call('PATCH', `/guilds/${guildId}/scheduled-events/${ids[0]}`, { status: GuildScheduledEventStatus.Canceled });
    expect((await create(externalEvent())).status).toBe(200);
  });
});
