import { REST } from '@discordjs/rest';
import { Routes, type RESTPutAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Config } from '../../config.js';
import { toApplicationCommandBody, toGuildCommandBody } from './command-definition.js';
import type { RegisteredCommand } from './command.js';

export interface DeployRequest {
  route: `/${string}`;
  body: RESTPutAPIApplicationCommandsJSONBody;
  /** "globally" or "to server <id>", for the script's message. */
  scope: string;
}

/**
 * One PUT that replaces the registered commands with exactly the router's list. Only global commands can be
 * installed to a member's account (and so run in servers without the bot, or in DMs); a dev server's are its own.
 */
export function buildDeployRequest(applicationId: string, devGuildId: string | undefined, commands: readonly RegisteredCommand[]): DeployRequest {
  return devGuildId
    ? { route: Routes.applicationGuildCommands(applicationId, devGuildId), body: commands.map((command) => toGuildCommandBody(command.definition)), scope: `to server ${devGuildId}` }
    : { route: Routes.applicationCommands(applicationId), body: commands.map((command) => toApplicationCommandBody(command.definition)), scope: 'globally' };
}

/** Sends the PUT; used by `npm run deploy-commands`, the playground and the end-to-end tests. */
export async function deployCommands(config: Config, commands: readonly RegisteredCommand[]): Promise<DeployRequest> {
  const request = buildDeployRequest(config.DISCORD_APPLICATION_ID, config.DISCORD_DEV_GUILD_ID, commands);
  const rest = new REST({ api: config.DISCORD_API_BASE }).setToken(config.DISCORD_TOKEN);
  await rest.put(request.route, { body: request.body });
  return request;
}
