import { PermissionFlagsBits } from 'discord-api-types/v10';
import { createApp, type App } from '../../app.js';
import { parseConfig, type Config } from '../../config.js';
import type { RegisteredCommand } from '../../platform/discord/command.js';
import { deployCommands } from '../../platform/discord/deploy.js';
import { Emulator } from '../../emulator/emulator.js';
import type { Logger } from '../../platform/logger.js';
import type { Directory } from './parse-command.js';
import type { NameLookup, PlaygroundDiscord, SessionPlace } from './discord.js';
import { passTime } from './pass-time.js';
import type { ClockChange, PlaygroundClock } from './playground-clock.js';

/**
 * The playground's world: a local Discord (the emulator) with one server, one channel and you in it,
 * the commands deployed to that server, and the real bot connected to it with the playground's clock.
 */

export interface WorldOptions {
  databasePath: string;
  clock: PlaygroundClock;
  log: Logger;
  commands: readonly RegisteredCommand[];
  guildName?: string;
  channelName?: string;
  userName?: string;
}

export interface World {
  emulator: Emulator;
  app: App;
  config: Config;
  place: SessionPlace;
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

function playgroundConfig(emulator: Emulator, guildId: string, databasePath: string): Config {
  const result = parseConfig({
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DISCORD_DEV_GUILD_ID: guildId,
    DATABASE_PATH: databasePath,
    DISCORD_API_BASE: emulator.apiBase,
    LOG_LEVEL: 'silent',
  });
  if (!result.ok) throw new Error(`the playground built an invalid configuration:\n${result.message}`);
  return result.config;
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
    const guild = emulator.createGuild({ name: guildName });
    const channelId = emulator.createChannel(guild.id, { name: channelName });
    // Manage Server, so the admin commands (spotlight set-up and the like) work for you.
    const userId = emulator.createMember(guild.id, { username: userName, permissions: PermissionFlagsBits.ManageGuild });
    const config = playgroundConfig(emulator, guild.id, options.databasePath);
    await deployCommands(config, options.commands);
    app = createApp({ config, clock: options.clock, log: options.log, commands: options.commands });
    await app.start();
    await emulator.waitForBot();

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
    };

    const started = app;
    let stopped: Promise<void> | null = null;
    return {
      emulator,
      app: started,
      config,
      place: { guildId: guild.id, channelId, userId },
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
