import { describe, expect, it } from 'vitest';
import type { InteractionOutcome } from '../../src/emulator/interaction-record.js';
import type { RecordedMessage } from '../../src/emulator/state.js';
import type { ActionResult, PlaygroundActions, VoteResult } from '../../src/playground/session/actions.js';
import { PlaygroundClock } from '../../src/playground/session/playground-clock.js';
import { createWebSession, validZone } from '../../src/playground/web/web-session.js';
import { recordedMessage } from '../fixtures/recorded-message.js';

/** The web face's own rules: who sees which message, which form is open for whom, and member names. */

const place = { guildId: 'g', channelId: 'c', userId: 'u-you' };
const elsewhere = { place: { guildId: 'g-elsewhere', channelId: 'c-elsewhere', userId: 'u-you' }, guildName: 'Elsewhere', channelName: 'general' };
const message = (id: string, extra: Partial<RecordedMessage> = {}): RecordedMessage => recordedMessage({ id, channelId: 'c', guildId: 'g', authorId: 'bot', content: `message ${id}`, interactionId: null, ...extra });
const outcome = (extra: Partial<InteractionOutcome> = {}): InteractionOutcome => ({ responseType: 4, expired: false, message: null, followUps: [], choices: null, modal: null, ...extra });
const form = { custom_id: 'study:checkin:1', title: 'Check in', components: [{ type: 1, components: [{ type: 4, custom_id: 'progress', label: 'Progress', style: 1 }] }] };

function session(results: { submit?: ActionResult; command?: ActionResult; vote?: VoteResult } = {}, calls: unknown[][] = []) {
  const messages = [
    message('1'),
    message('2', { ephemeral: true, interactionId: 'i-alice' }),
    message('3', { ephemeral: true, interactionId: 'i-you' }),
    message('4', { channelId: 'c-elsewhere', guildId: 'g-elsewhere' }),
  ];
  const recipients: Record<string, string> = { 'i-alice': 'u-alice', 'i-you': 'u-you' };
  const ok: ActionResult = { ok: true, outcome: outcome() };
  const actions: PlaygroundActions = {
    runLine: async (...args) => {
      calls.push(['runLine', ...args]);
      return results.command ?? ok;
    },
    complete: async (...args) => {
      calls.push(['complete', ...args]);
      return { start: 0, candidates: [] };
    },
    press: async () => ok,
    choose: async () => ok,
    submitForm: async (...args) => {
      calls.push(['submitForm', ...args]);
      return results.submit ?? ok;
    },
    vote: async (...args) => {
      calls.push(['vote', ...args]);
      return results.vote ?? { ok: true };
    },
    moveClock: async (ms) => ({ from: 0, to: ms, problems: [] }),
  };
  return createWebSession({
    discord: {
      messages: (channelId) => messages.filter((m) => m.channelId === channelId),
      message: (id) => messages.find((m) => m.id === id),
      member: (name) => `u-${name}`,
      ephemeralRecipient: (m) => (m.ephemeral && m.interactionId ? (recipients[m.interactionId] ?? null) : null),
    },
    actions,
    place,
    home: { guildName: 'Playground', channelName: 'books' },
    elsewhere,
    names: { user: (id) => id.replace(/^u-/, ''), channel: () => 'books', role: () => undefined },
    clock: new PlaygroundClock(undefined, { startMs: Date.UTC(2026, 11, 8, 20) }),
    botUserId: 'bot',
    members: ['you', 'alice', 'bob'],
    onChange: () => undefined,
    sentAt: () => Date.UTC(2026, 11, 8, 20),
  });
}

describe('web session', () => {
  it('shows each member the public messages and only their own private replies', () => {
    const web = session();
    expect(web.state({ viewer: 'you', timeZone: 'Europe/Berlin' }).messages.map((m) => m.id)).toEqual(['1', '3']);
    expect(web.state({ viewer: 'alice', timeZone: 'Europe/Berlin' }).messages.map((m) => m.id)).toEqual(['1', '2']);
    expect(web.state({ viewer: 'bob', timeZone: 'Europe/Berlin' }).messages.map((m) => m.id)).toEqual(['1']);
  });

  it('keeps a form open for the member it was opened for, also after a refused submission, and closes it once sent', async () => {
    const refused = session({ command: { ok: true, outcome: outcome({ responseType: 9, modal: form }) }, submit: { ok: false, error: 'no such field', by: 'emulator' } });
    await refused.command('alice', '/study checkin');
    expect(refused.state({ viewer: 'alice', timeZone: 'UTC' }).modal).toContain('Check in');
    expect(refused.state({ viewer: 'you', timeZone: 'UTC' }).modal).toBeNull();
    expect(await refused.submitForm('alice', 'study:checkin:1', { progress: 'ch 2' })).toEqual({ ok: false, error: 'no such field' });
    expect(refused.state({ viewer: 'alice', timeZone: 'UTC' }).modal).not.toBeNull();

    const accepted = session({ command: { ok: true, outcome: outcome({ responseType: 9, modal: form }) } });
    await accepted.command('alice', '/study checkin');
    expect(await accepted.submitForm('alice', 'study:checkin:1', { progress: 'ch 2' })).toEqual({ ok: true });
    expect(accepted.state({ viewer: 'alice', timeZone: 'UTC' }).modal).toBeNull();
  });

  it("says what Discord says when the bot does not answer, and adds members with valid names only", async () => {
    const silent = session({ command: { ok: true, outcome: outcome({ responseType: null, expired: true }) } });
    expect(await silent.command('you', '/book query: x')).toEqual({ ok: true, notice: 'The application did not respond' });
    expect(silent.addMember('Carol')).toEqual({ ok: true });
    expect(silent.state({ viewer: 'you', timeZone: 'UTC' }).members).toEqual(['you', 'alice', 'bob', 'carol']);
    for (const bad of ['x', '<script>', 'a b', 'a'.repeat(33)]) expect(silent.addMember(bad)).toMatchObject({ ok: false });
  });

  it('shows the channel of the server without the bot and runs commands there as you; nobody else is in that server', async () => {
    const calls: unknown[][] = [];
    const web = session({ command: { ok: true, outcome: outcome({ responseType: 9, modal: form }) } }, calls);
    const there = web.state({ viewer: 'you', timeZone: 'UTC', where: 'elsewhere' });
    expect(there.messages.map((m) => m.id)).toEqual(['4']);
    expect(there.channel).toMatchObject({ where: 'elsewhere', guildName: 'Elsewhere', channelName: 'general', note: expect.stringMatching(/Grimoire is not in this server/) });
    expect(there.channels.map((c) => `${c.guildName} #${c.channelName}`)).toEqual(['Playground #books', 'Elsewhere #general']);
    expect(web.state({ viewer: 'you', timeZone: 'UTC' }).channel.where).toBe('home');
    expect(await web.command('you', '/book query: fluent', 'elsewhere')).toEqual({ ok: true });
    await web.complete('/book query: flu', 'elsewhere');
    // A form opened there is sent from there.
    await web.submitForm('you', form.custom_id, { progress: 'ch 2' });
    expect(calls).toEqual([
      ['runLine', '/book query: fluent', 'u-you', elsewhere.place],
      ['complete', '/book query: flu', elsewhere.place],
      ['submitForm', { customId: form.custom_id, fields: { progress: 'ch 2' }, userId: 'u-you', where: elsewhere.place }],
    ]);
    expect(await web.command('alice', '/book query: fluent', 'elsewhere')).toEqual({ ok: false, error: 'Only “you” joined Elsewhere: pick “you” under Acting as to use it.' });
    expect(web.state({ viewer: 'alice', timeZone: 'UTC', where: 'elsewhere' }).messages).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it('votes as the member the page acts as, and passes a refusal on in words', async () => {
    const calls: unknown[][] = [];
    await session({}, calls).vote('alice', '1', [2]);
    expect(calls).toEqual([['vote', { messageId: '1', answerIds: [2], userId: 'u-alice' }]]);
    const closed = session({ vote: { ok: false, error: 'This poll has closed: Discord takes no more votes on it.', by: 'emulator' } });
    expect(await closed.vote('you', '1', [])).toEqual({ ok: false, error: 'This poll has closed: Discord takes no more votes on it.' });
  });

  it('lists no events when the playground has none to give', () => {
    expect(session().state({ viewer: 'you', timeZone: 'UTC' }).events).toMatchObject({ guildId: 'g', upcoming: 0, ids: [], html: expect.stringContaining('Playground has no scheduled events.') });
  });

  it('reads times in a valid zone, and in UTC when the browser sends nonsense', () => {
    expect(validZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(validZone('Mars/Olympus')).toBe('UTC');
  });
});
