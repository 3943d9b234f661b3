import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { localWeekKey, type WeeklyRule } from '../../src/core/weekly-rule.js';
import { createServerDataRepository } from '../../src/features/server-data/repository.js';
import { migrations } from '../../src/migrations.js';
import { shardOfGuild } from '../../src/platform/discord/machine-shards.js';
import { openStore, type Store } from '../../src/platform/store/store.js';
import { createFaultWorld, duePosts, expectExactlyOnce, postsIn, statusField, tallyPosts, writeSpotlights, type FaultWorld, type Server } from '../faults/harness.js';

/**
 * Issue 20: the bot on two "machines", each `npm run start:sharded` (compiled) with its own SHARD_LIST out of
 * SHARD_COUNT=4 and its own database, against one emulator, sharing Discord's global 50 requests/s.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const totalShards = 4;

interface Machine {
  name: string;
  database: string;
  shardList: number[];
  child?: ChildProcess;
  output: string;
}

let world: FaultWorld | undefined;
const machines: Machine[] = [];

async function stop(machine: Machine, signal: NodeJS.Signals): Promise<void> {
  const child = machine.child;
  machine.child = undefined;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'close');
  try {
    // The manager and its shards: its process group (SIGTERM reaches the manager, which stops each shard).
    process.kill(signal === 'SIGKILL' ? -child.pid : child.pid, signal);
  } catch {
    // Already gone.
  }
  await exited;
}

afterEach(async () => {
  for (const machine of machines.splice(0)) {
    if (machine.child?.pid) {
      try {
        process.kill(-machine.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await stop(machine, 'SIGKILL');
  }
  await world?.close();
  world = undefined;
});

function start(target: FaultWorld, machine: Machine): void {
  const env = {
    ...process.env,
    DISCORD_TOKEN: target.config.DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: target.config.DISCORD_APPLICATION_ID,
    DISCORD_API_BASE: target.config.DISCORD_API_BASE,
    DATABASE_PATH: machine.database,
    DISCORD_DEV_GUILD_ID: '',
    LOG_LEVEL: 'info',
    SHARD_COUNT: String(totalShards),
    SHARD_LIST: machine.shardList.join(','),
    GRIMOIRE_LEASE_TTL_MS: '3000',
  };
  // The build the suite's global set-up made: what `npm run start:sharded` runs.
  const child = spawn(process.execPath, ['dist/src/sharded-main.js'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  machine.output = '';
  child.stdout!.on('data', (chunk) => (machine.output += String(chunk)));
  child.stderr!.on('data', (chunk) => (machine.output += String(chunk)));
  machine.child = child;
}

function withDatabase<T>(path: string, work: (store: Store) => T): T {
  const store = openStore(path, migrations);
  // A running bot may be writing: wait for its lock rather than fail.
  store.database.pragma('busy_timeout = 5000');
  try {
    return work(store);
  } finally {
    store.close();
  }
}

const shardOf = (server: Server): number => shardOfGuild(server.guildId, totalShards);
const ownerOf = (server: Server): Machine => machines.find((machine) => machine.shardList.includes(shardOf(server)))!;

/** Servers until every shard has at least `perShard` (a server's shard comes from its id's creation time, as on Discord). */
async function serversOnEveryShard(target: FaultWorld, perShard: number, label: string): Promise<Server[]> {
  const made: Server[] = [];
  const count = (shard: number): number => made.filter((server) => shardOf(server) === shard).length;
  while ([0, 1, 2, 3].some((shard) => count(shard) < perShard)) {
    const guild = target.emulator.createGuild({ name: `${label} ${made.length + 1}` });
    const channelId = target.emulator.createChannel(guild.id, { name: 'books' });
    const adminId = target.emulator.createMember(guild.id, { username: `admin${made.length + 1}`, permissions: PermissionFlagsBits.ManageGuild });
    made.push({ guildId: guild.id, channelId, adminId });
    if (made.length % 8 === 0) await sleep(1);
  }
  return made;
}

/** A weekly rule due at `dueMs` (UTC), and its week. */
function ruleAt(dueMs: number): { rule: WeeklyRule; week: string } {
  const due = new Date(dueMs);
  return { rule: { weekday: ((due.getUTCDay() + 6) % 7) + 1, hour: due.getUTCHours(), minute: due.getUTCMinutes(), timeZone: 'UTC' }, week: localWeekKey(dueMs, 'UTC') };
}

/** Each server's spotlight, due at `dueMs`, in its owner's database (what /spotlight setup there wrote). */
function spotlightsDueAt(servers: readonly Server[], dueMs: number): string {
  const { rule, week } = ruleAt(dueMs);
  for (const machine of machines) {
    const own = servers.filter((server) => ownerOf(server) === machine);
    withDatabase(machine.database, (store) => writeSpotlights(store, own, rule, dueMs - 3_600_000, dueMs));
  }
  return week;
}

/** Every table's rows over both databases. */
const rowsOverBoth = (): Record<string, number> => {
  const total: Record<string, number> = {};
  for (const machine of machines) {
    withDatabase(machine.database, (store) => {
      const tables = store.database.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'leases'").all();
      for (const { name } of tables) total[name] = (total[name] ?? 0) + (store.database.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
    });
  }
  return total;
};

function expectOnceEach(scenario: string, servers: readonly Server[], weeks: readonly string[]): void {
  for (const machine of machines) {
    const own = servers.filter((server) => ownerOf(server) === machine);
    if (own.length === 0) continue;
    withDatabase(machine.database, (store) => expectExactlyOnce(`${scenario}, ${machine.name}`, tallyPosts(world!.emulator, store, duePosts(own, weeks))));
  }
}

const unposted = (servers: readonly Server[]): number => servers.filter((server) => postsIn(world!.emulator, server.channelId).length === 0).length;

describe('two machines: start:sharded with SHARD_LIST 0,1 and 2,3 of SHARD_COUNT=4, a database each', () => {
  it('answers every server from its owner, posts once across both within the global limit, survives a dead machine and a re-sharding move', { timeout: 240_000 }, async () => {
    world = await createFaultWorld({ servers: 0 });
    const { emulator } = world;
    machines.push(
      { name: 'machine A', database: join(world.folder, 'machine-a.db'), shardList: [0, 1], output: '' },
      { name: 'machine B', database: join(world.folder, 'machine-b.db'), shardList: [2, 3], output: '' },
    );
    const [machineA, machineB] = machines as [Machine, Machine];
    // 1. A fan-out across both machines: every server's spotlight fell due a minute ago, posted when each machine is READY.
    const servers = await serversOnEveryShard(world, 70, 'Study Server');
    const week = spotlightsDueAt(servers, Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    const limiter = emulator.core.limiter.stats;
    const globalBefore = limiter.globalLimited;
    start(world, machineA);
    start(world, machineB);
    await emulator.waitForBot(totalShards);
    expect(emulator.shardsConnected()).toEqual([0, 1, 2, 3]);
    await expect.poll(() => unposted(servers), { timeout: 60_000, interval: 250 }).toBe(0);
    expectOnceEach('fan-out over two machines', servers, [week]);
    expect(limiter.globalLimited - globalBefore, 'global 429s during the fan-out').toBe(0);

    // Each server is answered by its owner: only the owner's database knows its spotlight.
    for (const shard of [0, 1, 2, 3]) {
      const server = servers.find((candidate) => shardOf(candidate) === shard)!;
      const status = await world.spotlight(server, 'status');
      expect(statusField(status, 'Last post'), `shard ${shard}`).toMatch(/discord\.com\/channels\//);
    }
    for (const server of servers) {
      const [own, other] = ownerOf(server) === machineA ? [machineA, machineB] : [machineB, machineA];
      expect(withDatabase(own.database, (store) => createServerDataRepository(store.database).counts(server.guildId).schedules)).toBe(1);
      expect(withDatabase(other.database, (store) => createServerDataRepository(store.database).counts(server.guildId).schedules)).toBe(0);
    }

    // 2. Machine B dies; posts fall due at the next minute. A posts its own on time; B's wait for B, and are posted once when it returns.
    const late = await serversOnEveryShard(world, 2, 'Late Server');
    await stop(machineB, 'SIGKILL');
    let dueMs = Math.ceil(Date.now() / 60_000) * 60_000;
    if (dueMs - Date.now() < 10_000) dueMs += 60_000;
    const lateWeek = spotlightsDueAt(late, dueMs);
    const lateOf = (machine: Machine): Server[] => late.filter((server) => ownerOf(server) === machine);
    await sleep(dueMs - Date.now());
    await expect.poll(() => unposted(lateOf(machineA)), { timeout: 30_000, interval: 250 }).toBe(0);
    expect(unposted(lateOf(machineB)), "machine B's servers wait for it").toBe(lateOf(machineB).length);
    start(world, machineB);
    await emulator.waitForBot(totalShards);
    await expect.poll(() => unposted(lateOf(machineB)), { timeout: 30_000, interval: 250 }).toBe(0);
    expectOnceEach('machine B killed and back', late, [lateWeek]);

    // 3. Re-sharding: shard 1 moves from A to B. Both stop; npm run move-servers; both start with their new SHARD_LIST.
    await Promise.all([stop(machineA, 'SIGTERM'), stop(machineB, 'SIGTERM')]);
    // One moved server's schedule is due again as if its post had been sent but the schedule never advanced (the
    // delivery record must move with it), and a new one on shard 1 has a post due that nobody sent yet.
    const posted = servers.find((server) => shardOf(server) === 1)!;
    let fresh: Server | undefined;
    while (!fresh) fresh = (await serversOnEveryShard(world, 1, 'New Server')).find((server) => shardOf(server) === 1);
    const moving = [...servers, ...late, fresh].filter((server) => shardOf(server) === 1);
    const freshDue = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    withDatabase(machineA.database, (store) => {
      store.database.prepare('UPDATE schedules SET next_due_ms = ? WHERE guild_id = ?').run(freshDue, posted.guildId);
      writeSpotlights(store, [fresh], ruleAt(freshDue).rule, freshDue - 3_600_000, freshDue);
    });
    const before = rowsOverBoth();
    const postsBefore = postsIn(emulator, fresh.channelId).length;
    const moved = spawnSync(
      process.execPath,
      ['src/run-built.mjs', 'move-servers-main.js', '--from', machineA.database, '--to', machineB.database, '--shard-count', '4', '--to-shards', '1,2,3'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(moved.stderr).toBe('');
    expect(moved.status).toBe(0);
    expect(moved.stdout).toMatch(new RegExp(`^Moved ${moving.length} servers from .* every one read back`));
    expect(rowsOverBoth(), 'no row lost or doubled by the move').toEqual(before);
    for (const server of moving) {
      expect(withDatabase(machineA.database, (store) => createServerDataRepository(store.database).counts(server.guildId).schedules)).toBe(0);
      expect(withDatabase(machineB.database, (store) => createServerDataRepository(store.database).counts(server.guildId).schedules)).toBe(1);
    }
    machineA.shardList = [0];
    machineB.shardList = [1, 2, 3];
    start(world, machineA);
    start(world, machineB);
    await emulator.waitForBot(totalShards);
    await expect.poll(() => postsIn(emulator, fresh.channelId).length, { timeout: 30_000, interval: 250 }).toBe(postsBefore + 1);
    // A tick on each machine has run (the fresh post is out): the moved server whose week was sent is not posted again.
    await sleep(1_000);
    expectOnceEach('after the move', servers, [week]);
    expectOnceEach('after the move (late servers)', late, [lateWeek]);
    expect(postsIn(emulator, posted.channelId)).toHaveLength(1);
    expect(machineA.output + machineB.output).not.toMatch(/"level":(50|60)/);
  });
});
