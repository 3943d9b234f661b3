import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { App } from '../../src/app.js';
import { defineCommand } from '../../src/platform/discord/command-definition.js';
import { registerCommand } from '../../commands/register.js';
import { buildDeployRequest } from '../../src/platform/discord/deploy.js';
import { commandListProblems } from '../../src/emulator/validate.js';
import { createWorld, startBot, type World } from './harness.js';
import { sendProblems, textOf } from '../fixtures/layout.js';

/** A gate the test opens by hand: the slow handler below waits on it instead of on the clock. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The slow /trouble handler finishes only once the test has seen the bot defer, so it is slow on every machine. */
let slowGate = gate();

/** A command that throws, and one slower than the bot's defer threshold, registered only in these tests. */
const trouble = registerCommand({
  definition: defineCommand({
    name: 'trouble',
    description: 'Misbehaves on purpose',
    options: [{ type: ApplicationCommandOptionType.String, name: 'kind', description: 'throw or slow', required: true }],
  }),
  async handle(_ctx, { kind }) {
    if (kind === 'throw') throw new Error('handler exploded');
    await slowGate.opened;
    return { content: 'finally done' };
  },
});

let world: World;
let app: App;

beforeAll(async () => {
  world = await createWorld();
  app = await startBot(world, { commands: [...commands, trouble] });
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
});

describe('the bot against the emulator', () => {
  it('registered exactly the router commands, and Discord-valid ones', () => {
    const request = buildDeployRequest(world.config.DISCORD_APPLICATION_ID, undefined, commands);
    expect(commandListProblems(request.body)).toEqual([]);
    const registered = world.emulator.registeredCommands().map(({ id: _id, application_id: _app, version: _version, ...rest }) => rest);
    expect(registered).toEqual(request.body.map((command) => ({ type: 1, ...command })));
  });

  it('answers /book with the card and its buttons', async () => {
    const outcome = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'fluent pyhton' } }));
    expect(outcome.responseType).toBe(InteractionResponseType.ChannelMessageWithSource);
    const message = outcome.message!;
    expect(textOf(message!)).toContain('## Fluent Python');
    expect(message.ephemeral).toBe(false);
    expect(sendProblems(message)).toEqual([]);
    expect(world.emulator.messages(world.channelId).map((m) => m.id)).toContain(message.id);
  });

  it('answers /book autocomplete through the real client', async () => {
    const choices = await world.emulator.autocomplete(world.as({ name: 'book', options: { query: 'beazly' }, focused: 'query' }));
    expect(choices?.[0]).toEqual({ name: 'Python Cookbook (3rd edition) — David Beazley, Brian K. Jones', value: 'python-cookbook-3e' });
    const empty = await world.emulator.autocomplete(world.as({ name: 'book', options: { query: '' }, focused: 'query' }));
    expect(empty).toHaveLength(10);
  });

  it('answers the Similar books button privately', async () => {
    const card = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'using-asyncio-in-python' } }));
    const outcome = await world.emulator.pressButton({ userId: world.memberId, messageId: card.message!.id, customId: 'book:similar:using-asyncio-in-python' });
    expect(textOf(outcome.message!)).toMatch(/^### Books similar to Using Asyncio in Python\n/);
    expect(outcome.message?.ephemeral).toBe(true);
  });

  it('answers /recommend with a ranked list that says where to read, and honestly when nothing fits', async () => {
    const outcome = await world.emulator.runCommand(world.as({ name: 'recommend', options: { topic: 'asyncio', level: 'intermediate', count: 2 } }));
    const list = textOf(outcome.message!);
    expect(list).toMatch(/^### Books for asyncio & async\/await\n\*\*1\. \[Using Asyncio in Python\]/);
    expect(sendProblems(outcome.message!)).toEqual([]);
    const choices = await world.emulator.autocomplete(world.as({ name: 'recommend', options: { topic: 'event lo' }, focused: 'topic' }));
    expect(choices?.[0]?.value).toBe('topic:asyncio');
    const picked = await world.emulator.runCommand(world.as({ name: 'recommend', options: { topic: choices![0]!.value as string } }));
    expect(textOf(picked.message!)).toContain('ch. 21 Asynchronous Programming');
    const none = await world.emulator.runCommand(world.as({ name: 'recommend', options: { topic: 'web scraping' } }));
    expect(none.message?.ephemeral).toBe(true);
    expect(none.message?.content).toMatch(/^None of our books covers “web scraping” well/);
  });

  it('answers an unknown command privately', async () => {
    const outcome = await world.emulator.runCommand(world.as({ name: 'frobnicate', options: {} }));
    expect(outcome.message?.ephemeral).toBe(true);
    expect(outcome.message?.content).toMatch(/I don't know the command `\/frobnicate`/);
  });

  it('answers a throwing handler with the generic reply and keeps answering', async () => {
    const failed = await world.emulator.runCommand(world.as({ name: 'trouble', options: { kind: 'throw' } }));
    expect(failed.message?.content).toMatch(/Something went wrong on my side.*error id `[0-9a-f]{8}`/);
    expect(failed.message?.ephemeral).toBe(true);
    const next = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'serious python' } }));
    expect(textOf(next.message!)).toContain('## Serious Python');
  });

  it('defers a slow handler before the 3 s deadline, then edits in the answer', async () => {
    slowGate = gate();
    const { interaction, outcome } = world.emulator.startCommand(world.as({ name: 'trouble', options: { kind: 'slow' } }));
    try {
      // The handler is still running: the bot must acknowledge with a deferral (type 5) on its own.
      await expect.poll(() => interaction.responseType, { timeout: 10_000 }).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
      const placeholder = world.emulator.outcomeOf(interaction).message;
      expect(placeholder?.content).toBe('');
      expect((placeholder?.flags ?? 0) & MessageFlags.Loading).toBe(MessageFlags.Loading);
      expect(interaction.isSettled).toBe(false);
    } finally {
      slowGate.open();
    }
    const final = await outcome;
    expect(final.responseType).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(final.expired).toBe(false);
    expect(final.message?.id).toBe(interaction.originalMessageId);
    expect(final.message?.content).toBe('finally done');
    expect((final.message?.flags ?? 0) & MessageFlags.Loading).toBe(0);
    expect(final.message?.editedAt).not.toBeNull();
  });

  it('honours a 429 on the interaction callback route and still answers in time', async () => {
    world.emulator.failNextRequests({ count: 1, status: 429, retryAfterMs: 400, path: /\/callback$/ });
    const started = Date.now();
    const outcome = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'black hat' } }));
    expect(textOf(outcome.message!)).toContain('## Black Hat Python');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    const callbacks = world.emulator.core.requests.filter((r) => r.path.endsWith('/callback') && r.at >= started);
    expect(callbacks.map((r) => r.status)).toEqual([429, 204]);
  });

  it('resumes after the gateway connection drops, replaying what it missed', async () => {
    const resumesBefore = world.emulator.gatewayStats.resumes;
    world.emulator.dropGateway();
    // Dispatched while the bot is disconnected: delivered on RESUME.
    const outcome = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'cpython internals' } }));
    expect(textOf(outcome.message!)).toContain('## CPython Internals');
    expect(world.emulator.gatewayStats.resumes).toBe(resumesBefore + 1);
    expect(world.emulator.gatewayStats.identifies).toBe(1);
  });

  it('reconnects when asked to (opcode 7) and keeps answering', async () => {
    const { resumes, identifies } = world.emulator.gatewayStats;
    world.emulator.requestReconnect();
    // The bot closes the old connection and resumes its session on a new one (no new IDENTIFY).
    await expect.poll(() => world.emulator.gatewayStats.resumes, { timeout: 15_000 }).toBe(resumes + 1);
    expect(world.emulator.gatewayStats.identifies).toBe(identifies);
    await world.emulator.waitForBot();
    const outcome = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'design of web apis' } }));
    expect(textOf(outcome.message!)).toContain('## The Design of Web APIs');
  });

  it('identifies again after a session is invalidated (opcode 9), and keeps answering', async () => {
    const identifiesBefore = world.emulator.gatewayStats.identifies;
    world.emulator.invalidateSession(false);
    await expect.poll(() => world.emulator.gatewayStats.identifies, { timeout: 15_000 }).toBe(identifiesBefore + 1);
    await world.emulator.waitForBot();
    const outcome = await world.emulator.runCommand(world.as({ name: 'book', options: { query: 'cosmic python' } }));
    expect(textOf(outcome.message!)).toContain('## Architecture Patterns with Python');
  });

  it('records the server on first use in the real SQLite file', () => {
    expect(app.ctx.store.guilds.find(world.guildId)?.guildId).toBe(world.guildId);
  });
});
