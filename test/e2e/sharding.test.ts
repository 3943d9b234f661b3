import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/emulator/gateway.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { createFaultWorld, duePosts, expectExactlyOnce, postsIn, tallyPosts, withStore, type FaultWorld, type Server } from '../faults/harness.js';
import { spotlightsDueNow } from '../faults/bot-process.js';
import { textOf } from '../fixtures/layout.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const leaseTtlMs = 3_000;

let world: FaultWorld | undefined;
let manager: ChildProcess | undefined;

afterEach(async () => {
  if (manager?.pid && manager.exitCode === null && manager.signalCode === null) {
    const exited = once(manager, 'close');
    try {
      process.kill(-manager.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
  }
  manager = undefined;
  await world?.close();
  world = undefined;
});

/** The shard manager from its sources (tsx src/sharded-main.ts; `npm run start:sharded` runs it compiled), in its own process group. */
function startSharded(target: FaultWorld): { child: ChildProcess; output: () => string } {
  const env = {
    ...process.env,
    DISCORD_TOKEN: target.config.DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: target.config.DISCORD_APPLICATION_ID,
    DISCORD_API_BASE: target.config.DISCORD_API_BASE,
    DATABASE_PATH: target.config.DATABASE_PATH,
    DISCORD_DEV_GUILD_ID: '',
    LOG_LEVEL: 'info',
    SHARD_COUNT: '',
    GRIMOIRE_LEASE_TTL_MS: String(leaseTtlMs),
  };
  const child = spawn(`${repoRoot}node_modules/.bin/tsx`, ['src/sharded-main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  return { child, output: () => output };
}

const leaseHolder = (target: FaultWorld): string | null =>
  withStore(target, (store) => store.database.prepare<[], { holder: string }>("SELECT holder FROM leases WHERE name = 'scheduler'").get()?.holder ?? null);

function addServers(target: FaultWorld, count: number): Server[] {
  const added: Server[] = [];
  for (let index = 0; index < count; index++) {
    const guild = target.emulator.createGuild({ name: `Late Server ${index + 1}` });
    const channelId = target.emulator.createChannel(guild.id, { name: 'books' });
    const adminId = target.emulator.createMember(guild.id, { username: `late${index + 1}`, permissions: PermissionFlagsBits.ManageGuild });
    added.push({ guildId: guild.id, channelId, adminId });
  }
  return added;
}

describe('npm run start:sharded: two shards against the emulator', () => {
  it('answers commands on both shards, sends each scheduled post once, and another process takes the scheduler over when its holder dies', { timeout: 90_000 }, async () => {
    world = await createFaultWorld({ servers: 8 });
    const { emulator } = world;
    const onShard = (shard: number): Server => world!.servers.find((server) => shardOf(server.guildId, 2) === shard)!;
    // A guild's shard comes from its id's timestamp, as on Discord: servers made within one millisecond share one. On a
    // fast machine all eight can; one more server a few milliseconds later lands on the other shard sooner or later.
    while (!onShard(0) || !onShard(1)) {
      await sleep(3);
      world.servers.push(...addServers(world, 1));
    }
    expect(onShard(0)).toBeDefined();
    expect(onShard(1)).toBeDefined();
    emulator.recommendShards(2);
    const week = spotlightsDueNow(world);

    const run = startSharded(world);
    manager = run.child;
    await Promise.race([emulator.waitForBot(2), once(run.child, 'close').then(() => Promise.reject(new Error(run.output())))]);
    expect(emulator.shardsConnected()).toEqual([0, 1]);

    // Each shard answers the servers Discord routes to it.
    for (const shard of [0, 1]) {
      const server = onShard(shard);
      const answer = await emulator.runCommand({ guildId: server.guildId, channelId: server.channelId, userId: server.adminId, name: 'book', options: { query: 'fluent python' } });
      expect(textOf(answer.message!), `shard ${shard}`).toContain('## Fluent Python');
    }

    // Both shards tick on READY; only the lease holder posts, once per server.
    await expect.poll(() => world!.servers.filter((server) => postsIn(emulator, server.channelId).length === 0).length, { timeout: 30_000, interval: 200 }).toBe(0);
    const holder = leaseHolder(world);
    expect(holder).toMatch(/:\d+$/);

    // The holder's process dies; new posts fall due; another process takes over within the lease time.
    const holderPid = Number(holder!.split(':').at(-1));
    process.kill(holderPid, 'SIGKILL');
    const late = addServers(world, 4);
    const lateWeek = spotlightsDueNow({ ...world, servers: late });
    await expect.poll(() => late.filter((server) => postsIn(emulator, server.channelId).length === 0).length, { timeout: 30_000, interval: 200 }).toBe(0);
    const newHolder = leaseHolder(world);
    expect(newHolder).not.toBe(holder);

    withStore(world, (store) => {
      expectExactlyOnce('two shards, the scheduling one killed', tallyPosts(emulator, store, [...duePosts(world!.servers, [week]), ...duePosts(late, [lateWeek])]));
    });
    expect(run.output()).toMatch(/"msg":"every shard is ready"/);
  });
});
