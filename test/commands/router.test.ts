import { Writable } from 'node:stream';
import { DiscordAPIError } from '@discordjs/rest';
import { ApplicationCommandOptionType, InteractionResponseType, InteractionType, MessageFlags, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { defineCommand } from '../../src/platform/discord/command-definition.js';
import { registerCommand } from '../../src/platform/discord/command.js';
import { createRouter, flattenOptions } from '../../src/platform/discord/router.js';
import { UserError } from '../../src/platform/discord/user-error.js';
import { createLogger } from '../../src/platform/logger.js';
import { testContext } from '../fixtures/context.js';
import { autocomplete, buttonPress, ids, modalSubmit, slashCommand } from '../fixtures/interactions.js';
import { textOf, type SentMessage } from '../fixtures/layout.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger('info', stream), lines };
}

const failing = (error: () => unknown) =>
  registerCommand({
    definition: defineCommand({
      name: 'fail',
      description: 'Always fails',
      options: [{ type: ApplicationCommandOptionType.String, name: 'what', description: 'what', autocomplete: true }],
    }),
    handle() {
      throw error();
    },
    autocomplete() {
      throw error();
    },
    handleComponent() {
      throw error();
    },
  });

async function content(router: ReturnType<typeof createRouter>, payload: APIInteraction) {
  const response = await router.handle(payload);
  expect(response?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  const data = (response as { data: { content?: string; flags?: number } }).data;
  expect(data.flags! & MessageFlags.Ephemeral).toBeTruthy();
  return data.content!;
}

describe('router error boundary', () => {
  it('answers a throwing handler with a generic private message quoting a logged error id', async () => {
    const { log, lines } = capturingLogger();
    const router = createRouter(testContext({ log }), [failing(() => new Error('database exploded: secret detail'))]);
    const text = await content(router, slashCommand('fail'));
    const errorId = /error id `([0-9a-f]{8})`/.exec(text)?.[1];
    expect(errorId).toBeDefined();
    expect(text).not.toContain('database exploded');
    const logged = lines.find((line) => line.errorId === errorId);
    expect(logged).toMatchObject({ msg: 'interaction failed', level: 50 });
    expect(JSON.stringify(logged)).toContain('database exploded');
  });

  it('shows a UserError message to the user as it is', async () => {
    const router = createRouter(testContext(), [failing(() => new UserError('That channel is not a text channel.'))]);
    expect(await content(router, slashCommand('fail'))).toBe('That channel is not a text channel.');
  });

  it('explains Discord permission errors in words', async () => {
    const apiError = new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'POST', '/channels/1/messages', {});
    const router = createRouter(testContext(), [failing(() => apiError)]);
    expect(await content(router, slashCommand('fail'))).toMatch(/missing a permission/);
  });

  it('keeps answering after a handler failed', async () => {
    const router = createRouter(testContext(), [...commands, failing(() => new Error('boom'))]);
    await content(router, slashCommand('fail'));
    const response = await router.handle(slashCommand('book', { query: 'fluent python' }));
    expect(textOf((response as { data: SentMessage }).data)).toContain('## Fluent Python');
  });

  it('answers a failing button with the generic message', async () => {
    const router = createRouter(testContext(), [failing(() => new Error('boom'))]);
    expect(await content(router, buttonPress('fail:anything:1'))).toMatch(/Something went wrong on my side/);
  });

  it('answers a failing autocomplete with no choices, and logs it', async () => {
    const { log, lines } = capturingLogger();
    const router = createRouter(testContext({ log }), [failing(() => new Error('boom'))]);
    expect(await router.handle(autocomplete('fail', 'what', { what: 'x' }))).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] },
    });
    expect(lines.some((line) => line.msg === 'autocomplete failed')).toBe(true);
  });

  it('tells the user about an unknown command', async () => {
    const router = createRouter(testContext(), commands);
    expect(await content(router, slashCommand('frobnicate'))).toMatch(/I don't know the command `\/frobnicate`/);
  });

  it('tells the user about a button it no longer knows', async () => {
    const router = createRouter(testContext(), commands);
    expect(await content(router, buttonPress('old-feature:do:1'))).toMatch(/no longer supported/);
    expect(await content(router, buttonPress('book:similar:no-such-book'))).toMatch(/no longer in the catalog/);
  });

  it('answers PING and ignores interaction types it does not know', async () => {
    const router = createRouter(testContext(), commands);
    expect(await router.handle({ type: InteractionType.Ping } as APIInteraction)).toEqual({ type: InteractionResponseType.Pong });
    expect(await router.handle({ ...slashCommand('book'), type: 99 } as unknown as APIInteraction)).toBeNull();
  });

  it('routes a modal submit to the command that owns its custom_id, with the fields by id', async () => {
    const seen: unknown[] = [];
    const withForm = registerCommand({
      definition: defineCommand({ name: 'form', description: 'Has a form' }),
      handle: () => ({ content: 'unused' }),
      handleModal(_ctx, action, args, fields, invocation) {
        seen.push({ action, args, fields, userId: invocation.userId });
        return { content: `Thanks, ${fields.name ?? '?'}`, ephemeral: true };
      },
    });
    const router = createRouter(testContext(), [withForm, ...commands]);
    expect(await content(router, modalSubmit('form:join:g1', { name: 'Ada', note: 'ch 5' }))).toBe('Thanks, Ada');
    expect(seen).toEqual([{ action: 'join', args: ['g1'], fields: { name: 'Ada', note: 'ch 5' }, userId: ids.user }]);
    expect(await content(router, modalSubmit('book:nothing', { a: 'b' }))).toMatch(/form is no longer supported/);
    expect(await content(router, modalSubmit('gone:x', {}))).toMatch(/form is no longer supported/);
  });

  it('answers with an error id when a reply would ping more users than Discord allows', async () => {
    const tooMany = registerCommand({
      definition: defineCommand({ name: 'nudge', description: 'Pings too many' }),
      handle: () => ({ content: 'hi', pingUserIds: Array.from({ length: 101 }, (_, i) => String(5000 + i)) }),
    });
    const { log, lines } = capturingLogger();
    const router = createRouter(testContext({ log }), [tooMany]);
    expect(await content(router, slashCommand('nudge'))).toMatch(/Something went wrong on my side.*error id `[0-9a-f]{8}`/);
    expect(lines.some((line) => line.msg === 'interaction failed')).toBe(true);
  });

  it('keeps a failing modal handler inside the error boundary', async () => {
    const broken = registerCommand({
      definition: defineCommand({ name: 'form', description: 'Has a form' }),
      handle: () => ({ content: 'unused' }),
      handleModal() {
        throw new UserError('That progress is not a number.');
      },
    });
    const router = createRouter(testContext(), [broken]);
    expect(await content(router, modalSubmit('form:checkin', { progress: 'lots' }))).toBe('That progress is not a number.');
  });

  it('records the server for commands, buttons and forms alike, writing at most once an hour', async () => {
    const ctx = testContext();
    let touches = 0;
    const touch = ctx.store.guilds.touch;
    ctx.store.guilds.touch = (...args) => {
      touches++;
      touch(...args);
    };
    const clock = ctx.clock as unknown as { advance(ms: number): void };
    const router = createRouter(ctx, commands);
    await router.handle(buttonPress('book:similar:fluent-python'));
    expect(touches).toBe(1);
    expect(ctx.store.guilds.find(ids.guild)).toBeDefined();
    await router.handle(slashCommand('book', { query: 'fluent python' }));
    await router.handle(modalSubmit('book:nothing', {}));
    expect(touches).toBe(1);
    clock.advance(60 * 60 * 1000);
    await router.handle(modalSubmit('book:nothing', {}));
    expect(touches).toBe(2);
    // A server whose data was forgotten is recorded again by its next interaction.
    ctx.store.database.prepare('DELETE FROM guilds WHERE guild_id = ?').run(ids.guild);
    await router.handle(slashCommand('book', { query: 'fluent python' }));
    expect(touches).toBe(3);
    expect(ctx.store.guilds.find(ids.guild)).toBeDefined();
  });

  it('answers /book from a server that only the member installed it to, without recording that server', async () => {
    const ctx = testContext();
    const router = createRouter(ctx, commands);
    // Installed to the member's account only: Discord sends the server's id but no "0" key.
    const userInstalled = { ...slashCommand('book', { query: 'fluent python' }), authorizing_integration_owners: { '1': ids.user } } as APIInteraction;
    const answer = await router.handle(userInstalled);
    expect(textOf((answer as { data: SentMessage }).data)).toContain('## Fluent Python');
    expect(ctx.store.guilds.find(ids.guild)).toBeUndefined();
    // Installed in the server as well ("0" is the server), or a payload from before the field existed: recorded.
    await router.handle({ ...userInstalled, authorizing_integration_owners: { '0': ids.guild, '1': ids.user } } as APIInteraction);
    expect(ctx.store.guilds.find(ids.guild)).toBeDefined();
    const older = testContext();
    const { authorizing_integration_owners: _owners, ...withoutOwners } = slashCommand('book', { query: 'fluent python' });
    await createRouter(older, commands).handle(withoutOwners as APIInteraction);
    expect(older.store.guilds.find(ids.guild)).toBeDefined();
  });

  it('refuses two commands with the same name', () => {
    expect(() => createRouter(testContext(), [...commands, ...commands])).toThrow(/share a name/);
  });
});

describe('option flattening', () => {
  it('turns a subcommand into { subcommand, ...options }', () => {
    expect(
      flattenOptions([
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'setup',
          options: [{ type: ApplicationCommandOptionType.String, name: 'time', value: '18:30' }],
        },
      ]),
    ).toEqual({ subcommand: 'setup', time: '18:30' });
  });
});
