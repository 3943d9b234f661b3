import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { createApp, type App } from '../../app.js';
import { parseConfig, type Config } from '../../config.js';
import type { AppCommand } from '../../../commands/register.js';
import { deployCommands } from '../../platform/discord/deploy.js';
import { defaultBotPermissions, Emulator } from '../../emulator/emulator.js';
import type { Logger } from '../../platform/logger.js';
import type { Directory } from './parse-command.js';
import type { NameLookup, OtherServer, PlaygroundDiscord, SessionPlace } from './discord.js';
import { passTime } from './pass-time.js';
import type { ClockChange, PlaygroundClock } from './playground-clock.js';

/**
 * The playground's world: a local Discord (the emulator) with one server, one channel and you in it, the
 * commands deployed (globally, as `npm run deploy-commands` does), and the real bot connected to it with the
 * playground's clock. A second server, "Elsewhere", never added the bot: you are a member there and installed
 * Grimoire to your own account, so /book and /recommend work there as from any server.
 */

export interface WorldOptions {
  databasePath: string;
  clock: PlaygroundClock;
  log: Logger;
  commands: readonly AppCommand[];
  guildName?: string;
  channelName?: string;
  userName?: string;
}

export const elsewhereNames = { guildName: 'Elsewhere', channelName: 'general' } as const;

export interface World {
  emulator: Emulator;
  app: App;
  config: Config;
  place: SessionPlace;
  elsewhere: OtherServer;
  guildName: string;
  channelName: string;
  userName: string;
  discord: PlaygroundDiscord;
  directory(): Directory;
  names: NameLookup;
  /** Moves the clock as if the bot had been running all along: scheduled posts appear at their due instants. */
  passTime(ms: number): Promise<ClockChange>;
  /** Stops the bot, then the emulator; safe to call twice. */
  stop(): Promise<void>;
}

function playgroundConfig(emulator: Emulator, databasePath: string): Config {
  const result = parseConfig({
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DATABASE_PATH: databasePath,
    DISCORD_API_BASE: emulator.apiBase,
    LOG_LEVEL: 'silent',
  });
  if (!result.ok) throw new Error(`the playground built an invalid configuration:\n${result.message}`);
  return result.config;
}

/** "Elsewhere" #general: the bot was never added (no GUILD_CREATE reaches it); you joined, with Grimoire installed to your account. */
function createElsewhere(emulator: Emulator, userId: string): OtherServer {
  const guildId = emulator.createGuild({ name: elsewhereNames.guildName, botInstalled: false }).id;
  const channelId = emulator.createChannel(guildId, { name: elsewhereNames.channelName });
  emulator.createMember(guildId, { userId });
  emulator.installToUser(userId);
  return { place: { guildId, channelId, userId }, ...elsewhereNames };
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const guildName = options.guildName ?? 'Playground';
  const channelName = options.channelName ?? 'books';
  const userName = options.userName ?? 'you';
  // Ids carry the playground's time, as the bot reads it (history searched `after` an instant agrees), and
  // on a pinned clock the same steps give the same ids, hence the same spotlight rotation.
  const emulator = await Emulator.start({ snowflakeClock: () => options.clock.now() });
  let app: App | undefined;
  try {
    // Create Events and Connect too, so `/study event` works here as on a server that granted them; Send Polls, so the bot may post polls.
    const guild = emulator.createGuild({
      name: guildName,
      botPermissions: defaultBotPermissions | PermissionFlagsBits.CreateEvents | PermissionFlagsBits.Connect | PermissionFlagsBits.SendPolls,
    });
    const channelId = emulator.createChannel(guild.id, { name: channelName });
    // Manage Server, so the admin commands (spotlight set-up and the like) work for you.
    const userId = emulator.createMember(guild.id, { username: userName, permissions: PermissionFlagsBits.ManageGuild });
    // Global commands: only those can be installed to a member's account and so reach Elsewhere.
    const config = playgroundConfig(emulator, options.databasePath);
    await deployCommands(config, options.commands);
    app = createApp({ config, clock: options.clock, wallClock: () => options.clock.now(), log: options.log, commands: options.commands });
    await app.start();
    await emulator.waitForBot();
    // Made last, so the playground server's ids (and its spotlight rotation) are those of a world without it.
    const elsewhere = createElsewhere(emulator, userId);
    // A voice channel for a study group's weekly session (`/study event channel: #reading-room`), made last for the same reason.
    emulator.createChannel(guild.id, { name: 'reading-room', type: ChannelType.GuildVoice });

    const { state } = emulator.core;
    const names: NameLookup = {
      user: (id) => state.users.get(id)?.username,
      channel: (id) => state.channel(id)?.name,
      role: (id) => state.guild(guild.id)?.roles.get(id)?.name,
    };
    const directory = (): Directory => {
      const current = state.guild(guild.id);
      const channels = new Map((current?.channelIds ?? []).map((id) => [state.channel(id)?.name.toLowerCase() ?? id, id] as const));
      const roles = new Map([...(current?.roles.values() ?? [])].map((role) => [role.name.toLowerCase(), role.id] as const));
      const users = new Map([...(current?.members.keys() ?? [])].map((id) => [state.users.get(id)?.username.toLowerCase() ?? id, id] as const));
      return { channels, roles, users };
    };
    const discord: PlaygroundDiscord = {
      runCommand: (action) => emulator.runCommand(action),
      autocomplete: (action) => emulator.autocomplete(action),
      pressButton: (press) => emulator.pressButton(press),
      chooseOptions: (choice) => emulator.chooseOptions(choice),
      ephemeralRecipient: (message) => emulator.ephemeralRecipient(message),
      submitModal: (form) => emulator.submitModal(form),
      member(name) {
        const known = directory().users.get(name.toLowerCase());
        return known ?? emulator.createMember(guild.id, { username: name });
      },
      messages: (channel, filter) => emulator.messages(channel, filter),
      message: (id) => state.messages.get(id),
      votePoll: (messageId, userId, answerIds) => emulator.votePoll(messageId, userId, [...answerIds]),
      scheduledEvents: (guildId) => emulator.scheduledEvents(guildId),
    };

    const started = app;
    let stopped: Promise<void> | null = null;
    return {
      emulator,
      app: started,
      config,
      place: { guildId: guild.id, channelId, userId },
      elsewhere,
      guildName,
      channelName,
      userName,
      discord,
      directory,
      names,
      passTime: (ms) => passTime({ clock: options.clock, scheduler: started.ctx.scheduler, earliestDue: () => started.ctx.store.schedules.earliestDue() }, ms),
      stop() {
        stopped ??= (async () => {
          try {
            await started.stop();
          } finally {
            await emulator.close();
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    await app?.stop().catch(() => undefined);
    await emulator.close().catch(() => undefined);
    throw error;
  }
}
