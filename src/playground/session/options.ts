import { rmSync } from 'node:fs';
import { DateTime } from 'luxon';

/** Command-line flags of `npm run playground`: --db <path>, --fresh, --log <path>, --now <instant>, --web, --port <n>, --help. */

export const defaultDatabasePath = 'data/playground.db';

export interface PlaygroundOptions {
  databasePath: string;
  /** Delete the database first, for a clean start. */
  fresh: boolean;
  /** Write the bot's logs (JSON lines) to this file; by default they are discarded. */
  logPath: string | null;
  /** Start the clock at this instant (epoch ms) and move it only by `clock +…`; null: real time. */
  startMs: number | null;
  /** Serve the web playground (a Discord-like page) instead of the terminal one. */
  web: boolean;
  /** The web playground's port on 127.0.0.1; null: any free port. */
  port: number | null;
  help: boolean;
}

export type OptionsResult = { ok: true; options: PlaygroundOptions } | { ok: false; error: string };

export const usageText = [
  'Usage: npm run playground [-- --db <path>] [--fresh] [--log <path>] [--now <instant>] [--web [--port <n>]]',
  '',
  `  --db <path>   SQLite database for the bot (default ${defaultDatabasePath}, or $PLAYGROUND_DB)`,
  '  --fresh       delete that database first',
  '  --log <path>  append the bot\'s logs to this file (otherwise they are discarded)',
  '  --now <instant>  start the clock at this UTC instant, e.g. --now 2026-12-08T20:00:00Z; it then stands',
  '                still and moves only by clock +… (for repeatable scripts and tests)',
  '  --web         show #books in your browser as Discord does, instead of the terminal: it prints the',
  '                page\'s address (http://127.0.0.1:<port>/); Ctrl-C stops it',
  '  --port <n>    the web page\'s port (default: any free one)',
  '',
  'Reads commands from the keyboard, or line by line when standard input is not a terminal:',
  '  npm run playground < script.txt',
].join('\n');

export function parsePlaygroundArgs(argv: readonly string[], env: NodeJS.ProcessEnv): OptionsResult {
  const options: PlaygroundOptions = { databasePath: env.PLAYGROUND_DB || defaultDatabasePath, fresh: false, logPath: null, startMs: null, web: false, port: null, help: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const [flag = '', inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | null => {
      if (inline !== undefined) return inline || null;
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) return null;
      index++;
      return next;
    };
    switch (flag) {
      case '--db': {
        const path = value();
        if (!path) return { ok: false, error: '--db needs a path, e.g. --db /tmp/playground.db' };
        options.databasePath = path;
        break;
      }
      case '--log': {
        const path = value();
        if (!path) return { ok: false, error: '--log needs a path, e.g. --log /tmp/playground.log' };
        options.logPath = path;
        break;
      }
      case '--now': {
        const text = value();
        const startMs = text === null ? null : parseInstant(text);
        if (startMs === null) return { ok: false, error: `--now needs a UTC instant with its zone, e.g. --now 2026-12-08T20:00:00Z${text === null ? '' : ` (got "${text}")`}` };
        options.startMs = startMs;
        break;
      }
      case '--fresh':
        options.fresh = true;
        break;
      case '--web':
        options.web = true;
        break;
      case '--port': {
        const text = value();
        const port = text === null || !/^\d{1,5}$/.test(text) ? NaN : Number(text);
        if (!(port >= 1 && port <= 65_535)) return { ok: false, error: `--port needs a port number from 1 to 65535${text === null ? '' : ` (got "${text}")`}` };
        options.port = port;
        break;
      }
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        return { ok: false, error: `Unknown argument "${arg}".\n\n${usageText}` };
    }
  }
  if (options.port !== null && !options.web) return { ok: false, error: '--port is for the web playground: add --web' };
  return { ok: true, options };
}

/** An ISO 8601 instant with a zone designator ("Z" or "+05:30"): a local time without one would depend on the machine. */
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(text: string): number | null {
  if (!instantPattern.test(text)) return null;
  // Luxon, unlike Date.parse, refuses a day that does not exist (2026-02-30) rather than rolling it over.
  const instant = DateTime.fromISO(text, { setZone: true });
  return instant.isValid ? instant.toMillis() : null;
}

/** Deletes the SQLite file and its journal files (nothing for an in-memory database). */
export function deleteDatabase(path: string): void {
  if (path === ':memory:') return;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
