import { InteractionResponseType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/emulator/emulator.js';
import { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { autocomplete, slashCommand } from '../fixtures/interactions.js';

let emulator: Emulator;
let guildId: string;
let channelId: string;

beforeEach(async () => {
  emulator = await Emulator.start();
  guildId = emulator.createGuild().id;
  channelId = emulator.createChannel(guildId, { name: 'books' });
});
afterEach(async () => {
  await emulator.close();
});

async function call(method: string, path: string, body?: unknown, auth = true) {
  const response = await fetch(`${emulator.apiBase}/v10${path}`, {
    method,
    headers: { ...(auth ? { Authorization: `Bot ${emulator.token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const post = (body: unknown) => call('POST', `/channels/${channelId}/messages`, body);

describe('emulator REST: channel messages', () => {
  it('records a valid message and reports who it pinged', async () => {
    const roleId = emulator.createRole(guildId, { name: 'readers' });
    const response = await post({ content: `@everyone <@&${roleId}> hi`, allowed_mentions: { parse: [], roles: [roleId] } });
    expect(response.status).toBe(200);
    const [message] = emulator.messages(channelId);
    expect(message?.pinged).toEqual({ everyone: false, users: [], roles: [roleId] });
    expect(response.headers.get('x-ratelimit-limit')).toBe('5');
  });

  it('pings everyone when a bot forgets allowed_mentions, like Discord', async () => {
    await post({ content: '@everyone hello' });
    expect(emulator.messages(channelId)[0]?.pinged.everyone).toBe(true);
  });

  it.each([
    [{ content: 'x'.repeat(2001) }, 'content'],
    [{ embeds: [{ title: 't'.repeat(257) }] }, 'title'],
    [{}, 'empty'],
    [{ content: 'hi', allowed_mentions: { parse: ['roles'], roles: ['1'] } }, 'mutually exclusive'],
    [{ content: 'hi', nonce: 'n'.repeat(26) }, 'nonce'],
  ])('refuses %j with 50035', async (body, fragment) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(50035);
    expect(JSON.stringify(response.body.errors)).toContain(fragment);
  });

  it('returns the earlier message for a repeated nonce with enforce_nonce', async () => {
    const first = await post({ content: 'spotlight', nonce: 'guild-1-week-42', enforce_nonce: true });
    const again = await post({ content: 'spotlight', nonce: 'guild-1-week-42', enforce_nonce: true });
    expect(again.body.id).toBe(first.body.id);
    expect(emulator.messages(channelId)).toHaveLength(1);
    await post({ content: 'spotlight', nonce: 'guild-1-week-42' });
    expect(emulator.messages(channelId)).toHaveLength(2);
  });

  it('answers 10003 for a deleted channel, 50001 without View Channel, 50013 without Send Messages', async () => {
    const hidden = emulator.createChannel(guildId, { botPermissions: 0n });
    const readOnly = emulator.createChannel(guildId, { botPermissions: PermissionFlagsBits.ViewChannel });
    const gone = emulator.createChannel(guildId);
    emulator.deleteChannel(gone);
    expect((await call('POST', `/channels/${gone}/messages`, { content: 'x' })).body).toEqual({ code: 10003, message: 'Unknown Channel' });
    expect((await call('POST', `/channels/${hidden}/messages`, { content: 'x' })).body.code).toBe(50001);
    expect((await call('POST', `/channels/${readOnly}/messages`, { content: 'x' })).body.code).toBe(50013);
    emulator.revokeBotPermission(channelId, PermissionFlagsBits.EmbedLinks);
    expect((await post({ embeds: [{ title: 'card' }] })).body.code).toBe(50013);
  });

  it('answers 10004 and 50001 once the bot is removed from the server', async () => {
    expect((await call('GET', `/guilds/${guildId}`)).status).toBe(200);
    emulator.removeBot(guildId);
    expect((await call('GET', `/guilds/${guildId}`)).body.code).toBe(10004);
    expect((await post({ content: 'x' })).body.code).toBe(50001);
  });

  it('requires the bot token', async () => {
    expect((await call('GET', '/users/@me', undefined, false)).status).toBe(401);
    expect((await call('GET', '/users/@me')).body.id).toBe(emulator.botUserId);
  });

  it('limits the bot to 50 requests per second with a global 429', async () => {
    const statuses = await Promise.all(Array.from({ length: 60 }, () => call('GET', `/channels/${channelId}`).then((r) => r)));
    const limited = statuses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(10);
    expect(limited[0]!.body).toMatchObject({ global: true, message: 'You are being rate limited.' });
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('injects 500s and 429s for the next requests only', async () => {
    emulator.failNextRequests({ count: 2, status: 500, path: /\/messages$/ });
    expect((await post({ content: 'a' })).status).toBe(500);
    expect((await call('GET', `/channels/${channelId}`)).status).toBe(200);
    expect((await post({ content: 'b' })).status).toBe(500);
    expect((await post({ content: 'c' })).status).toBe(200);
    emulator.failNextRequests({ count: 1, status: 429, retryAfterMs: 1500 });
    const limited = await post({ content: 'd' });
    expect(limited.body.retry_after).toBe(1.5);
    expect(limited.headers.get('retry-after')).toBe('1.5');
  });
});

describe('emulator REST: interactions', () => {
  function pendingInteraction(payload: ConstructorParameters<typeof InteractionRecord>[0] = slashCommand('book', { query: 'x' })): InteractionRecord {
    const record = new InteractionRecord(payload, null);
    emulator.core.interactions.set(record.id, record);
    emulator.core.interactionsByToken.set(record.token, record);
    return record;
  }
  const reply = { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'hi', allowed_mentions: { parse: [] } } };

  it('accepts one answer, then 40060 for a second', async () => {
    const record = pendingInteraction();
    expect((await call('POST', `/interactions/${record.id}/${record.token}/callback`, reply, false)).status).toBe(204);
    expect((await call('POST', `/interactions/${record.id}/${record.token}/callback`, reply, false)).body.code).toBe(40060);
  });

  it('expires an interaction not answered within 3 s (10062)', async () => {
    const record = pendingInteraction();
    Object.defineProperty(record, 'createdAt', { value: Date.now() - 3100 });
    expect((await call('POST', `/interactions/${record.id}/${record.token}/callback`, reply, false)).body.code).toBe(10062);
    expect((await call('POST', `/interactions/999/nope/callback`, reply, false)).body.code).toBe(10062);
  });

  it('validates autocomplete choices like Discord', async () => {
    const record = pendingInteraction(autocomplete('book', 'query', { query: 'x' }));
    const tooMany = { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })) } };
    const refused = await call('POST', `/interactions/${record.id}/${record.token}/callback`, tooMany, false);
    expect(refused.body.code).toBe(50035);
    expect(JSON.stringify(refused.body.errors)).toContain('26 choices > 25');
    const fine = { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: tooMany.data.choices.slice(0, 25) } };
    expect((await call('POST', `/interactions/${record.id}/${record.token}/callback`, fine, false)).status).toBe(204);
  });

  it('edits the deferred original and takes follow-ups through the webhook routes', async () => {
    const record = pendingInteraction();
    await call('POST', `/interactions/${record.id}/${record.token}/callback`, { type: InteractionResponseType.DeferredChannelMessageWithSource }, false);
    const edited = await call('PATCH', `/webhooks/${emulator.applicationId}/${record.token}/messages/%40original`, { content: 'done' }, false);
    expect(edited.body.content).toBe('done');
    const followUp = await call('POST', `/webhooks/${emulator.applicationId}/${record.token}`, { content: 'more', flags: 64 }, false);
    expect(followUp.body.flags).toBe(64);
    expect(emulator.outcomeOf(record).followUps).toHaveLength(1);
  });
});

describe('emulator REST: commands', () => {
  it('refuses invalid command definitions with 50035', async () => {
    const bad = [{ name: 'Bad Name', description: '', options: Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd' })) }];
    const response = await call('PUT', `/applications/${emulator.applicationId}/commands`, bad);
    expect(response.body.code).toBe(50035);
    expect(Object.keys(response.body.errors)).toEqual(expect.arrayContaining(['0.name', '0.description', '0.options']));
  });
});
