import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { shardOfGuild } from '../../../platform/discord/machine-shards.js';
import type { SqliteDatabase } from '../../../platform/store/database.js';
import type { Migrations } from '../../../platform/store/migrate.js';
import { openStore } from '../../../platform/store/store.js';
import { changedIds, planIds } from '../core/id-plan.js';
import { movedTables, type IdSpace, type MovedTable, type Row } from './moved-tables.js';

export interface MoveRequest {
  fromPath: string;
  toPath: string;
  /** The bot's shard count after the change (SHARD_COUNT on every machine). */
  totalShards: number;
  /** The target machine's shards after the change (its new SHARD_LIST): their servers move to it. */
  toShards: readonly number[];
  /** Now on the wall clock: a scheduler lease that runs past it means a bot is running on that database. */
  nowMs: number;
  /** Only count what would move. */
  dryRun?: boolean;
}

export interface MoveSummary {
  /** Servers whose rows moved. */
  moved: string[];
  /** Servers an earlier, interrupted move had already copied: only deleted from the source now. */
  alreadyThere: string[];
  /** Rows moved per table (tables with none left out). */
  rows: Record<string, number>;
  /** Ids that were taken in the target and got another number, per kind. */
  renumbered: Record<IdSpace, number>;
  dryRun: boolean;
}

/** A move that must not happen, with what to do about it. Nothing was written on either side. */
export class MoveRefused extends Error {}

const guildsParam = (guilds: readonly string[]): { guilds: string } => ({ guilds: JSON.stringify(guilds) });

function realPath(path: string): string {
  return existsSync(path) ? realpathSync(path) : resolve(path);
}

/** A bot running on this database holds (or keeps renewing) the scheduler lease. */
function refuseIfRunning(db: SqliteDatabase, path: string, nowMs: number): void {
  const lease = db.prepare<[], { holder: string; expires_ms: number }>("SELECT holder, expires_ms FROM leases WHERE name = 'scheduler'").get();
  if (lease && lease.expires_ms > nowMs) {
    throw new MoveRefused(
      `a bot is running on ${path}: ${lease.holder} holds its scheduler lease until ${new Date(lease.expires_ms).toISOString()}. Stop every bot on both databases first (a bot that crashed lets go of the lease when it runs out, GRIMOIRE_LEASE_TTL_MS).`,
    );
  }
}

/** Every server that has a row in `db`. */
function serversIn(db: SqliteDatabase): string[] {
  const direct = movedTables.filter((table) => table.where.startsWith('guild_id'));
  const union = direct.map((table) => `SELECT guild_id FROM ${table.name}`).join(' UNION ');
  return db.prepare<[], { guild_id: string }>(union).all().map((row) => row.guild_id);
}

function countRows(db: SqliteDatabase, table: MovedTable, guilds: readonly string[]): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table.name} WHERE ${table.where}`).get(guildsParam(guilds)) as { n: number }).n;
}

const rowCounts = (db: SqliteDatabase, guilds: readonly string[]): number[] => movedTables.map((table) => countRows(db, table, guilds));

function readRows(db: SqliteDatabase, table: MovedTable, guilds: readonly string[]): Row[] {
  return db.prepare(`SELECT * FROM ${table.name} WHERE ${table.where}`).all(guildsParam(guilds)) as Row[];
}

/** A row as comparable text: its columns in name order. */
const canonical = (row: Row): string => JSON.stringify(Object.keys(row).sort().map((key) => [key, row[key]]));
const sameRows = (a: readonly Row[], b: readonly Row[]): boolean => {
  const left = a.map(canonical).sort();
  const right = b.map(canonical).sort();
  return left.length === right.length && left.every((text, index) => text === right[index]);
};

/** The id plan of each kind of id: the moved rows' ids against the target's. */
function planAllIds(target: SqliteDatabase, rows: ReadonlyMap<MovedTable, Row[]>): Map<IdSpace, Map<number, number>> {
  const plans = new Map<IdSpace, Map<number, number>>();
  for (const [table, tableRows] of rows) {
    if (!table.ownId) continue;
    const { column, space } = table.ownId;
    const moved = tableRows.map((row) => Number(row[column]));
    const taken = new Set(
      target
        .prepare(`SELECT ${column} AS id FROM ${table.name} WHERE ${column} IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(moved))
        .map((row) => (row as { id: number }).id),
    );
    const max = (target.prepare(`SELECT MAX(${column}) AS id FROM ${table.name}`).get() as { id: number | null }).id ?? 0;
    plans.set(space, planIds(moved, taken, max));
  }
  return plans;
}

/** A moved row with its ids as they will be in the target. */
function renumber(table: MovedTable, row: Row, plans: ReadonlyMap<IdSpace, ReadonlyMap<number, number>>): Row {
  const result = { ...row };
  const mapped = (space: IdSpace, value: unknown): number | undefined => plans.get(space)?.get(Number(value));
  if (table.ownId) result[table.ownId.column] = mapped(table.ownId.space, row[table.ownId.column]) ?? row[table.ownId.column];
  for (const reference of table.references ?? []) {
    const value = row[reference.column];
    if (value === null || value === undefined || (reference.applies && !reference.applies(row))) continue;
    const to = mapped(reference.space, value);
    if (to !== undefined) result[reference.column] = typeof value === 'string' ? String(to) : to;
  }
  return result;
}

function insertRows(db: SqliteDatabase, table: MovedTable, rows: readonly Row[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  // A group's old id may already point at a group of the same server from an earlier move: the latest move wins.
  const verb = table.name === 'study_group_moved_ids' ? 'INSERT OR REPLACE' : 'INSERT';
  const insert = db.prepare(`${verb} INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`);
  for (const row of rows) insert.run(row);
}

/**
 * `npm run move-servers`: the servers that the target machine owns after a re-sharding move from one database to
 * the other. The source is locked for writing throughout. The target gets every row in one transaction, read back
 * and compared row by row before it commits; then the source deletes them in its own transaction. A move cut
 * short between the two commits is finished by running it again (the servers already there are recognised by
 * their row counts and only deleted from the source).
 */
export function moveServers(request: MoveRequest, migrations: Migrations): MoveSummary {
  if (realPath(request.fromPath) === realPath(request.toPath)) throw new MoveRefused('--from and --to are the same database: name the two machines\' files.');
  if (!existsSync(request.fromPath)) throw new MoveRefused(`${request.fromPath} does not exist: --from names the database the servers are on now.`);
  const source = openStore(request.fromPath, migrations);
  const target = openStore(request.toPath, migrations);
  try {
    const [from, to] = [source.database, target.database];
    refuseIfRunning(from, request.fromPath, request.nowMs);
    refuseIfRunning(to, request.toPath, request.nowMs);
    from.pragma('busy_timeout = 5000');
    to.pragma('busy_timeout = 5000');
    from.exec('BEGIN IMMEDIATE');
    try {
      const summary = moveLocked(from, to, request);
      from.exec(request.dryRun ? 'ROLLBACK' : 'COMMIT');
      return summary;
    } catch (error) {
      if (from.inTransaction) from.exec('ROLLBACK');
      throw error;
    }
  } finally {
    source.close();
    target.close();
  }
}

function moveLocked(from: SqliteDatabase, to: SqliteDatabase, request: MoveRequest): MoveSummary {
  const servers = serversIn(from).filter((guildId) => request.toShards.includes(shardOfGuild(guildId, request.totalShards)));
  const inFlight = from
    .prepare<{ guilds: string }, { guild_id: string; claimed_at_ms: number }>(
      "SELECT guild_id, claimed_at_ms FROM deliveries WHERE status = 'claimed' AND guild_id IN (SELECT value FROM json_each(@guilds)) LIMIT 1",
    )
    .get(guildsParam(servers));
  if (inFlight) {
    throw new MoveRefused(
      `server ${inFlight.guild_id} has a post in flight (claimed at ${new Date(inFlight.claimed_at_ms).toISOString()}, left by a bot that stopped mid-send): start the bot on ${request.fromPath} with its old SHARD_LIST until it has settled that post, stop it, and move again.`,
    );
  }
  const moved: string[] = [];
  const alreadyThere: string[] = [];
  for (const guildId of servers) {
    const there = rowCounts(to, [guildId]);
    if (there.every((n) => n === 0)) moved.push(guildId);
    else if (there.join() === rowCounts(from, [guildId]).join()) alreadyThere.push(guildId);
    else {
      throw new MoveRefused(
        `server ${guildId} already has rows in ${request.toPath} that differ from ${request.fromPath} (${there.reduce((a, b) => a + b, 0)} rows): it was served there since. Keep the database that is right, forget the server in the other (/grimoire forget-server), and move again.`,
      );
    }
  }

  const rows = new Map(movedTables.map((table) => [table, readRows(from, table, moved)] as const));
  const plans = planAllIds(to, rows);
  const renumbered = Object.fromEntries((['group', 'poll', 'checkin', 'schedule'] as const).map((space) => [space, changedIds(plans.get(space) ?? new Map()).length])) as Record<IdSpace, number>;
  const intended = new Map([...rows].map(([table, tableRows]) => [table, tableRows.map((row) => renumber(table, row, plans))] as const));
  // Buttons already posted name a renumbered group by its old id.
  const guildOfGroup = new Map(rows.get(movedTables.find((table) => table.name === 'study_groups')!)!.map((row) => [Number(row.group_id), String(row.guild_id)]));
  const aliases = movedTables.find((table) => table.name === 'study_group_moved_ids')!;
  intended.get(aliases)!.push(...changedIds(plans.get('group') ?? new Map()).map(([oldId, newId]) => ({ guild_id: guildOfGroup.get(oldId)!, old_group_id: oldId, group_id: newId })));

  const summaryRows = Object.fromEntries([...intended].filter(([, tableRows]) => tableRows.length > 0).map(([table, tableRows]) => [table.name, tableRows.length]));
  const summary: MoveSummary = { moved, alreadyThere, rows: summaryRows, renumbered, dryRun: request.dryRun === true };
  if (request.dryRun) return summary;

  to.transaction(() => {
    for (const table of movedTables) insertRows(to, table, intended.get(table)!);
    for (const table of movedTables) {
      if (!sameRows(readRows(to, table, moved), intended.get(table)!)) throw new Error(`move-servers: the rows of ${table.name} read back from ${request.toPath} differ from those sent; nothing was committed.`);
    }
    const broken = to.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`move-servers: ${broken.length} rows in ${request.toPath} would name a row that is not there; nothing was committed.`);
  }).immediate();

  const gone = [...moved, ...alreadyThere];
  const expected = rowCounts(from, gone);
  const deleted = new Map<string, number>();
  for (const table of [...movedTables].reverse()) deleted.set(table.name, from.prepare(`DELETE FROM ${table.name} WHERE ${table.where}`).run(guildsParam(gone)).changes);
  const short = movedTables.find((table, index) => deleted.get(table.name) !== expected[index]);
  if (short) throw new Error(`move-servers: deleting ${short.name} from ${request.fromPath} removed ${deleted.get(short.name)} rows, not ${expected[movedTables.indexOf(short)]}; the source was left as it was (run the move again).`);
  return summary;
}
