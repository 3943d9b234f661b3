import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationCommandOptionType, ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createApp, type App } from '../../src/app.js';
import { Emulator, type RecordedMessage } from '../../src/emulator/emulator.js';
import { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { parseCsv } from '../../src/features/server-data/core/csv.js';
import { defineCommand } from '../../src/platform/discord/command-definition.js';
import { registerCommand } from '../../commands/register.js';
import { silentLogger } from '../../src/platform/logger.js';
import { fixedClock } from '../fixtures/context.js';
import { slashCommand } from '../fixtures/interactions.js';
import { buttonsOf, sendProblems, textOf } from '../fixtures/layout.js';
import { createWorld, startBot, type World } from './harness.js';

const sundayNoonBerlin = Date.UTC(2026, 10, 22, 11, 0);

/** Each attachment's CSV, parsed, by file name. */
function csvFiles(message: RecordedMessage): Record<string, string[][]> {
  return Object.fromEntries((message.attachments ?? []).map((attachment) => [attachment.filename, parseCsv(attachment.data.toString('utf8'))]));
}

describe('/grimoire against the emulator', () => {
  let world: World;
  let apps: App[] = [];

  afterEach(async () => {
    for (const app of apps) await app.stop();
    apps = [];
    await world?.close();
  });

  const run = (userId: string, name: string, subcommand: string, options: Record<string, string> = {}) =>
    world.emulator.runCommand({ guildId: world.guildId, channelId: world.channelId, userId, name, subcommand, options });

  it('export: the admin gets the CSV files as attachments of a private reply, read back from the emulator', async () => {
    world = await createWorld();
    apps.push(await startBot(world, { clock: fixedClock(sundayNoonBerlin) }));
    const note = '=HYPERLINK("http://evil.example"), with "quotes"\nand a second line 📚';
    expect(textOf((await run(world.adminId, 'study', 'create', { name: 'Fluent Friends', book: 'fluent python', timezone: 'Europe/Berlin' })).message!)).toMatch(/Study group/);
    expect((await run(world.memberId, 'study', 'join', { group: 'Fluent Friends' })).message?.content).toMatch(/You joined/);
    expect((await run(world.memberId, 'study', 'checkin', { group: 'Fluent Friends', progress: '5/24', note })).message?.content).toMatch(/Checked in/);

    const refused = await run(world.memberId, 'grimoire', 'export');
    expect(refused.message?.content).toMatch(/needs the \*\*Manage Server\*\* permission/);
    expect(refused.message?.attachments ?? []).toEqual([]);

    const outcome = await run(world.adminId, 'grimoire', 'export');
    expect(outcome.responseType).toBe(InteractionResponseType.ChannelMessageWithSource);
    const reply = outcome.message!;
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/one CSV file per table/);
    expect(reply.attachments!.map((attachment) => attachment.filename)).toEqual([
      'study-groups.csv',
      'study-members.csv',
      'study-checkins.csv',
      'study-breaks.csv',
      'study-reminder-opt-outs.csv',
      'spotlight-settings.csv',
      'spotlight-queue.csv',
      'spotlight-history.csv',
      'polls.csv',
      'schedules.csv',
    ]);
    for (const attachment of reply.attachments!) {
      expect(attachment.contentType).toBe('text/csv; charset=utf-8');
      expect(attachment.size).toBe(attachment.data.length);
      expect([...attachment.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    }
    const files = csvFiles(reply);
    expect(files['study-groups.csv']![1]!.slice(1, 5)).toEqual(['Fluent Friends', 'fluent-python-2e', 'Fluent Python', world.adminId]);
    expect(files['study-members.csv']!.slice(1).map((row) => row[2])).toEqual([world.adminId, world.memberId]);
    expect(files['study-checkins.csv']![1]!.slice(2)).toEqual([world.memberId, '2026-11-22T11:00:00.000Z', '2026-W47', 'chapter', '5', '24', '5/24', `'${note}`]);
    expect(files['schedules.csv']![1]!.slice(0, 6)).toEqual(['study-reminder', files['study-groups.csv']![1]![0], world.channelId, '7', '18:00', 'Europe/Berlin']);

    // The message as Discord's API shows it lists the attachments, and each URL serves the file.
    const api = world.emulator.core.state.apiMessage(reply) as { attachments: { filename: string; url: string; size: number; content_type: string }[] };
    const checkins = api.attachments.find((attachment) => attachment.filename === 'study-checkins.csv')!;
    const download = await fetch(checkins.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(await download.arrayBuffer()).equals(reply.attachments![2]!.data)).toBe(true);
  });

  it('forget-server: the warning’s buttons cancel, then delete everything, in the real bot', async () => {
    world = await createWorld();
    const app = await startBot(world, { clock: fixedClock(sundayNoonBerlin) });
    apps.push(app);
    await run(world.adminId, 'study', 'create', { name: 'Fluent Friends', book: 'fluent python', timezone: 'Europe/Berlin' });

    const groupId = String(app.ctx.studyGroups.list(world.guildId)[0]!.group.groupId);
    expect(app.ctx.store.schedules.find(world.guildId, 'study-reminder', groupId)).toBeDefined();

    const warning = await run(world.adminId, 'grimoire', 'forget-server');
    expect(warning.message?.ephemeral).toBe(true);
    expect(sendProblems(warning.message!)).toEqual([]);
    expect(textOf(warning.message!)).toContain('1 study group, with 1 membership');
    expect(buttonsOf(warning.message!).map((button) => button.custom_id)).toEqual(['grimoire:forget-server:confirm', 'grimoire:forget-server:cancel']);
    const press = (customId: string) => world.emulator.pressButton({ userId: world.adminId, messageId: warning.message!.id, customId });

    expect((await press('grimoire:forget-server:cancel')).message?.content).toBe('Cancelled: nothing was deleted.');
    expect(app.ctx.studyGroups.list(world.guildId)).toHaveLength(1);

    const done = await press('grimoire:forget-server:confirm');
    expect(textOf(done.message!)).toMatch(/Deleted everything Grimoire stored about this server/);
    expect(done.message?.ephemeral).toBe(true);
    expect(app.ctx.studyGroups.list(world.guildId)).toEqual([]);
    expect(app.ctx.store.schedules.find(world.guildId, 'study-reminder', groupId)).toBeUndefined();
    expect(app.ctx.store.guilds.find(world.guildId)).toBeUndefined();

    const exported = await run(world.adminId, 'grimoire', 'export');
    for (const [name, rows] of Object.entries(csvFiles(exported.message!))) expect(rows, name).toHaveLength(1);
  });

  it('sends files after deferring too: a private answer as a follow-up, a public one as the edited placeholder', async () => {
    world = await createWorld();
    const slowFiles = registerCommand({
      definition: defineCommand({
        name: 'slowfiles',
        description: 'Answers late, with two files',
        options: [{ type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Only you see it' }],
      }),
      async handle(_ctx, input) {
        await sleep(200);
        return {
          content: 'late files',
          ephemeral: input.private ?? false,
          files: [
            { name: 'one.csv', contentType: 'text/csv', data: Buffer.from('a,b\r\n1,2\r\n') },
            { name: 'two.txt', contentType: 'text/plain', data: Buffer.from('hello ✨') },
          ],
        };
      },
    });
    const app = createApp({ config: world.config, log: silentLogger, commands: [...commands, slowFiles], deferAfterMs: 20 });
    apps.push(app);
    await app.start();
    await world.emulator.waitForBot();
    const slow = (isPrivate: boolean) =>
      world.emulator.runCommand({ guildId: world.guildId, channelId: world.channelId, userId: world.memberId, name: 'slowfiles', options: { private: isPrivate } });

    const privately = await slow(true);
    expect(privately.responseType).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(privately.followUps).toHaveLength(1);
    expect(privately.message!.ephemeral).toBe(true);
    expect(privately.message!.attachments!.map((a) => [a.filename, a.data.toString('utf8')])).toEqual([
      ['one.csv', 'a,b\r\n1,2\r\n'],
      ['two.txt', 'hello ✨'],
    ]);

    const publicly = await slow(false);
    expect(publicly.responseType).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(publicly.followUps).toEqual([]);
    expect(publicly.message!.content).toBe('late files');
    expect(publicly.message!.flags & MessageFlags.Loading).toBe(0);
    expect(publicly.message!.attachments!.map((a) => a.filename)).toEqual(['one.csv', 'two.txt']);
  });
});

describe('a page turned in place', () => {
  let world: World | undefined;
  let app: App | undefined;
  afterEach(async () => {
    await app?.stop();
    await world?.close();
  });

  it('is a new private message when the handler is too slow to answer before the "thinking…" defer', async () => {
    world = await createWorld();
    const pageText = (page: number) => ({ type: ComponentType.TextDisplay as const, content: `page ${page}` });
    const nextButton = (page: number) => ({ type: ComponentType.ActionRow as const, components: [{ type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, label: 'Next', custom_id: `pages:next:${page + 1}` }] });
    const pages = registerCommand({
      definition: defineCommand({ name: 'pages', description: 'A private paged answer' }),
      handle: () => ({ layout: [pageText(1), nextButton(1)], ephemeral: true }),
      async handleComponent(_ctx, _action, [page = '2']) {
        // Page 3 takes longer than the defer.
        if (page === '3') await sleep(200);
        return { layout: [pageText(Number(page)), nextButton(Number(page))], ephemeral: true, replacesPressedMessage: true };
      },
    });
    app = createApp({ config: world.config, log: silentLogger, commands: [...commands, pages], deferAfterMs: 50 });
    await app.start();
    await world.emulator.waitForBot();
    const first = (await world.emulator.runCommand({ guildId: world.guildId, channelId: world.channelId, userId: world.memberId, name: 'pages', options: {} })).message!;
    const textOfPage = (message: RecordedMessage) => (message.components[0] as { content: string }).content;

    const quick = await world.emulator.pressButton({ userId: world.memberId, messageId: first.id, customId: 'pages:next:2' });
    expect(quick.responseType).toBe(InteractionResponseType.UpdateMessage);
    expect(quick.message!.id).toBe(first.id);
    expect(textOfPage(quick.message!)).toBe('page 2');

    const slow = await world.emulator.pressButton({ userId: world.memberId, messageId: first.id, customId: 'pages:next:3' });
    expect(slow.responseType).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const late = slow.message!;
    expect(late.id).not.toBe(first.id);
    expect(late.ephemeral).toBe(true);
    expect(world.emulator.ephemeralRecipient(late)).toBe(world.memberId);
    expect(textOfPage(late)).toBe('page 3');
    // Nothing public was left behind: the "thinking…" placeholder gave way to the private page.
    expect(world.emulator.messages(world.channelId)).toEqual([]);
  });
});

describe('the emulator takes files like Discord', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await Emulator.start({ globalPerSecond: 1_000_000 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  /** A fresh interaction for each answer (an interaction takes one). */
  function interaction(): InteractionRecord {
    const record = new InteractionRecord(slashCommand('grimoire'), null);
    emulator.core.interactions.set(record.id, record);
    emulator.core.interactionsByToken.set(record.token, record);
    return record;
  }

  interface Upload {
    payload?: unknown;
    /** Raw payload_json text (for invalid JSON). */
    payloadText?: string;
    files?: { key?: string; name: string; data: string | Buffer; type?: string }[];
    extra?: Record<string, string>;
  }

  async function send(method: string, path: string, { payload, payloadText, files = [], extra = {} }: Upload) {
    const form = new FormData();
    if (payloadText !== undefined || payload !== undefined) form.append('payload_json', payloadText ?? JSON.stringify(payload));
    files.forEach((file, index) => form.append(file.key ?? `files[${index}]`, new Blob([file.data], { type: file.type ?? 'text/csv' }), file.name));
    for (const [key, value] of Object.entries(extra)) form.append(key, value);
    const response = await fetch(`${emulator.apiBase}/v10${path}`, { method, body: form });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as { code?: number; errors?: Record<string, unknown> }) : undefined };
  }

  const callback = (record: InteractionRecord, upload: Upload) => send('POST', `/interactions/${record.id}/${record.token}/callback`, upload);
  const reply = (data: Record<string, unknown>) => ({ type: InteractionResponseType.ChannelMessageWithSource, data });
  const csv = (index: number) => ({ name: `f${index}.csv`, data: `n\r\n${index}\r\n` });
  const listed = (count: number) => Array.from({ length: count }, (_, id) => ({ id, filename: `f${id}.csv` }));

  it('records the files of a reply, with or without an attachments list, a message of files alone included', async () => {
    const listedRecord = interaction();
    expect((await callback(listedRecord, { payload: reply({ content: 'two files', attachments: listed(2) }), files: [csv(0), csv(1)] })).status).toBe(204);
    const message = emulator.core.state.messages.get(listedRecord.originalMessageId!)!;
    expect(message.attachments!.map((a) => [a.filename, a.data.toString('utf8'), a.size])).toEqual([
      ['f0.csv', 'n\r\n0\r\n', 6],
      ['f1.csv', 'n\r\n1\r\n', 6],
    ]);

    const unlisted = interaction();
    expect((await callback(unlisted, { payload: reply({}), files: [csv(0)] })).status).toBe(204);
    expect(emulator.core.state.messages.get(unlisted.originalMessageId!)!.attachments!.map((a) => a.filename)).toEqual(['f0.csv']);
  });

  it('takes 10 files and refuses 11', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => csv(i));
    expect((await callback(interaction(), { payload: reply({ content: 'x', attachments: listed(10) }), files: ten })).status).toBe(204);
    const refused = await callback(interaction(), { payload: reply({ content: 'x', attachments: listed(11) }), files: [...ten, csv(10)] });
    expect(refused.status).toBe(400);
    expect(refused.body?.code).toBe(50035);
    expect(JSON.stringify(refused.body?.errors)).toContain('at most 10 per message');
  });

  it('refuses attachments that do not match the uploaded files', async () => {
    const missing = await callback(interaction(), { payload: reply({ content: 'x', attachments: [{ id: 5, filename: 'f.csv' }] }), files: [csv(0)] });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body?.errors)).toContain('no files[5] part was uploaded');
    expect(missing.body?.errors?.['files[0]']).toEqual({ _errors: [{ code: 'BASE_TYPE_INVALID', message: 'uploaded but not listed in attachments' }] });

    const twice = await callback(interaction(), { payload: reply({ content: 'x', attachments: [{ id: 0 }, { id: 0 }] }), files: [csv(0)] });
    expect(JSON.stringify(twice.body?.errors)).toContain('listed twice');

    const noFiles = await callback(interaction(), { payload: reply({ content: 'x', attachments: [{ id: 0, filename: 'f.csv' }] }) });
    expect(noFiles.status).toBe(400);
    expect(JSON.stringify(noFiles.body?.errors)).toContain('data.attachments.0.id');
  });

  it('refuses a file over the upload limit with 413 / 40005', async () => {
    const big = { name: 'big.csv', data: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) };
    const refused = await callback(interaction(), { payload: reply({ content: 'x' }), files: [big] });
    expect(refused.status).toBe(413);
    expect(refused.body?.code).toBe(40005);
  });

  it('refuses invalid payload_json, unknown form fields and files on answers without a message', async () => {
    const invalid = await callback(interaction(), { payloadText: '{"type": 4,', files: [csv(0)] });
    expect(invalid.status).toBe(400);
    expect(invalid.body?.code).toBe(50109);

    const unknownField = await callback(interaction(), { payload: reply({ content: 'x' }), files: [csv(0)], extra: { content: 'as a form field' } });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body?.errors)).toContain('unknown form field');

    const badKey = await callback(interaction(), { payload: reply({ content: 'x' }), files: [{ ...csv(0), key: 'file' }] });
    expect(badKey.status).toBe(400);

    const deferred = await callback(interaction(), { payload: { type: InteractionResponseType.DeferredChannelMessageWithSource }, files: [csv(0)] });
    expect(deferred.status).toBe(400);
    expect(JSON.stringify(deferred.body?.errors)).toContain('only a message answer');
  });

  it('takes files on follow-ups and on edits of the original, keeping listed attachments', async () => {
    const record = interaction();
    expect((await callback(record, { payload: reply({ content: 'first', attachments: listed(1) }), files: [csv(0)] })).status).toBe(204);
    const original = emulator.core.state.messages.get(record.originalMessageId!)!;
    const keptId = original.attachments![0]!.id;

    const webhook = `/webhooks/${emulator.applicationId}/${record.token}`;
    const followUp = await send('POST', webhook, { payload: { attachments: [{ id: 0, filename: 'only.csv' }] }, files: [csv(0)] });
    expect(followUp.status).toBe(200);
    expect(emulator.core.state.messages.get(record.followUpIds[0]!)!.attachments!.map((a) => a.filename)).toEqual(['only.csv']);

    const edited = await send('PATCH', `${webhook}/messages/@original`, { payload: { content: 'edited', attachments: [{ id: keptId }, { id: 0, filename: 'new.csv' }] }, files: [csv(7)] });
    expect(edited.status).toBe(200);
    expect(original.attachments!.map((a) => [a.id === keptId, a.filename])).toEqual([
      [true, 'f0.csv'],
      [false, 'new.csv'],
    ]);

    // An edit whose list leaves an attachment out removes it.
    expect((await send('PATCH', `${webhook}/messages/@original`, { payload: { attachments: [{ id: keptId }] } })).status).toBe(200);
    expect(original.attachments!.map((a) => a.filename)).toEqual(['f0.csv']);
  });

  it('refuses files on a route that takes none', async () => {
    const refused = await fetch(`${emulator.apiBase}/v10/applications/${emulator.applicationId}/commands`, {
      method: 'PUT',
      headers: { Authorization: `Bot ${emulator.token}` },
      body: (() => {
        const form = new FormData();
        form.append('payload_json', '[]');
        form.append('files[0]', new Blob(['x']), 'x.txt');
        return form;
      })(),
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('this endpoint takes no files');
  });
});
