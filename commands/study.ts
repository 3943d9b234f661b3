import { ApplicationCommandOptionType, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { bookChoices } from '../src/features/catalog/presenters/book-choices.js';
import { boardReply } from '../src/features/study-groups/presenters/board.js';
import { listReply, myGroupsReply } from '../src/features/study-groups/presenters/group-lists.js';
import { eventCreatedReply, sessionLine, withNote } from '../src/features/study-groups/presenters/event.js';
import { planClearedReply, planReply } from '../src/features/study-groups/presenters/plan.js';
import { studyCommandName } from '../src/features/study-groups/presenters/reminder.js';
import {
  archivedReply,
  breakReply,
  checkedInReply,
  checkinModalFor,
  createdReply,
  editedReply,
  forgetMeConfirmation,
  forgottenReply,
  historyReply,
  joinedReply,
  leftReply,
  notifyReply,
  startGroupModal,
  transferredReply,
} from '../src/features/study-groups/presenters/replies.js';
import { groupChoiceValue, type Actor, type CheckinResult } from '../src/features/study-groups/service.js';
import { formatLocalTime, weekdayNames, type WeeklyRule } from '../src/core/weekly-rule.js';
import type { Context } from '../src/context.js';
import { defineCommand } from '../src/platform/discord/command-definition.js';
import { type Choice, type Invocation } from '../src/platform/discord/command.js';
import { registerCommand } from './register.js';
import { requireChannel, requireGuild } from '../src/platform/discord/guards.js';
import { pollStartedReply } from '../src/features/book-polls/presenters/replies.js';
import { privateMessage, type Reply } from '../src/platform/discord/reply.js';
import { UserError } from '../src/platform/discord/user-error.js';
import { parseWeeklyRule, timeZoneChoices, weeklyRuleOptions } from '../src/platform/discord/weekly-rule-options.js';

const groupOption = { type: ApplicationCommandOptionType.String, name: 'group', description: 'The study group', required: true, autocomplete: true, max_length: 50 } as const;
const [dayOption, timeOption, zoneOption] = weeklyRuleOptions;

export const studyDefinition = defineCommand({
  name: studyCommandName,
  description: 'Read a book together: groups, weekly check-ins, a board and a reminder',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'create',
      description: 'Start a study group for a book, with a weekly check-in time',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'name', description: 'The group name (unique in this server)', required: true, max_length: 50 },
        { type: ApplicationCommandOptionType.String, name: 'book', description: 'Title, author or ISBN', required: true, autocomplete: true, max_length: 200 },
        { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where reminders go (default: this channel)', channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] },
        { ...dayOption, required: false, description: 'Check-in day (default Sunday)' },
        { ...timeOption, required: false, description: 'Check-in time (default 18:00)' },
        { ...zoneOption, required: false, description: "Time zone (default: the server's spotlight zone)" },
        { type: ApplicationCommandOptionType.String, name: 'target', description: 'A weekly target: "2 chapters", "50 pages", "10%"', max_length: 30 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'join', description: 'Join a study group', options: [groupOption] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'leave', description: 'Leave a study group', options: [groupOption] },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'checkin',
      description: 'Say how far you got this week',
      options: [
        groupOption,
        { type: ApplicationCommandOptionType.String, name: 'progress', description: 'ch 5, p. 120, 45%, 5/24 or done', required: true, max_length: 100 },
        { type: ApplicationCommandOptionType.String, name: 'note', description: 'A note for the group', max_length: 500 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: "The group's board: progress, streaks, who keeps up", options: [groupOption] },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'plan',
      description: 'The reading plan week by week; the owner sets it with end: or pace:',
      options: [
        groupOption,
        { type: ApplicationCommandOptionType.String, name: 'end', description: 'Finish by this date, e.g. 2027-02-28 (owner or Manage Server)', max_length: 10 },
        { type: ApplicationCommandOptionType.String, name: 'pace', description: 'Or this much a week: "2 chapters", "10%" (owner or Manage Server)', max_length: 30 },
        { type: ApplicationCommandOptionType.String, name: 'start', description: 'Start on this date (default: this week), e.g. 2026-12-07', max_length: 10 },
        { type: ApplicationCommandOptionType.Boolean, name: 'clear', description: 'Remove the plan (check-ins are kept)' },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'event',
      description: 'Schedule the weekly session as a Discord event (owner or Manage Server)',
      options: [
        groupOption,
        { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'A voice or stage channel to meet in', channel_types: [ChannelType.GuildVoice, ChannelType.GuildStageVoice] },
        { type: ApplicationCommandOptionType.String, name: 'location', description: 'Or a place or link outside Discord', max_length: 100 },
        { type: ApplicationCommandOptionType.Integer, name: 'duration', description: 'Minutes (default 60)', min_value: 15, max_value: 720 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'poll',
      description: 'A poll for what the group reads next, among books it has not read (owner or Manage Server)',
      options: [
        groupOption,
        { type: ApplicationCommandOptionType.Integer, name: 'hours', description: 'How long it runs: 1 to 168 hours (default 24)', min_value: 1, max_value: 168 },
        {
          type: ApplicationCommandOptionType.String,
          name: 'begin',
          description: 'When the group begins the winner (default: once everyone has finished the current book)',
          choices: [
            { name: 'once everyone has finished the current book', value: 'when-finished' },
            { name: 'as soon as the poll ends', value: 'at-once' },
          ],
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: "This server's study groups" },
    { type: ApplicationCommandOptionType.Subcommand, name: 'me', description: 'Your groups, progress and streaks' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'history',
      description: 'Week by week, who checked in when and with what',
      options: [groupOption, { type: ApplicationCommandOptionType.User, name: 'member', description: 'Only this member' }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'break',
      description: 'Take a break of 1–2 weeks: not pinged, streak kept',
      options: [groupOption, { type: ApplicationCommandOptionType.Integer, name: 'weeks', description: 'How many weeks, from this one (default 1)', min_value: 1, max_value: 2 }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'edit',
      description: 'Change a group (owner or Manage Server)',
      options: [
        groupOption,
        { type: ApplicationCommandOptionType.String, name: 'name', description: 'A new name', max_length: 50 },
        { type: ApplicationCommandOptionType.String, name: 'book', description: 'Another book', autocomplete: true, max_length: 200 },
        { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where reminders go', channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] },
        { ...dayOption, required: false },
        { ...timeOption, required: false },
        { ...zoneOption, required: false },
        { type: ApplicationCommandOptionType.String, name: 'target', description: 'A weekly target, or "none"', max_length: 30 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'archive', description: 'Stop the reminders and keep the history (owner or Manage Server)', options: [groupOption] },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'transfer',
      description: 'Hand the group to another member (owner or Manage Server)',
      options: [groupOption, { type: ApplicationCommandOptionType.User, name: 'member', description: 'The new owner (a member of the group)', required: true }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'notify',
      description: 'Whether reminders may ping you (all groups in this server)',
      options: [{ type: ApplicationCommandOptionType.String, name: 'pings', description: 'on or off', required: true, choices: [{ name: 'on', value: 'on' }, { name: 'off', value: 'off' }] }],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'forget-me', description: 'Delete your memberships and check-ins in this server (asks first)' },
  ],
});

const needsServer = 'Study groups belong to a server: use this command in one.';

/** Guards a server and keeps the name Discord shows for whoever acts (their groups' progress picture draws it). */
function serverOf(ctx: Context, invocation: Invocation): string {
  const guildId = requireGuild(invocation, needsServer);
  ctx.studyGroups.rememberName(guildId, invocation.userId, invocation.displayName);
  return guildId;
}

/** After creating or joining a group: its new member's name is kept too. */
function withName<T>(ctx: Context, invocation: Invocation, guildId: string, result: T): T {
  ctx.studyGroups.rememberName(guildId, invocation.userId, invocation.displayName);
  return result;
}

/** The check-in's reply; when it began the group's next book, the weekly event (if any) says the new book too. */
async function checkedIn(ctx: Context, result: CheckinResult): Promise<Reply> {
  if (result.begunNextBook) await ctx.studyEvents.follow(ctx.studyGroups.groupView(result.group.guildId, groupChoiceValue(result.group.groupId)));
  return checkedInReply(result);
}

const actorOf = (invocation: Invocation): Actor => ({
  userId: invocation.userId,
  manageServer: invocation.memberPermissions !== null && (invocation.memberPermissions & PermissionFlagsBits.ManageGuild) !== 0n,
});

export const studyCommand = registerCommand({
  definition: studyDefinition,
  handle(ctx, input, invocation) {
    const guildId = serverOf(ctx, invocation);
    const { studyGroups } = ctx;
    switch (input.subcommand) {
      case 'create': {
        const channelId = input.channel ?? invocation.channelId;
        if (!channelId) throw new UserError('Pick a `channel:` for the reminders.');
        const rule = (defaultZone: string | null) => {
          const timezone = input.timezone ?? defaultZone;
          if (!timezone) throw new UserError('Add `timezone:` (e.g. Europe/Berlin): this server has no spotlight zone to default to.');
          return parseWeeklyRule({ day: input.day ?? 'sunday', time: input.time ?? '18:00', timezone });
        };
        return createdReply(withName(ctx, invocation, guildId, studyGroups.create({ guildId, userId: invocation.userId, name: input.name, book: input.book, channelId, rule, target: input.target ?? null })));
      }
      case 'join':
        return joinedReply(withName(ctx, invocation, guildId, studyGroups.join(guildId, invocation.userId, input.group)));
      case 'leave': {
        const left = studyGroups.leave(guildId, invocation.userId, input.group);
        // The last member left: the group is archived, and so its event is canceled.
        if (left.succession?.kind !== 'archived') return leftReply(left);
        return ctx.studyEvents.cancel(left).then((note) => withNote(leftReply(left), note));
      }
      case 'checkin':
        return checkedIn(ctx, studyGroups.checkin(guildId, invocation.userId, input.group, input.progress, input.note ?? null));
      case 'status': {
        const board = studyGroups.board(guildId, input.group);
        return Promise.all([studyGroups.boardPicture(board), ctx.studyEvents.current(board)]).then(([picture, event]) => boardReply(board, 0, picture, sessionLine(guildId, event)));
      }
      case 'plan': {
        if (input.clear) return planClearedReply(studyGroups.clearPlan(guildId, actorOf(invocation), input.group));
        const request = { start: input.start ?? null, end: input.end ?? null, pace: input.pace ?? null };
        if (request.start || request.end || request.pace) return planReply(studyGroups.setPlan(guildId, actorOf(invocation), input.group, request));
        return planReply(studyGroups.plan(guildId, input.group));
      }
      case 'event':
        return ctx.studyEvents
          .create(guildId, actorOf(invocation), input.group, { channelId: input.channel ?? null, location: input.location ?? null, durationMinutes: input.duration ?? null })
          .then(eventCreatedReply);
      case 'poll':
        return ctx.bookPolls
          .start({
            guildId,
            channelId: requireChannel(invocation),
            actor: actorOf(invocation),
            target: { kind: 'study', groupRef: input.group, beginAtOnce: input.begin === 'at-once' },
            hours: input.hours ?? null,
          })
          .then(pollStartedReply);
      case 'list':
        return listReply(studyGroups.list(guildId));
      case 'me':
        return myGroupsReply(studyGroups.me(guildId, invocation.userId));
      case 'history':
        return historyReply(studyGroups.history(guildId, input.group, input.member ?? null), input.member ?? null);
      case 'break':
        return breakReply(studyGroups.takeBreak(guildId, invocation.userId, input.group, input.weeks ?? 1));
      case 'edit': {
        const { day, time, timezone } = input;
        const rule = day || time || timezone ? (current: WeeklyRule) => parseWeeklyRule({ day: day ?? weekdayNames[current.weekday - 1]!, time: time ?? formatLocalTime(current.hour, current.minute), timezone: timezone ?? current.timeZone }) : undefined;
        const edited = studyGroups.edit(guildId, actorOf(invocation), input.group, { name: input.name, book: input.book, channelId: input.channel, target: input.target, rule });
        // The session event carries the name, the book and the time: it follows a change to any of them.
        if (!input.name && !input.book && !rule) return editedReply(edited);
        return ctx.studyEvents.follow(edited).then((note) => withNote(editedReply(edited), note));
      }
      case 'archive': {
        const archived = studyGroups.archive(guildId, actorOf(invocation), input.group);
        return ctx.studyEvents.cancel(archived).then((note) => withNote(archivedReply(archived), note));
      }
      case 'transfer':
        return transferredReply(studyGroups.transfer(guildId, actorOf(invocation), input.group, { userId: input.member, inServer: invocation.membersInServer.has(input.member) }));
      case 'notify':
        studyGroups.notify(guildId, invocation.userId, input.pings === 'on');
        return notifyReply(input.pings === 'on');
      case 'forget-me':
        return forgetMeConfirmation(studyGroups.countFor(guildId, invocation.userId));
    }
  },
  autocomplete(ctx, focused, invocation): Choice[] {
    if (focused.name === 'book') return bookChoices(ctx.catalog, focused.value);
    if (focused.name === 'timezone') return timeZoneChoices(focused.value);
    if (focused.name === 'group' && invocation.guildId) {
      return ctx.studyGroups.suggest(invocation.guildId, focused.value).map((group) => ({ name: group.name, value: groupChoiceValue(group.groupId) }));
    }
    return [];
  },
  /** The Check in button opens the form; the page buttons of the board, the list and `me` turn their pages. Buttons carry group ids. */
  handleComponent(ctx, action, [first = '', second = '0'], invocation) {
    const guildId = serverOf(ctx, invocation);
    if (action === 'checkin') {
      return { modal: checkinModalFor(ctx.studyGroups.board(guildId, groupChoiceValue(first)), invocation.userId) };
    }
    if (action === 'start') {
      const book = ctx.catalog.bookById(first);
      if (!book) return privateMessage('That book is no longer in the catalog.');
      return { modal: startGroupModal(book.id, book.title, ctx.spotlight.timeZoneOf(guildId)) };
    }
    // A page of the public board opens privately for whoever pressed; on such a private page, the page turns in place.
    if (action === 'board') {
      const board = ctx.studyGroups.board(guildId, groupChoiceValue(first));
      const session = sessionLine(guildId, ctx.studyEvents.stored(board.group.groupId));
      return { ...boardReply(board, Number(second) || 0, null, session), ephemeral: true, replacesPressedMessage: true };
    }
    // Both lists are private: the page turns in the message itself.
    if (action === 'list') return { ...listReply(ctx.studyGroups.list(guildId), Number(first) || 0), replacesPressedMessage: true };
    // `me` was private to whoever asked: the button shows the groups of the one who presses it.
    if (action === 'me') return { ...myGroupsReply(ctx.studyGroups.me(guildId, invocation.userId), Number(first) || 0), replacesPressedMessage: true };
    if (action === 'forget-me') {
      // The confirmation was private to whoever asked: the button acts for the one who presses it.
      if (first !== 'confirm') return privateMessage('Nothing was deleted.');
      const forgotten = ctx.studyGroups.forgetMe(guildId, invocation.userId);
      // A group left with nobody is archived: its weekly event, if any, is canceled with it.
      return Promise.all(forgotten.archived.map((archived) => ctx.studyEvents.cancel(archived))).then((notes) => withNote(forgottenReply(forgotten), notes.filter(Boolean).join(' ') || null));
    }
    return privateMessage('This button is no longer supported. Run `/study` again.');
  },
  handleModal(ctx, action, [groupRef = ''], fields, invocation) {
    const guildId = serverOf(ctx, invocation);
    if (action === 'start') {
      const channelId = invocation.channelId;
      if (!channelId) throw new UserError('Start the group from a channel of the server.');
      const rule = () => parseWeeklyRule({ day: fields.day ?? 'sunday', time: fields.time ?? '18:00', timezone: fields.timezone ?? '' });
      return createdReply(withName(ctx, invocation, guildId, ctx.studyGroups.create({ guildId, userId: invocation.userId, name: fields.name ?? '', book: groupRef, channelId, rule, target: null })));
    }
    if (action !== 'checkin') return privateMessage('This form is no longer supported. Run `/study` again.');
    return checkedIn(ctx, ctx.studyGroups.checkin(guildId, invocation.userId, groupChoiceValue(groupRef), fields.progress ?? '', fields.note ?? null, fields.chapter ?? null));
  },
});
