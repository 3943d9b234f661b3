import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { boardPageSize } from '../../src/features/study-groups/presenters/board.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { testContext } from '../fixtures/context.js';
import { buttonPress, slashCommand } from '../fixtures/interactions.js';
import { buttonsOf, sendProblems, textOf, type SentMessage } from '../fixtures/layout.js';

/**
 * Turning a page: in the pressed message itself when it is private (only its owner can press it) and already
 * Components v2; as a new private message when the pressed message is public (one member's press never changes what
 * everyone sees) or an old-style one (it would have to drop its embed for the v2 flag).
 */

function study(subcommand: string, options: Record<string, string>, userId: string): APIInteraction {
  const payload = slashCommand('study') as APIInteraction & { data: { options: unknown[] }; member: { user: { id: string } } };
  payload.data.options = [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options: Object.entries(options).map(([name, value]) => ({ name, value, type: ApplicationCommandOptionType.String })) }];
  payload.member.user = { ...payload.member.user, id: userId };
  return payload;
}

/** A press on a message with these flags (as Discord includes the pressed message in the interaction). */
function pressOn(customId: string, flags: number): APIInteraction {
  const press = buttonPress(customId);
  (press.message as { flags?: number }).flags = flags;
  return press;
}

type Answer = { type: number; data: SentMessage };

async function boardOfThreePages() {
  const ctx = testContext();
  const router = createRouter(ctx, commands);
  const run = async (payload: APIInteraction) => (await router.handle(payload)) as unknown as Answer;
  const user = (i: number) => String(600000000000000000n + BigInt(i));
  await run(study('create', { name: 'Readers', book: 'fluent python', timezone: 'UTC' }, user(0)));
  for (let i = 1; i < boardPageSize * 2 + 5; i++) await run(study('join', { group: 'Readers' }, user(i)));
  const board = await run(study('status', { group: 'Readers' }, user(0)));
  const next = (answer: Answer) => buttonsOf(answer.data).find((button) => button.label === 'Next ▶')!.custom_id!;
  return { run, board, next };
}

describe('page buttons', () => {
  it('open the next page privately from the public board, then turn it in place on that private page', async () => {
    const { run, board, next } = await boardOfThreePages();
    expect(textOf(board.data)).toMatch(/page 1 of 3/);

    const fromPublic = await run(pressOn(next(board), MessageFlags.IsComponentsV2));
    expect(fromPublic.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect((fromPublic.data.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(textOf(fromPublic.data)).toMatch(/page 2 of 3/);

    const inPlace = await run(pressOn(next(fromPublic), MessageFlags.IsComponentsV2 | MessageFlags.Ephemeral));
    expect(inPlace.type).toBe(InteractionResponseType.UpdateMessage);
    // An update keeps the v2 flag and leaves privacy alone (it cannot change).
    expect(inPlace.data.flags).toBe(MessageFlags.IsComponentsV2);
    expect(textOf(inPlace.data)).toMatch(/page 3 of 3/);
    expect(sendProblems(inPlace.data)).toEqual([]);
  });

  it('answers with a new private message on a private old-style (embed) message', async () => {
    const { run, board, next } = await boardOfThreePages();
    const pressed = await run(pressOn(next(board), MessageFlags.Ephemeral));
    expect(pressed.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(textOf(pressed.data)).toMatch(/page 2 of 3/);
  });
});
