import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { commands } from '../../commands/index.js';
import { createApp, type App } from '../../src/app.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Config } from '../../src/config.js';
import { deployCommands } from '../../src/platform/discord/deploy.js';
import type { CommandAction } from '../../src/emulator/emulator.js';
import { Emulator } from '../../src/emulator/emulator.js';
import type { AppCommand } from '../../commands/register.js';
import type { Poster } from '../../src/platform/discord/poster.js';
import { silentLogger, type Logger } from '../../src/platform/logger.js';

export interface World {
  emulator: Emulator;
  guildId: string;
  channelId: string;
  /** An ordinary member. */
  memberId: string;
  /** A member with Manage Server. */
  adminId: string;
  config: Config;
  folder: string;
  /** A command as the ordinary member, in the world's channel. */
  as<T extends Partial<CommandAction> & { name: string }>(options: T): CommandAction & T;
  close(): Promise<void>;
}

/**
 * An emulator with one server, a #books channel, a member and an admin; commands registered like deploy-commands does.
 * `clock` is Discord's own time (its ids, and what it calls the past for an event's start): the bot's pinned clock
 * where a test needs the two to agree. `botPermissions` replaces what the bot may do in the server.
 */
export async function createWorld(options: { clock?: Clock; botPermissions?: bigint } = {}): Promise<World> {
  const emulator = await Emulator.start(options.clock ? { snowflakeClock: () => options.clock!.now() } : {});
  const guild = emulator.createGuild({ name: 'Test Server', ...(options.botPermissions !== undefined ? { botPermissions: options.botPermissions } : {}) });
  const channelId = emulator.createChannel(guild.id, { name: 'books' });
  const memberId = emulator.createMember(guild.id, { username: 'reader' });
  const adminId = emulator.createMember(guild.id, { username: 'admin', permissions: PermissionFlagsBits.ManageGuild });
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-e2e-'));
  const config: Config = {
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DATABASE_PATH: join(folder, 'grimoire.db'),
    DISCORD_API_BASE: emulator.apiBase,
    LOG_LEVEL: 'silent',
  };
  await deployCommands(config, commands);
  return {
    emulator,
    guildId: guild.id,
    channelId,
    memberId,
    adminId,
    config,
    folder,
    as: <T extends Partial<CommandAction> & { name: string }>(options: T) => ({ guildId: guild.id, channelId, userId: memberId, ...options }),
    async close() {
      await emulator.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The real bot through its composition root, connected to the world's emulator. */
export async function startBot(
  world: World,
  options: { clock?: Clock; log?: Logger; commands?: readonly AppCommand[]; leaseTtlMs?: number; poster?: Poster; writeRetryBudgetMs?: number; deferAfterMs?: number } = {},
): Promise<App> {
  const app = createApp({ config: world.config, log: options.log ?? silentLogger, ...options });
  await app.start();
  await world.emulator.waitForBot();
  return app;
}
