import { openDatabase, type SqliteDatabase } from './database.js';
import { createDeliveryRepository, type DeliveryRepository } from './delivery-repository.js';
import { createGuildRepository, type GuildRepository } from './guild-repository.js';
import { createLeaseRepository, type LeaseRepository } from './lease-repository.js';
import { migrate } from './migrations.js';
import { createScheduleRepository, type ScheduleRepository } from './schedule-repository.js';
import { createSpotlightRepository, type SpotlightRepository } from '../../features/spotlight/repository.js';

/** The storage port handlers and jobs see: one repository per aggregate, and a unit of work. */
export interface Store {
  guilds: GuildRepository;
  schedules: ScheduleRepository;
  deliveries: DeliveryRepository;
  spotlight: SpotlightRepository;
  leases: LeaseRepository;
  /** Runs `work` in one transaction: all of its writes happen, or none. */
  transaction<T>(work: () => T): T;
  close(): void;
}

export function createStore(db: SqliteDatabase): Store {
  migrate(db);
  return {
    guilds: createGuildRepository(db),
    schedules: createScheduleRepository(db),
    deliveries: createDeliveryRepository(db),
    spotlight: createSpotlightRepository(db),
    leases: createLeaseRepository(db),
    transaction: (work) => db.transaction(work).immediate(),
    close: () => db.close(),
  };
}

export function openStore(path: string): Store {
  return createStore(openDatabase(path));
}
