import type { Catalog } from '../catalog/core/catalog.js';
import type { Clock } from '../../platform/clock.js';
import { UserError } from '../../platform/discord/user-error.js';
import type { Store } from '../../platform/store/store.js';
import { csvText } from './core/csv.js';
import { exportFiles } from './core/export-tables.js';
import { createServerDataRepository, type ServerDataCounts, type ServerDataRepository } from './repository.js';

/**
 * Discord's smallest upload limit for a bot's message (the interaction payload's attachment_size_limit is at
 * least this): the whole export must fit, or it is refused with a clear reason rather than failing at Discord.
 */
export const exportSizeLimitBytes = 8 * 1024 * 1024;

export interface ExportedFile {
  name: string;
  contentType: string;
  data: Buffer;
  /** Data rows (the header not counted). */
  rows: number;
}

export interface ServerExport {
  files: ExportedFile[];
  atMs: number;
}

export interface ServerDataService {
  /** This server's data as CSV files, one per table (UTF-8 with a byte order mark). */
  exportServer(guildId: string): ServerExport;
  /** What forgetting the server would delete. */
  counts(guildId: string): ServerDataCounts;
  /** Deletes every row of the server in one transaction; returns what was deleted. */
  forgetServer(guildId: string): ServerDataCounts;
}

export interface ServerDataServiceDependencies {
  store: Store;
  catalog: Catalog;
  clock: Clock;
  repository?: ServerDataRepository;
  /** Tests lower it to reach the limit with a few rows. */
  sizeLimitBytes?: number;
}

export const csvContentType = 'text/csv; charset=utf-8';

export function createServerDataService({ store, catalog, clock, repository = createServerDataRepository(store.database), sizeLimitBytes = exportSizeLimitBytes }: ServerDataServiceDependencies): ServerDataService {
  const bookTitle = (bookId: string): string | null => catalog.bookById(bookId)?.title ?? null;
  return {
    exportServer(guildId) {
      // One read transaction: the files agree with each other even while members keep checking in.
      const data = store.database.transaction(() => repository.read(guildId))();
      const files = exportFiles(data, bookTitle).map(
        (file): ExportedFile => ({ name: file.name, contentType: csvContentType, data: Buffer.from(csvText(file.table), 'utf8'), rows: file.table.rows.length }),
      );
      const bytes = files.reduce((sum, file) => sum + file.data.length, 0);
      if (bytes > sizeLimitBytes) {
        throw new UserError(
          `This server's data is ${megabytes(bytes)} as CSV, more than the ${megabytes(sizeLimitBytes)} Discord lets a bot attach to one message. ` +
            "Ask the bot's operator for a copy of the database.",
        );
      }
      return { files, atMs: clock.now() };
    },
    counts: (guildId) => repository.counts(guildId),
    forgetServer: (guildId) => store.transaction(() => repository.deleteAll(guildId)),
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
