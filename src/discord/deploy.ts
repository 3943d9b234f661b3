import { Routes, type RESTPutAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { toApplicationCommandBody } from './command-definition.js';
import type { RegisteredCommand } from './command.js';

export interface DeployRequest {
  route: `/${string}`;
  body: RESTPutAPIApplicationCommandsJSONBody;
  /** "globally" or "to server <id>", for the script's message. */
  scope: string;
}

/** One PUT that replaces the registered commands with exactly the router's list. */
export function buildDeployRequest(applicationId: string, devGuildId: string | undefined, commands: readonly RegisteredCommand[]): DeployRequest {
  const body = commands.map((command) => toApplicationCommandBody(command.definition));
  return devGuildId
    ? { route: Routes.applicationGuildCommands(applicationId, devGuildId), body, scope: `to server ${devGuildId}` }
    : { route: Routes.applicationCommands(applicationId), body, scope: 'globally' };
}
