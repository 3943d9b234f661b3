import { InteractionResponseType, type APIInteractionResponse } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { spotlightPostReply } from '../../src/features/spotlight/presenters/post.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { testContext } from '../fixtures/context.js';
import { buttonPress, slashCommand } from '../fixtures/interactions.js';
import { buttonsOf, sendProblems, type SentMessage } from '../fixtures/layout.js';

/**
 * Every reply a member can reach from any book passes Discord's rules as the emulator checks them: the card, every
 * button on it and on what those buttons open (details, chapters, sections, similar books), two levels deep, and the
 * spotlight post of every book.
 */

const ctx = testContext();
const router = createRouter(ctx, commands);

type MessageResponse = Extract<APIInteractionResponse, { type: InteractionResponseType.ChannelMessageWithSource }>;

async function answer(payload: Parameters<typeof router.handle>[0]): Promise<SentMessage> {
  const response = await router.handle(payload);
  expect(response?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return (response as MessageResponse).data! as SentMessage;
}

/** The bot's own buttons on a message (links and the page turners of lists, which other tests walk, left out). */
const pressable = (data: SentMessage): string[] => buttonsOf(data).flatMap((button) => (button.custom_id?.startsWith('book:') ? [button.custom_id] : []));

describe('every reply reachable from every book', () => {
  it('passes Discord\'s rules: the card, each press on it, and each press on what that opens', async () => {
    const seen = new Set<string>();
    for (const book of ctx.catalog.books) {
      const card = await answer(slashCommand('book', { query: book.id }));
      expect(sendProblems(card), book.id).toEqual([]);
      let frontier = pressable(card);
      for (let depth = 0; depth < 2; depth++) {
        const next: string[] = [];
        for (const customId of frontier.filter((id) => !seen.has(id))) {
          seen.add(customId);
          const pressed = await answer(buttonPress(customId));
          expect(sendProblems(pressed), customId).toEqual([]);
          next.push(...pressable(pressed));
        }
        frontier = next;
      }
    }
    // Every book has at least its details buttons: the walk really pressed something for each.
    expect(seen.size).toBeGreaterThan(ctx.catalog.books.length * 5);
  });

  it('passes for the spotlight post of every book, with and without a role to ping', () => {
    for (const book of ctx.catalog.books) {
      for (const roleId of [null, '123456789012345678']) {
        expect(sendProblems(toMessageBody(spotlightPostReply(ctx.catalog, book, '2026-W49', roleId))), book.id).toEqual([]);
      }
    }
  });
});
