import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Context } from '../src/context.js';
import {
  exportReply,
  forgetCancelledReply,
  forgetServerAction,
  forgetWarningReply,
  forgottenReply,
  grimoireCommandName,
} from '../src/features/server-data/presenters/replies.js';
import { createServerDataService, type ServerDataService } from '../src/features/server-data/service.js';
import { defineCommand } from '../src/platform/discord/command-definition.js';
import { type Invocation } from '../src/platform/discord/command.js';
import { registerCommand } from './register.js';
import { requireGuild, requireMemberPermission } from '../src/platform/discord/guards.js';
import { privateMessage } from '../src/platform/discord/reply.js';

const manageServer = PermissionFlagsBits.ManageGuild;

export const grimoireDefinition = defineCommand({
  name: grimoireCommandName,
  description: "This server's Grimoire data: download it, or delete all of it",
  default_member_permissions: String(manageServer),
  contexts: [InteractionContextType.Guild],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'export', description: "This server's data as CSV files, one per table (only you see them)" },
    { type: ApplicationCommandOptionType.Subcommand, name: 'forget-server', description: 'Delete everything Grimoire stores about this server (asks first)' },
  ],
});

/** Both subcommands and both buttons: a server's data is the admins' business, checked again on every use. */
function requireAdmin(invocation: Invocation): string {
  const guildId = requireGuild(invocation, "Grimoire's data belongs to a server: use this command in one.");
  requireMemberPermission(invocation, manageServer, "Exporting or deleting this server's data needs the **Manage Server** permission.");
  return guildId;
}

/** Built per use: these are rare admin actions, and the context's shape stays as it is. */
function serverData(ctx: Context): ServerDataService {
  return createServerDataService({ store: ctx.store, catalog: ctx.catalog, clock: ctx.clock });
}

export const grimoireCommand = registerCommand({
  definition: grimoireDefinition,
  handle(ctx, input, invocation) {
    const guildId = requireAdmin(invocation);
    switch (input.subcommand) {
      case 'export':
        return exportReply(serverData(ctx).exportServer(guildId));
      case 'forget-server':
        return forgetWarningReply(serverData(ctx).counts(guildId));
    }
  },
  /** The warning's buttons: `grimoire:forget-server:confirm` and `grimoire:forget-server:cancel`. */
  handleComponent(ctx, action, [choice = ''], invocation) {
    const guildId = requireAdmin(invocation);
    if (action === forgetServerAction && choice === 'confirm') return forgottenReply(serverData(ctx).forgetServer(guildId));
    if (action === forgetServerAction && choice === 'cancel') return forgetCancelledReply;
    return privateMessage('This button is no longer supported. Run `/grimoire` again.');
  },
});
