import { setTimeout as sleep } from 'node:timers/promises';
import { ButtonStyle, ComponentType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Emulator } from '../../src/emulator/emulator.js';

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

interface ApiMessage {
  id: string;
  content: string;
  nonce?: string;
  timestamp: string;
  author: { id: string; bot?: boolean };
  components: { components: { custom_id: string }[] }[];
}

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.apiBase}/v10${path}`, {
    method,
    headers: { Authorization: `Bot ${emulator.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const post = (body: unknown, channel = channelId) => call('POST', `/channels/${channel}/messages`, body);
const history = async (query = '', channel = channelId) => call('GET', `/channels/${channel}/messages${query}`);
const ids = (messages: ApiMessage[]) => messages.map((message) => message.id);

/** A message with a marker in its button's custom_id, as a bot would post to find its own post again. */
const withMarker = (content: string, marker: string, nonce?: string) => ({
  content,
  components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Open', custom_id: marker }] }],
  ...(nonce ? { nonce, enforce_nonce: true } : {}),
});

/** Posts `count` (≤ 5: Discord's per-channel limit is 5 per 5 s) messages one after the other and returns their ids, oldest first. */
async function postMany(count: number, channel = channelId): Promise<string[]> {
  const posted: string[] = [];
  for (let i = 1; i <= count; i++) {
    const response = await post({ content: `m${i}` }, channel);
    expect(response.status).toBe(200);
    posted.push((response.body as ApiMessage).id);
  }
  return posted;
}

/** Records `count` bot messages straight into the state (more than the POST rate limit allows in a test). */
function seed(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    emulator.core.state.recordMessage({
      channelId,
      guildId,
      authorId: emulator.botUserId,
      content: `seed ${i}`,
      embeds: [],
      components: [],
      flags: 0,
      pinged: { everyone: false, users: [], roles: [] },
      nonce: null,
      interactionId: null,
      ephemeral: false,
    }).id,
  );
}

describe('emulator: GET /channels/:id/messages', () => {
  it('returns the history newest first, with author, timestamp and button custom_ids, and rate-limit headers', async () => {
    const first = await post(withMarker('first', 'spotlight:week-42', 'n-1'));
    const second = await post({ content: 'second' });
    expect(first.body.nonce).toBe('n-1'); // the Create Message response echoes the nonce

    const response = await history();
    expect(response.status).toBe(200);
    const messages = response.body as ApiMessage[];
    expect(ids(messages)).toEqual([second.body.id, first.body.id]);
    expect(messages[1]).toMatchObject({ content: 'first', author: { id: emulator.botUserId, bot: true } });
    expect(messages[1]!.components[0]!.components[0]!.custom_id).toBe('spotlight:week-42');
    expect(Date.parse(messages[1]!.timestamp)).not.toBeNaN();
    // Discord does not store nonces: history does not return them.
    expect(messages[1]).not.toHaveProperty('nonce');
    expect(response.headers.get('x-ratelimit-limit')).toBe('50');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('49');
    expect(response.headers.get('x-ratelimit-bucket')).toBeTruthy();
  });

  it('leaves out ephemeral and deleted messages', async () => {
    const [kept, gone] = await postMany(2);
    emulator.core.state.messages.get(gone!)!.deleted = true;
    const [hidden] = seed(1);
    emulator.core.state.messages.get(hidden!)!.ephemeral = true;
    expect(ids((await history()).body as ApiMessage[])).toEqual([kept]);
  });

  it('pages with limit, before, after and around like Discord', async () => {
    const [m1, m2, m3, m4, m5] = await postMany(5);
    expect(ids((await history('?limit=2')).body as ApiMessage[])).toEqual([m5, m4]);
    expect(ids((await history(`?before=${m3}`)).body as ApiMessage[])).toEqual([m2, m1]);
    expect(ids((await history(`?before=${m5}&limit=2`)).body as ApiMessage[])).toEqual([m4, m3]);
    // after: the messages right after the anchor (not the newest ones), still newest first
    expect(ids((await history(`?after=${m1}&limit=2`)).body as ApiMessage[])).toEqual([m3, m2]);
    expect(ids((await history(`?after=${m3}`)).body as ApiMessage[])).toEqual([m5, m4]);
    expect(ids((await history(`?around=${m3}&limit=3`)).body as ApiMessage[])).toEqual([m4, m3, m2]);
    expect(ids((await history(`?around=${m3}&limit=1`)).body as ApiMessage[])).toEqual([m3]);
    expect((await history(`?after=${m5}`)).body).toEqual([]);
  });

  it('returns 50 by default and at most 100', async () => {
    const seeded = seed(120);
    const byDefault = (await history()).body as ApiMessage[];
    expect(ids(byDefault)).toEqual(seeded.slice(-50).reverse());
    expect(ids((await history('?limit=100')).body as ApiMessage[])).toEqual(seeded.slice(-100).reverse());
  });

  it.each([
    ['?limit=0', 'limit', 'NUMBER_TYPE_MIN'],
    ['?limit=101', 'limit', 'NUMBER_TYPE_MAX'],
    ['?limit=ten', 'limit', 'NUMBER_TYPE_COERCE'],
    ['?before=abc', 'before', 'NUMBER_TYPE_COERCE'],
    ['?before=1&after=2', 'after', 'MUTUALLY_EXCLUSIVE'],
  ])('refuses %s with 50035 Invalid Form Body', async (query, field, code) => {
    const response = await history(query);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    expect(response.body.errors[field]._errors[0].code).toBe(code);
  });

  it('answers 50001 without View Channel and 10003 for an unknown channel', async () => {
    const hidden = emulator.createChannel(guildId, { botPermissions: 0n });
    expect(await history('', hidden)).toMatchObject({ status: 403, body: { code: 50001, message: 'Missing Access' } });
    const gone = emulator.createChannel(guildId);
    emulator.deleteChannel(gone);
    expect(await history('', gone)).toMatchObject({ status: 404, body: { code: 10003, message: 'Unknown Channel' } });
    emulator.removeBot(guildId);
    expect((await history()).body.code).toBe(50001);
  });

  it('returns an empty array (200) without Read Message History, and 50013 for a single message', async () => {
    const [posted] = await postMany(1);
    expect(ids((await history()).body as ApiMessage[])).toEqual([posted]);
    expect((await call('GET', `/channels/${channelId}/messages/${posted}`)).status).toBe(200);

    emulator.revokeBotPermission(channelId, PermissionFlagsBits.ReadMessageHistory);
    expect(await history()).toMatchObject({ status: 200, body: [] });
    expect((await call('GET', `/channels/${channelId}/messages/${posted}`)).body.code).toBe(50013);
    // Viewing and sending still work; only reading back is gone.
    expect((await post({ content: 'still allowed' })).status).toBe(200);
    expect(emulator.messages(channelId)).toHaveLength(2);

    const viewOnly = emulator.createChannel(guildId, { botPermissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages });
    await post({ content: 'x' }, viewOnly);
    expect(await history('', viewOnly)).toMatchObject({ status: 200, body: [] });
  });

  it('is matched by failNextRequests by method and path', async () => {
    emulator.failNextRequests({ count: 1, status: 503, method: 'GET', path: /^\/channels\/\d+\/messages$/ });
    expect((await post({ content: 'not a GET' })).status).toBe(200);
    expect((await history()).status).toBe(503);
    expect((await history()).status).toBe(200);
  });
});

describe('emulator: nonce window', () => {
  it('returns the earlier message within the window, and creates a second one once a shortened window has passed', async () => {
    const body = withMarker('spotlight', 'spotlight:w42', 'guild-1-w42');
    const first = await post(body);
    await sleep(250);
    // The default window (5 min) still holds after 250 ms.
    const again = await post(body);
    expect(again.body.id).toBe(first.body.id);
    expect(emulator.messages(channelId)).toHaveLength(1);

    emulator.setNonceWindow(200);
    const later = await post(body);
    expect(later.status).toBe(200);
    expect(later.body.id).not.toBe(first.body.id);
    expect(emulator.messages(channelId).map((m) => m.id)).toEqual([first.body.id, later.body.id]);
    // The new message starts a new window for that nonce.
    expect((await post(body)).body.id).toBe(later.body.id);
  });

  it('refuses a nonsensical window', () => {
    expect(() => emulator.setNonceWindow(-1)).toThrow(/nonce window/);
    expect(() => emulator.setNonceWindow(Number.NaN)).toThrow(/nonce window/);
  });
});

describe('emulator: lost responses', () => {
  it("'reset': the client gets ECONNRESET, yet the message exists and a retry with the nonce returns it", async () => {
    emulator.loseNextResponses({ count: 1, method: 'POST', path: /^\/channels\/\d+\/messages$/, as: 'reset' });
    const body = withMarker('spotlight', 'spotlight:lost-1', 'lost-1');
    const error = await post(body).then(
      () => null,
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    expect(error?.cause?.code).toBe('ECONNRESET');

    const [created] = emulator.messages(channelId);
    expect(created?.components).toEqual(body.components);
    const read = (await history()).body as ApiMessage[];
    expect(read.map((m) => m.components[0]!.components[0]!.custom_id)).toEqual(['spotlight:lost-1']);
    expect(emulator.core.requests.at(-2)).toMatchObject({ method: 'POST', status: 0, lost: { as: 'reset', processedStatus: 200 } });

    const retried = await post(body);
    expect(retried.status).toBe(200);
    expect(retried.body.id).toBe(created!.id);
    expect(emulator.messages(channelId)).toHaveLength(1);
  });

  it.each([502, 504] as const)('%i: the client gets that status, yet the message exists', async (status) => {
    emulator.loseNextResponses({ count: 2, method: 'POST', as: status });
    // A GET is not what the fault asked for: it is answered.
    expect((await history()).status).toBe(200);
    const lost = await post({ content: 'first try' });
    expect(lost.status).toBe(status);
    expect(lost.headers.get('x-ratelimit-limit')).toBeNull();
    expect((await post({ content: 'second try' })).status).toBe(status);
    expect((await post({ content: 'third try' })).status).toBe(200);
    expect(emulator.messages(channelId).map((m) => m.content)).toEqual(['first try', 'second try', 'third try']);
    expect(emulator.allMessages()).toHaveLength(3);
  });

  it('is not used up by a request failNextRequests refused before processing', async () => {
    emulator.failNextRequests({ count: 1, status: 500, method: 'POST' });
    emulator.loseNextResponses({ count: 1, method: 'POST', as: 502 });
    expect((await post({ content: 'a' })).status).toBe(500);
    expect(emulator.messages(channelId)).toHaveLength(0);
    expect((await post({ content: 'b' })).status).toBe(502);
    expect((await post({ content: 'c' })).status).toBe(200);
    expect(emulator.messages(channelId).map((m) => m.content)).toEqual(['b', 'c']);
  });
});

describe('emulator: counting posts', () => {
  it('allMessages lists every non-ephemeral message across channels, oldest first', async () => {
    const other = emulator.createChannel(guildId, { name: 'other' });
    const [a] = await postMany(1);
    const [b] = await postMany(1, other);
    const [c] = await postMany(1);
    const [ephemeral] = seed(1);
    emulator.core.state.messages.get(ephemeral!)!.ephemeral = true;
    expect(emulator.allMessages().map((m) => m.id)).toEqual([a, b, c]);
    expect(emulator.allMessages({ includeEphemeral: true }).map((m) => m.id)).toEqual([a, b, c, ephemeral]);
  });
});
