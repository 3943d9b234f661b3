import { openDatabase, type SqliteDatabase } from './database.js';
import { createDeliveryRepository, type DeliveryRepository } from './delivery-repository.js';
import { createGuildRepository, type GuildRepository } from './guild-repository.js';
import { createLeaseRepository, type LeaseRepository } from './lease-repository.js';
import { migrate, type Migrations } from './migrate.js';
import { createScheduleRepository, type ScheduleRepository } from './schedule-repository.js';
import { createTimedTaskRepository, type TimedTaskRepository } from './timed-task-repository.js';

/**
 * The platform's storage: servers, schedules, deliveries and the scheduler lease, and a unit of work.
 * Features build their own repositories on `database` (in the composition root) and share the transaction.
 */
export interface Store {
  guilds: GuildRepository;
  schedules: ScheduleRepository;
  deliveries: DeliveryRepository;
  leases: LeaseRepository;
  /** One-off work due at an instant (the scheduler runs it). */
  timedTasks: TimedTaskRepository;
  /** The open database, for features' own repositories. */
  database: SqliteDatabase;
  /** Runs `work` in one transaction: all of its writes happen, or none. */
  transaction<T>(work: () => T): T;
  /** Rows changed through this connection since it opened: tells whether an attempt wrote anything. */
  writesSoFar(): number;
  close(): void;
}

export interface StoreOptions {
  /**
   * Whether this machine owns a server (a bot on several machines: see machine-shards.ts). The scheduler's
   * queries for due work ask it through the SQL function `owned_guild(guild_id)`, so a machine never posts
   * for a server it gave away. Default: every server.
   */
  ownsGuild?: (guildId: string) => boolean;
}

/** Brings the database to the latest of `migrations` (the app's list, src/migrations.ts) and opens the repositories. */
export function createStore(db: SqliteDatabase, migrations: Migrations, options: StoreOptions = {}): Store {
  migrate(db, migrations);
  const owns = options.ownsGuild;
  db.function('owned_guild', { deterministic: true }, (guildId: unknown) => (owns === undefined || owns(String(guildId)) ? 1 : 0));
  // Serving, never wait on another process's lock: better-sqlite3 would wait on Node's one thread and freeze
  // every interaction behind it. A locked write fails at once (SQLITE_BUSY) and its caller retries without
  // blocking (busy-retry.ts); reads never need the lock in WAL mode.
  db.pragma('busy_timeout = 0');
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  return {
    guilds: createGuildRepository(db),
    schedules: createScheduleRepository(db),
    deliveries: createDeliveryRepository(db),
    leases: createLeaseRepository(db),
    timedTasks: createTimedTaskRepository(db),
    database: db,
    transaction: (work) => db.transaction(work).immediate(),
    writesSoFar: () => totalChanges.get() as number,
    close: () => db.close(),
  };
}

export function openStore(path: string, migrations: Migrations, options: StoreOptions = {}): Store {
  // The schema version is checked before anything on disk changes (a newer build's file stays untouched).
  return createStore(openDatabase(path, { knownSchemaVersion: migrations.length }), migrations, options);
}
