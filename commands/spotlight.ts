import { ApplicationCommandOptionType, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { bookChoices } from '../src/features/catalog/presenters/book-choices.js';
import { postNowReply, pausedReply, previewReply, queuedReply, resumedReply, setupReply, skippedReply, disabledReply } from '../src/features/spotlight/presenters/replies.js';
import { spotlightStatusReply } from '../src/features/spotlight/presenters/status.js';
import { defineCommand, type InputOf } from '../src/platform/discord/command-definition.js';
import { type Choice } from '../src/platform/discord/command.js';
import { registerCommand } from './register.js';
import { requireChannel, requireGuild, requireMemberPermission } from '../src/platform/discord/guards.js';
import { pollStartedReply } from '../src/features/book-polls/presenters/replies.js';
import { parseWeeklyRule, timeZoneChoices, weeklyRuleOptions } from '../src/platform/discord/weekly-rule-options.js';

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
        ...weeklyRuleOptions,
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
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'poll',
      description: 'A poll in this channel for the next spotlight, among books not spotlighted yet',
      options: [{ type: ApplicationCommandOptionType.Integer, name: 'hours', description: 'How long it runs: 1 to 168 hours (default 24)', min_value: 1, max_value: 168 }],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'skip', description: 'Skip the next book' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'pause', description: 'Stop posting until resumed' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'resume', description: 'Start posting again (after a pause or once a problem is fixed)' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'disable', description: 'Forget the spotlight settings (the history is kept)' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'post-now', description: "Post this week's spotlight now (it counts as this week's)" },
  ],
});

type Subcommand = InputOf<typeof spotlightDefinition>['subcommand'];

/** Anyone the command is visible to may look; changing anything needs Manage Server. */
const readOnly: ReadonlySet<Subcommand> = new Set(['status', 'preview']);

export const spotlightCommand = registerCommand({
  definition: spotlightDefinition,
  async handle(ctx, input, invocation) {
    const guildId = requireGuild(invocation, 'The spotlight belongs to a server: use this command in one.');
    if (!readOnly.has(input.subcommand)) requireMemberPermission(invocation, manageServer, 'Changing the spotlight needs the **Manage Server** permission.');
    const { spotlight } = ctx;
    switch (input.subcommand) {
      case 'setup': {
        const roleId = input.role ?? null;
        const { schedule, roleWarning } = spotlight.setup({ guildId, userId: invocation.userId, channelId: input.channel, rule: parseWeeklyRule(input), roleId });
        return setupReply(schedule, roleId, roleWarning);
      }
      case 'status':
        return spotlightStatusReply(spotlight.status(guildId));
      case 'preview':
        return previewReply(ctx.catalog, spotlight.preview(guildId));
      case 'queue': {
        const { book, position } = spotlight.queue(guildId, input.book, invocation.userId);
        return queuedReply(book, position);
      }
      case 'poll':
        return ctx.bookPolls
          .start({
            guildId,
            channelId: requireChannel(invocation),
            actor: { userId: invocation.userId, manageServer: true },
            target: { kind: 'spotlight' },
            hours: input.hours ?? null,
          })
          .then(pollStartedReply);
      case 'skip': {
        const { skipped, next } = spotlight.skip(guildId);
        return skippedReply(skipped, next);
      }
      case 'pause':
        return pausedReply(spotlight.pause(guildId, invocation.userId).alreadyPaused);
      case 'resume': {
        const { wasRunning, nextDueMs } = spotlight.resume(guildId);
        return resumedReply(wasRunning, nextDueMs);
      }
      case 'disable':
        spotlight.disable(guildId);
        return disabledReply;
      case 'post-now':
        return postNowReply(guildId, await spotlight.postNow(guildId));
    }
  },
  autocomplete(ctx, focused): Choice[] {
    if (focused.name === 'timezone') return timeZoneChoices(focused.value);
    if (focused.name === 'book') return bookChoices(ctx.catalog, focused.value);
    return [];
  },
});
