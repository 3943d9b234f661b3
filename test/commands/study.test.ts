import { ApplicationCommandOptionType, InteractionResponseType, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { boardPageSize } from '../../src/features/study-groups/presenters/board.js';
import { studyLimits } from '../../src/features/study-groups/service.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { testContext } from '../fixtures/context.js';
import { buttonPress, ids, modalSubmit, slashCommand } from '../fixtures/interactions.js';

/** `/study <subcommand> …` as Discord sends it, from `userId`. */
function study(subcommand: string, options: Record<string, string> = {}, userId: string = ids.user): APIInteraction {
  const payload = slashCommand('study') as APIInteraction & { data: { options: unknown[] }; member: { user: { id: string } } };
  const typed = Object.entries(options).map(([name, value]) => ({ name, value, type: ApplicationCommandOptionType.String }));
  payload.data.options = [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options: typed }];
  payload.member.user = { ...payload.member.user, id: userId };
  return payload;
}

function setup() {
  const ctx = testContext();
  const router = createRouter(ctx, commands);
  const run = async (payload: APIInteraction) => {
    const response = (await router.handle(payload)) as { type: number; data: { content?: string; custom_id?: string; embeds?: { description?: string; footer?: { text: string } }[]; components?: { components: { custom_id?: string }[] }[] } };
    return response;
  };
  const text = async (payload: APIInteraction) => (await run(payload)).data.content ?? '';
  return { ctx, run, text };
}

const user = (n: number): string => String(700000000000000000n + BigInt(n));
const group = { name: 'Readers', book: 'fluent python', timezone: 'UTC' };

describe('/study', () => {
  it('refuses bad input clearly and changes nothing', async () => {
    const { text, ctx } = setup();
    expect(await text(study('create', { ...group, name: 'x'.repeat(51) }))).toMatch(/Some options were not valid|1 to 50 characters/);
    expect(await text(study('create', { ...group, target: 'lots' }))).not.toMatch(/Study group/);
    expect(await text(study('create', { ...group, book: 'zzzz qqqq' }))).toMatch(/No book matches/);
    expect(ctx.studyGroups.list(ids.guild)).toEqual([]);
  });

  it('shows names as typed but never lets them ping or format', async () => {
    const { text } = setup();
    const created = await text(study('create', { ...group, name: '@everyone **loud**' }));
    expect(created).not.toContain('@everyone **');
    expect(created).toMatch(/Study group \*\*@\u200beveryone \\\*\\\*loud\\\*\\\*\*\*/);
  });

  it('allows one check-in a minute and parses progress', async () => {
    const { text, ctx } = setup();
    await text(study('create', group));
    expect(await text(study('checkin', { group: 'Readers', progress: 'p. 120' }))).toMatch(/page 120/);
    expect(await text(study('checkin', { group: 'Readers', progress: 'ch 2' }))).toMatch(/Wait a minute/);
    (ctx.clock as unknown as { advance(ms: number): void }).advance(studyLimits.checkinEveryMs);
    expect(await text(study('checkin', { group: 'Readers', progress: '101%' }))).not.toMatch(/Checked in/);
    expect(await text(study('checkin', { group: 'Readers', progress: 'done' }))).toMatch(/Checked in/);
  });

  it(`caps a server at ${studyLimits.groupsPerServer} active groups and a group at ${studyLimits.membersPerGroup} members`, async () => {
    const { text, ctx } = setup();
    for (let i = 0; i < studyLimits.groupsPerServer; i++) await text(study('create', { ...group, name: `Group ${i}` }));
    expect(await text(study('create', { ...group, name: 'One too many' }))).toMatch(/at most|the most it can have/);
    const groupId = ctx.studyGroups.list(ids.guild)[0]!.group.groupId;
    for (let i = 1; i < studyLimits.membersPerGroup; i++) await text(study('join', { group: String(groupId) }, user(i)));
    expect(await text(study('join', { group: String(groupId) }, user(999)))).toMatch(/200 members, the most/);
  });

  it('pages the board with buttons beyond one page, and the Check in button opens a form that checks in', async () => {
    const { run, text } = setup();
    await text(study('create', group));
    for (let i = 1; i <= boardPageSize + 5; i++) await text(study('join', { group: 'Readers' }, user(i)));
    const board = await run(study('status', { group: 'Readers' }));
    expect(board.data.embeds![0]!.footer!.text).toMatch(/31 members · page 1 of 2/);
    const next = board.data.components![1]!.components[1]!.custom_id!;
    const page2 = await run(buttonPress(next));
    expect(page2.data.embeds![0]!.footer!.text).toMatch(/page 2 of 2/);

    const checkinButton = board.data.components![0]!.components[0]!.custom_id!;
    const form = await run(buttonPress(checkinButton));
    expect(form.type).toBe(InteractionResponseType.Modal);
    const submitted = await run(modalSubmit(form.data.custom_id!, { progress: '5/24', note: 'good so far' }));
    expect(submitted.data.content).toMatch(/Checked in to \*\*Readers\*\*: chapter 5 of 24/);
  });
});
