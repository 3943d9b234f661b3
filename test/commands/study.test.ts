import { ApplicationCommandOptionType, ComponentType, InteractionResponseType, MessageFlags, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { boardPageSize } from '../../src/features/study-groups/presenters/board.js';
import { groupChoiceValue, studyLimits } from '../../src/features/study-groups/service.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { recordingPoster, testContext } from '../fixtures/context.js';
import { autocomplete, buttonPress, ids, labelledModalSubmit, modalSubmit, slashCommand } from '../fixtures/interactions.js';
import { buttonsOf, sendProblems, shownText, textOf } from '../fixtures/layout.js';

/**
 * `/study <subcommand> …` as Discord sends it, from `userId`. A `member:` resolves like Discord resolves a user
 * option: as a user, and as a member of the server unless they are among `leftServer`.
 */
function study(subcommand: string, options: Record<string, string> = {}, userId: string = ids.user, leftServer: readonly string[] = []): APIInteraction {
  const payload = slashCommand('study') as APIInteraction & { data: { options: unknown[]; resolved?: unknown }; member: { user: { id: string } } };
  const typed = Object.entries(options).map(([name, value]) =>
    name === 'weeks' ? { name, value: Number(value), type: ApplicationCommandOptionType.Integer } : { name, value, type: name === 'member' ? ApplicationCommandOptionType.User : ApplicationCommandOptionType.String },
  );
  payload.data.options = [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options: typed }];
  payload.member.user = { ...payload.member.user, id: userId };
  const named = options.member;
  if (named) {
    payload.data.resolved = {
      users: { [named]: { id: named, username: 'someone', discriminator: '0', global_name: null, avatar: null } },
      ...(leftServer.includes(named) ? {} : { members: { [named]: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', permissions: '0', flags: 0, nick: null } } }),
    };
  }
  return payload;
}

function setup(poster = recordingPoster()) {
  const ctx = testContext({ poster });
  const router = createRouter(ctx, commands);
  const run = async (payload: APIInteraction) => {
    const response = (await router.handle(payload)) as { type: number; data: { content?: string; flags?: number; custom_id?: string; components?: { components: { custom_id?: string }[] }[] } };
    return response;
  };
  /** What the member reads in the answer, a plain message or a layout. */
  const text = async (payload: APIInteraction) => shownText((await run(payload)).data);
  return { ctx, run, text, poster };
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

  it("defaults a new group's time zone to the server's spotlight zone", async () => {
    const { text, ctx } = setup();
    expect(await text(study('create', { name: 'No zone', book: 'fluent python' }))).toMatch(/Add `timezone:`/);
    ctx.spotlight.setup({ guildId: ids.guild, userId: ids.user, channelId: ids.channel, rule: { weekday: 1, hour: 9, minute: 0, timeZone: 'Asia/Kolkata' }, roleId: null });
    expect(await text(study('create', { name: 'Zoned', book: 'fluent python' }))).toMatch(/every Sunday at 18:00 \(Asia\/Kolkata\)/);
  });

  it('shows names as typed but never lets them ping or format', async () => {
    const { text } = setup();
    const created = await text(study('create', { ...group, name: '@everyone **loud**' }));
    expect(created).not.toContain('@everyone **');
    expect(created).toMatch(/Study group \*\*@\u200beveryone \\\*\\\*loud\\\*\\\*\*\*/);
  });

  it('answers create and edit with a private card of what the group is set to', async () => {
    const { run, ctx } = setup();
    const created = (await run(study('create', { ...group, target: '2 chapters' }))).data;
    expect(sendProblems(created)).toEqual([]);
    expect(created.flags).toBe(MessageFlags.IsComponentsV2 | MessageFlags.Ephemeral);
    const next = Math.floor(ctx.studyGroups.board(ids.guild, 'Readers').schedule.nextDueMs / 1000);
    expect(textOf(created)).toBe(
      [
        '### ✅ Study group **Readers** is open',
        '*Fluent Python* · you are its owner and first member.',
        `**Check-ins:** every Sunday at 18:00 (UTC) in <#${ids.channel}>`,
        `**Next reminder:** <t:${next}:F> (<t:${next}:R>)`,
        '**Target:** 2 chapters a week',
        '-# Others join with `/study join` and pick **Readers**.',
      ].join('\n'),
    );
    const edited = (await run(study('edit', { group: 'Readers', target: 'none', book: 'serious python' }))).data;
    expect(sendProblems(edited)).toEqual([]);
    expect(textOf(edited)).toMatch(/^### ✏️ \*\*Readers\*\* is changed\nIt now reads \*Serious Python\*\.\n\*\*Check-ins:\*\* every Sunday at 18:00 \(UTC\) in <#\d+>\n\*\*Next reminder:\*\* <t:\d+:F> \(<t:\d+:R>\)\n\*\*Target:\*\* none$/);
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
    for (let i = 1; i < studyLimits.membersPerGroup; i++) await text(study('join', { group: groupChoiceValue(groupId) }, user(i)));
    expect(await text(study('join', { group: groupChoiceValue(groupId) }, user(999)))).toMatch(/200 members, the most/);
  });

  it('pages the board with buttons beyond one page, and the Check in button opens a form that checks in', async () => {
    const { run, text } = setup();
    await text(study('create', group));
    for (let i = 1; i <= boardPageSize + 5; i++) await text(study('join', { group: 'Readers' }, user(i)));
    const board = await run(study('status', { group: 'Readers' }));
    expect(textOf(board.data)).toMatch(/31 members · page 1 of 2/);
    expect(sendProblems(board.data)).toEqual([]);
    const next = buttonsOf(board.data).find((button) => button.label === 'Next ▶')!.custom_id!;
    const page2 = await run(buttonPress(next));
    expect(textOf(page2.data)).toMatch(/page 2 of 2/);

    const checkinButton = buttonsOf(board.data).find((button) => button.label === 'Check in')!.custom_id!;
    const form = await run(buttonPress(checkinButton));
    expect(form.type).toBe(InteractionResponseType.Modal);
    const submitted = await run(modalSubmit(form.data.custom_id!, { progress: '5/24', note: 'good so far' }));
    expect(submitted.data.content).toMatch(/Checked in to \*\*Readers\*\*: chapter 5 of 24: Data Class Builders/);
  });
});

describe('/study list and /study me with many groups', () => {
  type Page = Awaited<ReturnType<ReturnType<typeof setup>['run']>>;

  /** Every page, by pressing Next until it is disabled; each page checked against Discord's limits. */
  async function allPages(run: ReturnType<typeof setup>['run'], first: Page, presser: string = ids.user): Promise<string[]> {
    const descriptions: string[] = [];
    let page = first;
    for (;;) {
      expect(sendProblems(page.data)).toEqual([]);
      descriptions.push(textOf(page.data));
      const next = buttonsOf(page.data).find((button) => button.label === 'Next ▶') as { custom_id: string; disabled?: boolean } | undefined;
      if (!next || next.disabled) return descriptions;
      const press = buttonPress(next.custom_id) as APIInteraction & { member: { user: { id: string } } };
      press.member.user = { ...press.member.user, id: presser };
      page = await run(press);
      expect(descriptions.length).toBeLessThan(studyLimits.groupsPerServer);
    }
  }

  /** 50 groups with the longest names (escaping makes them longer still), each with a check-in and a target. */
  async function fiftyGroups() {
    const { run, text, ctx } = setup();
    const names = Array.from({ length: studyLimits.groupsPerServer }, (_, i) => `Group ${i} `.padEnd(studyLimits.nameLength, '*'));
    for (const name of names) {
      await text(study('create', { ...group, name, target: '3 chapters' }));
      (ctx.clock as unknown as { advance(ms: number): void }).advance(studyLimits.checkinEveryMs);
      expect(await text(study('checkin', { group: name, progress: 'ch 17' }))).toMatch(/Checked in/);
    }
    return { run, names };
  }

  const shownOnce = (descriptions: string[], i: number): number => descriptions.join('\n').split(`**Group ${i} `).length - 1;

  it('pages /study list: every group on exactly one page, each page within the limits', async () => {
    const { run } = await fiftyGroups();
    const first = await run(study('list'));
    expect(textOf(first.data)).toMatch(/-# 50 groups · page 1 of 5/);
    const pages = await allPages(run, first);
    expect(pages).toHaveLength(5);
    for (let i = 0; i < studyLimits.groupsPerServer; i++) expect(shownOnce(pages, i)).toBe(1);
  });

  it('pages /study me the same way, for whoever presses the button', async () => {
    const { run } = await fiftyGroups();
    const first = await run(study('me'));
    expect(textOf(first.data)).toContain('chapter 17 of 24: Iterators, Generators, and Classic Coroutines');
    const pages = await allPages(run, first);
    expect(pages).toHaveLength(5);
    for (let i = 0; i < studyLimits.groupsPerServer; i++) expect(shownOnce(pages, i)).toBe(1);
    // Someone else pressing the button sees their own (no) groups, never the asker's.
    const next = buttonsOf(first.data).find((button) => button.label === 'Next ▶')!.custom_id!;
    const other = buttonPress(next) as APIInteraction & { member: { user: { id: string } } };
    other.member.user = { ...other.member.user, id: user(9) };
    expect((await run(other)).data.content).toMatch(/You are in no study group/);
  });
});

describe('/study: group names that are numbers', () => {
  it('reads typed text as a name and an autocomplete pick as the group picked', async () => {
    const { text, ctx, run } = setup();
    // Created in this order, the group named "1" has id 2 and the one named "2" has id 1.
    await text(study('create', { ...group, name: '2' }));
    await text(study('create', { ...group, name: '1' }));
    const byName = (name: string) => ctx.studyGroups.list(ids.guild).find((view) => view.group.name === name)!.group.groupId;
    expect(byName('1')).not.toBe(1);

    expect(await text(study('join', { group: '1' }, user(1)))).toMatch(/You joined \*\*1\*\*/);

    const offered = (await run(autocomplete('study', 'group', { group: '2' }) as never)) as unknown as { data: { choices: { name: string; value: string }[] } };
    const pick = offered.data.choices.find((choice) => choice.name === '2')!;
    expect(await text(study('join', { group: pick.value }, user(2)))).toMatch(/You joined \*\*2\*\*/);
    expect(ctx.studyGroups.board(ids.guild, '1').members.map((m) => m.userId)).toContain(user(1));
    expect(ctx.studyGroups.board(ids.guild, '2').members.map((m) => m.userId)).toContain(user(2));
    // A value from before picks were marked is read as a name: not found, nothing joined, no crash.
    expect(await text(study('join', { group: String(byName('2')) + '0' }, user(3)))).toMatch(/No study group called/);
  });
});

describe('/study with the book\'s chapters', () => {
  type Form = { custom_id: string; components: { type: number; label?: string; component?: { type: number; custom_id: string; options?: { label: string; value: string; default?: boolean }[] } }[] };

  async function openForm(run: ReturnType<typeof setup>['run']): Promise<Form> {
    const board = await run(study('status', { group: 'Readers' }));
    const form = (await run(buttonPress(buttonsOf(board.data).find((button) => button.label === 'Check in')!.custom_id!))) as unknown as { type: number; data: Form };
    expect(form.type).toBe(InteractionResponseType.Modal);
    return form.data;
  }

  it('offers the chapters to pick from, with the last one reached selected', async () => {
    const { run, text, ctx } = setup();
    await text(study('create', group));
    let form = await openForm(run);
    const select = form.components[0]!.component!;
    expect(select.type).toBe(ComponentType.StringSelect);
    expect(select.options).toHaveLength(24);
    expect(select.options![16]).toEqual({ label: '17. Iterators, Generators, and Classic Coroutines', value: '17' });
    expect(form.components.map((component) => component.type)).toEqual([ComponentType.Label, ComponentType.Label, ComponentType.Label]);

    const picked = await run(labelledModalSubmit(form.custom_id, { progress: '', note: '' }, { chapter: ['17'] }));
    expect(picked.data.content).toMatch(/Checked in to \*\*Readers\*\*: chapter 17 of 24: Iterators, Generators, and Classic Coroutines\./);
    (ctx.clock as unknown as { advance(ms: number): void }).advance(studyLimits.checkinEveryMs);
    form = await openForm(run);
    expect(form.components[0]!.component!.options!.filter((option) => option.default).map((option) => option.value)).toEqual(['17']);
  });

  it('lets typed progress win over a picked chapter, and asks for one of them when both are empty', async () => {
    const { run, text, ctx } = setup();
    await text(study('create', group));
    const form = await openForm(run);
    expect((await run(labelledModalSubmit(form.custom_id, { progress: '', note: '' }, { chapter: [] }))).data.content).toMatch(/Pick the chapter you reached, or type your progress/);
    expect((await run(labelledModalSubmit(form.custom_id, { progress: 'p. 120', note: '' }, { chapter: ['3'] }))).data.content).toMatch(/page 120/);
    (ctx.clock as unknown as { advance(ms: number): void }).advance(studyLimits.checkinEveryMs);
    expect(ctx.studyGroups.history(ids.guild, 'Readers', null).weeks[0]!.checkins).toHaveLength(1);
  });

  it('refuses a chapter the book does not have, and shows titles on the board', async () => {
    const { run, text } = setup();
    await text(study('create', group));
    expect(await text(study('checkin', { group: 'Readers', progress: 'ch 30' }))).toMatch(/Fluent Python has 24 chapters, so chapter 30 cannot be right/);
    expect(await text(study('checkin', { group: 'Readers', progress: 'ch 5' }))).toMatch(/chapter 5 of 24: Data Class Builders/);
    const board = await run(study('status', { group: 'Readers' }));
    expect(textOf(board.data)).toMatch(/chapter 5 of 24: Data Class Builders/);
  });

  it("lets the book's chapter count win over a typed total: another total is refused, the same one is fine", async () => {
    const { run, text, ctx } = setup();
    await text(study('create', group));
    expect(await text(study('checkin', { group: 'Readers', progress: '3/4' }))).toMatch(/^Fluent Python has 24 chapters, not 4 — write "ch 3"/);
    expect(await text(study('checkin', { group: 'Readers', progress: 'ch 5 of 1000' }))).toMatch(/^Fluent Python has 24 chapters, not 1000/);
    expect(ctx.studyGroups.history(ids.guild, 'Readers', null).weeks).toEqual([]);
    expect(await text(study('checkin', { group: 'Readers', progress: '6/24' }))).toMatch(/Checked in to \*\*Readers\*\*: chapter 6 of 24/);
    const board = await run(study('status', { group: 'Readers' }));
    expect(textOf(board.data)).toMatch(/▓▓▓░░░░░░░ chapter 6 of 24/);
  });

  it('keeps the plain form and a typed total for a book without a sourced chapter list', async () => {
    const { run, text, ctx } = setup();
    await text(study('create', { ...group, book: 'using asyncio in python' }));
    const form = await openForm(run);
    expect(form.components[0]!.type).toBe(ComponentType.ActionRow);
    expect(await text(study('checkin', { group: 'Readers', progress: 'ch 30' }))).toMatch(/chapter 30/);
    (ctx.clock as unknown as { advance(ms: number): void }).advance(studyLimits.checkinEveryMs);
    expect(await text(study('checkin', { group: 'Readers', progress: '3/4' }))).toMatch(/chapter 3 of 4/);
    expect(textOf((await run(study('status', { group: 'Readers' }))).data)).toMatch(/▓▓▓▓▓▓▓▓░░ chapter 3 of 4/);
  });
});

describe('/study: owners, breaks, opt-outs, history and your data', () => {
  const owner = ids.user;
  const bob = user(1);
  const carol = user(2);

  async function world() {
    const { ctx, run, text, poster } = setup();
    await text(study('create', { ...group, day: 'sunday', time: '18:00' }));
    await text(study('join', { group: 'Readers' }, bob));
    await text(study('join', { group: 'Readers' }, carol));
    return { ctx, run, text, poster };
  }

  it('lets only the owner (or Manage Server) archive, edit or hand over a group', async () => {
    const { text, ctx } = await world();
    expect(await text(study('archive', { group: 'Readers' }, bob))).toMatch(/Only the owner of \*\*Readers\*\*/);
    expect(await text(study('edit', { group: 'Readers', name: 'Mine now' }, bob))).toMatch(/Only the owner/);
    expect(await text(study('transfer', { group: 'Readers', member: carol }, bob))).toMatch(/Only the owner/);
    expect(await text(study('transfer', { group: 'Readers', member: user(77) }))).toMatch(/must be a member/);
    expect(await text(study('transfer', { group: 'Readers', member: carol }))).toMatch(new RegExp(`<@${carol}> now owns`));
    expect(await text(study('edit', { group: 'Readers', time: '20:30' }, carol))).toMatch(/every Sunday at 20:30 \(UTC\)/);
    const before = ctx.studyGroups.board(ids.guild, 'Readers').schedule;
    expect(before.rule).toMatchObject({ hour: 20, minute: 30 });
    expect(await text(study('archive', { group: 'Readers' }, carol))).toMatch(/archived: no more reminders/);
    expect(ctx.store.schedules.find(ids.guild, 'study-reminder', String(before.subjectId))).toBeUndefined();
    expect(await text(study('join', { group: 'Readers' }, user(5)))).toMatch(/No study group called/);
  });

  it('hands the group to its longest-standing member when the owner leaves, and archives it when the last one does', async () => {
    const { text, ctx } = await world();
    expect(await text(study('leave', { group: 'Readers' }))).toMatch(new RegExp(`You left \\*\\*Readers\\*\\*.*You owned it: <@${bob}>, its longest-standing member, owns it now\\.`));
    expect(ctx.studyGroups.board(ids.guild, 'Readers').group.ownerId).toBe(bob);
    expect(await text(study('archive', { group: 'Readers' }, owner))).toMatch(/Only the owner of \*\*Readers\*\* \(<@\d+>\)/);
    expect(await text(study('leave', { group: 'Readers' }, carol))).toMatch(/^You left \*\*Readers\*\*\. Your past check-ins stay in its history\.$/);
    expect(ctx.studyGroups.board(ids.guild, 'Readers').group.ownerId).toBe(bob);
    const schedule = ctx.studyGroups.board(ids.guild, 'Readers').schedule;
    expect(await text(study('leave', { group: 'Readers' }, bob))).toMatch(/You were its last member, so it is archived: no more reminders\./);
    expect(ctx.store.schedules.find(ids.guild, 'study-reminder', schedule.subjectId)).toBeUndefined();
    expect(await text(study('join', { group: 'Readers' }, carol))).toMatch(/No study group called/);
  });

  it('hands a group over only to a member of it who is still in the server', async () => {
    const { text, ctx } = await world();
    const ownerNow = () => ctx.studyGroups.board(ids.guild, 'Readers').group.ownerId;
    expect(await text(study('transfer', { group: 'Readers', member: user(77) }))).toMatch(new RegExp(`<@${user(77)}> is not in \\*\\*Readers\\*\\*: the new owner must be a member`));
    expect(ownerNow()).toBe(owner);
    // Carol is still in the group but has left the server: her option resolves as a user, not as a member.
    expect(await text(study('transfer', { group: 'Readers', member: carol }, owner, [carol]))).toMatch(new RegExp(`<@${carol}> is no longer in this server: hand \\*\\*Readers\\*\\* to a member who is`));
    expect(ownerNow()).toBe(owner);
    expect(await text(study('transfer', { group: 'Readers', member: bob }))).toMatch(new RegExp(`<@${bob}> now owns`));
    expect(ownerNow()).toBe(bob);
  });

  it('does not ping members on a break or opted out, and keeps the break in the streak', async () => {
    const { text, run, ctx, poster } = await world();
    const dave = user(3);
    await text(study('join', { group: 'Readers' }, dave));
    await text(study('checkin', { group: 'Readers', progress: 'ch 1' }));
    expect(await text(study('break', { group: 'Readers', weeks: '2' }, bob))).toMatch(/Break declared in \*\*Readers\*\* for 2026-W47 and 2026-W48/);
    expect(await text(study('notify', { pings: 'off' }, carol))).toMatch(/no longer ping you/);
    (ctx.clock as unknown as { set(ms: number): void }).set(Date.UTC(2026, 10, 22, 18, 0));
    expect(await ctx.scheduler.tick()).toMatchObject({ sent: 1 });
    // Only Dave: the owner checked in, Bob is on a break, Carol opted out.
    expect(poster.sent.flatMap((post) => post.body.allowed_mentions.users ?? [])).toEqual([dave]);
    expect(textOf((await run(study('me', {}, bob))).data)).toMatch(/\*\*Readers\*\* · \*Fluent Python\*\nno check-in yet\n🔥 1 wk/);
    expect(await text(study('notify', { pings: 'on' }, carol))).toMatch(/ping you again/);
  });

  it('shows the history week by week, and forgets a member only in this server after confirmation', async () => {
    const { text, run, ctx } = await world();
    await text(study('checkin', { group: 'Readers', progress: 'ch 1', note: 'a start' }, bob));
    const history = await run(study('history', { group: 'Readers' }));
    expect(sendProblems(history.data)).toEqual([]);
    expect(textOf(history.data)).toMatch(/\*\*2026-W47\*\*[\s\S]*ch 1 \(chapter 1 of 24: The Python Data Model\) — a start/);
    const ask = await run(study('forget-me', {}, bob));
    expect(sendProblems(ask.data)).toEqual([]);
    expect(textOf(ask.data)).toMatch(/deletes your 1 study-group membership and 1 check-in/);
    const cancel = buttonsOf(ask.data).find((button) => button.label === 'Cancel')!.custom_id!;
    expect(cancel).toBe('study:forget-me:cancel');
    expect((await run(buttonPress(cancel))).data.content).toMatch(/Nothing was deleted/);
    expect(ctx.studyGroups.countFor(ids.guild, bob)).toEqual({ memberships: 1, checkins: 1 });
    const confirm = buttonsOf(ask.data).find((button) => button.label === 'Delete my data')!.custom_id!;
    expect(confirm).toBe('study:forget-me:confirm');
    const pressed = buttonPress(confirm) as APIInteraction & { member: { user: { id: string } } };
    pressed.member.user = { ...pressed.member.user, id: bob };
    expect((await run(pressed)).data.content).toMatch(/Deleted 1 membership and 1 check-in/);
    expect(ctx.studyGroups.countFor(ids.guild, bob)).toEqual({ memberships: 0, checkins: 0 });
    expect(ctx.studyGroups.board(ids.guild, 'Readers').members.map((m) => m.userId)).toEqual([owner, carol]);
  });
});
