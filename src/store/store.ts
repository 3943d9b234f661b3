import { openDatabase, type SqliteDatabase } from './database.js';
import { createGuildRepository, type GuildRepository } from './guild-repository.js';
import { migrate } from './migrations.js';

/** The storage port handlers see: one repository per aggregate. */
export interface Store {
  guilds: GuildRepository;
  close(): void;
}

export function createStore(db: SqliteDatabase): Store {
  migrate(db);
  return {
    guilds: createGuildRepository(db),
    close: () => db.close(),
  };
}

export function openStore(path: string): Store {
  return createStore(openDatabase(path));
}
