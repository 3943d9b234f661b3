import dotenv from 'dotenv';
import { commands } from '../commands/index.js';
import { parseConfig } from './config.js';
import { deployCommands } from './platform/discord/deploy.js';

/** `npm run deploy-commands`: registers the slash commands globally, or to DISCORD_DEV_GUILD_ID when set. */
dotenv.config({ quiet: true });
const result = parseConfig(process.env);
if (!result.ok) {
  console.error(result.message);
  process.exit(1);
}
try {
  const request = await deployCommands(result.config, commands);
  console.log(`Registered ${request.body.length} commands ${request.scope}: ${request.body.map((c) => `/${c.name}`).join(', ')}`);
  if (!result.config.DISCORD_DEV_GUILD_ID) console.log('Global commands can take a few minutes to appear in every server.');
} catch (error) {
  console.error(`Could not register the commands: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
