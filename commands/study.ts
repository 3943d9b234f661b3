import { ApplicationCommandOptionType, ChannelType, InteractionContextType } from 'discord-api-types/v10';
import { bookChoices } from '../src/features/catalog/presenters/book-choices.js';
import { boardReply } from '../src/features/study-groups/presenters/board.js';
import { studyCommandName } from '../src/features/study-groups/presenters/reminder.js';
import { checkedInReply, checkinModal, createdReply, joinedReply, leftReply, listReply } from '../src/features/study-groups/presenters/replies.js';
import { defineCommand } from '../src/platform/discord/command-definition.js';
import { registerCommand, type Choice } from '../src/platform/discord/command.js';
import { requireGuild } from '../src/platform/discord/guards.js';
import { privateMessage } from '../src/platform/discord/reply.js';
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
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: "This server's study groups" },
  ],
});

const needsServer = 'Study groups belong to a server: use this command in one.';

export const studyCommand = registerCommand({
  definition: studyDefinition,
  handle(ctx, input, invocation) {
    const guildId = requireGuild(invocation, needsServer);
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
        return createdReply(studyGroups.create({ guildId, userId: invocation.userId, name: input.name, book: input.book, channelId, rule, target: input.target ?? null }));
      }
      case 'join':
        return joinedReply(studyGroups.join(guildId, invocation.userId, input.group));
      case 'leave':
        return leftReply(studyGroups.leave(guildId, invocation.userId, input.group));
      case 'checkin':
        return checkedInReply(studyGroups.checkin(guildId, invocation.userId, input.group, input.progress, input.note ?? null));
      case 'status':
        return boardReply(studyGroups.board(guildId, input.group));
      case 'list':
        return listReply(studyGroups.list(guildId));
    }
  },
  autocomplete(ctx, focused, invocation): Choice[] {
    if (focused.name === 'book') return bookChoices(ctx.catalog, focused.value);
    if (focused.name === 'timezone') return timeZoneChoices(focused.value);
    if (focused.name === 'group' && invocation.guildId) {
      return ctx.studyGroups.suggest(invocation.guildId, focused.value).map((group) => ({ name: group.name, value: String(group.groupId) }));
    }
    return [];
  },
  /** The Check in button opens the form; the board's page buttons turn its pages. */
  handleComponent(ctx, action, [groupRef = '', page = '0'], invocation) {
    const guildId = requireGuild(invocation, needsServer);
    if (action === 'checkin') {
      const board = ctx.studyGroups.board(guildId, groupRef);
      return { modal: checkinModal(board.group.groupId, board.group.name) };
    }
    if (action === 'board') return { ...boardReply(ctx.studyGroups.board(guildId, groupRef), Number(page) || 0), ephemeral: true };
    return privateMessage('This button is no longer supported. Run `/study` again.');
  },
  handleModal(ctx, action, [groupRef = ''], fields, invocation) {
    const guildId = requireGuild(invocation, needsServer);
    if (action !== 'checkin') return privateMessage('This form is no longer supported. Run `/study` again.');
    return checkedInReply(ctx.studyGroups.checkin(guildId, invocation.userId, groupRef, fields.progress ?? '', fields.note ?? null));
  },
});
