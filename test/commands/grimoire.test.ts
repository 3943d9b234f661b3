import { ApplicationCommandOptionType, ButtonStyle, InteractionResponseType, MessageFlags, PermissionFlagsBits, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseCsv } from '../../src/features/server-data/core/csv.js';
import { createServerDataRepository, emptyCounts } from '../../src/features/server-data/repository.js';
import { createRouter, type InteractionAnswer } from '../../src/platform/discord/router.js';
import { testContext } from '../fixtures/context.js';
import { buttonPress, ids, slashCommand } from '../fixtures/interactions.js';
import { buttonsOf, sendProblems, shownText, textOf } from '../fixtures/layout.js';

const adminPermissions = String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
const memberPermissions = String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
const otherServer = '210000000000000009';
const reader = '710000000000000001';

interface Actor {
  guildId?: string | null;
  userId?: string;
  permissions?: string;
}

type Payload = APIInteraction & { guild_id?: string; guild?: { id: string }; authorizing_integration_owners?: Record<string, string>; data: { options?: unknown[] }; member?: { permissions: string; user: { id: string } }; user?: unknown };

/** Who acts where: a server (or a DM when guildId is null), a user and their permissions. */
function as(payload: Payload, { guildId = ids.guild, userId = ids.user, permissions = adminPermissions }: Actor): APIInteraction {
  if (guildId === null) {
    const user = payload.member!.user;
    delete payload.guild_id;
    delete payload.guild;
    delete payload.member;
    payload.user = user;
    return payload;
  }
  payload.guild_id = guildId;
  payload.guild = { ...payload.guild!, id: guildId };
  payload.authorizing_integration_owners = { '0': guildId };
  payload.member!.permissions = permissions;
  payload.member!.user = { ...payload.member!.user, id: userId };
  return payload;
}

/** `/<name> <subcommand> …` as Discord sends it. */
function command(name: string, subcommand: string, options: Record<string, string> = {}, actor: Actor = {}): APIInteraction {
  const payload = slashCommand(name) as unknown as Payload;
  const typed = Object.entries(options).map(([option, value]) => ({
    name: option,
    value,
    type: option === 'channel' ? ApplicationCommandOptionType.Channel : ApplicationCommandOptionType.String,
  }));
  payload.data.options = [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options: typed }];
  return as(payload, actor);
}

const press = (customId: string, actor: Actor = {}): APIInteraction => as(buttonPress(customId) as unknown as Payload, actor);

interface MessageData {
  content?: string;
  flags?: number;
  attachments?: { id: number; filename: string }[];
  components?: { components: { custom_id?: string; label?: string; style?: number }[] }[];
}

function setup() {
  const ctx = testContext();
  const router = createRouter(ctx, commands);
  const run = async (payload: APIInteraction): Promise<InteractionAnswer & { data: MessageData }> => {
    const response = (await router.handle(payload)) as InteractionAnswer & { data: MessageData };
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    return response;
  };
  /** What the admin reads in the answer, a plain message or a layout. */
  const text = async (payload: APIInteraction): Promise<string> => shownText((await run(payload)).data);
  const counts = (guildId: string) => createServerDataRepository(ctx.store.database).counts(guildId);
  /** A study group with two members and a check-in, a spotlight with a queued book, and a delivery record. */
  const populate = async (guildId: string, groupName: string) => {
    expect(await text(command('study', 'create', { name: groupName, book: 'fluent python', timezone: 'Europe/Berlin' }, { guildId }))).toMatch(/Study group/);
    expect(await text(command('study', 'join', { group: groupName }, { guildId, userId: reader }))).toMatch(/You joined/);
    expect(await text(command('study', 'checkin', { group: groupName, progress: 'ch 5', note: '=1+1, "really"\nsecond line ✨' }, { guildId, userId: reader }))).toMatch(/Checked in/);
    expect(await text(command('spotlight', 'setup', { channel: ids.channel, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' }, { guildId }))).toMatch(/Weekly spotlight set/);
    expect(await text(command('spotlight', 'queue', { book: 'fluent python' }, { guildId }))).toMatch(/queued/);
    ctx.store.database
      .prepare(`INSERT INTO deliveries (guild_id, kind, subject_id, week_key, due_ms, channel_id, status, nonce, claimed_at_ms) VALUES (?, 'spotlight', '', '2026-W40', 0, ?, 'sent', ?, 0)`)
      .run(guildId, ids.channel, `n-${guildId}`);
  };
  return { ctx, run, text, counts, populate };
}

const seeded = { studyGroups: 1, studyMembers: 2, studyCheckins: 1, studyBreaks: 0, studyPlans: 0, studyEvents: 0, reminderOptOuts: 0, spotlightSettings: 1, spotlightQueue: 1, spotlightHistory: 0 };

describe('/grimoire', () => {
  it('is registered for servers only, hidden from members without Manage Server', () => {
    const definition = commands.find((c) => c.definition.name === 'grimoire')!.definition;
    expect(definition.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(definition.contexts).toEqual([0]);
    expect(definition.options!.map((option) => option.name)).toEqual(['export', 'forget-server']);
  });

  it('refuses members without Manage Server (commands and buttons) and changes nothing', async () => {
    const { run, counts, populate } = setup();
    await populate(ids.guild, 'Readers');
    const before = counts(ids.guild);
    const attempts = [
      command('grimoire', 'export', {}, { permissions: memberPermissions }),
      command('grimoire', 'forget-server', {}, { permissions: memberPermissions }),
      press('grimoire:forget-server:confirm', { permissions: memberPermissions }),
      press('grimoire:forget-server:cancel', { permissions: memberPermissions }),
    ];
    for (const attempt of attempts) {
      const response = await run(attempt);
      expect(response.data.content).toMatch(/needs the \*\*Manage Server\*\* permission/);
      expect(response.data.flags! & MessageFlags.Ephemeral).toBeTruthy();
      expect(response.files).toBeUndefined();
      expect(response.data.components).toBeUndefined();
    }
    expect(counts(ids.guild)).toEqual(before);
    expect(before.studyGroups).toBe(1);
  });

  it('refuses to run in a DM', async () => {
    const { text } = setup();
    expect(await text(command('grimoire', 'export', {}, { guildId: null }))).toMatch(/belongs to a server/);
    expect(await text(press('grimoire:forget-server:confirm', { guildId: null }))).toMatch(/belongs to a server/);
  });

  it('exports this server’s data privately as CSV files, formulas neutralised, another server’s rows left out', async () => {
    const { run, populate } = setup();
    await populate(ids.guild, 'Readers');
    await populate(otherServer, 'Elsewhere');
    const response = await run(command('grimoire', 'export'));
    expect(response.data.flags! & MessageFlags.Ephemeral).toBeTruthy();
    expect(response.data.content).toMatch(/one CSV file per table/);
    expect(response.data.content).toContain('`study-checkins.csv`: 1 row');
    const files = response.files!;
    expect(files.map((file) => file.name)).toEqual([
      'study-groups.csv',
      'study-members.csv',
      'study-checkins.csv',
      'study-breaks.csv',
      'study-reminder-opt-outs.csv',
      'spotlight-settings.csv',
      'spotlight-queue.csv',
      'spotlight-history.csv',
      'polls.csv',
      'schedules.csv',
    ]);
    // The message refers to each file by the n of its multipart part files[n].
    expect(response.data.attachments).toEqual(files.map((file, id) => ({ id, filename: file.name })));
    const table = (name: string) => parseCsv(files.find((file) => file.name === name)!.data.toString('utf8'));
    const groups = table('study-groups.csv');
    expect(groups).toHaveLength(2);
    expect(groups[1]![1]).toBe('Readers');
    const checkins = table('study-checkins.csv');
    expect(checkins[0]).toEqual(['group_id', 'group_name', 'user_id', 'at', 'week', 'unit', 'value', 'total', 'progress', 'note']);
    expect(checkins[1]!.slice(1)).toEqual(['Readers', reader, '2026-11-22T12:00:00.000Z', '2026-W47', 'chapter', '5', '', 'ch 5', '\'=1+1, "really"\nsecond line ✨']);
    expect(table('study-members.csv').slice(1).map((row) => row[2])).toEqual([ids.user, reader]);
    expect(table('schedules.csv').slice(1).map((row) => row[0])).toEqual(['spotlight', 'study-reminder']);
    expect(table('spotlight-queue.csv')).toHaveLength(2);
    expect(files.map((file) => file.data.toString('utf8')).join('\n')).not.toContain('Elsewhere');
  });

  it('exports an empty server as header-only files', async () => {
    const { run } = setup();
    const response = await run(command('grimoire', 'export'));
    expect(response.files).toHaveLength(10);
    for (const file of response.files!) expect(parseCsv(file.data.toString('utf8')), file.name).toHaveLength(1);
  });

  it('warns with what forget-server would delete, and two buttons, deleting nothing yet', async () => {
    const { run, counts, populate } = setup();
    await populate(ids.guild, 'Readers');
    const response = await run(command('grimoire', 'forget-server'));
    expect(sendProblems(response.data)).toEqual([]);
    const content = textOf(response.data);
    expect(response.data.flags).toBe(MessageFlags.IsComponentsV2 | MessageFlags.Ephemeral);
    expect(content).toMatch(/This deletes everything Grimoire stores about this server/);
    expect(content).toContain('1 study group, with 2 memberships, 1 check-in, 0 declared breaks, 0 reading plans, 0 weekly events and 0 books read before');
    expect(content).toContain('the spotlight: its settings, 1 queued book and 0 past picks');
    expect(content).toContain('2 weekly schedules (spotlight and study reminders), 1 delivery record and 0 pending tasks (poll results, event moves)');
    expect(content).toContain('Messages already posted in your channels stay. Run `/grimoire export` first if you want a copy.');
    expect(buttonsOf(response.data)).toEqual([
      { type: 2, style: ButtonStyle.Danger, label: 'Delete everything', custom_id: 'grimoire:forget-server:confirm' },
      { type: 2, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: 'grimoire:forget-server:cancel' },
    ]);
    expect(counts(ids.guild)).toMatchObject({ ...seeded, schedules: 2, deliveries: 1 });
  });

  it('deletes everything of this server on confirm, and nothing of another server', async () => {
    const { ctx, run, text, counts, populate } = setup();
    await populate(ids.guild, 'Readers');
    await populate(otherServer, 'Elsewhere');
    const other = counts(otherServer);
    expect(other).toMatchObject({ ...seeded, schedules: 2, deliveries: 1 });

    const answer = (await run(press('grimoire:forget-server:confirm'))).data;
    expect(sendProblems(answer)).toEqual([]);
    const done = textOf(answer);
    expect(done).toMatch(/^### 🗑️ Deleted everything Grimoire stored about this server\n- /);
    expect(done).toContain('The commands keep working; using them again starts from scratch.');
    expect(done).toContain('1 study group, with 2 memberships, 1 check-in');
    expect(counts(ids.guild)).toEqual(emptyCounts());
    expect(ctx.store.guilds.find(ids.guild)).toBeUndefined();
    expect(ctx.store.schedules.find(ids.guild, 'spotlight')).toBeUndefined();

    expect(counts(otherServer)).toEqual(other);
    expect(ctx.store.guilds.find(otherServer)).toBeDefined();
    expect(ctx.store.schedules.find(otherServer, 'spotlight')).toBeDefined();
    expect(ctx.studyGroups.list(otherServer).map((entry) => entry.group.name)).toEqual(['Elsewhere']);

    // A second press finds nothing left.
    expect(await text(press('grimoire:forget-server:confirm'))).toMatch(/nothing left to delete/);
  });

  it('deletes nothing on cancel', async () => {
    const { text, counts, populate } = setup();
    await populate(ids.guild, 'Readers');
    const before = counts(ids.guild);
    expect(await text(press('grimoire:forget-server:cancel'))).toBe('Cancelled: nothing was deleted.');
    expect(counts(ids.guild)).toEqual(before);
    expect(before.studyCheckins).toBe(1);
  });

  it('answers an unknown button of its own without acting on it', async () => {
    const { text, counts, populate } = setup();
    await populate(ids.guild, 'Readers');
    const before = counts(ids.guild);
    expect(await text(press('grimoire:forget-server:maybe'))).toMatch(/no longer supported/);
    expect(counts(ids.guild)).toEqual(before);
  });
});
