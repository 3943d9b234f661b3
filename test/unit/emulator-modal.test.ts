import { ComponentType, InteractionResponseType, TextInputStyle } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { modalProblems } from '../../src/emulator/discord-limits.js';
import type { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { useEmulatorServer } from '../fixtures/emulator-server.js';

/**
 * Modals with Discord's newer layout (labels around a text input or a string select) next to legacy action rows:
 * what the emulator refuses when the bot presents one, and what a member's submission looks like.
 */

const x = (length: number): string => 'x'.repeat(length);
const many = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));

const chapterOption = (index: number) => ({ label: `${index + 1}. Chapter ${index + 1}`, value: String(index + 1) });
const textInLabel = (extra: Record<string, unknown> = {}) => ({ type: ComponentType.TextInput, custom_id: 'progress', style: TextInputStyle.Short, ...extra });
const selectInLabel = (extra: Record<string, unknown> = {}) => ({ type: ComponentType.StringSelect, custom_id: 'chapter', options: many(3, chapterOption), ...extra });
const label = (component: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: ComponentType.Label, label: 'Chapter reached', component, ...extra });
const legacyRow = (extra: Record<string, unknown> = {}) => ({
  type: ComponentType.ActionRow,
  components: [{ type: ComponentType.TextInput, custom_id: 'note', label: 'A note', style: TextInputStyle.Paragraph, required: false, ...extra }],
});
const modal = (...components: unknown[]) => ({ custom_id: 'study:checkin:1', title: 'Check in', components });

describe('modalProblems: labels, string selects and text inputs', () => {
  it('accepts a form of labels around a select and a text input, next to a legacy row', () => {
    expect(modalProblems(modal(label(selectInLabel({ required: false, min_values: 0 })), label(textInLabel(), { description: x(100) }), legacyRow()))).toEqual([]);
    expect(modalProblems(modal(label(selectInLabel({ options: many(25, chapterOption), max_values: 25 }), { label: x(45) })))).toEqual([]);
  });

  it.each([
    ['label text over 45', label(textInLabel(), { label: x(46) }), 'data.components.0.label: 1–45 characters'],
    ['empty label text', label(textInLabel(), { label: '' }), 'data.components.0.label: 1–45 characters'],
    ['label description over 100', label(textInLabel(), { description: x(101) }), 'data.components.0.description: at most 100 characters'],
    ['label without a component', { type: ComponentType.Label, label: 'Chapter' }, 'data.components.0.component: a label wraps exactly one component'],
    ['label with a list of components', label(textInLabel(), { components: [textInLabel()] }), 'data.components.0.components: a label wraps exactly one component'],
    ['label around a button', label({ type: ComponentType.Button, custom_id: 'b', style: 1, label: 'B' }), 'data.components.0.component: type 2 is not a text input (4) or string select (3)'],
    ['text input in a label with its own label', label(textInLabel({ label: 'Progress' })), 'data.components.0.component.label: a text input in a label cannot have its own label'],
    ['text input custom_id over 100', label(textInLabel({ custom_id: x(101) })), 'data.components.0.component.custom_id: 1–100 characters'],
    ['text input max_length over 4000', label(textInLabel({ max_length: 4001 })), 'data.components.0.component.max_length: an integer from 1 to 4000'],
    ['text input min_length above max_length', label(textInLabel({ min_length: 10, max_length: 5 })), 'data.components.0.component.min_length: more than max_length'],
    ['text input placeholder over 100', label(textInLabel({ placeholder: x(101) })), 'data.components.0.component.placeholder: at most 100 characters'],
    ['text input without a style', label(textInLabel({ style: undefined })), 'data.components.0.component.style: 1 (short) or 2 (paragraph)'],
    ['select custom_id over 100', label(selectInLabel({ custom_id: x(101) })), 'data.components.0.component.custom_id: 1–100 characters'],
    ['select without options', label(selectInLabel({ options: [] })), 'data.components.0.component.options: 1–25 options'],
    ['select with 26 options', label(selectInLabel({ options: many(26, chapterOption) })), 'data.components.0.component.options: 1–25 options'],
    ['option label over 100', label(selectInLabel({ options: [{ label: x(101), value: 'a' }] })), 'data.components.0.component.options.0.label: 1–100 characters'],
    ['empty option label', label(selectInLabel({ options: [{ label: '', value: 'a' }] })), 'data.components.0.component.options.0.label: 1–100 characters'],
    ['option value over 100', label(selectInLabel({ options: [{ label: 'A', value: x(101) }] })), 'data.components.0.component.options.0.value: 1–100 characters'],
    ['option description over 100', label(selectInLabel({ options: [{ label: 'A', value: 'a', description: x(101) }] })), 'data.components.0.component.options.0.description: at most 100 characters'],
    [
      'two options with one value',
      label(selectInLabel({ options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'a' }] })),
      'data.components.0.component.options.1.value: "a" is used by an earlier option (values must be unique)',
    ],
    ['max_values over 25', label(selectInLabel({ options: many(25, chapterOption), max_values: 26 })), 'data.components.0.component.max_values: an integer from 1 to 25'],
    ['min_values below 0', label(selectInLabel({ min_values: -1, required: false })), 'data.components.0.component.min_values: an integer from 0 to 25'],
    ['max_values above the option count', label(selectInLabel({ max_values: 4 })), 'data.components.0.component.max_values: 4 is more than the 3 options'],
    ['min_values above max_values', label(selectInLabel({ min_values: 3, max_values: 2 })), 'data.components.0.component.min_values: 3 is more than max_values 2'],
    ['min_values 0 on a required select', label(selectInLabel({ min_values: 0 })), 'data.components.0.component.min_values: 0 only when required is false'],
    ['a disabled select', label(selectInLabel({ disabled: true })), 'data.components.0.component.disabled: modals cannot have disabled components'],
    ['a select in a legacy row', { type: ComponentType.ActionRow, components: [selectInLabel()] }, "data.components.0.components.0: only text inputs go in a modal's action row"],
    ['a row text input without its label', legacyRow({ label: undefined }), 'data.components.0.components.0.label: 1–45 characters'],
    ['a row text input label over 45', legacyRow({ label: x(46) }), 'data.components.0.components.0.label: 1–45 characters'],
    ['a button at the top level', { type: ComponentType.Button, custom_id: 'b', style: 1, label: 'B' }, 'data.components.0: must be an action row (1), a label (18) or a text display (10)'],
  ])('reports %s', (_name, component, problem) => {
    expect(modalProblems(modal(component))).toContainEqual(expect.stringContaining(problem));
  });

  it('reports a custom_id or an id used twice, and keeps the title, custom_id and count checks', () => {
    expect(modalProblems(modal(label(textInLabel({ custom_id: 'chapter' })), label(selectInLabel())))).toContain('data.components: custom_id chapter: used by two components');
    expect(modalProblems(modal(label(textInLabel(), { id: 7 }), label(selectInLabel({ id: 7 }))))).toContain('data.components: id 7: used by two components');
    expect(modalProblems(modal(label(textInLabel(), { id: 0 }), label(selectInLabel({ id: 0 }))))).toEqual([]);
    expect(modalProblems({ ...modal(...many(6, (i) => label(textInLabel({ custom_id: `f${i}` })))), title: x(46), custom_id: '' })).toEqual([
      'data.custom_id: 1–100 characters',
      'data.title: 1–45 characters',
      'data.components: 1–5 rows',
    ]);
  });
});

// ── Submitting ───────────────────────────────────────────────────────────────────────────────────

const server = useEmulatorServer();

async function callback(record: InteractionRecord, body: unknown) {
  const response = await fetch(`${server.emulator.apiBase}/v10/interactions/${record.id}/${record.token}/callback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The member runs a command and the "bot" (this test, over REST) answers with the modal. */
async function present(data: Record<string, unknown>, userId = server.memberId) {
  const { interaction, outcome } = server.emulator.startCommand({ guildId: server.guildId, channelId: server.channelId, userId, name: 'study' });
  const response = await callback(interaction, { type: InteractionResponseType.Modal, data });
  // A refused modal leaves the interaction unanswered: no need to wait out its 3 seconds.
  if (response.status === 204) await outcome;
  return response;
}

/** The member submits; the "bot" acknowledges; what Discord delivered to the bot is returned. */
async function submit(fields: Record<string, string>, customId = 'study:checkin:1', userId = server.memberId): Promise<unknown[]> {
  const submitted = server.emulator.submitModal({ guildId: server.guildId, channelId: server.channelId, userId, customId, fields });
  const record = server.emulator.interactions.at(-1)!;
  await callback(record, { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Checked in', flags: 64 } });
  expect((await submitted).message?.content).toBe('Checked in');
  expect(record.payload.data).toMatchObject({ custom_id: customId });
  return (record.payload.data as { components: unknown[] }).components;
}

const checkinForm = modal(
  label(selectInLabel({ required: false, min_values: 0, max_values: 1 })),
  label(textInLabel({ required: false, max_length: 20 }), { label: 'Or in your own words' }),
  legacyRow(),
);

describe('submitModal: the submission has the shape of the modal the bot presented', () => {
  it('refuses a modal that breaks a limit with 400 invalid form body, naming the problem', async () => {
    const response = await present(modal(label(textInLabel({ label: 'Progress' }))));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(50035);
    expect(JSON.stringify(response.body.errors)).toContain('cannot have its own label');
  });

  it('answers a label with its component, a row with its text inputs, each with an id', async () => {
    expect((await present(checkinForm)).status).toBe(204);
    expect(await submit({ chapter: '2', progress: 'p. 40', note: 'good' })).toEqual([
      { type: ComponentType.Label, id: 1, component: { type: ComponentType.StringSelect, id: 2, custom_id: 'chapter', values: ['2'] } },
      { type: ComponentType.Label, id: 3, component: { type: ComponentType.TextInput, id: 4, custom_id: 'progress', value: 'p. 40' } },
      { type: ComponentType.ActionRow, id: 5, components: [{ type: ComponentType.TextInput, id: 6, custom_id: 'note', value: 'good' }] },
    ]);
  });

  it('sends optional fields left empty as "" and values: [], and keeps ids the bot chose', async () => {
    await present(modal(label(selectInLabel({ required: false, min_values: 0 }), { id: 2 }), label(textInLabel({ required: false }))));
    expect(await submit({})).toEqual([
      { type: ComponentType.Label, id: 2, component: { type: ComponentType.StringSelect, id: 1, custom_id: 'chapter', values: [] } },
      { type: ComponentType.Label, id: 3, component: { type: ComponentType.TextInput, id: 4, custom_id: 'progress', value: '' } },
    ]);
  });

  it('sends what the form showed for a field left out: pre-filled text, default options', async () => {
    const options = many(3, (index) => ({ ...chapterOption(index), ...(index === 1 ? { default: true } : {}) }));
    await present(modal(label(selectInLabel({ options })), label(textInLabel({ value: 'ch 2' }))));
    const [select, text] = (await submit({})) as { component: unknown }[];
    expect(select!.component).toMatchObject({ values: ['2'] });
    expect(text!.component).toMatchObject({ value: 'ch 2' });
  });

  it('takes several comma-separated values for a multi-select, and a value that itself has a comma as one', async () => {
    await present(modal(label(selectInLabel({ options: [...many(3, chapterOption), { label: 'A, B', value: 'a,b' }], min_values: 1, max_values: 3 }))));
    expect(((await submit({ chapter: '1, 3' })) as { component: unknown }[])[0]!.component).toMatchObject({ values: ['1', '3'] });
    expect(((await submit({ chapter: 'a,b' })) as { component: unknown }[])[0]!.component).toMatchObject({ values: ['a,b'] });
  });

  it.each([
    ['a value that is not an option', { chapter: '9' }, /chapter: "9" is not one of its options \(1, 2, 3\)/],
    ['an option chosen twice', { chapter: '1,1' }, /an option can be chosen only once/],
    ['more values than max_values', { chapter: '1,2,3' }, /chapter: 3 choices, but it takes 1–2/],
    ['a missing required select', { progress: 'p. 4' }, /field chapter is required/],
    ['a missing required text input', { chapter: '1' }, /field progress is required/],
    ['an empty required text input', { chapter: '1', progress: '' }, /field progress is required/],
    ['text longer than max_length', { chapter: '1', progress: x(21) }, /field progress takes at most 20 characters, not 21/],
    ['a field the form does not have', { chapter: '1', progress: 'p. 4', mood: 'good' }, /has no field mood \(its fields: chapter, progress\)/],
  ])('rejects %s, which no Discord client could send', async (_name, fields, message) => {
    await present(modal(label(selectInLabel({ max_values: 2 })), label(textInLabel({ max_length: 20 }))));
    const before = server.emulator.interactions.length;
    await expect(server.emulator.submitModal({ guildId: server.guildId, channelId: server.channelId, userId: server.memberId, customId: 'study:checkin:1', fields })).rejects.toThrow(message);
    expect(server.emulator.interactions).toHaveLength(before);
  });

  it('rejects fewer values than min_values on a required multi-select', async () => {
    await present(modal(label(selectInLabel({ min_values: 2, max_values: 3 }))));
    await expect(server.emulator.submitModal({ guildId: server.guildId, channelId: server.channelId, userId: server.memberId, customId: 'study:checkin:1', fields: { chapter: '1' } })).rejects.toThrow(/1 choices, but it takes 2–3/);
  });

  it('shapes a legacy form of rows as rows, and keeps the old shape when no modal was presented to this member', async () => {
    await present(modal(legacyRow({ custom_id: 'progress', required: true }), legacyRow()));
    expect(await submit({ progress: '45%', note: '' })).toEqual([
      { type: ComponentType.ActionRow, id: 1, components: [{ type: ComponentType.TextInput, id: 2, custom_id: 'progress', value: '45%' }] },
      { type: ComponentType.ActionRow, id: 3, components: [{ type: ComponentType.TextInput, id: 4, custom_id: 'note', value: '' }] },
    ]);
    const someoneElse = server.emulator.createMember(server.guildId, { username: 'carol' });
    expect(await submit({ anything: 'goes' }, 'study:checkin:1', someoneElse)).toEqual([
      { type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: 'anything', value: 'goes' }] },
    ]);
    expect(await submit({ a: 'b' }, 'never:shown')).toEqual([{ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: 'a', value: 'b' }] }]);
  });

  it('uses the modal presented last to this member under that custom_id', async () => {
    await present(modal(legacyRow({ custom_id: 'progress', required: true })));
    await present(modal(label(selectInLabel())));
    expect(((await submit({ chapter: '3' })) as { type: number }[])[0]).toMatchObject({ type: ComponentType.Label });
  });
});
