import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildDeployRequest } from '../../src/discord/deploy.js';
import { discordLimits } from '../../src/discord/limits.js';
import { createRouter } from '../../src/discord/router.js';
import { testContext } from '../fixtures/context.js';

type Option = { type: number; name: string; description: string; options?: Option[]; choices?: { name: string; value: unknown }[]; required?: boolean };

/** Discord's validation of a command body, as far as the bot's definitions use it. */
function definitionProblems(where: string, item: { name: string; description: string; options?: Option[] }): string[] {
  const problems: string[] = [];
  if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(item.name)) problems.push(`${where}: bad name ${item.name}`);
  if (item.description.length < 1 || item.description.length > discordLimits.commandDescription) problems.push(`${where}: description length ${item.description.length}`);
  const options = item.options ?? [];
  if (options.length > discordLimits.commandOptions) problems.push(`${where}: ${options.length} options`);
  if (new Set(options.map((o) => o.name)).size !== options.length) problems.push(`${where}: duplicate option names`);
  const firstOptional = options.findIndex((o) => !o.required && o.type !== ApplicationCommandOptionType.Subcommand);
  if (firstOptional !== -1 && options.slice(firstOptional).some((o) => o.required)) problems.push(`${where}: required option after an optional one`);
  for (const option of options) {
    problems.push(...definitionProblems(`${where} ${option.name}`, option));
    if ((option.choices?.length ?? 0) > 25) problems.push(`${where} ${option.name}: too many choices`);
  }
  return problems;
}

describe('deploy-commands', () => {
  it('registers exactly the commands the router handles, in one PUT', () => {
    const router = createRouter(testContext(), commands);
    const request = buildDeployRequest('100000000000000001', undefined, commands);
    expect(request.route).toBe('/applications/100000000000000001/commands');
    expect(request.body.map((c) => c.name)).toEqual(router.commands.map((c) => c.definition.name));
    expect(request.body).toEqual(router.commands.map((c) => c.definition));
  });

  it('targets one server when DISCORD_DEV_GUILD_ID is set', () => {
    const request = buildDeployRequest('100000000000000001', '200000000000000002', commands);
    expect(request.route).toBe('/applications/100000000000000001/guilds/200000000000000002/commands');
    expect(request.scope).toBe('to server 200000000000000002');
  });

  it('sends definitions Discord accepts', () => {
    const { body } = buildDeployRequest('100000000000000001', undefined, commands);
    expect(body.flatMap((command) => definitionProblems(`/${command.name}`, command as unknown as Option))).toEqual([]);
  });
});
