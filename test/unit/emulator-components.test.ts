import { ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { allComponents, componentWithCustomId } from '../../src/emulator/message-components.js';
import { useEmulatorServer } from '../fixtures/emulator-server.js';

/** Pressing buttons wherever Components v2 puts them, picking a select's options, and who sees an ephemeral reply. */

const server = useEmulatorServer();

async function post(path: string, body: unknown, auth = true): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.emulator.apiBase}/v10${path}`, {
    method: 'POST',
    headers: { ...(auth ? { Authorization: `Bot ${server.emulator.token}` } : {}), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const answer = (record: InteractionRecord, data: Record<string, unknown>) =>
  post(`/interactions/${record.id}/${record.token}/callback`, { type: InteractionResponseType.ChannelMessageWithSource, data }, false);

const select = { type: ComponentType.StringSelect, custom_id: 'pick', min_values: 1, max_values: 2, options: ['a', 'b', 'c'].map((value) => ({ label: value.toUpperCase(), value })) };

const v2Tree = [
  {
    type: ComponentType.Container,
    components: [
      { type: ComponentType.Section, components: [{ type: ComponentType.TextDisplay, content: 'Fluent Python' }], accessory: { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'More', custom_id: 'more' } },
      { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Off', custom_id: 'off', disabled: true }] },
    ],
  },
  { type: ComponentType.ActionRow, components: [select] },
];

// The buttons sit where Components v2 puts them: a section's accessory and a row inside a container.
async function postMessage(): Promise<string> {
  const sent = await post(`/channels/${server.channelId}/messages`, { flags: MessageFlags.IsComponentsV2, components: v2Tree });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return sent.body.id as string;
}

describe('allComponents', () => {
  it("finds a button that is a section's accessory inside a container, and a select in a row", () => {
    expect(componentWithCustomId(v2Tree, 'more')).toMatchObject({ type: ComponentType.Button, label: 'More' });
    expect(componentWithCustomId(v2Tree, 'off')).toMatchObject({ disabled: true });
    expect(componentWithCustomId(v2Tree, 'pick')).toMatchObject({ type: ComponentType.StringSelect });
    expect(componentWithCustomId(v2Tree, 'nope')).toBeUndefined();
    expect(allComponents(v2Tree).map((component) => component.type)).toEqual([17, 9, 10, 2, 1, 2, 1, 3]);
  });
});

/** Starts the interaction, lets the "bot" (this test) answer it, and returns what the bot was sent. */
async function interact(start: () => Promise<unknown>, reply: Record<string, unknown> = { content: 'ok' }): Promise<InteractionRecord> {
  const before = server.emulator.interactions.length;
  const outcome = start();
  await expect.poll(() => server.emulator.interactions.length).toBe(before + 1);
  const record = server.emulator.interactions.at(-1)!;
  expect((await answer(record, reply)).status).toBe(204);
  await outcome;
  return record;
}

describe('component interactions', () => {
  it('presses a button on a message the bot sent', async () => {
    const messageId = await postMessage();
    const record = await interact(() => server.emulator.pressButton({ userId: server.memberId, messageId, customId: 'more' }));
    expect(record.payload.data).toEqual({ custom_id: 'more', component_type: ComponentType.Button });
  });

  it('refuses a disabled button and a custom id the message lacks, as no client could send them', async () => {
    const messageId = await postMessage();
    await expect(server.emulator.pressButton({ userId: server.memberId, messageId, customId: 'off' })).rejects.toThrow(/disabled/);
    await expect(server.emulator.pressButton({ userId: server.memberId, messageId, customId: 'nope' })).rejects.toThrow(/no button/);
    await expect(server.emulator.pressButton({ userId: server.memberId, messageId, customId: 'pick' })).rejects.toThrow(/no button/);
  });

  it("sends a select's chosen values, within its min and max, and only its own options", async () => {
    const messageId = await postMessage();
    const record = await interact(() => server.emulator.chooseOptions({ userId: server.memberId, messageId, customId: 'pick', values: ['a', 'c'] }));
    expect(record.payload.data).toEqual({ custom_id: 'pick', component_type: ComponentType.StringSelect, values: ['a', 'c'] });
    await expect(server.emulator.chooseOptions({ userId: server.memberId, messageId, customId: 'pick', values: ['z'] })).rejects.toThrow(/no option "z"/);
    await expect(server.emulator.chooseOptions({ userId: server.memberId, messageId, customId: 'pick', values: [] })).rejects.toThrow(/takes 1–2/);
    await expect(server.emulator.chooseOptions({ userId: server.memberId, messageId, customId: 'pick', values: ['a', 'b', 'c'] })).rejects.toThrow(/takes 1–2/);
    await expect(server.emulator.chooseOptions({ userId: server.memberId, messageId, customId: 'more', values: ['a'] })).rejects.toThrow(/no select/);
  });
});

describe('ephemeralRecipient', () => {
  it('is the member whose interaction an ephemeral reply answers, and nobody for a public one', async () => {
    const alice = server.emulator.createMember(server.guildId, { username: 'alice' });
    const run = (userId: string) => server.emulator.runCommand({ guildId: server.guildId, channelId: server.channelId, userId, name: 'book' });
    const privateRecord = await interact(() => run(alice), { content: 'just for you', flags: MessageFlags.Ephemeral });
    const publicRecord = await interact(() => run(server.memberId), { content: 'for all' });
    const privateReply = server.emulator.outcomeOf(privateRecord).message!;
    const publicReply = server.emulator.outcomeOf(publicRecord).message!;
    expect(privateReply.ephemeral).toBe(true);
    expect(server.emulator.ephemeralRecipient(privateReply)).toBe(alice);
    expect(server.emulator.ephemeralRecipient(publicReply)).toBeNull();
  });
});
