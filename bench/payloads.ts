import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  type GuildMemberFlags,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteractionGuildMember,
} from 'discord-api-types/v10';

/**
 * Interaction payloads shaped like the ones Discord POSTs (discord-api-types v10), for a guild text channel.
 * Every payload gets its own snowflake id and token, as real ones do.
 */

const applicationId = '1180000000000000001';
const guildId = '1180000000000000002';
const channelId = '1180000000000000003';
/** Send Messages, Embed Links, Use Application Commands … as a decimal bit string, like Discord sends. */
const memberPermissions = '2248473465835073';
const appPermissions = '2248473465835073';

let nextId = 1_190_000_000_000_000_000n;
function snowflake(): string {
  nextId += 1n;
  return nextId.toString();
}

function member(): APIInteractionGuildMember {
  return {
    user: { id: '1180000000000000042', username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null },
    roles: [],
    premium_since: null,
    permissions: memberPermissions,
    pending: false,
    nick: null,
    mute: false,
    deaf: false,
    joined_at: '2024-01-15T12:00:00.000000+00:00',
    flags: 0 as GuildMemberFlags,
  };
}

function base() {
  const id = snowflake();
  return {
    id,
    application_id: applicationId,
    token: `aW50ZXJhY3Rpb246${id}:bench-token`,
    version: 1 as const,
    guild_id: guildId,
    guild: { id: guildId, locale: Locale.EnglishUS, features: [] },
    channel: { id: channelId, type: ChannelType.GuildText as const, name: 'python-study' },
    channel_id: channelId,
    member: member(),
    app_permissions: appPermissions,
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 26_214_400,
  };
}

export type OptionValues = Record<string, string | number | undefined>;

function options(values: OptionValues, focused?: string): APIApplicationCommandInteractionDataBasicOption[] {
  const result: APIApplicationCommandInteractionDataBasicOption[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (typeof value === 'number') {
      result.push({ name, type: ApplicationCommandOptionType.Integer, value });
    } else {
      result.push({ name, type: ApplicationCommandOptionType.String, value, ...(name === focused ? { focused: true } : {}) });
    }
  }
  return result;
}

/** What Discord sends while someone types into an autocomplete option (`focused` marks the option being typed). */
export function autocompletePayload(command: string, values: OptionValues, focused: string): APIApplicationCommandAutocompleteGuildInteraction {
  return {
    ...base(),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { id: '1180000000000000100', name: command, type: ApplicationCommandType.ChatInput, options: options(values, focused) },
  };
}

/** What Discord sends when someone submits a slash command. */
export function chatInputPayload(command: string, values: OptionValues): APIChatInputApplicationCommandGuildInteraction {
  return {
    ...base(),
    type: InteractionType.ApplicationCommand,
    data: { id: '1180000000000000100', name: command, type: ApplicationCommandType.ChatInput, options: options(values) },
  };
}
