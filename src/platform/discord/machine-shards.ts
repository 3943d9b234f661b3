import { discordGlobalRequestsPerSecond, schedulerRequestsPerSecond } from './rest-budget.js';

/**
 * Which of the bot's shards this machine runs, when the bot runs on several machines: every machine runs
 * discord.js' ShardingManager with its own `shardList` out of one fixed `totalShards`, and owns the servers
 * of its shards. Its database holds their state, and its scheduler covers only them.
 */
export interface MachineShards {
  readonly totalShards: number;
  /** This machine's shards, ascending. */
  readonly shardList: readonly number[];
}

/** Discord's shard of a server: `(guild_id >> 22) % num_shards` (https://docs.discord.com/developers/events/gateway#sharding). */
export function shardOfGuild(guildId: string, totalShards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(totalShards));
}

/** Whether this machine owns the server (every server, on a bot that runs on one machine). */
export function ownsGuild(machine: MachineShards | null, guildId: string): boolean {
  return machine === null || machine.shardList.includes(shardOfGuild(guildId, machine.totalShards));
}

/** This machine's part of the bot's shards, which is its part of the bot's REST budget too. */
export function shareOfBot(machine: MachineShards | null): number {
  return machine === null ? 1 : machine.shardList.length / machine.totalShards;
}

/**
 * The scheduler's requests per second on this machine. Discord's global limit is the bot's, not a machine's
 * (50 requests/s across every machine), so each machine paces at its share of the scheduler's budget: two
 * machines of two shards each out of 4 post at 23/s each, 46/s together, as one machine did.
 */
export function schedulerRequestsPerSecondOn(machine: MachineShards | null): number {
  return Math.max(1, Math.floor(schedulerRequestsPerSecond * shareOfBot(machine)));
}

/** What is left of the global limit on this machine for its other calls (not interaction responses, which are free). */
export function otherRequestsPerSecondOn(machine: MachineShards | null): number {
  return Math.floor(discordGlobalRequestsPerSecond * shareOfBot(machine)) - schedulerRequestsPerSecondOn(machine);
}

export type MachineShardsResult = { ok: true; machine: MachineShards | null } | { ok: false; message: string };

const wholeNumber = (text: string): number => (/^\d+$/.test(text) ? Number(text) : Number.NaN);

/**
 * SHARD_LIST (this machine's shards, such as "0,1" or "2-3") with SHARD_COUNT (the bot's total, the same
 * number on every machine). Unset SHARD_LIST: this machine runs every shard and owns every server.
 */
export function parseMachineShards(shardListText: string | undefined, shardCountText: string | undefined): MachineShardsResult {
  const listText = shardListText?.trim();
  if (!listText) return { ok: true, machine: null };
  const totalShards = wholeNumber(shardCountText?.trim() ?? '');
  if (!Number.isSafeInteger(totalShards) || totalShards < 1) {
    return { ok: false, message: 'SHARD_LIST needs SHARD_COUNT, the bot\'s total number of shards (a whole number, the same on every machine; not "auto").' };
  }
  const shards = new Set<number>();
  for (const part of listText.split(',').map((item) => item.trim())) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    const [from, to] = range ? [wholeNumber(range[1]!), wholeNumber(range[2]!)] : [wholeNumber(part), wholeNumber(part)];
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) {
      return { ok: false, message: `SHARD_LIST has "${part.slice(0, 20)}", which is not a shard number or a range such as 0-1: write this machine's shards as "0,1" or "2-3".` };
    }
    if (to >= totalShards) return { ok: false, message: `SHARD_LIST names shard ${to}, but SHARD_COUNT is ${totalShards}: shards are numbered 0 to ${totalShards - 1}.` };
    for (let shard = from; shard <= to; shard++) shards.add(shard);
  }
  return { ok: true, machine: { totalShards, shardList: [...shards].sort((a, b) => a - b) } };
}
