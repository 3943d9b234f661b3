import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { z } from 'zod';
import { optionsSchema, type CommandDefinition, type InputOf } from './command-definition.js';
import type { Reply } from './reply.js';

/** Who ran a command, where, and with which permissions (from the interaction payload). */
export interface Invocation {
  userId: string;
  guildId: string | null;
  /** Where the command was run (a study group's reminders default to it). */
  channelId: string | null;
  /** The member's permissions in this channel; null outside a server. */
  memberPermissions: bigint | null;
  /**
   * Users named in the options who are members of this server right now: Discord resolves a user option with
   * `member` data only for them, so someone who left the server is not in this set (as far as the bot can know).
   */
  membersInServer: ReadonlySet<string>;
  /** How Discord shows the one who acted: their server nickname, else their display name, else their username. */
  displayName: string | null;
}

/** A modal's text inputs by custom_id, as submitted. */
export type ModalFields = Readonly<Record<string, string>>;

export interface FocusedOption {
  name: string;
  value: string;
}

export type Choice = APIApplicationCommandOptionChoice<string>;

/**
 * A slash command, over the context `C` the app gives its handlers (src/context.ts): the platform never knows the
 * features, so the app binds `C` once (commands/register.ts).
 */
export interface CommandModule<D extends CommandDefinition, C> {
  definition: D;
  handle(ctx: C, input: InputOf<D>, invocation: Invocation): Reply | Promise<Reply>;
  /** Autocomplete answers must come within 3 s and cannot be deferred: keep this synchronous and fast. */
  autocomplete?(ctx: C, focused: FocusedOption, invocation: Invocation): Choice[];
  /** Buttons whose custom_id is `<command name>:<action>:<args…>`. */
  handleComponent?(ctx: C, action: string, args: string[], invocation: Invocation): Reply | Promise<Reply>;
  /** Modals whose custom_id is `<command name>:<action>:<args…>`, opened by this command's buttons or replies. */
  handleModal?(ctx: C, action: string, args: string[], fields: ModalFields, invocation: Invocation): Reply | Promise<Reply>;
}

/** A command with its types erased for the router; its option schema is built once, here. */
export interface RegisteredCommand<C = unknown> {
  definition: CommandDefinition;
  optionsSchema: z.ZodType;
  handle(ctx: C, input: unknown, invocation: Invocation): Reply | Promise<Reply>;
  autocomplete?(ctx: C, focused: FocusedOption, invocation: Invocation): Choice[];
  handleComponent?(ctx: C, action: string, args: string[], invocation: Invocation): Reply | Promise<Reply>;
  handleModal?(ctx: C, action: string, args: string[], fields: ModalFields, invocation: Invocation): Reply | Promise<Reply>;
}

export function registerCommand<D extends CommandDefinition, C>(module: CommandModule<D, C>): RegisteredCommand<C> {
  return {
    ...module,
    optionsSchema: optionsSchema(module.definition),
    handle: (ctx, input, invocation) => module.handle(ctx, input as InputOf<D>, invocation),
  };
}

export const componentIdSeparator = ':';

export function componentId(commandName: string, action: string, ...args: string[]): string {
  return [commandName, action, ...args].join(componentIdSeparator);
}
