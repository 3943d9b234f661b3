import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
} from 'discord-api-types/v10';
import { emulatorLimits } from './discord-limits.js';
import type { InteractionTerms, Owners, Place } from './installation.js';
import type { EmulatorState } from './state.js';

/** Builds interaction payloads exactly as Discord would send them to the bot for a member's action. */

export type OptionValue = string | number | boolean;

export interface RegisteredOption {
  type: number;
  name: string;
  options?: RegisteredOption[];
}

export interface CommandAction {
  /** The server; null in a DM or group DM (`channelId` is then one made with createBotDm / createGroupDm). */
  guildId: string | null;
  channelId: string;
  userId: string;
  name: string;
  /** For commands with subcommands. */
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

interface Context {
  state: EmulatorState;
  place: Place;
  userId: string;
  id: string;
  token: string;
  owners: Owners;
  terms: InteractionTerms;
}

function inferType(value: OptionValue): number {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

/**
 * What every interaction carries. In a server: the server (sent even when the app is only installed to the user),
 * the channel and the member; in a DM or group DM: the channel and the user.
 */
function base(ctx: Context) {
  const { state, place, userId } = ctx;
  const common = {
    id: ctx.id,
    application_id: state.applicationId,
    token: ctx.token,
    version: 1,
    channel_id: place.channel.id,
    locale: 'en-US',
    app_permissions: String(ctx.terms.appPermissions),
    entitlements: [],
    authorizing_integration_owners: ctx.owners,
    context: ctx.terms.context,
    attachment_size_limit: emulatorLimits.attachmentSize,
  };
  if (!place.guild) {
    const user = state.users.get(userId);
    if (!user || !place.channel.recipientIds.includes(userId)) throw new Error(`user ${userId} is not in the private channel ${place.channel.id}`);
    const recipients = place.channel.recipientIds.filter((id) => id !== userId).map((id) => state.apiUser(state.users.get(id)!));
    return { ...common, channel: { id: place.channel.id, type: place.channel.type, recipients }, user: state.apiUser(user) };
  }
  const { guild, channel } = place;
  const member = guild.members.get(userId);
  if (!member) throw new Error(`user ${userId} is not a member of guild ${guild.id}`);
  return {
    ...common,
    guild_id: guild.id,
    guild: { id: guild.id, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel: { id: channel.id, type: channel.type, name: channel.name, guild_id: guild.id },
    member: { ...state.apiMember(guild, member), permissions: String(state.permissionsIn(channel, userId) || state.guildPermissions(guild, userId)) },
  };
}

/** The `data.options` list and `data.resolved` for the given values, typed from the registered definition. */
function buildOptions(
  ctx: Context,
  definition: RegisteredOption[] | undefined,
  values: Record<string, OptionValue>,
  focused: string | null,
): { options: APIApplicationCommandInteractionDataOption[]; resolved: Record<string, Record<string, unknown>> } {
  const resolved: Record<string, Record<string, unknown>> = {};
  const options = Object.entries(values).map(([name, value]) => {
    const type = definition?.find((option) => option.name === name)?.type ?? inferType(value);
    const id = String(value);
    const { place } = ctx;
    const guild = place.guild;
    if (type === ApplicationCommandOptionType.Channel) {
      const channel = ctx.state.channel(id);
      if (channel) {
        resolved.channels ??= {};
        resolved.channels[id] = {
          id,
          name: channel.name,
          type: channel.type,
          permissions: String(ctx.state.permissionsIn(channel, ctx.userId)),
          guild_id: channel.guildId,
        };
      }
    } else if (type === ApplicationCommandOptionType.Role) {
      const role = guild?.roles.get(id);
      if (role) {
        resolved.roles ??= {};
        resolved.roles[id] = ctx.state.apiRole(role);
      }
    } else if (type === ApplicationCommandOptionType.User) {
      const user = ctx.state.users.get(id);
      if (user) {
        resolved.users ??= {};
        resolved.users[id] = ctx.state.apiUser(user);
      }
      // Only a user who is in the server resolves as a member too: a partial member, without user, deaf and mute.
      const member = place.guild?.members.get(id);
      if (place.guild && member) {
        const { user: _user, deaf: _deaf, mute: _mute, ...partial } = ctx.state.apiMember(place.guild, member);
        resolved.members ??= {};
        resolved.members[id] = { ...partial, permissions: String(ctx.state.permissionsIn(place.channel, id) || ctx.state.guildPermissions(place.guild, id)) };
      }
    }
    return { name, type, value, ...(name === focused ? { focused: true } : {}) } as APIApplicationCommandInteractionDataOption;
  });
  return { options, resolved };
}

export function commandPayload(
  ctx: Context,
  action: CommandAction,
  commandId: string,
  definition: RegisteredOption[] | undefined,
  focused: string | null = null,
  /** The server a guild command is registered in (Discord sends `data.guild_id` only for those). */
  registeredIn: string | null = null,
): APIInteraction {
  const subcommandDefinition = action.subcommand ? definition?.find((option) => option.name === action.subcommand)?.options : definition;
  const { options, resolved } = buildOptions(ctx, subcommandDefinition, action.options ?? {}, focused);
  const dataOptions = action.subcommand ? [{ type: ApplicationCommandOptionType.Subcommand, name: action.subcommand, options }] : options;
  return {
    ...base(ctx),
    type: focused === null ? InteractionType.ApplicationCommand : InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: commandId,
      name: action.name,
      type: ApplicationCommandType.ChatInput,
      ...(registeredIn ? { guild_id: registeredIn } : {}),
      options: dataOptions,
      ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    },
  } as unknown as APIInteraction;
}

/** A MESSAGE_COMPONENT interaction: a button press ({ custom_id, component_type }) or a select's choice (plus values). */
export function componentPayload(ctx: Context, message: Record<string, unknown>, data: Record<string, unknown>): APIInteraction {
  return {
    ...base(ctx),
    type: InteractionType.MessageComponent,
    message,
    data,
  } as unknown as APIInteraction;
}

/** A MODAL_SUBMIT with the given `data.components` (see modal-submission.ts for how they are shaped). */
export function modalSubmitPayload(ctx: Context, customId: string, components: readonly unknown[]): APIInteraction {
  return {
    ...base(ctx),
    type: InteractionType.ModalSubmit,
    data: { custom_id: customId, components },
  } as unknown as APIInteraction;
}

export type PayloadContext = Context;
