import dotenv from 'dotenv';
import { hostname } from 'node:os';
import { createApp, type App } from './app.js';
import { parseConfig } from './config.js';
import { migrations } from './migrations.js';
import { createLogger } from './platform/logger.js';
import { StartupError } from './platform/startup-error.js';
import { checkDatabasePath, databaseStartupError } from './platform/store/database-check.js';
import { parseMachineShards, type MachineShards } from './platform/discord/machine-shards.js';

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

/** How long `app.start()` may take before Discord (or DISCORD_API_BASE) counts as not answering. */
const connectTimeoutVariable = 'GRIMOIRE_CONNECT_TIMEOUT_MS';
const defaultConnectTimeoutMs = 30_000;
/** How long the scheduler lease lasts: a shard that dies is replaced by another within this long. */
const leaseTtlVariable = 'GRIMOIRE_LEASE_TTL_MS';
const defaultLeaseTtlMs = 180_000;
const minimumLeaseTtlMs = 2_000;

/** An optional whole number of milliseconds from the environment, or `defaultMs` when unset. */
function millisecondsFrom(env: NodeJS.ProcessEnv, variable: string, defaultMs: number, minimumMs = 1): number {
  const raw = env[variable]?.trim();
  if (!raw) return defaultMs;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < minimumMs) {
    throw new StartupError(`${variable} must be a whole number of milliseconds of at least ${minimumMs}, such as ${defaultMs}, or leave it unset for ${seconds(defaultMs)}.`);
  }
  return value;
}

/**
 * Under start:sharded with SHARD_LIST, the machine's shards (its manager checked them; SHARD_COUNT is the bot's
 * total there). Plain `npm start` runs every shard in one process and owns every server.
 */
function machineShardsFrom(env: NodeJS.ProcessEnv): MachineShards | null {
  if (!env.SHARD_LIST?.trim()) return null;
  if (!env.SHARDING_MANAGER) throw new StartupError('SHARD_LIST is for npm run start:sharded (several machines); npm start runs every shard in one process: unset SHARD_LIST.');
  const parsed = parseMachineShards(env.SHARD_LIST, env.SHARD_COUNT);
  if (!parsed.ok) throw new StartupError(parsed.message);
  return parsed.machine;
}

/** `npm start`: read the configuration, start the bot, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  // discord.js reads SHARD_COUNT from the environment in every process; it is meant for `start:sharded`
  // (whose manager sets it for each shard), and an empty or stray one would break a single process.
  if (!process.env.SHARDING_MANAGER) delete process.env.SHARD_COUNT;
  const result = parseConfig(process.env);
  if (!result.ok) {
    console.error(result.message);
    process.exitCode = 1;
    return;
  }
  const { config } = result;
  // Under start:sharded each shard is its own process with its own metrics: shard N serves on METRICS_PORT + N
  // (discord.js' ShardingManager gives each its id in SHARDS).
  const shardId = Number(process.env.SHARDS);
  if (config.METRICS_PORT && Number.isInteger(shardId) && shardId > 0) config.METRICS_PORT += shardId;
  const log = createLogger(config.LOG_LEVEL);

  let app: App;
  let timeoutMs: number;
  try {
    timeoutMs = millisecondsFrom(process.env, connectTimeoutVariable, defaultConnectTimeoutMs);
    const machine = machineShardsFrom(process.env);
    const leaseTtlMs = millisecondsFrom(process.env, leaseTtlVariable, defaultLeaseTtlMs, minimumLeaseTtlMs);
    // Refuse a bad DATABASE_PATH (including one from a newer build) before anything on disk changes.
    checkDatabasePath(config.DATABASE_PATH, { knownSchemaVersion: migrations.length });
    // Several processes (shards) may share the database: the one holding the lease runs the scheduler.
    // The lease names its holder by host and process id, so an operator can tell which shard schedules.
    app = createApp({ config, log, leaseTtlMs, schedulerStandby: true, holderId: `${hostname()}:${process.pid}`, machine });
  } catch (error) {
    const startupError = databaseStartupError(error, config.DATABASE_PATH);
    // Anything else is a bug: let it surface with its stack.
    if (!startupError) throw error;
    log.fatal(startupError.message);
    console.error(`Grimoire cannot start: ${startupError.message}`);
    process.exitCode = 1;
    return;
  }

  let shuttingDown = false;
  const shutdown = (signal: string): void => {
    // A second signal (systemd signals every process, then the shard manager its shards) must not cut the first short.
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    // Sends in flight get 3 s (app.stop); if Discord or the disk hangs beyond that, do not hang with it.
    setTimeout(() => process.exit(1), 5_000).unref();
    void app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // One bad promise must not take the bot down; it is logged and the bot keeps answering.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), timeoutMs);
  });
  try {
    // An API base that accepts connections and never answers would otherwise hang here for ever.
    const outcome = await Promise.race([app.start().then(() => 'started' as const), timedOut]);
    if (outcome === 'timed out') {
      const message = `Discord did not answer within ${seconds(timeoutMs)} at ${config.DISCORD_API_BASE}: check DISCORD_API_BASE (leave it unset for Discord itself) and this machine's network, then start again.`;
      log.fatal(message);
      console.error(`Grimoire cannot start: ${message}`);
      setTimeout(() => process.exit(1), 10_000).unref();
      await app.stop().catch((error: unknown) => log.error({ err: error }, 'unclean shutdown'));
      // The unanswered request is still open and would keep the process alive.
      process.exit(1);
    }
  } catch (error) {
    // A rejected token is not fixed by restarting: say so once and exit non-zero.
    const message = error instanceof Error && /token/i.test(error.message) ? 'Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal and update .env.' : 'Could not connect to Discord.';
    log.fatal({ err: error }, message);
    console.error(`Grimoire cannot start: ${message}`);
    await app.stop().catch((stopError: unknown) => log.error({ err: stopError }, 'unclean shutdown'));
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
  }
}

await main();
