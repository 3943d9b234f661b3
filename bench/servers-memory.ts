import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Emulator } from '../src/emulator/emulator.js';
import { spawnBot, type BotKind } from './bot-child.js';
import { collectGarbage } from './memory.js';

/**
 * A bot's memory and time to READY with many realistic servers (src/emulator/community.ts): Grimoire and the peer
 * bot, each in its own process against the same emulator world, one after the other.
 */

export interface ServersMemoryRow {
  servers: number;
  bot: BotKind;
  /** Process start to "ready" (every server's GUILD_CREATE handled), ms. */
  readyMs: number;
  /** Of which after the emulator had sent READY and every GUILD_CREATE: the bot taking the servers in, ms. */
  afterIdentifyMs: number;
  /** After READY settled and two forced full GCs, bytes. */
  rss: number;
  heapUsed: number;
  /** The process's peak RSS, start-up included, bytes. */
  maxRss: number;
}

export interface ServersMemoryResult {
  rows: ServersMemoryRow[];
  /** What one world's servers look like, on average. */
  shape: { channels: number; roles: number; memberCount: number; guildCreateKiB: number };
  buildMs: Record<number, number>;
}

/** Time after READY for start-up work (Grimoire's first scheduler tick, discord.js' own timers) to finish. */
const settleMs = 3_000;

/** Resolves when the emulator has handled one more IDENTIFY (sent READY and every GUILD_CREATE): performance.now(). */
async function nextIdentify(emulator: Emulator): Promise<number> {
  const before = emulator.gatewayStats.identifies;
  while (emulator.gatewayStats.identifies === before) await sleep(5);
  return performance.now();
}

async function measureBot(emulator: Emulator, bot: BotKind, servers: number, folder: string): Promise<ServersMemoryRow> {
  // The bench process holds the whole world: collect its garbage now, not while the bot takes the servers in.
  collectGarbage();
  await sleep(500);
  const identified = nextIdentify(emulator);
  const child = spawnBot(bot, {
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DISCORD_API_BASE: emulator.apiBase,
    DATABASE_PATH: join(folder, `${bot}-${servers}.db`),
  });
  try {
    const ready = await child.ready;
    const readyAt = performance.now();
    const identifiedAt = await identified;
    if (ready.guilds !== servers) throw new Error(`${bot} was ready with ${ready.guilds} servers, not ${servers}`);
    await sleep(settleMs);
    const reading = await child.read({ gc: true });
    return { servers, bot, readyMs: ready.msSinceSpawn, afterIdentifyMs: readyAt - identifiedAt, rss: reading.rss, heapUsed: reading.heapUsed, maxRss: reading.maxRss };
  } finally {
    await child.stop();
  }
}

export async function runServersMemory(counts: readonly number[]): Promise<ServersMemoryResult> {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-bench-servers-'));
  const rows: ServersMemoryRow[] = [];
  const buildMs: Record<number, number> = {};
  let shape: ServersMemoryResult['shape'] = { channels: 0, roles: 0, memberCount: 0, guildCreateKiB: 0 };
  try {
    for (const [index, servers] of counts.entries()) {
      const emulator = await Emulator.start();
      try {
        const started = performance.now();
        const communities = Array.from({ length: servers }, (_, i) => emulator.createCommunity({ seed: i + 1 }));
        buildMs[servers] = performance.now() - started;
        shape = describeWorld(emulator, communities.map((c) => c.id));
        // Each bot runs alone in a fresh process; which goes first alternates, in case the emulator's process is still settling.
        const order = index % 2 === 0 ? (['Grimoire', 'peer'] as const) : (['peer', 'Grimoire'] as const);
        for (const bot of order) rows.push(await measureBot(emulator, bot, servers, folder));
      } finally {
        await emulator.close();
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { rows, shape, buildMs };
}

function describeWorld(emulator: Emulator, guildIds: readonly string[]): ServersMemoryResult['shape'] {
  const { state } = emulator.core;
  let channels = 0;
  let roles = 0;
  let memberCount = 0;
  let bytes = 0;
  for (const id of guildIds) {
    const guild = state.guilds.get(id)!;
    channels += guild.channelIds.length;
    roles += guild.roles.size;
    memberCount += Number(guild.guildCreateExtras?.member_count ?? guild.members.size);
  }
  // Payload size from a sample: serialising all 10,000 again only to measure them would take seconds.
  const sample = guildIds.slice(0, 200);
  for (const id of sample) bytes += JSON.stringify(state.guildCreatePayload(state.guilds.get(id)!)).length;
  const n = guildIds.length;
  return { channels: channels / n, roles: roles / n, memberCount: memberCount / n, guildCreateKiB: bytes / sample.length / 1024 };
}
