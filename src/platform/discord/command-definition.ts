import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  type APIApplicationCommandOptionChoice,
  type ChannelType,
  type InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';

/**
 * A slash command's definition is plain data, read by both the router and `deploy-commands`, and the
 * handler's input type is derived from it (InputOf), so option names and types are written once.
 */

interface OptionBase {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}

export interface StringOptionDefinition extends OptionBase {
  readonly type: ApplicationCommandOptionType.String;
  readonly autocomplete?: boolean;
  readonly min_length?: number;
  readonly max_length?: number;
  readonly choices?: readonly APIApplicationCommandOptionChoice<string>[];
}

export interface NumericOptionDefinition extends OptionBase {
  readonly type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number;
  readonly autocomplete?: boolean;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly choices?: readonly APIApplicationCommandOptionChoice<number>[];
}

export interface BooleanOptionDefinition extends OptionBase {
  readonly type: ApplicationCommandOptionType.Boolean;
}

export interface ChannelOptionDefinition extends OptionBase {
  readonly type: ApplicationCommandOptionType.Channel;
  readonly channel_types?: readonly ChannelType[];
}

export interface EntityOptionDefinition extends OptionBase {
  readonly type: ApplicationCommandOptionType.Role | ApplicationCommandOptionType.User | ApplicationCommandOptionType.Mentionable;
}

export type LeafOptionDefinition =
  | StringOptionDefinition
  | NumericOptionDefinition
  | BooleanOptionDefinition
  | ChannelOptionDefinition
  | EntityOptionDefinition;

export interface SubcommandDefinition {
  readonly type: ApplicationCommandOptionType.Subcommand;
  readonly name: string;
  readonly description: string;
  readonly options?: readonly LeafOptionDefinition[];
}

export interface CommandDefinition {
  readonly name: string;
  readonly description: string;
  readonly options?: readonly LeafOptionDefinition[] | readonly SubcommandDefinition[];
  /** Permission bits as a decimal string; members without them do not see the command. */
  readonly default_member_permissions?: string | null;
  /** Where the command can be run: a server, the DM with the bot, other DMs and group DMs (global commands only). */
  readonly contexts?: readonly InteractionContextType[];
  /** How the app must be installed for the command to be offered: to the server, to the member's account, or either. */
  readonly integration_types?: readonly ApplicationIntegrationType[];
}

/** Keeps the literal types of a definition (for InputOf) while checking its shape. */
export function defineCommand<const D extends CommandDefinition>(definition: D): D {
  return definition;
}

/**
 * Left out, Discord takes the app's own install settings, and once the app allows installs to a member's account
 * that would offer every command there too: a command is installed with the server only unless it says otherwise.
 */
const defaultIntegrationTypes: readonly ApplicationIntegrationType[] = [ApplicationIntegrationType.GuildInstall];

/** The JSON body Discord receives for a definition registered globally. */
export function toApplicationCommandBody(definition: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return { integration_types: defaultIntegrationTypes, ...definition } as unknown as RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/** The JSON body for a command registered to one server: `contexts` and `integration_types` are for global commands only. */
export function toGuildCommandBody(definition: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const { contexts: _contexts, integration_types: _integrationTypes, ...body } = definition;
  return body as unknown as RESTPostAPIChatInputApplicationCommandsJSONBody;
}

type ValueOf<O> = O extends { readonly choices: readonly { readonly value: infer V }[] }
  ? V
  : O extends { readonly type: ApplicationCommandOptionType.String }
    ? string
    : O extends { readonly type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
      ? number
      : O extends { readonly type: ApplicationCommandOptionType.Boolean }
        ? boolean
        : string; // channels, roles, users: their ids

type LeafInput<Options> = Options extends readonly LeafOptionDefinition[]
  ? { [O in Options[number] as O['name']]: O extends { readonly required: true } ? ValueOf<O> : ValueOf<O> | undefined }
  : Record<never, never>;

/** The parsed options a handler receives for definition D (one variant per subcommand). */
export type InputOf<D extends CommandDefinition> = D['options'] extends readonly SubcommandDefinition[]
  ? { [S in D['options'][number] as S['name']]: { subcommand: S['name'] } & LeafInput<S['options']> }[D['options'][number]['name']]
  : LeafInput<D['options']>;

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id');

function leafSchema(option: LeafOptionDefinition): z.ZodType {
  let schema: z.ZodType;
  switch (option.type) {
    case ApplicationCommandOptionType.String: {
      let text = z.string();
      if (option.min_length !== undefined) text = text.min(option.min_length);
      if (option.max_length !== undefined) text = text.max(option.max_length);
      const values = option.choices?.map((choice) => choice.value);
      schema = values && values.length > 0 ? text.refine((value) => values.includes(value), 'must be one of the listed choices') : text;
      break;
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      let number = option.type === ApplicationCommandOptionType.Integer ? z.number().int() : z.number();
      if (option.min_value !== undefined) number = number.min(option.min_value);
      if (option.max_value !== undefined) number = number.max(option.max_value);
      const values = option.choices?.map((choice) => choice.value);
      schema = values && values.length > 0 ? number.refine((value) => values.includes(value), 'must be one of the listed choices') : number;
      break;
    }
    case ApplicationCommandOptionType.Boolean:
      schema = z.boolean();
      break;
    default:
      schema = snowflake;
  }
  return option.required ? schema : schema.optional();
}

function leafObjectSchema(options: readonly LeafOptionDefinition[] | undefined): z.ZodObject {
  return z.object(Object.fromEntries((options ?? []).map((option) => [option.name, leafSchema(option)])));
}

function isSubcommandList(options: CommandDefinition['options']): options is readonly SubcommandDefinition[] {
  return (options ?? []).some((option) => option.type === ApplicationCommandOptionType.Subcommand);
}

/** The zod schema that checks what Discord sent against the definition (built once per command). */
export function optionsSchema<D extends CommandDefinition>(definition: D): z.ZodType<InputOf<D>> {
  const options = definition.options;
  if (isSubcommandList(options)) {
    const variants = options.map((sub) => leafObjectSchema(sub.options).extend({ subcommand: z.literal(sub.name) }));
    return z.discriminatedUnion('subcommand', variants as unknown as [z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<InputOf<D>>;
  }
  return leafObjectSchema(options) as unknown as z.ZodType<InputOf<D>>;
}

/** Human wording for a bad option, e.g. "count: must be at most 5". */
export function describeOptionIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `\`${path}\`: ${issue.message}` : issue.message;
    })
    .join('\n');
}
