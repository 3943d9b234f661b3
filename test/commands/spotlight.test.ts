import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags, PermissionFlagsBits, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createSpotlightRepository } from '../../src/features/spotlight/repository.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { fakeDiscord, recordingPoster, testContext } from '../fixtures/context.js';
import { autocomplete, ids, slashCommand, type OptionValues } from '../fixtures/interactions.js';
import { fieldOf, fieldsOf, sendProblems, textOf } from '../fixtures/layout.js';

const adminPermissions = String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
const memberPermissions = String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);

/** `/spotlight <subcommand> …` as Discord sends it (options nested under the subcommand). */
function spotlight(subcommand: string, options: OptionValues = {}, permissions = adminPermissions): APIInteraction {
  const payload = slashCommand('spotlight') as APIInteraction & { data: { options: unknown[] }; member: { permissions: string } };
  const typed = Object.entries(options).map(([name, value]) => ({
    name,
    value,
    type: name === 'channel' ? ApplicationCommandOptionType.Channel : name === 'role' ? ApplicationCommandOptionType.Role : ApplicationCommandOptionType.String,
  }));
  payload.data.options = [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options: typed }];
  payload.member.permissions = permissions;
  return payload;
}

function setup() {
  const poster = recordingPoster();
  const discord = fakeDiscord();
  const ctx = testContext({ poster, discord });
  const router = createRouter(ctx, commands);
  const run = async (payload: APIInteraction) => {
    const response = (await router.handle(payload)) as { type: number; data: { content?: string; flags?: number; components?: unknown[]; allowed_mentions?: unknown } };
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    return response.data;
  };
  return { ctx, router, run, poster, discord };
}

const setupOptions = { channel: ids.channel, day: 'monday', time: '6:30pm', timezone: 'Europe/Berlin' };

describe('/spotlight', () => {
  it('requires Manage Server for settings, also when Discord would have hidden the command', async () => {
    const { run } = setup();
    for (const subcommand of ['setup', 'queue', 'skip', 'pause', 'resume', 'disable', 'post-now']) {
      const options: OptionValues = subcommand === 'setup' ? setupOptions : subcommand === 'queue' ? { book: 'fluent' } : {};
      const data = await run(spotlight(subcommand, options, memberPermissions));
      expect(data.content, subcommand).toMatch(/needs the \*\*Manage Server\*\* permission/);
      expect(data.flags! & MessageFlags.Ephemeral).toBeTruthy();
    }
  });

  it('records the server once for a setup (the router does it, the use case does not repeat it)', async () => {
    const { run, ctx } = setup();
    let touches = 0;
    const touch = ctx.store.guilds.touch;
    ctx.store.guilds.touch = (...args) => {
      touches++;
      touch(...args);
    };
    await run(spotlight('setup', setupOptions));
    expect(touches).toBe(1);
    expect(ctx.store.schedules.find(ids.guild, 'spotlight')).toBeDefined();
  });

  it('is registered for servers only, hidden from members without Manage Server', () => {
    const definition = commands.find((c) => c.definition.name === 'spotlight')!.definition;
    expect(definition.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(definition.contexts).toEqual([0]);
  });

  it('sets up a schedule and shows the next post as Discord timestamps', async () => {
    const { run, ctx } = setup();
    const data = await run(spotlight('setup', setupOptions));
    expect(sendProblems(data)).toEqual([]);
    expect(data.flags).toBe(MessageFlags.IsComponentsV2 | MessageFlags.Ephemeral);
    const next = Date.UTC(2026, 10, 23, 17, 30) / 1000;
    expect(textOf(data)).toBe(
      [
        '### ✅ Weekly spotlight set',
        'Posts every Monday at 18:30 (Europe/Berlin) in <#300000000000000003>.',
        `**Next post:** <t:${next}:F> (<t:${next}:R>)`,
        'It pings nobody; add `role:` to ping an opt-in role.',
      ].join('\n'),
    );
    expect(ctx.store.schedules.find(ids.guild, 'spotlight')).toMatchObject({ channelId: ids.channel, nextDueMs: next * 1000, pausedReason: null });
  });

  it.each([
    [{ time: '25:00' }, /“25:00” is not a time of day/],
    [{ time: 'soon' }, /is not a time of day/],
    [{ timezone: 'Mars/Olympus' }, /“Mars\/Olympus” is not a time zone I know/],
    [{ timezone: 'berlin' }, /Did you mean `Europe\/Berlin`/],
  ])('refuses %j clearly', async (override, pattern) => {
    const { run, ctx } = setup();
    const data = await run(spotlight('setup', { ...setupOptions, ...override }));
    expect(data.content).toMatch(pattern);
    expect(ctx.store.schedules.find(ids.guild, 'spotlight')).toBeUndefined();
  });

  it('refuses a channel the bot cannot post in, naming what is missing', async () => {
    const { run, discord, ctx } = setup();
    discord.permissions.set(ids.channel, PermissionFlagsBits.ViewChannel);
    const data = await run(spotlight('setup', setupOptions));
    expect(data.content).toMatch(/I'm missing \*\*Send Messages\*\*, \*\*Embed Links\*\*, \*\*Read Message History\*\* there/);
    discord.permissions.set(ids.channel, null);
    expect((await run(spotlight('setup', setupOptions))).content).toMatch(/\*\*View Channel\*\*/);
    expect(ctx.store.schedules.find(ids.guild, 'spotlight')).toBeUndefined();
  });

  it('tells an admin to set up first', async () => {
    const { run } = setup();
    for (const subcommand of ['status', 'preview', 'skip', 'pause', 'resume', 'disable', 'post-now']) {
      expect((await run(spotlight(subcommand))).content, subcommand).toMatch(/No spotlight is set up in this server yet/);
    }
  });

  it('pings an opt-in role only: refuses @everyone and roles of another server, warns when the role cannot be pinged', async () => {
    const { run, ctx, discord } = setup();
    const everyone = await run(spotlight('setup', { ...setupOptions, role: ids.guild }));
    expect(everyone.content).toMatch(/never pings everyone/);
    discord.roles.set('500000000000000077', null);
    expect((await run(spotlight('setup', { ...setupOptions, role: '500000000000000077' }))).content).toMatch(/not a role of this server/);
    expect(ctx.store.schedules.find(ids.guild, 'spotlight')).toBeUndefined();
    discord.roles.set('500000000000000078', { pingable: false });
    const quiet = await run(spotlight('setup', { ...setupOptions, role: '500000000000000078' }));
    expect(textOf(quiet)).toMatch(/Weekly spotlight set/);
    expect(textOf(quiet)).toMatch(/\n<@&500000000000000078> is not mentionable and I lack \*\*Mention Everyone\*\*/);
    expect(quiet.allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it('does not post a second time for a week already posted after the clock is set back', async () => {
    const { run, ctx, poster } = setup();
    await run(spotlight('setup', setupOptions));
    ctx.clock.now = () => Date.UTC(2026, 10, 23, 17, 30);
    await ctx.scheduler.tick();
    expect(poster.sent).toHaveLength(1);
    // The host's clock jumps back a week: "this week" is now one before the posted one.
    ctx.clock.now = () => Date.UTC(2026, 10, 16, 12, 0);
    expect((await run(spotlight('post-now'))).content).toMatch(/already posted/);
    expect(poster.sent).toHaveLength(1);
  });

  it('previews the next post privately, exactly as it will be posted', async () => {
    const { run, ctx, poster } = setup();
    await run(spotlight('setup', { ...setupOptions, role: '500000000000000005' }));
    const preview = await run(spotlight('preview'));
    expect(preview.flags! & MessageFlags.Ephemeral).toBeTruthy();
    ctx.clock.now = () => Date.UTC(2026, 10, 23, 17, 30);
    await ctx.scheduler.tick();
    const posted = poster.sent[0]!.body;
    // The same layout, after a line saying it is a preview; pinging nobody.
    const withoutMarkers = (components: unknown): string => JSON.stringify(components).replace(/#[\w-]+(?=")/g, '');
    expect(withoutMarkers(preview.components!.slice(1))).toBe(withoutMarkers(posted.components));
    expect(textOf(preview)).toMatch(/^\*Preview: this is posted in <#\d+> /);
    expect(preview.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(sendProblems(posted)).toEqual([]);
  });

  it('queues a book to go next and skips the next one', async () => {
    const { run } = setup();
    await run(spotlight('setup', setupOptions));
    expect((await run(spotlight('queue', { book: 'black hat' }))).content).toMatch(/\*\*Black Hat Python\*\* is queued and will be the next spotlight/);
    expect((await run(spotlight('queue', { book: 'zzzzqq' }))).content).toMatch(/No book matches/);
    const status = await run(spotlight('status'));
    expect(sendProblems(status)).toEqual([]);
    expect(fieldsOf(status).map((field) => field.name)).toEqual(['Channel', 'Schedule', 'Ping', 'Next post', 'Last post', 'Up next (1 queued)']);
    expect(fieldOf(status, 'Channel')).toBe(`<#${ids.channel}>`);
    expect(fieldOf(status, 'Schedule')).toBe('every Monday at 18:30 (Europe/Berlin)');
    expect(fieldOf(status, 'Ping')).toBe('nobody');
    expect(fieldOf(status, 'Next post')).toMatch(/^<t:\d+:F> \(<t:\d+:R>\)$/);
    expect(fieldOf(status, 'Last post')).toBe('none yet');
    const upNext = fieldOf(status, 'Up next (1 queued)')!;
    expect(upNext).toMatch(/^1\. Black Hat Python \(queued\)\n2\. /);
    expect((await run(spotlight('skip'))).content).toMatch(/Skipped \*\*Black Hat Python\*\*/);
    const after = fieldsOf(await run(spotlight('status'))).find((field) => field.name.startsWith('Up next'))!;
    expect(after.name).toBe('Up next');
    expect(after.value).not.toContain('Black Hat Python (queued)');
  });

  it('pauses, shows why in status, and resumes', async () => {
    const { run } = setup();
    await run(spotlight('setup', setupOptions));
    expect((await run(spotlight('pause'))).content).toMatch(/paused/);
    const paused = await run(spotlight('status'));
    expect(sendProblems(paused)).toEqual([]);
    expect(fieldOf(paused, 'Paused')).toMatch(/^⏸️ .*paused by <@400000000000000004>.*\nFix it, then run `\/spotlight resume`\.$/);
    expect(fieldOf(paused, 'Next post')).toBeUndefined();
    expect((await run(spotlight('resume'))).content).toMatch(/running again\. Next post: <t:\d+:F>/);
  });

  it('refuses to resume while the bot still cannot post in the channel', async () => {
    const { run, ctx, discord } = setup();
    await run(spotlight('setup', setupOptions));
    const schedule = ctx.store.schedules.find(ids.guild, 'spotlight')!;
    ctx.store.schedules.pause(schedule.scheduleId, 'Grimoire is missing Send Messages or Embed Links in the channel (Discord error 50013)', ctx.clock.now());
    discord.permissions.set(ids.channel, PermissionFlagsBits.ViewChannel);
    expect((await run(spotlight('resume'))).content).toMatch(/I can't post in <#300000000000000003>/);
    discord.permissions.delete(ids.channel);
    expect((await run(spotlight('resume'))).content).toMatch(/running again/);
  });

  it('posts now, counting as this week', async () => {
    const { run, poster, ctx } = setup();
    await run(spotlight('setup', setupOptions));
    // Monday morning in Berlin; the scheduled post is Monday 18:30, the same local week.
    ctx.clock.now = () => Date.UTC(2026, 10, 23, 8, 0);
    expect((await run(spotlight('post-now'))).content).toMatch(/Posted this week's spotlight: https:\/\/discord\.com\/channels\//);
    expect((await run(spotlight('post-now'))).content).toMatch(/already posted/);
    // The scheduled post of the same week is not sent again.
    ctx.clock.now = () => Date.UTC(2026, 10, 23, 17, 30);
    await ctx.scheduler.tick();
    expect(poster.sent).toHaveLength(1);
  });

  it('disables: settings forgotten, history kept', async () => {
    const { run, ctx } = setup();
    await run(spotlight('setup', setupOptions));
    await run(spotlight('post-now'));
    expect((await run(spotlight('disable'))).content).toMatch(/settings are gone/);
    expect(ctx.store.schedules.find(ids.guild, 'spotlight')).toBeUndefined();
    expect(createSpotlightRepository(ctx.store.database).history(ids.guild)).toHaveLength(1);
    expect(ctx.store.deliveries.lastSent(ids.guild, 'spotlight')).toBeDefined();
  });

  it('autocompletes time zones and books', async () => {
    const { router } = setup();
    const zones = (await router.handle(autocomplete('spotlight', 'timezone', { timezone: 'new york' }))) as { data: { choices: { value: string; name: string }[] } };
    // Autocomplete for subcommand options arrives nested; the fixture sends it flat, which the router also reads.
    expect(zones.data.choices[0]).toEqual({ name: 'America/New York', value: 'America/New_York' });
    const books = (await router.handle(autocomplete('spotlight', 'book', { book: 'beazly' }))) as { data: { choices: { value: string }[] } };
    expect(books.data.choices[0]?.value).toBe('python-cookbook-3e');
  });
});
