import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Events } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { commands } from '../../commands/index.js';
import { createApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { localWeekKey, nextDueInstant, type WeeklyRule } from '../../src/core/weekly-rule.js';
import { Emulator, type InteractionOutcome, type RecordedMessage } from '../../src/emulator/emulator.js';
import type { Dataset } from '../../src/features/catalog/core/schema.js';
import { loadDataset } from '../../src/features/catalog/load.js';
import { deliveryProblem } from '../../src/features/spotlight/presenters/status.js';
import { createSpotlightRepository } from '../../src/features/spotlight/repository.js';
import { migrations } from '../../src/migrations.js';
import { deployCommands } from '../../src/platform/discord/deploy.js';
import { markersIn } from '../../src/platform/discord/message-marker.js';
import { createRestPoster, type Poster } from '../../src/platform/discord/poster.js';
import { createLogger, silentLogger, type LogLevel } from '../../src/platform/logger.js';
import { deliveryNonce } from '../../src/platform/scheduling/delivery-nonce.js';
import type { TickReport } from '../../src/platform/scheduling/runner.js';
import type { DeliveryRecord } from '../../src/platform/store/delivery-repository.js';
import { openStore, type Store } from '../../src/platform/store/store.js';
import type { TestClock } from '../fixtures/context.js';
import { fieldOf, textOf } from '../fixtures/layout.js';

/**
 * The fault suite's world: the real bot (its composition root, or `npm start` as a child process) against the
 * emulator, with Discord's enforce_nonce window made short and really outlasted, so that only the bot's own
 * verification (marker in the channel history) stands between a retry and a duplicate post.
 */

export const spotlightKind = 'spotlight';
/** Short, yet longer than the REST client's own immediate retries of a lost response (a few ms on loopback). */
export const shortNonceWindowMs = 200;
/** The spotlight every scenario uses: Monday 18:30 in Berlin; set up on the Sunday before. */
export const mondayRule: WeeklyRule = { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' };
export const sundayNoon = Date.UTC(2026, 10, 22, 12, 0);
export const mondayEvening = Date.UTC(2026, 10, 23, 17, 30);
export const mondayWeek = localWeekKey(mondayEvening, mondayRule.timeZone);

let dataset: Dataset | undefined;
/** The catalog is read once per test file (every app gets the same one). */
const sharedDataset = (): Dataset => (dataset ??= loadDataset());

export interface Server {
  guildId: string;
  channelId: string;
  /** A member with Manage Server. */
  adminId: string;
}

export interface FaultWorld {
  emulator: Emulator;
  config: Config;
  folder: string;
  servers: Server[];
  /** `/spotlight <subcommand>` as the server's admin, in its channel (needs a bot connected to the gateway). */
  spotlight(server: Server, subcommand: string, options?: Record<string, string>): Promise<InteractionOutcome>;
  close(): Promise<void>;
}

/** An emulator with `servers` servers (a #books channel and an admin each), the commands deployed, the nonce window short. */
export async function createFaultWorld(
  options: { servers?: number; nonceWindowMs?: number; deployCommands?: boolean; clock?: TestClock; botPermissions?: bigint } = {},
): Promise<FaultWorld> {
  // Discord's own clock: the bot's pinned clock where Discord's times must agree with it (a poll's expiry).
  const emulator = await Emulator.start(options.clock ? { snowflakeClock: () => options.clock!.now() } : {});
  emulator.setNonceWindow(options.nonceWindowMs ?? shortNonceWindowMs);
  const servers: Server[] = [];
  for (let index = 0; index < (options.servers ?? 1); index++) {
    const guild = emulator.createGuild({ name: `Study Server ${index + 1}`, ...(options.botPermissions !== undefined ? { botPermissions: options.botPermissions } : {}) });
    const channelId = emulator.createChannel(guild.id, { name: 'books' });
    const adminId = emulator.createMember(guild.id, { username: `admin${index + 1}`, permissions: PermissionFlagsBits.ManageGuild });
    servers.push({ guildId: guild.id, channelId, adminId });
  }
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-faults-'));
  const config: Config = {
    DISCORD_TOKEN: emulator.token,
    DISCORD_APPLICATION_ID: emulator.applicationId,
    DATABASE_PATH: join(folder, 'grimoire.db'),
    DISCORD_API_BASE: emulator.apiBase,
    LOG_LEVEL: 'silent',
  };
  if (options.deployCommands ?? true) await deployCommands(config, commands);
  return {
    emulator,
    config,
    folder,
    servers,
    spotlight: (server, subcommand, commandOptions = {}) =>
      emulator.runCommand({ guildId: server.guildId, channelId: server.channelId, userId: server.adminId, name: 'spotlight', subcommand, options: commandOptions }),
    async close() {
      await emulator.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** `/spotlight setup` for the Monday rule, exactly as an admin types it. */
export async function setUpByCommand(world: FaultWorld, server: Server): Promise<void> {
  const reply = await world.spotlight(server, 'setup', { channel: server.channelId, day: 'monday', time: '18:30', timezone: 'Europe/Berlin' });
  expect(textOf(reply.message!)).toMatch(/Weekly spotlight set\nPosts every Monday at 18:30 \(Europe\/Berlin\)/);
}

/**
 * What `/spotlight setup` stores, written with the repositories (for fan-outs of many servers, and for bots that
 * are not connected to the gateway; the command itself is covered by setUpByCommand).
 */
export function writeSpotlights(store: Store, servers: readonly Server[], rule: WeeklyRule, nowMs: number, nextDueMs = nextDueInstant(rule, nowMs)): void {
  const spotlight = createSpotlightRepository(store.database);
  store.transaction(() => {
    for (const server of servers) {
      // The router records a server on its first command (/spotlight setup), before the schedule.
      store.guilds.touch(server.guildId, nowMs);
      store.schedules.save({ guildId: server.guildId, kind: spotlightKind, channelId: server.channelId, rule, nextDueMs }, nowMs);
      spotlight.saveSettings({ guildId: server.guildId, roleId: null, configuredBy: server.adminId });
    }
  });
}

/** The database file as a later process would open it (closed again after `read`). */
export function withStore<T>(world: FaultWorld, read: (store: Store) => T): T {
  const store = openStore(world.config.DATABASE_PATH, migrations);
  try {
    return read(store);
  } finally {
    store.close();
  }
}

// ── A poster that can die ─────────────────────────────────────────────────────────────────────────

/**
 * The bot's REST poster, inside a process that can die: after `dieAfter(n)`, n more messages reach Discord and
 * then the process is gone. Every request that had not left yet never leaves, and no answer (of the n-th send
 * or of anything else in flight) ever reaches the bot, which therefore records nothing more.
 */
export interface MortalPoster extends Poster {
  /** Resolves when the process died. */
  readonly died: Promise<void>;
  dieAfter(sends: number): void;
  /** Ends what the dead process left hanging (call after its database is closed), so its tick can settle. */
  bury(): void;
}

export function mortalPoster(inner: Poster): MortalPoster {
  let budget = Number.POSITIVE_INFINITY;
  let dead = false;
  let markDied!: () => void;
  const died = new Promise<void>((resolve) => (markDied = resolve));
  let release!: (error: Error) => void;
  const grave = new Promise<never>((_, reject) => (release = reject));
  grave.catch(() => {});
  const die = (): void => {
    if (dead) return;
    dead = true;
    markDied();
  };
  /** What a dead process gets back: nothing, until it is buried. */
  async function afterDeath<T>(work: () => Promise<T>): Promise<T> {
    if (dead) return grave;
    try {
      const result = await work();
      if (dead) return grave;
      return result;
    } catch (error) {
      if (dead) return grave;
      throw error;
    }
  }
  return {
    died,
    dieAfter(sends) {
      budget = sends;
      if (sends === 0) die();
    },
    bury: () => release(new Error('the process died')),
    send(channelId, body, nonce, options) {
      if (!dead && budget <= 0) die();
      return afterDeath(async () => {
        budget--;
        try {
          return await inner.send(channelId, body, nonce, options);
        } finally {
          if (budget <= 0) die();
        }
      });
    },
    findMarked: (channelId, sinceWallMs, markers, options) => afterDeath(() => inner.findMarked(channelId, sinceWallMs, markers, options)),
  };
}

// ── The bot, in-process ───────────────────────────────────────────────────────────────────────────

export interface Bot {
  app: App;
  poster: MortalPoster;
  holderId: string;
  tick(): Promise<TickReport>;
  /** The clean stop (SIGTERM): in-flight sends finish, the lease is released. */
  stop(): Promise<void>;
  /**
   * The process dies (SIGKILL, power cut): no graceful stop, its lease stays until it expires, and it writes
   * nothing more: its database is closed before anything it left hanging is ended.
   */
  crash(): Promise<void>;
}

export interface BotOptions {
  clock: TestClock;
  holderId?: string;
  leaseTtlMs?: number;
  /** Connect to the emulator's gateway (commands, the permission cache); off, the scheduler runs alone. */
  gateway?: boolean;
  /** Wraps the REST poster (stalls, hooks) inside the mortal one. */
  wrap?: (rest: Poster) => Poster;
  /** Discord's clock, when the world pinned it to the bot's (createFaultWorld's `clock`). */
  wallClock?: () => number;
}

let bots = 0;
/** FAULTS_LOG_LEVEL=info shows what the bots did (for a failing run); silent otherwise. */
const botLog = process.env.FAULTS_LOG_LEVEL ? createLogger(process.env.FAULTS_LOG_LEVEL as LogLevel) : silentLogger;

/**
 * The real bot through its composition root (createApp) with an injected clock. The cron trigger is not started:
 * the test says when a tick happens (`start()` only adds node-cron's once-a-minute `tick()` and the gateway login).
 */
export async function startBot(world: FaultWorld, options: BotOptions): Promise<Bot> {
  const holderId = options.holderId ?? `bot-${++bots}`;
  const rest = createRestPoster({ apiBase: world.config.DISCORD_API_BASE, token: world.config.DISCORD_TOKEN });
  const poster = mortalPoster(options.wrap ? options.wrap(rest) : rest);
  const app = createApp({ config: world.config, clock: options.clock, log: botLog.child({ holderId }), poster, dataset: sharedDataset(), leaseTtlMs: options.leaseTtlMs ?? 60_000, holderId, wallClock: options.wallClock });
  if (options.gateway ?? true) {
    const ready = once(app.client, Events.ClientReady);
    await app.client.login(world.config.DISCORD_TOKEN);
    await ready;
    // The catch-up tick the bot runs once ready.
    await app.ctx.scheduler.idle();
  }
  let ended = false;
  return {
    app,
    poster,
    holderId,
    tick: () => app.ctx.scheduler.tick(),
    async stop() {
      if (ended) return;
      ended = true;
      await app.stop();
    },
    async crash() {
      if (ended) return;
      ended = true;
      app.ctx.store.close();
      await app.client.destroy();
      poster.bury();
      await app.ctx.scheduler.idle();
    },
  };
}

/** Runs a tick of a bot told to die (`poster.dieAfter`) and returns once it died; fails if the tick ends first. */
export async function tickUntilDeath(bot: Bot): Promise<void> {
  const tickEnded = bot.tick().then((report) => {
    throw new Error(`the tick ended before the process died: ${JSON.stringify(report)}`);
  });
  await Promise.race([bot.poster.died, tickEnded]);
}

// ── Time ──────────────────────────────────────────────────────────────────────────────────────────

/** Waits (real time: the emulator's clock) until every nonce Discord remembers is older than its window. */
export async function outlastNonceWindow(emulator: Emulator): Promise<void> {
  const newest = Math.max(0, ...[...emulator.core.nonces.values()].map((entry) => entry.at));
  const wait = newest + emulator.core.nonceWindowMs + 5 - Date.now();
  if (wait > 0) await sleep(wait);
  expect(Date.now() - newest).toBeGreaterThan(emulator.core.nonceWindowMs);
}

/** Weeks in which the rule fell due in (fromMs, toMs]. */
export function weeksDue(rule: WeeklyRule, fromMs: number, toMs: number): string[] {
  const weeks: string[] = [];
  for (let due = nextDueInstant(rule, fromMs); due <= toMs; due = nextDueInstant(rule, due)) weeks.push(localWeekKey(due, rule.timeZone));
  return weeks;
}

// ── The closing check ─────────────────────────────────────────────────────────────────────────────

export interface DuePost {
  server: Server;
  weekKey: string;
}

export interface Tally {
  due: number;
  delivered: number;
  duplicated: number;
  lost: number;
}

export interface TallyDetail extends Tally {
  /** Not posted, and recorded ('unverified', 'failed', 'missed') with the reason `/spotlight status` shows for it. */
  recorded: number;
  /** Everything wrong, one line each: extra posts, lost weeks, records that contradict the channel. */
  problems: string[];
}

const visibleStatuses = new Set(['unverified', 'failed', 'missed']);
/** What `/spotlight status` says about a week that was not posted (its "Since then" line), null for other outcomes. */
const shownInStatus = (delivery: DeliveryRecord): string | null => (visibleStatuses.has(delivery.status) ? deliveryProblem(delivery) : null);

export const duePosts = (servers: readonly Server[], weeks: readonly string[]): DuePost[] => servers.flatMap((server) => weeks.map((weekKey) => ({ server, weekKey })));

/** The bot's own posts in a channel (not answers to commands). */
export const postsIn = (emulator: Emulator, channelId: string): RecordedMessage[] => emulator.messages(channelId).filter((message) => message.interactionId === null);

/**
 * For every due post: exactly one message in its channel (found by the marker its week's delivery carries), or a
 * delivery recorded with a visible reason. `lost` = due − delivered − recorded; every message beyond the first of a
 * week, and every post carrying no due week's marker, counts as duplicated.
 */
export function tallyPosts(emulator: Emulator, store: Store, due: readonly DuePost[]): TallyDetail {
  const result: TallyDetail = { due: due.length, delivered: 0, duplicated: 0, lost: 0, recorded: 0, problems: [] };
  const accounted = new Set<string>();
  for (const { server, weekKey } of due) {
    const key = { guildId: server.guildId, kind: spotlightKind, subjectId: '', weekKey };
    const marker = deliveryNonce(key);
    const posts = postsIn(emulator, server.channelId).filter((message) => markersIn(message).includes(marker));
    posts.forEach((message) => accounted.add(message.id));
    const delivery = store.deliveries.find(key);
    const where = `${weekKey} in server ${server.guildId}`;
    if (posts.length > 0) {
      result.delivered++;
      if (posts.length > 1) {
        result.duplicated += posts.length - 1;
        result.problems.push(`${where}: posted ${posts.length} times`);
      }
      if (!delivery || (delivery.status !== 'sent' && delivery.status !== 'unverified')) {
        result.problems.push(`${where}: posted, but recorded as ${delivery?.status ?? 'nothing'}`);
      } else if (delivery.status === 'sent' && !posts.some((post) => post.id === delivery.messageId)) {
        result.problems.push(`${where}: recorded as sent with message ${delivery.messageId}, which is not its post`);
      }
      continue;
    }
    if (delivery && shownInStatus(delivery)) {
      result.recorded++;
      continue;
    }
    result.lost++;
    result.problems.push(`${where}: not posted, and recorded as ${delivery?.status ?? 'nothing'}`);
  }
  for (const channelId of new Set(due.map(({ server }) => server.channelId))) {
    for (const post of postsIn(emulator, channelId).filter((message) => !accounted.has(message.id))) {
      result.duplicated++;
      result.problems.push(`channel ${channelId}: a post for no due week (${post.id}, markers ${markersIn(post).join(',') || 'none'})`);
    }
  }
  return result;
}

/** Prints the scenario's tuple (one line) and asserts: nothing duplicated, nothing lost, no record contradicting the channel. */
export function expectExactlyOnce(scenario: string, detail: TallyDetail): void {
  const { due, delivered, duplicated, lost } = detail;
  console.log(`[faults] ${scenario}: ${JSON.stringify({ due, delivered, duplicated, lost })}`);
  expect(due).toBeGreaterThan(0);
  expect(detail.problems).toEqual([]);
  expect({ duplicated, lost }).toEqual({ duplicated: 0, lost: 0 });
  expect(delivered + detail.recorded).toBe(due);
}

/** A labelled fact of the `/spotlight status` answer ("Last post", "Since then" …). */
export function statusField(outcome: InteractionOutcome, name: string): string | undefined {
  return outcome.message ? fieldOf(outcome.message, name) : undefined;
}
