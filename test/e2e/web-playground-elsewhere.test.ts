import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { startPinnedWorld, type PinnedWorld } from '../../src/playground/session/pinned-world.js';
import { startWebPlayground } from '../../src/playground/web/run-web.js';
import type { WebServer } from '../../src/playground/web/server.js';

/** The web playground's second channel, in a server without the bot, through its HTTP routes (no browser). */

let pinned: PinnedWorld;
let server: WebServer;

beforeAll(async () => {
  pinned = await startPinnedWorld();
  server = await startWebPlayground({ world: pinned.world, clock: pinned.clock, definitions: commands.map((command) => command.definition) });
});
afterAll(async () => {
  await server?.close();
  await pinned?.close();
});

interface State {
  channel: { where: string; guildName: string; channelName: string; note?: string };
  channels: { where: string }[];
  messages: { id: string; html: string }[];
}

const state = async (where: string): Promise<State> => (await fetch(`${server.url}api/state?viewer=you&zone=UTC&where=${where}`)).json() as Promise<State>;
const command = async (line: string, where: string): Promise<unknown> =>
  (await fetch(`${server.url}api/command`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ viewer: 'you', line, where }) })).json();

describe('the web playground, "from another server"', () => {
  it('offers the channel of a server without Grimoire, runs /book there through your own install, and keeps #books apart', async () => {
    expect(await (await fetch(server.url)).text()).toContain('data-testid="channel-switcher"');
    const before = await state('elsewhere');
    expect(before.channel).toMatchObject({ where: 'elsewhere', guildName: 'Elsewhere', channelName: 'general', note: expect.stringMatching(/Grimoire is not in this server/) });
    expect(before.channels.map((c) => c.where)).toEqual(['home', 'elsewhere']);
    expect(await command('/book query: fluent', 'elsewhere')).toEqual({ ok: true });
    const after = await state('elsewhere');
    expect(after.messages).toHaveLength(1);
    expect(after.messages[0]!.html).toContain('Fluent Python');
    expect((await state('home')).messages).toEqual([]);
    expect(await command('/spotlight status', 'elsewhere')).toEqual({ ok: false, error: expect.stringMatching(/Discord does not offer \/spotlight here/) });
    expect((await fetch(`${server.url}api/state?viewer=you&where=mars`)).status).toBe(400);
  });
});
