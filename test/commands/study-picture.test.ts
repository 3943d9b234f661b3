import { ApplicationCommandOptionType, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { ids, slashCommand } from '../fixtures/interactions.js';
import { testContext } from '../fixtures/context.js';
import { imagesOf, isLayout, sendProblems, textOf } from '../fixtures/layout.js';

/**
 * `/study status` with its progress picture, through the router as Discord sends it: the PNG rides along as
 * `progress.png`, a gallery shows it with alt text, and members are named as Discord showed them in their own
 * interactions (a nickname before a display name before a username).
 */

interface Who {
  id: string;
  username: string;
  globalName?: string | null;
  nick?: string | null;
  guildId?: string;
}

function study(who: Who, subcommand: string, options: Record<string, string> = {}): APIInteraction {
  const payload = slashCommand('study') as APIInteraction & { data: { options: unknown[] }; member: { user: object; nick?: string | null } };
  payload.data.options = [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options: Object.entries(options).map(([name, value]) => ({ name, value, type: ApplicationCommandOptionType.String })) }];
  payload.member.user = { id: who.id, username: who.username, discriminator: '0', global_name: who.globalName ?? null, avatar: null };
  payload.member.nick = who.nick ?? null;
  if (who.guildId) Object.assign(payload, { guild_id: who.guildId, guild: { id: who.guildId, locale: 'en-US', features: [] }, authorizing_integration_owners: { '0': who.guildId } });
  return payload;
}

type Answer = { data: { content?: string; components?: unknown[]; flags?: number; attachments?: { id: number; filename: string }[] }; files?: { name: string; data: Buffer }[] };

function setup(renderProgressPicture?: Parameters<typeof testContext>[0] extends infer P ? (P extends { renderProgressPicture?: infer R } ? R : never) : never) {
  const ctx = testContext({ renderProgressPicture });
  const router = createRouter(ctx, commands);
  const run = async (payload: APIInteraction) => (await router.handle(payload)) as unknown as Answer;
  return { ctx, run };
}

const ada: Who = { id: '800000000000000001', username: 'ada', globalName: 'Ada L.', nick: 'Countess' };
const bo: Who = { id: '800000000000000002', username: 'bo_99', globalName: null };
const cy: Who = { id: '800000000000000003', username: 'cy', globalName: '@everyone <@1>' };

async function groupOfThree(run: (payload: APIInteraction) => Promise<Answer>): Promise<void> {
  await run(study(ada, 'create', { name: 'Readers', book: 'fluent python', timezone: 'UTC' }));
  await run(study(bo, 'join', { group: 'Readers' }));
  await run(study(cy, 'join', { group: 'Readers' }));
  await run(study(bo, 'checkin', { group: 'Readers', progress: 'ch 5' }));
}

const altOf = (answer: Answer): string => imagesOf(answer.data)[0]?.description ?? '';

describe('/study status with the progress picture', () => {
  it('attaches the PNG as progress.png, shows it in a gallery with alt text, and stays within Discord\'s rules', async () => {
    const { run } = setup();
    await groupOfThree(run);
    const board = await run(study(ada, 'status', { group: 'Readers' }));
    expect(isLayout(board.data)).toBe(true);
    expect(board.data.attachments).toEqual([{ id: 0, filename: 'progress.png' }]);
    expect(board.files?.map((file) => file.name)).toEqual(['progress.png']);
    expect(board.files![0]!.data.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(imagesOf(board.data)).toEqual([{ url: 'attachment://progress.png', description: expect.stringContaining('Study progress of Readers') }]);
    expect(sendProblems(board.data)).toEqual([]);
    // The text board is still there: the picture adds to it.
    expect(textOf(board.data)).toContain(`<@${bo.id}>`);
  });

  it('names members by nickname, else display name, else username; user text is just text; a later name replaces the old', async () => {
    const { run } = setup();
    await groupOfThree(run);
    const alt = altOf(await run(study(bo, 'status', { group: 'Readers' })));
    expect(alt).toContain('Countess:');
    expect(alt).toContain('bo_99: chapter 5 of 24');
    expect(alt).toContain('@everyone <@1>:');
    await run(study({ ...ada, nick: null }, 'me'));
    expect(altOf(await run(study(bo, 'status', { group: 'Readers' })))).toContain('Ada L.:');
  });

  it('keeps names per server, and forgets a member\'s name with the rest of their data', async () => {
    const { ctx, run } = setup();
    await groupOfThree(run);
    // Bo goes by another name in another server: this server's picture keeps the name it saw here.
    await run(study({ ...bo, nick: 'Elsewhere', guildId: '900000000000000009' }, 'list'));
    expect(altOf(await run(study(ada, 'status', { group: 'Readers' })))).toContain('bo_99:');
    ctx.studyGroups.forgetMe(ids.guild, cy.id);
    const names = ctx.store.database.prepare('SELECT display_name FROM study_members ORDER BY user_id').all();
    expect(names).toEqual([{ display_name: 'Countess' }, { display_name: 'bo_99' }]);
  });

  it('still answers with the board when the picture cannot be drawn', async () => {
    const { run } = setup(async () => {
      throw new Error('worker gone');
    });
    await groupOfThree(run);
    const board = await run(study(ada, 'status', { group: 'Readers' }));
    expect(textOf(board.data)).toContain('3 members');
    expect(imagesOf(board.data)).toEqual([]);
    expect(board.files ?? []).toEqual([]);
    expect(sendProblems(board.data)).toEqual([]);
  });
});
