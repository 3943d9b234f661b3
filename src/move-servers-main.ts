import { parseArgs } from 'node:util';
import { migrations } from './migrations.js';
import { moveServers, MoveRefused, type MoveSummary } from './features/server-data/move/move-servers.js';
import { parseMachineShards } from './platform/discord/machine-shards.js';
import { databaseStartupError } from './platform/store/database-check.js';

const usage = `Usage: npm run move-servers -- --from <database> --to <database> --shard-count <N> --to-shards <list> [--dry-run]
  Moves to --to every server of --from whose shard, out of --shard-count, is in --to-shards (the target
  machine's new SHARD_LIST, such as 2,3). Stop the bots on both databases first.`;

const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

function report(summary: MoveSummary, from: string, to: string): string {
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  const tables = Object.entries(summary.rows).map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`);
  const renumbered = Object.entries(summary.renumbered).filter(([, n]) => n > 0).map(([space, n]) => `${plural(n, space)}`);
  return [
    `${summary.dryRun ? 'Would move' : 'Moved'} ${plural(summary.moved.length, 'server')} from ${from} to ${to}: ${plural(total, 'row')}${summary.dryRun ? '' : ', every one read back from the target before it committed'}.`,
    ...(tables.length > 0 ? [`  rows: ${tables.join(', ')}`] : []),
    ...(renumbered.length > 0 ? [`  ids taken in the target, renumbered: ${renumbered.join(', ')} (posted buttons keep working)`] : []),
    ...(summary.alreadyThere.length > 0 ? [`  ${plural(summary.alreadyThere.length, 'server')} an interrupted move had already copied: ${summary.dryRun ? 'would be' : ''} deleted from ${from} only`] : []),
  ].join('\n');
}

/** `npm run move-servers`: re-sharding's data step (docs/OPERATIONS.md, "Several machines"); exit code 1 with the reason when refused. */
function main(): void {
  let values: { from?: string; to?: string; 'shard-count'?: string; 'to-shards'?: string; 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { from: { type: 'string' }, to: { type: 'string' }, 'shard-count': { type: 'string' }, 'to-shards': { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`Grimoire move-servers: ${(error as Error).message}\n${usage}`);
    process.exitCode = 1;
    return;
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const { from, to } = values;
  const shards = parseMachineShards(values['to-shards'], values['shard-count']);
  if (!from || !to || !values['to-shards'] || !shards.ok || !shards.machine) {
    const why = !from || !to ? 'name both databases' : !shards.ok ? shards.message.replaceAll('SHARD_LIST', '--to-shards').replaceAll('SHARD_COUNT', '--shard-count') : 'name the target machine\'s shards';
    console.error(`Grimoire move-servers: ${why}.\n${usage}`);
    process.exitCode = 1;
    return;
  }
  try {
    const summary = moveServers({ fromPath: from, toPath: to, totalShards: shards.machine.totalShards, toShards: shards.machine.shardList, nowMs: Date.now(), dryRun: values['dry-run'] === true }, migrations);
    console.log(report(summary, from, to));
  } catch (error) {
    const known = error instanceof MoveRefused ? error : databaseStartupError(error, from);
    if (!known) throw error;
    console.error(`Grimoire move-servers refused: ${known.message}`);
    process.exitCode = 1;
  }
}

main();
