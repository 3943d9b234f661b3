import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/migrations.js';
import { otherRequestsPerSecondOn, ownsGuild, parseMachineShards, schedulerRequestsPerSecondOn, shardOfGuild } from '../../src/platform/discord/machine-shards.js';
import { discordGlobalRequestsPerSecond, schedulerRequestsPerSecond } from '../../src/platform/discord/rest-budget.js';
import { openStore } from '../../src/platform/store/store.js';

const serverOnShard = (shard: number, n: number): string => String(((1n << 40n) + BigInt(n * 4 + shard)) << 22n);
const noon = Date.UTC(2026, 11, 2, 12, 0);

describe('a machine\'s shards (SHARD_LIST out of SHARD_COUNT)', () => {
  it('reads lists and ranges, and explains what is wrong', () => {
    expect(parseMachineShards(undefined, '4')).toEqual({ ok: true, machine: null });
    expect(parseMachineShards('2,3', '4')).toEqual({ ok: true, machine: { totalShards: 4, shardList: [2, 3] } });
    expect(parseMachineShards(' 3 , 0-1 ', '4')).toEqual({ ok: true, machine: { totalShards: 4, shardList: [0, 1, 3] } });
    expect(parseMachineShards('0,1', 'auto')).toMatchObject({ ok: false, message: expect.stringMatching(/needs SHARD_COUNT/) });
    expect(parseMachineShards('0,4', '4')).toMatchObject({ ok: false, message: expect.stringMatching(/shard 4, but SHARD_COUNT is 4/) });
    expect(parseMachineShards('one', '4')).toMatchObject({ ok: false, message: expect.stringMatching(/"one"/) });
    expect(parseMachineShards('3-1', '4')).toMatchObject({ ok: false });
  });

  it("owns the servers of its shards by Discord's formula, and paces at its share of the bot's budget", () => {
    // A known id: 175928847299117063 >> 22 = 41944705796, which is 0 modulo 4.
    expect(shardOfGuild('175928847299117063', 4)).toBe(41944705796 % 4);
    const machine = { totalShards: 4, shardList: [2, 3] };
    expect([0, 1, 2, 3].map((shard) => ownsGuild(machine, serverOnShard(shard, 7)))).toEqual([false, false, true, true]);
    expect(ownsGuild(null, serverOnShard(1, 7))).toBe(true);
    expect(schedulerRequestsPerSecondOn(null)).toBe(schedulerRequestsPerSecond);
    expect(schedulerRequestsPerSecondOn(machine)).toBe(23);
    // Two such machines together stay within Discord's global limit.
    expect(2 * (schedulerRequestsPerSecondOn(machine) + otherRequestsPerSecondOn(machine))).toBeLessThanOrEqual(discordGlobalRequestsPerSecond);
    expect(schedulerRequestsPerSecondOn({ totalShards: 64, shardList: [5] })).toBe(1);
  });

  it("keeps the scheduler to the machine's own servers: due posts and tasks of another machine's servers are not its work", () => {
    const machine = { totalShards: 4, shardList: [2, 3] };
    const store = openStore(':memory:', migrations, { ownsGuild: (guildId) => ownsGuild(machine, guildId) });
    try {
      const rule = { weekday: 1, hour: 9, minute: 0, timeZone: 'UTC' };
      const servers = [0, 1, 2, 3].map((shard) => serverOnShard(shard, 9));
      for (const guildId of servers) {
        store.guilds.touch(guildId, noon);
        store.schedules.save({ guildId, kind: 'spotlight', channelId: '300', rule, nextDueMs: noon - 1 }, noon);
        store.timedTasks.schedule(guildId, { kind: 'book-poll-result', subjectId: guildId }, noon - 1, noon);
      }
      expect(store.schedules.due(noon, 10).map((schedule) => schedule.guildId)).toEqual(servers.slice(2));
      expect(store.timedTasks.due(noon, 10).map((task) => task.guildId).sort()).toEqual(servers.slice(2).sort());
      expect(store.schedules.earliestDue()).toBe(noon - 1);
    } finally {
      store.close();
    }
  });
});
