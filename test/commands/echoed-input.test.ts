import { ApplicationCommandOptionType, PermissionFlagsBits, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { escapeUserText } from '../../src/core/user-text.js';
import { bookNotFoundReply } from '../../src/features/catalog/presenters/book-replies.js';
import { recommendationListLayout } from '../../src/features/catalog/presenters/recommendation-list.js';
import { textOf } from '../fixtures/layout.js';
import { noMatchReply } from '../../src/features/catalog/presenters/recommendation-replies.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { parseWeeklyRule } from '../../src/platform/discord/weekly-rule-options.js';
import { realCatalog, testContext } from '../fixtures/context.js';
import { ids, slashCommand } from '../fixtures/interactions.js';

/** What people type to ping, format or flood a reply that quotes them. */
const hostileInputs = ['@everyone', '<@123>', '**x**', '`x`', `${'y'.repeat(499)}z`];

/** What Discord would resolve as a ping, or render as bold or code, in a message. */
const liveMarkup = /@(everyone|here)|<@[!&]?\d+>|\*\*x\*\*|`x`/;

/** The message of the UserError that `act` throws. */
function errorOf(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    if (error instanceof Error && error.name === 'UserError') return error.message;
    throw error;
  }
  throw new Error('expected a UserError');
}

/** The input is quoted escaped, like names and notes: nothing pings or formats, and a long input is cut. */
function expectEscapedEcho(message: string, input: string, max: number): void {
  expect(message).toContain(`“${escapeUserText(input, max)}”`);
  expect(message).not.toMatch(liveMarkup);
  expect(message).not.toContain('y'.repeat(max));
}

describe('input quoted back in a reply', () => {
  const rule = { day: 'monday', time: '18:30', timezone: 'UTC' };

  it.each(hostileInputs)('a day, time or time zone that is not one: %s', (input) => {
    expectEscapedEcho(errorOf(() => parseWeeklyRule({ ...rule, day: input })), input, 20);
    expectEscapedEcho(errorOf(() => parseWeeklyRule({ ...rule, time: input })), input, 20);
    expectEscapedEcho(errorOf(() => parseWeeklyRule({ ...rule, timezone: input })), input, 64);
  });

  it.each(hostileInputs)('a book or topic that matches nothing: %s', (input) => {
    expectEscapedEcho(bookNotFoundReply(realCatalog(), input, []).content!, input, 80);
    expectEscapedEcho(noMatchReply(input, []).content!, input, 80);
    const footer = textOf({ components: recommendationListLayout({ title: 'Books', recommendations: [], unmatched: [input] }) });
    expect(footer).toContain(`Not matched: ${escapeUserText(input, 200)}`);
    expect(footer).not.toMatch(liveMarkup);
  });

  it.each(hostileInputs)('a book to queue for the spotlight that matches nothing: %s', async (input) => {
    const ctx = testContext();
    const setup = slashCommand('spotlight') as APIInteraction & { data: { options: unknown[] }; member: { permissions: string } };
    const options = { channel: ids.channel, day: 'monday', time: '18:30', timezone: 'UTC' };
    setup.data.options = [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'setup',
        options: Object.entries(options).map(([name, value]) => ({ name, value, type: name === 'channel' ? ApplicationCommandOptionType.Channel : ApplicationCommandOptionType.String })),
      },
    ];
    setup.member.permissions = String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
    await createRouter(ctx, commands).handle(setup);
    expectEscapedEcho(errorOf(() => ctx.spotlight.queue(ids.guild, input, ids.user)), input, 80);
  });

  it.each(hostileInputs)('a study group or its book that does not exist: %s', (input) => {
    const ctx = testContext();
    expectEscapedEcho(errorOf(() => ctx.studyGroups.join(ids.guild, ids.user, input)), input, 50);
    const create = { guildId: ids.guild, userId: ids.user, name: 'Readers', book: input, channelId: ids.channel, rule: () => parseWeeklyRule(rule), target: null };
    expectEscapedEcho(errorOf(() => ctx.studyGroups.create(create)), input, 80);
  });
});
