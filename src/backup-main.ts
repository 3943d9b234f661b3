import dotenv from 'dotenv';
import { configSchema } from './config.js';
import { migrations } from './migrations.js';
import { BackupError, backupDatabase, defaultBackupPath, type BackupSummary } from './platform/store/backup.js';
import { databaseStartupError } from './platform/store/database-check.js';

const usage = 'Usage: npm run backup [file]  (default backups/grimoire-<UTC time>.db; the bot may keep running meanwhile)';

/** Only DATABASE_PATH, read exactly as `npm start` reads it: a backup needs no Discord token. */
const databaseSetting = configSchema.pick({ DATABASE_PATH: true });

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const count = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

function summaryLine(summary: BackupSummary): string {
  const { source, target, bytes, tables, rows, schemaVersion } = summary;
  return `Backed up ${source} to ${target}: ${size(bytes)}, ${count(tables, 'table')}, ${count(rows, 'row')} (integrity ok, schema version ${schemaVersion}).`;
}

/** `npm run backup [file]`: an online copy of DATABASE_PATH, checked, in one line; exit code 1 with the reason otherwise. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    console.log(usage);
    return;
  }
  if (args.length > 1 || args[0]?.startsWith('-') || args[0] === '') {
    console.error(`Grimoire backup failed: expected at most one file name, got ${JSON.stringify(args)}. ${usage}`);
    process.exitCode = 1;
    return;
  }
  dotenv.config({ quiet: true });
  const { DATABASE_PATH: source } = databaseSetting.parse(process.env);
  const target = args[0] ?? defaultBackupPath(Date.now());
  try {
    console.log(summaryLine(await backupDatabase(source, target, { knownSchemaVersion: migrations.length })));
  } catch (error) {
    const known = error instanceof BackupError ? error : databaseStartupError(error, source);
    // Anything else is a bug: let it surface with its stack (and exit code 1).
    if (!known) throw error;
    console.error(`Grimoire backup failed: ${known.message}`);
    process.exitCode = 1;
  }
}

await main();
