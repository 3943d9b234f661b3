import type { Context } from '../src/context.js';
import type { CommandDefinition } from '../src/platform/discord/command-definition.js';
import { registerCommand as registerOverContext, type CommandModule, type RegisteredCommand } from '../src/platform/discord/command.js';

/** A command of this app: its handlers get the app's context (the platform's command type is generic over it). */
export type AppCommand = RegisteredCommand<Context>;

export function registerCommand<D extends CommandDefinition>(module: CommandModule<D, Context>): AppCommand {
  return registerOverContext(module);
}
