import { ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { useEmulatorServer } from '../fixtures/emulator-server.js';

/**
 * Components v2 messages (flag IS_COMPONENTS_V2) on every route that takes a message body: the emulator takes a
 * valid card and refuses each rule Discord documents with 50035 and the field's path (DISCORD-REFERENCE.md §1).
 */

const V2 = MessageFlags.IsComponentsV2;
const T = ComponentType;

const server = useEmulatorServer();

interface Upload {
  name: string;
  data: Buffer;
  type?: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: number; errors?: Record<string, unknown>; flags?: number; components?: unknown[] };
}

/** A JSON body, or multipart with `payload_json` and `files[n]` when there are files. */
async function send(method: string, path: string, body: unknown, files: Upload[] = []): Promise<Answer> {
  const init: RequestInit = { method, headers: { Authorization: `Bot ${server.emulator.token}` } };
  if (files.length === 0) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  } else {
    const form = new FormData();
    form.append('payload_json', JSON.stringify(body));
    files.forEach((file, index) => form.append(`files[${index}]`, new Blob([file.data], { type: file.type ?? 'application/octet-stream' }), file.name));
    init.body = form;
  }
  const response = await fetch(`${server.emulator.apiBase}/v10${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

const postMessage = (body: unknown, files: Upload[] = []) => send('POST', `/channels/${server.channelId}/messages`, body, files);

/** The 33 bytes of a PNG up to its IHDR chunk's CRC: enough for anything reading its size. */
function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(13);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), length, Buffer.from('IHDR'), ihdr, Buffer.alloc(4)]);
}

const progressPng: Upload = { name: 'progress.png', data: png(1200, 640), type: 'image/png' };
const notes: Upload = { name: 'notes.txt', data: Buffer.from('chapter 1 done'), type: 'text/plain' };

const text = (content: string) => ({ type: T.TextDisplay, content });
const button = (customId: string, label = 'More') => ({ type: T.Button, style: ButtonStyle.Primary, label, custom_id: customId });
const thumbnail = { type: T.Thumbnail, media: { url: 'https://covers.example/fluent.jpg' }, description: 'Cover of Fluent Python' };
const section = (texts: unknown[], accessory: unknown = thumbnail) => ({ type: T.Section, components: texts, accessory });
const container = (components: unknown[], extra: Record<string, unknown> = {}) => ({ type: T.Container, components, ...extra });
const v2 = (components: unknown[], extra: Record<string, unknown> = {}) => ({ flags: V2, components, ...extra });

/** A book card with every v2 component; it names progress.png and notes.txt, so those must be uploaded with it. */
function fullCard(mentionId = server.memberId): unknown[] {
  return [
    container(
      [
        section([text('# Fluent Python'), text(`by Luciano Ramalho, for <@${mentionId}>`)]),
        { type: T.Separator, divider: true, spacing: 2 },
        text('Your progress'),
        { type: T.MediaGallery, items: [{ media: { url: 'attachment://progress.png' }, description: 'Progress chart' }, { media: { url: 'https://covers.example/back.jpg' }, spoiler: true }] },
        { type: T.File, file: { url: 'attachment://notes.txt' }, spoiler: false },
        section([text('Similar books')], button('book:similar')),
        { type: T.ActionRow, components: [button('book:shelve', 'Shelve'), { type: T.Button, style: ButtonStyle.Link, label: 'Page', url: 'https://fluentpython.com' }] },
      ],
      { accent_color: 0x5865f2, spoiler: false },
    ),
    { type: T.Separator, divider: false },
    { type: T.ActionRow, components: [{ type: T.StringSelect, custom_id: 'shelf', options: [{ label: 'Read', value: 'read' }] }] },
  ];
}

/** Asserts a 50035 whose errors name `field`. */
function expectRefused(answer: Answer, field: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(answer.body.code).toBe(50035);
  expect(Object.keys(answer.body.errors ?? {}), JSON.stringify(answer.body.errors)).toContain(field);
}

function expectCardStored(answer: Answer): void {
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
}

async function startCommand(): Promise<InteractionRecord> {
  const { interaction } = server.emulator.startCommand({ guildId: server.guildId, channelId: server.channelId, userId: server.memberId, name: 'book' });
  return interaction;
}

const callback = (record: InteractionRecord, type: InteractionResponseType, data: unknown, files: Upload[] = []) =>
  send('POST', `/interactions/${record.id}/${record.token}/callback`, { type, data }, files);
const webhook = (record: InteractionRecord, suffix = '') => `/webhooks/${server.emulator.applicationId}/${record.token}${suffix}`;

describe('valid Components v2 messages', () => {
  it('takes a full card on a channel message, and returns it with its flag, ids, attachment fields and pings', async () => {
    const sent = await postMessage(v2(fullCard()), [progressPng, notes]);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.flags).toBe(V2);
    interface Stored { components: (Stored & { items: { media: unknown }[] })[] }
    const [card] = sent.body.components as Stored[];
    expect(card).toMatchObject({ type: T.Container, id: 1, accent_color: 0x5865f2 });
    expect(card!.components[0]).toMatchObject({ id: 2, components: [{ id: 3 }, { id: 4 }], accessory: { id: 5, type: T.Thumbnail } });
    const attachments = sent.body.attachments as { id: string; filename: string }[];
    const pngId = attachments.find((attachment) => attachment.filename === 'progress.png')!.id;
    expect(card!.components[3]!.items[0]!.media).toMatchObject({ url: 'attachment://progress.png', attachment_id: pngId, width: 1200, height: 640, content_type: 'image/png' });
    expect(card!.components[4]).toMatchObject({ name: 'notes.txt', size: 14 });
    expect((sent.body.mentions as { id: string }[]).map((user) => user.id)).toEqual([server.memberId]);
  });

  it('takes exactly 40 components and 4,000 characters of text', async () => {
    const thirtyNine = Array.from({ length: 39 }, (_, index) => text(index === 0 ? 'x'.repeat(3962) : 'y'));
    expectCardStored(await postMessage(v2([container(thirtyNine)])));
  });

  it('takes a card as an interaction reply (ephemeral too), a follow-up and an edit of each', async () => {
    const record = await startCommand();
    expect((await callback(record, InteractionResponseType.ChannelMessageWithSource, v2(fullCard(), { flags: V2 | MessageFlags.Ephemeral }), [progressPng, notes])).status).toBe(204);
    const reply = server.emulator.core.state.messages.get(record.originalMessageId!)!;
    expect(reply.flags).toBe(V2 | MessageFlags.Ephemeral);

    const followUp = await send('POST', webhook(record), v2(fullCard()), [progressPng, notes]);
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(200);
    expect(followUp.body.flags).toBe(V2);

    const edited = await send('PATCH', webhook(record, '/messages/@original'), { components: [container([text('Edited')])] });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.flags).toBe(V2 | MessageFlags.Ephemeral);
    expect(edited.body.components).toMatchObject([{ type: T.Container, components: [{ content: 'Edited' }] }]);

    const followUpEdit = await send('PATCH', webhook(record, `/messages/${followUp.body.id as string}`), v2([text('Follow-up edited')]));
    expect(followUpEdit.status, JSON.stringify(followUpEdit.body)).toBe(200);
    expect(followUpEdit.body.components).toMatchObject([{ type: T.TextDisplay, content: 'Follow-up edited' }]);
  });

  it('sets v2 on a deferred reply when the edit brings the flag (the defer ignores it)', async () => {
    const record = await startCommand();
    expect((await callback(record, InteractionResponseType.DeferredChannelMessageWithSource, { flags: V2 | MessageFlags.Ephemeral })).status).toBe(204);
    expect(server.emulator.core.state.messages.get(record.originalMessageId!)!.flags & V2).toBe(0);
    const edited = await send('PATCH', webhook(record, '/messages/@original'), v2([container([text('Ready')])]));
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.flags).toBe(V2 | MessageFlags.Ephemeral);
  });

  it('sends the v2 message with its flag in a button press from a section accessory, and takes an UPDATE_MESSAGE without flags', async () => {
    const sent = await postMessage(v2([container([section([text('Fluent Python')], button('book:similar'))])]));
    const outcome = server.emulator.pressButton({ userId: server.memberId, messageId: sent.body.id as string, customId: 'book:similar' });
    await expect.poll(() => server.emulator.interactions.length).toBe(1);
    const record = server.emulator.interactions[0]!;
    const payloadMessage = (record.payload as { message?: { flags: number; components: unknown[] } }).message!;
    expect(payloadMessage.flags).toBe(V2);
    expect(payloadMessage.components).toMatchObject([{ type: T.Container, id: 1, components: [{ type: T.Section, accessory: { type: T.Button, custom_id: 'book:similar' } }] }]);
    expect((await callback(record, InteractionResponseType.UpdateMessage, { components: [text('Similar: none')] })).status).toBe(204);
    await outcome;
    expect(server.emulator.core.state.messages.get(sent.body.id as string)!.components).toMatchObject([{ type: T.TextDisplay, content: 'Similar: none' }]);
  });

  it('turns a legacy message into a v2 one when the edit resets its content', async () => {
    const record = await startCommand();
    await callback(record, InteractionResponseType.ChannelMessageWithSource, { content: 'Fluent Python' });
    const edited = await send('PATCH', webhook(record, '/messages/@original'), { content: '', flags: V2, components: [text('Fluent Python')] });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ flags: V2, content: '' });
  });

  it('lets an edit name a file the message already has', async () => {
    const record = await startCommand();
    await callback(record, InteractionResponseType.ChannelMessageWithSource, v2([{ type: T.File, file: { url: 'attachment://notes.txt' } }]), [notes]);
    expectCardStored(await send('PATCH', webhook(record, '/messages/@original'), { components: [text('Notes'), { type: T.File, file: { url: 'attachment://notes.txt' } }] }));
  });
});

describe('refused Components v2 messages', () => {
  it('refuses more than 40 components in all, nested ones counted', async () => {
    expectRefused(await postMessage(v2([container(Array.from({ length: 40 }, () => text('x')))])), 'components');
  });

  it('counts section accessories and action row buttons among the 40', async () => {
    const sections = Array.from({ length: 13 }, (_, index) => section([text('x')], button(`b${index}`)));
    expectRefused(await postMessage(v2([container([...sections, { type: T.ActionRow, components: [button('last')] }])])), 'components');
  });

  it('refuses more than 4,000 characters across all text displays', async () => {
    expectRefused(await postMessage(v2([text('x'.repeat(2000)), container([text('y'.repeat(2001))])])), 'components');
  });

  it('refuses an empty text display', async () => {
    expectRefused(await postMessage(v2([text('')])), 'components.0.content');
  });

  it('refuses a section without text displays', async () => {
    expectRefused(await postMessage(v2([section([])])), 'components.0.components');
  });

  it('refuses a section with more than 3 text displays', async () => {
    expectRefused(await postMessage(v2([container([section([text('a'), text('b'), text('c'), text('d')])])])), 'components.0.components.0.components');
  });

  it('refuses a section without an accessory', async () => {
    expectRefused(await postMessage(v2([{ type: T.Section, components: [text('a')] }])), 'components.0.accessory');
  });

  it('refuses a section whose accessory is neither a button nor a thumbnail, or is a list', async () => {
    expectRefused(await postMessage(v2([container([text('x'), section([text('a')], text('b'))])])), 'components.0.components.1.accessory.type');
    expectRefused(await postMessage(v2([section([text('a')], [thumbnail, button('b')])])), 'components.0.accessory');
  });

  it('refuses a thumbnail anywhere but a section accessory', async () => {
    expectRefused(await postMessage(v2([thumbnail])), 'components.0.type');
    expectRefused(await postMessage(v2([container([thumbnail])])), 'components.0.components.0.type');
  });

  it('refuses a thumbnail without a media URL, or with alt text over 1,024 characters', async () => {
    expectRefused(await postMessage(v2([section([text('a')], { type: T.Thumbnail, media: {} })])), 'components.0.accessory.media.url');
    expectRefused(await postMessage(v2([section([text('a')], { ...thumbnail, description: 'x'.repeat(1025) })])), 'components.0.accessory.description');
  });

  it('refuses a media gallery with no items', async () => {
    expectRefused(await postMessage(v2([{ type: T.MediaGallery, items: [] }])), 'components.0.items');
  });

  it('refuses a media gallery with more than 10 items', async () => {
    const items = Array.from({ length: 11 }, () => ({ media: { url: 'https://covers.example/a.jpg' } }));
    expectRefused(await postMessage(v2([{ type: T.MediaGallery, items }])), 'components.0.items');
  });

  it('refuses a media item whose URL is neither http(s) nor attachment://', async () => {
    expectRefused(await postMessage(v2([{ type: T.MediaGallery, items: [{ media: { url: 'ftp://covers.example/a.jpg' } }] }])), 'components.0.items.0.media.url');
  });

  it('refuses a container accent color outside 0x000000–0xFFFFFF', async () => {
    expectRefused(await postMessage(v2([container([text('a')], { accent_color: 0x1000000 })])), 'components.0.accent_color');
  });

  it('refuses an empty container and a container inside a container', async () => {
    expectRefused(await postMessage(v2([container([])])), 'components.0.components');
    expectRefused(await postMessage(v2([container([container([text('a')])])])), 'components.0.components.0.type');
  });

  it('refuses a spoiler that is not a boolean', async () => {
    expectRefused(await postMessage(v2([container([text('a')], { spoiler: 'yes' })])), 'components.0.spoiler');
  });

  it('refuses a separator spacing other than 1 or 2, and a divider that is not a boolean', async () => {
    expectRefused(await postMessage(v2([{ type: T.Separator, spacing: 3 }])), 'components.0.spacing');
    expectRefused(await postMessage(v2([{ type: T.Separator, divider: 1 }])), 'components.0.divider');
  });

  it('refuses a file component whose URL is not attachment://', async () => {
    expectRefused(await postMessage(v2([{ type: T.File, file: { url: 'https://files.example/notes.txt' } }])), 'components.0.file.url');
  });

  it('refuses an attachment:// name that matches no file of the request, in a file, a thumbnail and a gallery', async () => {
    expectRefused(await postMessage(v2([{ type: T.File, file: { url: 'attachment://missing.txt' } }]), [notes]), 'components.0.file.url');
    expectRefused(await postMessage(v2([section([text('a')], { type: T.Thumbnail, media: { url: 'attachment://cover.png' } })])), 'components.0.accessory.media.url');
    expectRefused(await postMessage(v2([{ type: T.MediaGallery, items: [{ media: { url: 'attachment://notes.txt' } }] }]), [progressPng]), 'components.0.items.0.media.url');
  });

  it('refuses on an edit an attachment:// name the message does not have', async () => {
    const record = await startCommand();
    await callback(record, InteractionResponseType.ChannelMessageWithSource, v2([text('a')]));
    expectRefused(await send('PATCH', webhook(record, '/messages/@original'), { components: [{ type: T.File, file: { url: 'attachment://notes.txt' } }] }), 'components.0.file.url');
  });

  it('refuses a select sharing its row with a button inside a container', async () => {
    const select = { type: T.StringSelect, custom_id: 's', options: [{ label: 'A', value: 'a' }] };
    expectRefused(await postMessage(v2([container([{ type: T.ActionRow, components: [select, button('b')] }])])), 'components.0.components.0.components');
  });

  it('refuses a button in a section accessory without a custom_id', async () => {
    expectRefused(await postMessage(v2([section([text('a')], { type: T.Button, style: ButtonStyle.Primary, label: 'Go' })])), 'components.0.accessory.custom_id');
  });

  it('refuses two components with the same custom_id, an accessory included', async () => {
    expectRefused(await postMessage(v2([section([text('a')], button('same')), { type: T.ActionRow, components: [button('same')] }])), 'components');
  });

  it('refuses a v2 message without components', async () => {
    expectRefused(await postMessage({ flags: V2 }), 'components');
  });

  it('refuses content sent with the flag', async () => {
    expectRefused(await postMessage(v2([text('a')], { content: 'hello' })), 'content');
  });

  it('refuses embeds sent with the flag', async () => {
    expectRefused(await postMessage(v2([text('a')], { embeds: [{ title: 'Fluent Python' }] })), 'embeds');
  });

  it('refuses a poll and stickers sent with the flag', async () => {
    expectRefused(await postMessage(v2([text('a')], { poll: { question: { text: 'Read it?' }, answers: [] } })), 'poll');
    expectRefused(await postMessage(v2([text('a')], { sticker_ids: ['1'] })), 'sticker_ids');
  });

  it('refuses v2 components without the flag (only action rows then)', async () => {
    expectRefused(await postMessage({ components: [container([text('a')])] }), 'components.0.type');
  });

  it('refuses in an interaction reply, under data.', async () => {
    const record = await startCommand();
    expectRefused(await callback(record, InteractionResponseType.ChannelMessageWithSource, v2([{ type: T.Section, components: [text('a')] }])), 'data.components.0.accessory');
  });

  it('refuses an edit that removes the flag, on the webhook and in an UPDATE_MESSAGE, and checks a flagless edit as v2', async () => {
    const record = await startCommand();
    await callback(record, InteractionResponseType.ChannelMessageWithSource, v2([text('a'), { type: T.ActionRow, components: [button('b')] }]));
    expectRefused(await send('PATCH', webhook(record, '/messages/@original'), { flags: 0, components: [{ type: T.ActionRow, components: [button('b')] }] }), 'flags');
    expectRefused(await send('PATCH', webhook(record, '/messages/@original'), { content: 'back to text' }), 'content');

    const outcome = server.emulator.pressButton({ userId: server.memberId, messageId: record.originalMessageId!, customId: 'b' });
    await expect.poll(() => server.emulator.interactions.length).toBe(2);
    const press = server.emulator.interactions[1]!;
    expectRefused(await callback(press, InteractionResponseType.UpdateMessage, { flags: MessageFlags.SuppressEmbeds, components: [text('b')] }), 'data.flags');
    expect((await callback(press, InteractionResponseType.UpdateMessage, { flags: V2, components: [text('b')] })).status).toBe(204);
    await outcome;
  });

  it('refuses to set the flag on a message with content unless the edit resets it', async () => {
    const record = await startCommand();
    await callback(record, InteractionResponseType.ChannelMessageWithSource, { content: 'Fluent Python', embeds: [{ title: 'Fluent Python' }] });
    const refused = await send('PATCH', webhook(record, '/messages/@original'), { flags: V2, components: [text('Fluent Python')] });
    expectRefused(refused, 'content');
    expectRefused(refused, 'embeds');
  });

  it("refuses a file over Discord's 10 MiB upload limit with 413 / 40005, and takes one of exactly 10 MiB", async () => {
    const file = (size: number): Upload => ({ name: 'big.bin', data: Buffer.alloc(size, 0x61) });
    const tooBig = await postMessage(v2([{ type: T.File, file: { url: 'attachment://big.bin' } }]), [file(10 * 1024 * 1024 + 1)]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe(40005);
    expectCardStored(await postMessage(v2([{ type: T.File, file: { url: 'attachment://big.bin' } }]), [file(10 * 1024 * 1024)]));
  });
});
