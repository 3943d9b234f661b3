import dotenv from 'dotenv';
import { ShardingManager } from 'discord.js';
import { fileURLToPath } from 'node:url';
import { parseConfig } from './config.js';
import { createLogger } from './platform/logger.js';
import { parseMachineShards, type MachineShards } from './platform/discord/machine-shards.js';

/**
 * `npm run start:sharded`: the bot under discord.js' ShardingManager, one process per shard, each running
 * `src/main.ts` exactly as `npm start` does. Every shard answers the commands of its servers; all share the
 * database, and the scheduler runs in whichever process holds its lease (another takes over within the
 * lease time, GRIMOIRE_LEASE_TTL_MS, if that one dies). The shard count is SHARD_COUNT, else Discord's
 * recommendation from GET /gateway/bot.
 *
 * On several machines each runs this with the same SHARD_COUNT and its own SHARD_LIST (discord.js' `shardList`):
 * it runs only those shards, owns their servers, keeps them in its own DATABASE_PATH, and paces its scheduler at
 * its share of the bot's REST budget (docs/OPERATIONS.md, "Several machines").
 */

// From the build each shard runs the compiled main.js with plain node; from the sources main.ts through tsx.
const fromBuild = import.meta.url.endsWith('.js');
const shardEntry = fileURLToPath(new URL(fromBuild ? './main.js' : './main.ts', import.meta.url));
/** Discord lets one shard per max_concurrency bucket identify every 5 s. */
const identifyIntervalMs = 5_500;

interface GatewayBot {
  shards: number;
  session_start_limit?: { max_concurrency?: number };
}

/** Discord's recommendation, asked at DISCORD_API_BASE (discord.js' own helper only asks discord.com). */
async function recommendation(apiBase: string, token: string): Promise<GatewayBot> {
  const response = await fetch(`${apiBase}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}: check DISCORD_TOKEN and DISCORD_API_BASE.`);
  return (await response.json()) as GatewayBot;
}

function shardCountFrom(raw: string | undefined): number | null {
  const text = raw?.trim();
  if (!text || text === 'auto') return null;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error('SHARD_COUNT must be a whole number of at least 1, or "auto" (or unset) for Discord\'s recommendation.');
  return value;
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const result = parseConfig(process.env);
  if (!result.ok) {
    console.error(result.message);
    process.exitCode = 1;
    return;
  }
  const { config } = result;
  const log = createLogger(config.LOG_LEVEL).child({ role: 'shard manager' });
  let totalShards: number;
  let maxConcurrency = 1;
  let machine: MachineShards | null;
  try {
    const machineResult = parseMachineShards(process.env.SHARD_LIST, process.env.SHARD_COUNT);
    if (!machineResult.ok) throw new Error(machineResult.message);
    machine = machineResult.machine;
    const chosen = shardCountFrom(process.env.SHARD_COUNT);
    const gateway = chosen === null ? await recommendation(config.DISCORD_API_BASE, config.DISCORD_TOKEN) : null;
    totalShards = chosen ?? Math.max(1, gateway!.shards);
    maxConcurrency = Math.max(1, gateway?.session_start_limit?.max_concurrency ?? 1);
  } catch (error) {
    console.error(`Grimoire cannot start sharded: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }

  const manager = new ShardingManager(shardEntry, {
    token: config.DISCORD_TOKEN,
    totalShards,
    // This machine's shards (every shard unless SHARD_LIST says otherwise); each shard process reads SHARD_LIST
    // too, so that the one holding the scheduler lease schedules every server of this machine and no other.
    ...(machine ? { shardList: [...machine.shardList] } : {}),
    mode: 'process',
    respawn: true,
    // Each shard runs TypeScript through tsx, as `npm start` does.
    execArgv: fromBuild ? [] : ['--import', 'tsx'],
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shardId: shard.id, totalShards }, 'shard starting');
    shard.on('death', (child) => log.warn({ shardId: shard.id, exitCode: 'exitCode' in child ? child.exitCode : null }, 'shard process ended; restarting it'));
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping every shard');
    // Each shard stops cleanly on SIGTERM within 5 s (src/main.ts); no respawn once killed this way.
    for (const shard of manager.shards.values()) shard.kill();
    setTimeout(() => process.exit(0), 6_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  const shardList = machine?.shardList ?? [...Array(totalShards).keys()];
  log.info({ totalShards, shardList, maxConcurrency }, 'starting shards');
  await manager.spawn({ amount: totalShards, delay: Math.ceil(identifyIntervalMs / maxConcurrency), timeout: 60_000 });
  log.info({ totalShards, shardList }, 'every shard is ready');
}

await main();
