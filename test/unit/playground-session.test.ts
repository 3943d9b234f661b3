import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { CommandAction } from '../../src/emulator/interaction-payloads.js';
import type { InteractionOutcome } from '../../src/emulator/interaction-record.js';
import type { RecordedMessage } from '../../src/emulator/state.js';
import { recordedMessage } from '../fixtures/recorded-message.js';
import { PlaygroundClock } from '../../src/playground/session/playground-clock.js';
import { createSession, type ClockAdvancedHook, type TerminalDiscord } from '../../src/playground/terminal/session.js';

const place = { guildId: '500000000000000005', channelId: '300000000000000003', userId: '400000000000000004' };
const elsewhere = { place: { guildId: '510000000000000006', channelId: '310000000000000007', userId: place.userId }, guildName: 'Elsewhere', channelName: 'general' };

/** A fake Discord: every command answers with a card that has a button and a link. */
function fakeDiscord() {
  const messages: RecordedMessage[] = [];
  const actions: CommandAction[] = [];
  const presses: string[] = [];
  const forms: { userId: string; customId: string; fields: Record<string, string> }[] = [];
  const members = new Map<string, string>();
  let nextId = 1;
  const post = (content: string, extra: Partial<RecordedMessage> = {}): RecordedMessage => {
    const message = recordedMessage({
      id: String(nextId++),
      channelId: place.channelId,
      guildId: place.guildId,
      authorId: 'bot',
      content,
      interactionId: null,
      ...extra,
    });
    messages.push(message);
    return message;
  };
  const answer = (message: RecordedMessage): InteractionOutcome => ({ responseType: 4, expired: false, message, followUps: [], choices: null, modal: null });
  const discord: TerminalDiscord = {
    async runCommand(action) {
      actions.push(action);
      return answer(
        post(`ran /${action.name}`, {
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Similar books', custom_id: 'book:similar:x' },
                { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Official page', url: 'https://example.com' },
              ],
            },
          ],
        }),
      );
    },
    async autocomplete(action) {
      actions.push(action);
      return [];
    },
    async pressButton({ customId, userId }) {
      presses.push(customId);
      if (customId === 'study:checkin:1') {
        return {
          ...answer(post('unused')),
          message: null,
          responseType: 9,
          modal: {
            custom_id: `form-by-${userId}`,
            title: 'Check in: Readers',
            components: [
              { type: 1, components: [{ type: 4, custom_id: 'progress', label: 'How far did you get?', required: true }] },
              { type: 1, components: [{ type: 4, custom_id: 'note', label: 'A note', required: false }] },
            ],
          },
        };
      }
      return answer(post(`pressed ${customId}`, { ephemeral: true }));
    },
    async submitModal(form) {
      forms.push(form);
      return answer(post(`submitted ${JSON.stringify(form.fields)} as ${form.userId}`, { ephemeral: true }));
    },
    member: (name) => (members.get(name) ?? members.set(name, `8000000000000000${members.size + 10}`).get(name))!,
    messages: (channelId, options) => messages.filter((m) => m.channelId === channelId && (options?.includeEphemeral || !m.ephemeral)),
    message: (id) => messages.find((m) => m.id === id),
  };
  return { discord, actions, presses, post, forms, members };
}

function session(hooks: (fake: ReturnType<typeof fakeDiscord>) => ClockAdvancedHook[] = () => [], options: { elsewhere?: boolean } = {}) {
  const fake = fakeDiscord();
  const clock = new PlaygroundClock({ now: () => Date.UTC(2026, 0, 5, 9, 0) });
  const created = createSession({
    discord: fake.discord,
    place,
    ...(options.elsewhere === false ? {} : { elsewhere }),
    definitions: commands.map((command) => command.definition),
    directory: () => ({ channels: new Map([['books', place.channelId]]), roles: new Map(), users: new Map() }),
    names: { user: (id) => (id === 'bot' ? 'Grimoire' : undefined), channel: () => 'books', role: () => undefined },
    clock,
    onClockAdvanced: hooks(fake),
    timeZone: 'UTC',
  });
  return { ...fake, clock, session: created };
}

describe('playground session', () => {
  it('runs a parsed slash command as the playground user', async () => {
    const { session: s, actions } = session();
    const result = await s.execute('/recommend topic: asyncio count: 2');
    expect(actions).toEqual([{ ...place, name: 'recommend', options: { topic: 'asyncio', count: 2 } }]);
    expect(result).toEqual({ output: 'Grimoire\n  ran /recommend\n  [1] Similar books   [2] Official page ↗ https://example.com', exit: false });
  });

  it('shows parse errors without calling the bot', async () => {
    const { session: s, actions } = session();
    expect((await s.execute('/book')).output).toMatch(/needs a query: option/);
    expect(actions).toEqual([]);
  });

  it('presses numbered buttons of the last message that had some, and explains links', async () => {
    const { session: s, presses } = session();
    expect((await s.execute('click 1')).output).toMatch(/No message with buttons yet/);
    await s.execute('/book query: fluent');
    expect((await s.execute('click 1')).output).toBe('Grimoire (only you can see this)\n  pressed book:similar:x');
    expect(presses).toEqual(['book:similar:x']);
    expect((await s.execute('click 2')).output).toMatch(/is a link: it opens https:\/\/example.com/);
    expect((await s.execute('click 3')).output).toMatch(/No button "3".*\[1\] Similar books {3}\[2\] Official page/);
    await s.execute('click similar');
    expect(presses).toHaveLength(2);
  });

  it('moves the clock forward only, runs the hooks, then prints what they posted', async () => {
    const posted: string[] = [];
    const { session: s, clock } = session((fake) => [
      ({ from, to }) => {
        posted.push(`${from}->${to}`);
        fake.post('Weekly spotlight: Fluent Python');
      },
    ]);
    expect((await s.execute('clock')).output).toBe('Playground time: 2026-01-05T09:00:00.000Z (UTC) · Mon, 5 Jan 2026, 09:00 UTC (local) (real time)');
    const moved = await s.execute('clock +7d');
    expect(moved.output).toBe(
      [
        'Clock moved forward 7d: 2026-01-12T09:00:00.000Z (UTC) · Mon, 12 Jan 2026, 09:00 UTC (local) (7d ahead of real time)',
        '',
        'New message:',
        'Grimoire',
        '  Weekly spotlight: Fluent Python',
      ].join('\n'),
    );
    expect(posted).toEqual([`${Date.UTC(2026, 0, 5, 9)}->${Date.UTC(2026, 0, 12, 9)}`]);
    expect((await s.execute('clock -1d')).output).toMatch(/only moves forward/);
    expect(clock.offsetMs).toBe(7 * 24 * 3_600_000);
  });

  it('acts as another member, who is added to the server on first use', async () => {
    const { session: s, actions, members } = session();
    await s.execute('as alice /study join group: Readers');
    const alice = members.get('alice')!;
    expect(actions.at(-1)).toMatchObject({ userId: alice, name: 'study', subcommand: 'join', options: { group: 'Readers' } });
    await s.execute('as @alice /study list');
    expect(members.size).toBe(1);
    expect((await s.execute('as alice')).output).toMatch(/Who, and what\?/);
  });

  it('fills in a form the bot opened, as the member who opened it', async () => {
    const { session: s, post, forms, members } = session();
    expect((await s.execute('submit progress: ch 5')).output).toMatch(/No form is open/);
    post('reminder', {
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Check in', custom_id: 'study:checkin:1' }] }],
    });
    await s.execute('messages');
    const opened = (await s.execute('as bob click check in')).output;
    expect(opened).toMatch(/opened a form “Check in: Readers”[\s\S]*submit progress: … {2}note: … \(optional\)/);
    expect((await s.execute('submit note: only a note')).output).toMatch(/needs progress: …/);
    expect((await s.execute('submit progress: ch 5 of 24 note: loved it: really')).output).toMatch(/submitted/);
    expect(forms).toEqual([{ guildId: place.guildId, channelId: place.channelId, userId: members.get('bob')!, customId: `form-by-${members.get('bob')}`, fields: { progress: 'ch 5 of 24', note: 'loved it: really' } }]);
  });

  it('runs a command as you in the server without the bot with `elsewhere`, and completes it there', async () => {
    const { session: s, actions } = session();
    const output = (await s.execute('elsewhere /book query: fluent')).output;
    expect(actions).toEqual([{ guildId: elsewhere.place.guildId, channelId: elsewhere.place.channelId, userId: place.userId, name: 'book', options: { query: 'fluent' } }]);
    expect(output).toBe('In Elsewhere #general (Grimoire is not in this server; you installed it to your account):\n\nGrimoire\n  ran /book\n  [1] Similar books   [2] Official page ↗ https://example.com');
    const completion = await s.complete('elsewhere /book query: flu');
    expect(completion.start).toBe('elsewhere /book query: '.length);
    expect(actions.at(-1)).toMatchObject({ guildId: elsewhere.place.guildId, channelId: elsewhere.place.channelId, name: 'book', focused: 'query' });
    expect((await s.complete('elsew')).candidates.map((c) => c.text)).toEqual(['elsewhere /']);
    expect((await s.execute('elsewhere hello')).output).toMatch(/After `elsewhere` comes a bot command/);
    const { session: alone } = session(undefined, { elsewhere: false });
    expect((await alone.execute('elsewhere /book query: fluent')).output).toBe('This playground has no other server.');
  });

  it('handles help, comments, unknown input and exit', async () => {
    const { session: s } = session();
    expect((await s.execute('help')).output).toMatch(/\/book query: …[\s\S]*\/recommend topic: …[\s\S]*click N/);
    expect(await s.execute('# just a note')).toEqual({ output: '', exit: false });
    expect((await s.execute('hello')).output).toMatch(/Unknown input "hello"/);
    expect(await s.execute('exit')).toEqual({ output: '', exit: true });
  });
});
