import { REST } from '@discordjs/rest';
import dotenv from 'dotenv';
import { commands } from '../commands/index.js';
import { parseConfig } from './config.js';
import { buildDeployRequest } from './discord/deploy.js';

/** `npm run deploy-commands`: registers the slash commands globally, or to DISCORD_DEV_GUILD_ID when set. */
dotenv.config({ quiet: true });
const result = parseConfig(process.env);
if (!result.ok) {
  console.error(result.message);
  process.exit(1);
}
const { config } = result;
const request = buildDeployRequest(config.DISCORD_APPLICATION_ID, config.DISCORD_DEV_GUILD_ID, commands);
const rest = new REST({ api: config.DISCORD_API_BASE }).setToken(config.DISCORD_TOKEN);
try {
  await rest.put(request.route, { body: request.body });
  console.log(`Registered ${request.body.length} commands ${request.scope}: ${request.body.map((c) => `/${c.name}`).join(', ')}`);
  if (!config.DISCORD_DEV_GUILD_ID) console.log('Global commands can take a few minutes to appear in every server.');
} catch (error) {
  console.error(`Could not register the commands: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
