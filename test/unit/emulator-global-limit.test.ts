import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/emulator/emulator.js';
import { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { slashCommand } from '../fixtures/interactions.js';

/**
 * Discord's global limit (50 requests/s per bot) binds everything but interaction responses: the callback and
 * the interaction token's webhook routes (https://docs.discord.com/developers/topics/rate-limits#global-rate-limit).
 */

let emulator: Emulator;
let guildId: string;

beforeEach(async () => {
  emulator = await Emulator.start();
  guildId = emulator.createGuild().id;
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

function pendingInteraction(): InteractionRecord {
  const record = new InteractionRecord(slashCommand('book', { query: 'x' }), null);
  emulator.core.interactions.set(record.id, record);
  emulator.core.interactionsByToken.set(record.token, record);
  return record;
}

const reply = { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'hi', allowed_mentions: { parse: [] } } };
const deferral = { type: InteractionResponseType.DeferredChannelMessageWithSource };

/** One channel per post, so the 5-per-5-s channel bucket never answers first: only the global limit can. */
const channels = (count: number): string[] => Array.from({ length: count }, () => emulator.createChannel(guildId));

describe('emulator: the global limit', () => {
  it('answers every interaction callback of a burst over 50/s', async () => {
    const records = Array.from({ length: 120 }, pendingInteraction);
    const answers = await Promise.all(records.map((record) => call('POST', `/interactions/${record.id}/${record.token}/callback`, reply, false)));
    expect(answers.map((answer) => answer.status)).toEqual(records.map(() => 204));
    expect(emulator.core.limiter.stats.globalLimited).toBe(0);
  });

  it('takes a burst over 50/s of follow-ups and edits of @original, each interaction in its own bucket', async () => {
    const records = Array.from({ length: 70 }, pendingInteraction);
    await Promise.all(records.map((record) => call('POST', `/interactions/${record.id}/${record.token}/callback`, deferral, false)));
    const app = emulator.applicationId;
    const edits = await Promise.all(records.map((record) => call('PATCH', `/webhooks/${app}/${record.token}/messages/%40original`, { content: 'done' }, false)));
    const followUps = await Promise.all(records.map((record) => call('POST', `/webhooks/${app}/${record.token}`, { content: 'more', flags: 64 }, false)));
    expect([...edits, ...followUps].filter((answer) => answer.status !== 200)).toEqual([]);
    expect(emulator.core.limiter.stats.limited).toBe(0);
  });

  it('refuses the part of a burst of channel messages over 50/s with a global 429', async () => {
    const answers = await Promise.all(channels(60).map((channelId) => call('POST', `/channels/${channelId}/messages`, { content: 'x' })));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited).toHaveLength(10);
    expect(limited[0]!.body).toMatchObject({ global: true });
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited[0]!.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('leaves the whole 50/s to other requests while interactions are answered in the same second', async () => {
    const records = Array.from({ length: 80 }, pendingInteraction);
    const [callbacks, posts] = await Promise.all([
      Promise.all(records.map((record) => call('POST', `/interactions/${record.id}/${record.token}/callback`, reply, false))),
      Promise.all(channels(50).map((channelId) => call('POST', `/channels/${channelId}/messages`, { content: 'x' }))),
    ]);
    expect(callbacks.every((answer) => answer.status === 204)).toBe(true);
    expect(posts.every((answer) => answer.status === 200)).toBe(true);
    // The 51st request that counts is refused: the interactions used none of the budget, and no more than it.
    expect((await call('GET', `/guilds/${guildId}`)).status).toBe(429);
  });

  it('never puts an injected global 429 on an interaction response', async () => {
    emulator.core.limiter.injectFault({ count: 1, status: 429, retryAfterMs: 300, global: true });
    const record = pendingInteraction();
    expect((await call('POST', `/interactions/${record.id}/${record.token}/callback`, reply, false)).status).toBe(204);
    const refused = await call('GET', `/guilds/${guildId}`);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ global: true, retry_after: 0.3 });
    expect(refused.headers.get('x-ratelimit-global')).toBe('true');
  });
});
