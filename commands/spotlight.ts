import { ApplicationCommandOptionType, ChannelType, InteractionContextType, PermissionFlagsBits, type APIEmbed } from 'discord-api-types/v10';
import type { Context } from '../src/context.js';
import { defineCommand, type InputOf } from '../src/platform/discord/command-definition.js';
import { registerCommand, type Choice, type Invocation } from '../src/platform/discord/command.js';
import { bookChoices } from '../src/features/catalog/presenters/book-choices.js';
import { privateMessage, type Reply } from '../src/platform/discord/reply.js';
import { UserError } from '../src/platform/discord/user-error.js';
import { nextPick, nextPicks, spotlightMessage } from '../src/features/spotlight/rotation-state.js';
import { isValidTimeZone, suggestTimeZones } from '../src/core/time-zones.js';
import { describeRule, localWeekKey, nextDueInstant, parseLocalTime, weekdayNames, type WeeklyRule } from '../src/core/weekly-rule.js';
import type { ScheduleRecord } from '../src/platform/store/schedule-repository.js';

const manageServer = PermissionFlagsBits.ManageGuild;

export const spotlightDefinition = defineCommand({
  name: 'spotlight',
  description: 'A weekly book spotlight for this server, in your channel, day, time and time zone',
  default_member_permissions: String(manageServer),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'setup',
      description: 'Post a spotlight every week in a channel, on a day and time in your time zone',
      options: [
        { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where to post', required: true, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] },
        {
          type: ApplicationCommandOptionType.String,
          name: 'day',
          description: 'Day of the week',
          required: true,
          choices: weekdayNames.map((day) => ({ name: day.charAt(0).toUpperCase() + day.slice(1), value: day })),
        },
        { type: ApplicationCommandOptionType.String, name: 'time', description: 'Time of day: 18:30, 6pm, 9:15am …', required: true, max_length: 20 },
        { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'Time zone, e.g. Europe/Berlin', required: true, autocomplete: true, max_length: 64 },
        { type: ApplicationCommandOptionType.Role, name: 'role', description: 'An opt-in role to ping (without it the post pings nobody)' },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Channel, schedule, next and last post, queue' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'preview', description: 'See the next post exactly as it will be posted (only you see it)' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'queue',
      description: 'Spotlight this book next',
      options: [{ type: ApplicationCommandOptionType.String, name: 'book', description: 'Title, author or ISBN', required: true, autocomplete: true, max_length: 200 }],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'skip', description: 'Skip the next book' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'pause', description: 'Stop posting until resumed' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'resume', description: 'Start posting again (after a pause or once a problem is fixed)' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'disable', description: 'Forget the spotlight settings (the history is kept)' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'post-now', description: "Post this week's spotlight now (it counts as this week's)" },
  ],
});

type Input = InputOf<typeof spotlightDefinition>;
type Subcommand = Input['subcommand'];

/** What the bot needs in the spotlight channel. */
export const requiredChannelPermissions = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

const readOnly: ReadonlySet<Subcommand> = new Set(['status', 'preview']);

const discordTime = (ms: number): string => `<t:${Math.floor(ms / 1000)}:F> (<t:${Math.floor(ms / 1000)}:R>)`;

function requireGuild(invocation: Invocation): string {
  if (!invocation.guildId) throw new UserError('The spotlight belongs to a server: use this command in one.');
  return invocation.guildId;
}

/** Discord hides the command from members without Manage Server; the payload is checked again here. */
function requireManageServer(invocation: Invocation): void {
  if (invocation.memberPermissions === null || (invocation.memberPermissions & manageServer) === 0n) {
    throw new UserError('Changing the spotlight needs the **Manage Server** permission.');
  }
}

function requireSchedule(ctx: Context, guildId: string): ScheduleRecord {
  const schedule = ctx.store.schedules.find(guildId, 'spotlight');
  if (!schedule) throw new UserError('No spotlight is set up in this server yet. Start with `/spotlight setup`.');
  return schedule;
}

/** Names of the permissions the bot lacks in the channel; throws when it cannot see the channel at all. */
function missingChannelPermissions(ctx: Context, guildId: string, channelId: string): string[] {
  const permissions = ctx.discord.botPermissionsIn(guildId, channelId);
  if (permissions === null) return ['View Channel'];
  return requiredChannelPermissions.filter(([bit]) => (permissions & bit) === 0n).map(([, name]) => name);
}

function assertCanPost(ctx: Context, guildId: string, channelId: string): void {
  const missing = missingChannelPermissions(ctx, guildId, channelId);
  if (missing.length > 0) {
    throw new UserError(`I can't post in <#${channelId}>: I'm missing **${missing.join('**, **')}** there. Give me those permissions in the channel settings and try again.`);
  }
}

function setup(ctx: Context, input: Extract<Input, { subcommand: 'setup' }>, guildId: string, invocation: Invocation): Reply {
  const time = parseLocalTime(input.time);
  if (!time) throw new UserError(`“${input.time.slice(0, 20)}” is not a time of day. Use 24-hour HH:MM like \`18:30\`, or \`6pm\`.`);
  const timeZone = input.timezone.trim();
  if (!isValidTimeZone(timeZone)) {
    const suggestions = suggestTimeZones(timeZone, 3);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((zone) => `\`${zone}\``).join(', ')}?` : '';
    throw new UserError(`“${timeZone.slice(0, 64)}” is not a time zone I know. Use an IANA name like \`Europe/Berlin\` or \`America/New_York\` (the list autocompletes).${hint}`);
  }
  assertCanPost(ctx, guildId, input.channel);
  const rule: WeeklyRule = { weekday: weekdayNames.indexOf(input.day as (typeof weekdayNames)[number]) + 1, ...time, timeZone };
  const now = ctx.clock.now();
  const nextDueMs = nextDueInstant(rule, now);
  ctx.store.transaction(() => {
    ctx.store.guilds.touch(guildId, now);
    ctx.store.schedules.save({ guildId, kind: 'spotlight', channelId: input.channel, rule, nextDueMs }, now);
    ctx.store.spotlight.saveSettings({ guildId, roleId: input.role ?? null, configuredBy: invocation.userId });
  });
  const ping = input.role ? `It will ping <@&${input.role}> (an opt-in role).` : 'It pings nobody; add `role:` to ping an opt-in role.';
  return privateMessage(`✅ Weekly spotlight set: ${describeRule(rule)} in <#${input.channel}>.\nNext post: ${discordTime(nextDueMs)}.\n${ping}`);
}

function status(ctx: Context, guildId: string): Reply {
  const schedule = requireSchedule(ctx, guildId);
  const settings = ctx.store.spotlight.settings(guildId);
  const last = ctx.store.deliveries.lastSent(guildId, 'spotlight');
  const lastBook = last?.payloadRef ? ctx.catalog.bookById(last.payloadRef) : undefined;
  const upcoming = nextPicks(ctx.store, ctx.catalog, guildId, 3).map(
    (pick, index) => `${index + 1}. ${ctx.catalog.bookById(pick.bookId)?.title ?? pick.bookId}${pick.fromQueue ? ' (queued)' : ''}`,
  );
  const queued = ctx.store.spotlight.queue(guildId).length;
  const embed: APIEmbed = {
    title: 'Weekly spotlight',
    color: schedule.pausedReason ? 0xed4245 : 0x3ba55c,
    fields: [
      { name: 'Channel', value: `<#${schedule.channelId}>`, inline: true },
      { name: 'Schedule', value: describeRule(schedule.rule), inline: true },
      { name: 'Ping', value: settings?.roleId ? `<@&${settings.roleId}>` : 'nobody', inline: true },
      {
        name: schedule.pausedReason ? 'Paused' : 'Next post',
        value: schedule.pausedReason ? `⏸️ ${schedule.pausedReason}\nFix it, then run \`/spotlight resume\`.` : discordTime(schedule.nextDueMs),
      },
      {
        name: 'Last post',
        value: last && lastBook ? `**${lastBook.title}**: https://discord.com/channels/${guildId}/${last.channelId}/${last.messageId} (<t:${Math.floor((last.finishedAtMs ?? last.dueMs) / 1000)}:R>)` : 'none yet',
      },
      { name: `Up next${queued > 0 ? ` (${queued} queued)` : ''}`, value: upcoming.join('\n') || 'nothing' },
    ],
  };
  return { embeds: [embed], ephemeral: true };
}

function preview(ctx: Context, guildId: string): Reply {
  const schedule = requireSchedule(ctx, guildId);
  const pick = nextPick(ctx.store, ctx.catalog, guildId);
  const book = pick && ctx.catalog.bookById(pick.bookId);
  if (!book) throw new UserError('There is no book to spotlight.');
  const weekKey = localWeekKey(schedule.nextDueMs, schedule.rule.timeZone);
  const message = spotlightMessage(ctx.store, ctx.catalog, guildId, book, weekKey);
  return { ...message, content: `*Preview: this is posted in <#${schedule.channelId}> ${discordTime(schedule.nextDueMs)}.*\n\n${message.content ?? ''}`, ephemeral: true, pingRoleIds: [] };
}

function queue(ctx: Context, guildId: string, query: string, invocation: Invocation): Reply {
  requireSchedule(ctx, guildId);
  const found = ctx.catalog.lookup(query);
  if (found.kind !== 'found') {
    const suggestions = found.kind === 'not-found' && found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.map((book) => `**${book.title}**`).join(', ')}?` : '';
    throw new UserError(`No book matches “${query.trim().slice(0, 80)}”.${suggestions}`);
  }
  ctx.store.spotlight.enqueue(guildId, found.book.id, invocation.userId, ctx.clock.now());
  const position = ctx.store.spotlight.queue(guildId).length;
  return privateMessage(`📌 **${found.book.title}** is queued${position === 1 ? ' and will be the next spotlight' : ` (position ${position})`}.`);
}

function skip(ctx: Context, guildId: string): Reply {
  requireSchedule(ctx, guildId);
  const pick = nextPick(ctx.store, ctx.catalog, guildId);
  if (!pick) throw new UserError('There is no book to skip.');
  const title = ctx.catalog.bookById(pick.bookId)?.title ?? pick.bookId;
  ctx.store.transaction(() => {
    // A queued book just leaves the queue; a rotation book counts as done for this round.
    if (pick.fromQueue) ctx.store.spotlight.dequeue(guildId, pick.bookId);
    else ctx.store.spotlight.appendHistory(guildId, { bookId: pick.bookId, outcome: 'skipped' }, null, ctx.clock.now());
  });
  const next = nextPick(ctx.store, ctx.catalog, guildId);
  return privateMessage(`⏭️ Skipped **${title}**. Next up: **${next ? ctx.catalog.bookById(next.bookId)?.title : 'nothing'}**.`);
}

function pause(ctx: Context, guildId: string, invocation: Invocation): Reply {
  const schedule = requireSchedule(ctx, guildId);
  if (schedule.pausedReason) return privateMessage(`The spotlight is already paused: ${schedule.pausedReason}`);
  ctx.store.schedules.pause(schedule.scheduleId, `paused by <@${invocation.userId}>`, ctx.clock.now());
  return privateMessage('⏸️ The spotlight is paused. `/spotlight resume` starts it again.');
}

function resume(ctx: Context, guildId: string): Reply {
  const schedule = requireSchedule(ctx, guildId);
  if (!schedule.pausedReason) return privateMessage(`The spotlight is running. Next post: ${discordTime(schedule.nextDueMs)}.`);
  assertCanPost(ctx, guildId, schedule.channelId);
  const now = ctx.clock.now();
  const nextDueMs = nextDueInstant(schedule.rule, now);
  ctx.store.schedules.resume(schedule.scheduleId, nextDueMs, now);
  return privateMessage(`▶️ The spotlight is running again. Next post: ${discordTime(nextDueMs)}.`);
}

function disable(ctx: Context, guildId: string): Reply {
  requireSchedule(ctx, guildId);
  ctx.store.transaction(() => {
    ctx.store.schedules.remove(guildId, 'spotlight');
    ctx.store.spotlight.forget(guildId);
  });
  return privateMessage('🗑️ The spotlight settings are gone (past posts and the rotation history are kept). `/spotlight setup` starts again.');
}

async function postNow(ctx: Context, guildId: string): Promise<Reply> {
  const schedule = requireSchedule(ctx, guildId);
  if (schedule.pausedReason) throw new UserError(`The spotlight is paused (${schedule.pausedReason}). Run \`/spotlight resume\` first.`);
  assertCanPost(ctx, guildId, schedule.channelId);
  const result = await ctx.scheduler.postNow(schedule);
  const link = (messageId: string | null, channelId: string): string => (messageId ? `https://discord.com/channels/${guildId}/${channelId}/${messageId}` : `<#${channelId}>`);
  switch (result.kind) {
    case 'sent':
      return privateMessage(`📚 Posted this week's spotlight: ${link(result.delivery.messageId, result.delivery.channelId)}. The next one follows the schedule.`);
    case 'already':
      return privateMessage(
        result.delivery.status === 'sent'
          ? `This week's spotlight is already posted: ${link(result.delivery.messageId, result.delivery.channelId)}.`
          : `This week's spotlight was ${result.delivery.status === 'missed' ? 'missed while I was offline' : 'given up on'}; the next one follows the schedule.`,
      );
    case 'failed':
      throw new UserError(result.paused ? `I couldn't post: ${result.reason}. The spotlight is paused until that is fixed.` : `I couldn't post right now (${result.reason}). I'll retry automatically.`);
  }
}

export const spotlightCommand = registerCommand({
  definition: spotlightDefinition,
  handle(ctx, input, invocation) {
    const guildId = requireGuild(invocation);
    if (!readOnly.has(input.subcommand)) requireManageServer(invocation);
    switch (input.subcommand) {
      case 'setup':
        return setup(ctx, input, guildId, invocation);
      case 'status':
        return status(ctx, guildId);
      case 'preview':
        return preview(ctx, guildId);
      case 'queue':
        return queue(ctx, guildId, input.book, invocation);
      case 'skip':
        return skip(ctx, guildId);
      case 'pause':
        return pause(ctx, guildId, invocation);
      case 'resume':
        return resume(ctx, guildId);
      case 'disable':
        return disable(ctx, guildId);
      case 'post-now':
        return postNow(ctx, guildId);
    }
  },
  autocomplete(ctx, focused): Choice[] {
    if (focused.name === 'timezone') return suggestTimeZones(focused.value, 25).map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone }));
    if (focused.name === 'book') return bookChoices(ctx.catalog, focused.value);
    return [];
  },
});
