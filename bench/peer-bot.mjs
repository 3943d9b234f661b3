import { Client, Events, GatewayIntentBits } from 'discord.js';

/**
 * The bot Grimoire is compared with in the bench: the least a discord.js bot can be, in plain JavaScript so it
 * runs with plain node, as Grimoire's build does. Same discord.js, default
 * caches, the Guilds intent, and every interaction answered at once with a constant over REST (choices for
 * autocomplete). Run as its own process (bench/bot-child.ts) with DISCORD_TOKEN and DISCORD_API_BASE.
 */

const peerAnswer = 'Hello from the peer bot.';
/** The line Grimoire logs when ready; printed the same so the bench reads both alike. */
const readyMessage = 'connected to Discord and ready';

const token = process.env.DISCORD_TOKEN;
if (!token) throw new Error('peer bot: DISCORD_TOKEN is not set');

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  ...(process.env.DISCORD_API_BASE ? { rest: { api: process.env.DISCORD_API_BASE } } : {}),
});

const failed = (error) => console.error(`peer bot: answer failed: ${String(error)}`);
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isAutocomplete()) interaction.respond([{ name: peerAnswer, value: peerAnswer }]).catch(failed);
  else if (interaction.isRepliable()) interaction.reply(peerAnswer).catch(failed);
});
client.once(Events.ClientReady, (ready) => {
  const available = ready.guilds.cache.filter((guild) => guild.available).size;
  console.log(JSON.stringify({ msg: readyMessage, guilds: ready.guilds.cache.size, available, pid: process.pid }));
});

const stop = () => void client.destroy().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

await client.login(token);
