import { ComponentType, TextInputStyle } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { InteractionOutcome } from '../../src/emulator/interaction-record.js';
import type { RecordedMessage } from '../../src/emulator/state.js';
import { describeSelect, formFieldsOf, selectAnswer } from '../../src/playground/session/form.js';
import { PlaygroundClock } from '../../src/playground/session/playground-clock.js';
import { renderOutcome } from '../../src/playground/terminal/render.js';
import { createSession, type TerminalDiscord } from '../../src/playground/terminal/session.js';
import { recordedMessage } from '../fixtures/recorded-message.js';

/** Forms with Discord's label layout in the playground: a chapter select next to text inputs. */

const chapters = [
  'The Python Data Model',
  'An Array of Sequences',
  'Dictionaries and Sets',
  'Unicode Text Versus Bytes',
  'Data Class Builders',
  'Object References, Mutability, and Recycling',
  'Functions as First-Class Objects',
  'Type Hints in Functions',
];

const chapterSelect = {
  type: ComponentType.StringSelect,
  custom_id: 'chapter',
  required: false,
  min_values: 0,
  max_values: 1,
  options: chapters.map((title, index) => ({ label: `${index + 1}. ${title}`, value: String(index + 1) })),
};

const checkinForm = {
  custom_id: 'study:checkin:1',
  title: 'Check in: Readers',
  components: [
    { type: ComponentType.Label, label: 'Chapter reached', component: chapterSelect },
    {
      type: ComponentType.Label,
      label: 'Or your progress in your own words',
      component: { type: ComponentType.TextInput, custom_id: 'progress', style: TextInputStyle.Short, required: false },
    },
    { type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: 'note', label: 'A note', style: TextInputStyle.Paragraph, required: false }] },
  ],
};

describe('playground forms: fields from rows and labels', () => {
  it('reads a select and a text input from labels, and a text input from a legacy row', () => {
    const [chapter, progress, note] = formFieldsOf(checkinForm);
    expect(chapter).toMatchObject({ id: 'chapter', label: 'Chapter reached', kind: 'select', required: false, minValues: 0, maxValues: 1, prefilled: false });
    expect(chapter!.choices[4]).toEqual({ value: '5', label: '5. Data Class Builders' });
    expect(progress).toMatchObject({ id: 'progress', label: 'Or your progress in your own words', kind: 'text', required: false });
    expect(note).toMatchObject({ id: 'note', label: 'A note', kind: 'text' });
  });

  it('lists a select with its choices, the value once, and trims a long list', () => {
    const [chapter] = formFieldsOf(checkinForm);
    expect(describeSelect(chapter!)).toBe(
      'chapter (optional): pick one of 1 The Python Data Model · 2 An Array of Sequences · 3 Dictionaries and Sets · 4 Unicode Text Versus Bytes · 5 Data Class Builders · 6 Object References, Mutability, and Re… · … 2 more',
    );
  });

  it('answers a select by value, by label or by the label words, in any case', () => {
    const [chapter] = formFieldsOf(checkinForm);
    expect(selectAnswer(chapter!, '5')).toEqual({ ok: true, value: '5' });
    expect(selectAnswer(chapter!, '3. dictionaries and sets')).toEqual({ ok: true, value: '3' });
    expect(selectAnswer(chapter!, 'Type hints in functions')).toEqual({ ok: true, value: '8' });
    expect(selectAnswer(chapter!, '')).toEqual({ ok: true, value: '' });
    expect(selectAnswer(chapter!, '42')).toEqual({ ok: false, error: expect.stringMatching(/^"42" is not one of the choices for chapter\. chapter \(optional\): pick one of 1 The Python/) });
  });

  it('takes several choices, comma-separated, for a multi-select', () => {
    const [chapter] = formFieldsOf({ ...checkinForm, components: [{ ...checkinForm.components[0], component: { ...chapterSelect, max_values: 3 } }] });
    expect(describeSelect(chapter!)).toMatch(/^chapter \(optional\): pick 0–3 of 1 The Python/);
    expect(selectAnswer(chapter!, '1, data class builders')).toEqual({ ok: true, value: '1,5' });
  });

  it('names the labels of a form in a rendered outcome', () => {
    const outcome: InteractionOutcome = { responseType: 9, expired: false, message: null, followUps: [], choices: null, modal: checkinForm };
    expect(renderOutcome(outcome)).toBe('Grimoire opened a form “Check in: Readers” (fields: Chapter reached, Or your progress in your own words, A note).');
  });
});

const place = { guildId: '500000000000000005', channelId: '300000000000000003', userId: '400000000000000004' };

/** A fake Discord whose only button opens the label form, and that records what was submitted. */
function session(form: Record<string, unknown> = checkinForm) {
  const messages: RecordedMessage[] = [];
  const submitted: Record<string, string>[] = [];
  const post = (content: string, extra: Partial<RecordedMessage> = {}): RecordedMessage => {
    const message = recordedMessage({ id: String(messages.length + 1), channelId: place.channelId, guildId: place.guildId, authorId: 'bot', content, interactionId: null, ...extra });
    messages.push(message);
    return message;
  };
  const answer = (message: RecordedMessage | null, modal: Record<string, unknown> | null = null): InteractionOutcome => ({
    responseType: modal ? 9 : 4,
    expired: false,
    message,
    followUps: [],
    choices: null,
    modal,
  });
  const discord: TerminalDiscord = {
    runCommand: async () => answer(post('ran')),
    autocomplete: async () => [],
    pressButton: async () => answer(null, form),
    async submitModal({ fields }) {
      submitted.push(fields);
      return answer(post(`submitted ${JSON.stringify(fields)}`, { ephemeral: true }));
    },
    member: () => place.userId,
    messages: (channelId) => messages.filter((message) => message.channelId === channelId),
    message: (id) => messages.find((message) => message.id === id),
  };
  post('reminder', { components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: 1, label: 'Check in', custom_id: 'study:checkin:1' }] }] });
  const created = createSession({
    discord,
    place,
    definitions: commands.map((command) => command.definition),
    directory: () => ({ channels: new Map([['books', place.channelId]]), roles: new Map(), users: new Map() }),
    names: { user: (id) => (id === 'bot' ? 'Grimoire' : undefined), channel: () => 'books', role: () => undefined },
    clock: new PlaygroundClock({ now: () => Date.UTC(2026, 0, 5, 9, 0) }),
    timeZone: 'UTC',
  });
  return { session: created, submitted };
}

describe('playground session: a form with a chapter select', () => {
  it('lists the select with its choices and how to fill the form in', async () => {
    const { session: s } = session();
    await s.execute('messages');
    expect((await s.execute('click check in')).output).toBe(
      [
        'Grimoire opened a form “Check in: Readers”: Chapter reached / Or your progress in your own words / A note.',
        '  chapter (optional): pick one of 1 The Python Data Model · 2 An Array of Sequences ·',
        '    3 Dictionaries and Sets · 4 Unicode Text Versus Bytes · 5 Data Class Builders ·',
        '    6 Object References, Mutability, and Re… · … 2 more',
        'Fill it in with:  submit chapter: … (optional)  progress: … (optional)  note: … (optional)',
      ].join('\n'),
    );
  });

  it('submits a chapter by its value and text inputs as typed', async () => {
    const { session: s, submitted } = session();
    await s.execute('messages');
    await s.execute('click check in');
    expect((await s.execute('submit chapter: 5 note: loved it')).output).toMatch(/submitted/);
    expect(submitted).toEqual([{ chapter: '5', note: 'loved it' }]);
  });

  it('submits a chapter by its label, in any case, and keeps text-only answers working', async () => {
    const { session: s, submitted } = session();
    await s.execute('messages');
    await s.execute('click check in');
    await s.execute('submit chapter: dictionaries AND sets');
    await s.execute('click check in');
    await s.execute('submit progress: p. 120 note: slow week');
    expect(submitted).toEqual([{ chapter: '3' }, { progress: 'p. 120', note: 'slow week' }]);
  });

  it('says which choices there are when the answer is not one, and keeps the form open', async () => {
    const { session: s, submitted } = session();
    await s.execute('messages');
    await s.execute('click check in');
    expect((await s.execute('submit chapter: 99')).output).toMatch(/^"99" is not one of the choices for chapter\. chapter \(optional\): pick one of 1 The Python Data Model/);
    expect(submitted).toEqual([]);
    await s.execute('submit chapter: 2');
    expect(submitted).toEqual([{ chapter: '2' }]);
  });

  it('checks required fields: a required select must be answered unless it has a default', async () => {
    const required = { ...chapterSelect, required: true, min_values: 1 };
    const form = { ...checkinForm, components: [{ ...checkinForm.components[0], component: required }, checkinForm.components[1]] };
    const { session: s, submitted } = session(form);
    await s.execute('messages');
    expect((await s.execute('click check in')).output).toContain('submit chapter: …  progress: … (optional)');
    expect((await s.execute('submit progress: p. 12')).output).toBe('The form needs chapter: … (fields: chapter, progress).');
    expect(submitted).toEqual([]);

    const withDefault = { ...required, options: required.options.map((option, index) => ({ ...option, ...(index === 1 ? { default: true } : {}) })) };
    const { session: t, submitted: sent } = session({ ...form, components: [{ ...checkinForm.components[0], component: withDefault }] });
    await t.execute('messages');
    expect((await t.execute('click check in')).output).toMatch(/… 2 more ·\s+selected now: 2 An Array of Sequences\n/);
    expect((await t.execute('submit')).output).toMatch(/submitted/);
    expect(sent).toEqual([{}]);
  });
});
