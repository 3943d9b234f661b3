import { rmSync } from 'node:fs';

/** Command-line flags of `npm run playground`: --db <path>, --fresh, --log <path>, --help. */

export const defaultDatabasePath = 'data/playground.db';

export interface PlaygroundOptions {
  databasePath: string;
  /** Delete the database first, for a clean start. */
  fresh: boolean;
  /** Write the bot's logs (JSON lines) to this file; by default they are discarded. */
  logPath: string | null;
  help: boolean;
}

export type OptionsResult = { ok: true; options: PlaygroundOptions } | { ok: false; error: string };

export const usageText = [
  'Usage: npm run playground [-- --db <path>] [--fresh] [--log <path>]',
  '',
  `  --db <path>   SQLite database for the bot (default ${defaultDatabasePath}, or $PLAYGROUND_DB)`,
  '  --fresh       delete that database first',
  '  --log <path>  append the bot\'s logs to this file (otherwise they are discarded)',
  '',
  'Reads commands from the keyboard, or line by line when standard input is not a terminal:',
  '  npm run playground < script.txt',
].join('\n');

export function parsePlaygroundArgs(argv: readonly string[], env: NodeJS.ProcessEnv): OptionsResult {
  const options: PlaygroundOptions = { databasePath: env.PLAYGROUND_DB || defaultDatabasePath, fresh: false, logPath: null, help: false };
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
      case '--fresh':
        options.fresh = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        return { ok: false, error: `Unknown argument "${arg}".\n\n${usageText}` };
    }
  }
  return { ok: true, options };
}

/** Deletes the SQLite file and its journal files (nothing for an in-memory database). */
export function deleteDatabase(path: string): void {
  if (path === ':memory:') return;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
