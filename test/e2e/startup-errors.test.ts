import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/migrations.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const isRoot = process.getuid?.() === 0;
const nobody = 65534;

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'grimoire-startup-'));
  // Readable and writable for `nobody` (see the unwritable-folder case).
  chmodSync(folder, 0o777);
});
afterAll(() => {
  if (!folder) return;
  for (const entry of readdirSync(folder)) chmodSync(join(folder, entry), 0o777);
  rmSync(folder, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx tsx src/main.ts` with a bad DATABASE_PATH; never reaches Discord. */
async function start(databasePath: string, options: { asNobody?: boolean } = {}): Promise<Outcome> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB',
    DISCORD_APPLICATION_ID: '123456789012345678',
    DISCORD_DEV_GUILD_ID: '',
    DISCORD_API_BASE: 'http://127.0.0.1:9/api',
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'info',
  };
  if (options.asNobody) {
    // npm keeps its cache and reads .npmrc in HOME, which must be nobody's to use.
    const home = join(folder, 'nobody-home');
    mkdirSync(home, { recursive: true, mode: 0o777 });
    chmodSync(home, 0o777);
    Object.assign(env, { HOME: home, npm_config_cache: join(home, '.npm'), npm_config_update_notifier: 'false' });
  }
  const child = spawn('npx', ['tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.asNobody ? { uid: nobody, gid: nobody } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  try {
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Exit 1, one line on stderr naming DATABASE_PATH with a fix, and no stack trace anywhere. */
function expectOneClearMessage(outcome: Outcome, path: string, fix: RegExp): void {
  expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(outcome.stderr).toMatch(new RegExp(`^Grimoire cannot start: DATABASE_PATH \\(${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) `));
  expect(outcome.stderr).toMatch(fix);
  expect(`${outcome.stdout}\n${outcome.stderr}`).not.toMatch(/^\s+at /m);
  expect(outcome.stdout).not.toContain('"stack"');
  expect(outcome.code).toBe(1);
}

const untouched = (path: string): { bytes: string; mtimeMs: number; siblings: string[] } => ({
  bytes: readFileSync(path).toString('base64'),
  mtimeMs: statSync(path).mtimeMs,
  siblings: readdirSync(join(path, '..')).filter((name) => name.startsWith(path.split('/').pop()!)),
});

describe('`npx tsx src/main.ts` with a DATABASE_PATH it cannot use', () => {
  it('a folder', async () => {
    const path = join(folder, 'a-folder');
    mkdirSync(path);
    expectOneClearMessage(await start(path), path, /is a folder, not a database file: set DATABASE_PATH to a file name/);
    expect(readdirSync(path)).toEqual([]);
  });

  it('a path under a regular file', async () => {
    const file = join(folder, 'notes.txt');
    writeFileSync(file, 'notes\n');
    const path = join(file, 'grimoire.db');
    expectOneClearMessage(await start(path), path, /is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('notes\n');
  });

  it('a text file: left byte for byte, with no -wal/-shm', async () => {
    const path = join(folder, 'text.db');
    writeFileSync(path, 'Not a database, only text.\n'.repeat(20));
    const before = untouched(path);
    expectOneClearMessage(await start(path), path, /is not a SQLite database .*: restore it from a backup, or move it aside/);
    expect(untouched(path)).toEqual(before);
  });

  it('a database from a newer version: left byte for byte, with no -wal/-shm', async () => {
    const path = join(folder, 'newer.db');
    const db = new Database(path);
    db.exec('CREATE TABLE guilds (guild_id TEXT PRIMARY KEY)');
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    const before = untouched(path);
    expectOneClearMessage(
      await start(path),
      path,
      new RegExp(`was written by a newer version of Grimoire \\(schema version ${migrations.length + 1}; this build knows up to ${migrations.length}\\): upgrade Grimoire`),
    );
    expect(untouched(path)).toEqual(before);
    expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false);
  });

  it("another application's SQLite database (WAL mode): not migrated in place, left byte for byte", async () => {
    const path = join(folder, 'other-app.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)");
    db.close();
    const before = untouched(path);
    expectOneClearMessage(await start(path), path, /is another application's SQLite database \(1 table, none of them Grimoire's\), and Grimoire leaves it as it is: set DATABASE_PATH/);
    expect(untouched(path)).toEqual(before);
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['invoices']);
    after.close();
  });

  it(':memory: and a path ending in a slash, each with its own message and nothing created', async () => {
    expectOneClearMessage(await start(':memory:'), ':memory:', /keeps the database in memory only/);
    const slashed = `${join(folder, 'new-folder')}/`;
    expectOneClearMessage(await start(slashed), slashed, /ends with a slash, so it names a folder/);
    expect(existsSync(join(folder, 'new-folder'))).toBe(false);
  });

  it('a named pipe, which would otherwise hang the bot', async () => {
    const path = join(folder, 'pipe.db');
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    expectOneClearMessage(await start(path), path, /is a named pipe \(FIFO\), not a regular file, and opening it could hang/);
  });

  it('a file under /proc', async () => {
    const path = '/proc/self/grimoire.db';
    expectOneClearMessage(await start(path), path, /is inside \/proc, a system folder that cannot hold a database/);
  });

  it(`a folder the bot may not write in${isRoot ? ' (run as nobody: root ignores chmod)' : ''}`, async () => {
    const locked = join(folder, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const path = join(locked, 'grimoire.db');
    expectOneClearMessage(await start(path, { asNobody: isRoot }), path, /cannot be created: this user may not write in the folder .*locked: give it write permission/);
    expect(readdirSync(locked)).toEqual([]);
  });
});
