import { ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildDeployRequest } from '../../src/platform/discord/deploy.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { commandListProblems } from '../../src/emulator/validate.js';
import { testContext } from '../fixtures/context.js';

describe('deploy-commands', () => {
  it('registers exactly the commands the router handles, in one PUT', () => {
    const router = createRouter(testContext(), commands);
    const request = buildDeployRequest('100000000000000001', undefined, commands);
    expect(request.route).toBe('/applications/100000000000000001/commands');
    expect(request.body.map((c) => c.name)).toEqual(router.commands.map((c) => c.definition.name));
    expect(request.body).toEqual(router.commands.map((c) => expect.objectContaining(c.definition)));
  });

  it('makes /book and /recommend installable to a member (any server, DMs), and keeps the others to servers that installed the bot', () => {
    const { body } = buildDeployRequest('100000000000000001', undefined, commands);
    const where = Object.fromEntries(body.map((c) => [c.name, { integrationTypes: c.integration_types, contexts: c.contexts }]));
    const anywhere = {
      integrationTypes: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
    };
    const serverOnly = { integrationTypes: [ApplicationIntegrationType.GuildInstall], contexts: [InteractionContextType.Guild] };
    expect(where).toEqual({ book: anywhere, recommend: anywhere, spotlight: serverOnly, study: serverOnly, grimoire: serverOnly });
  });

  it('targets one server when DISCORD_DEV_GUILD_ID is set', () => {
    const request = buildDeployRequest('100000000000000001', '200000000000000002', commands);
    expect(request.route).toBe('/applications/100000000000000001/guilds/200000000000000002/commands');
    expect(request.scope).toBe('to server 200000000000000002');
    // Install types and contexts are for global commands only: a server's own commands live in that server.
    expect(request.body.filter((c) => 'contexts' in c || 'integration_types' in c)).toEqual([]);
  });

  it('sends definitions Discord accepts', () => {
    const { body } = buildDeployRequest('100000000000000001', undefined, commands);
    expect(commandListProblems(body)).toEqual([]);
  });

  it('would notice a definition Discord refuses', () => {
    const broken = [{ name: 'Book', description: 'x'.repeat(101), options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }] }];
    expect(commandListProblems(broken)).toEqual([
      '0.name: must be 1–32 lower-case letters, digits, - or _',
      '0.description: must be 1–100 characters',
      '0.options.1.required: required options must come before optional ones',
    ]);
  });
});
