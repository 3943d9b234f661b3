import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { localWeekKey } from '../../src/core/weekly-rule.js';
import { createStudyGroupRepository } from '../../src/features/study-groups/repository.js';
import { migrations } from '../../src/migrations.js';
import type { SqliteDatabase } from '../../src/platform/store/database.js';
import { openStore } from '../../src/platform/store/store.js';
import { killGroup, startBotProcess, stopBotProcesses, type BotProcess } from '../faults/bot-process.js';
import { createFaultWorld, mondayRule, setUpByCommand, withStore, writeSpotlights, type FaultWorld } from '../faults/harness.js';
import { textOf } from '../fixtures/layout.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

let world: FaultWorld | undefined;
const runs: BotProcess[] = [];

afterEach(async () => {
  await stopBotProcesses(runs);
  await world?.close();
  world = undefined;
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run backup <file>` as an operator runs it: DATABASE_PATH set, and no Discord token in sight. */
async function npmRunBackup(databasePath: string, target: string): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: databasePath };
  delete env.DISCORD_TOKEN;
  delete env.DISCORD_APPLICATION_ID;
  const child = spawn('npm', ['run', 'backup', target], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** The whole database as one comparable value: schema version, schema, and every row of every table in a fixed order. */
function everything(db: SqliteDatabase): string {
  const schema = db.prepare<[], { type: string; name: string; sql: string | null }>('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all();
  const rows = Object.fromEntries(
    schema.filter((entry) => entry.type === 'table').map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]),
  );
  return JSON.stringify({ version: db.pragma('user_version', { simple: true }), schema, rows });
}

/** The database just before and just after one check-in the writer committed. */
interface Write {
  before: string;
  after: string;
}

/** How many tables a database of the current schema has: the copy must hold every one of them. */
function tablesInSchema(): number {
  const fresh = openStore(':memory:', migrations);
  try {
    return fresh.database.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").get()!.n;
  } finally {
    fresh.close();
  }
}

describe('npm run backup while the bot runs and the database is being written', () => {
  it('writes a consistent copy that restores to exactly the rows of one moment', { timeout: 30_000 }, async () => {
    world = await createFaultWorld({ servers: 3 });
    const { emulator, servers, config } = world;
    const [first] = servers;
    const bot = startBotProcess(world);
    runs.push(bot);
    await expect.poll(() => bot.logs('connected to Discord and ready').length, { timeout: 15_000, interval: 50 }).toBe(1);

    // Data written by the bot itself, through its commands ...
    await setUpByCommand(world, first!);
    const created = await emulator.runCommand({
      guildId: first!.guildId,
      channelId: first!.channelId,
      userId: first!.adminId,
      name: 'study',
      subcommand: 'create',
      options: { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' },
    });
    expect(textOf(created.message!)).toMatch(/is open/);
    // ... and through the store from this process, as a second writer beside the running bot.
    const now = Date.now();
    const readers = Array.from({ length: 5 }, (_, index) => emulator.createMember(first!.guildId, { username: `reader${index + 1}` }));
    const groupId = withStore(world, (store) => {
      writeSpotlights(store, servers.slice(1), mondayRule, now);
      const groups = createStudyGroupRepository(store.database);
      const group = groups.findByName(first!.guildId, 'Readers')!;
      for (const reader of readers) groups.addMember(group.groupId, reader, now);
      return group.groupId;
    });

    // Check-ins every few milliseconds until the backup process has exited; each transaction records the
    // database as it was just before and just after it (it holds the write lock, so nothing slips in between).
    const writes: Write[] = [];
    let writing = true;
    const writer = (async () => {
      const store = openStore(config.DATABASE_PATH, migrations);
      const groups = createStudyGroupRepository(store.database);
      try {
        while (writing) {
          const n = writes.length + 1;
          store.transaction(() => {
            const before = everything(store.database);
            const atMs = now + n;
            const checkin = { userId: readers[n % readers.length]!, atMs, weekKey: localWeekKey(atMs, 'Europe/Berlin'), raw: `p. ${n}`, note: `writer ${n}` };
            groups.addCheckin(groupId, { ...checkin, progress: { unit: 'page', value: n, total: null } });
            writes.push({ before, after: everything(store.database) });
          });
          await sleep(2);
        }
      } finally {
        store.close();
      }
    })();

    await expect.poll(() => writes.length, { timeout: 5_000, interval: 10 }).toBeGreaterThan(10);
    const writtenAtStart = writes.length;
    const target = join(world.folder, 'backups', 'grimoire-during-writes.db');
    let outcome: Outcome;
    try {
      outcome = await npmRunBackup(config.DATABASE_PATH, target);
    } finally {
      writing = false;
      await writer;
    }
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stderr).toBe('');
    const summary = outcome.stdout.trimEnd().split('\n').at(-1)!;
    expect(summary).toMatch(new RegExp(`^Backed up ${config.DATABASE_PATH} to ${target}: \\d+\\.\\d KiB, ${tablesInSchema()} tables, [\\d,]+ rows \\(integrity ok, schema version ${migrations.length}\\)\\.$`));
    expect(bot.child.exitCode, 'the bot kept running through the backup').toBeNull();

    // Restore as the guide says: copy the backup over a DATABASE_PATH and open it as the bot does.
    const restoredPath = join(world.folder, 'restored', 'grimoire.db');
    mkdirSync(join(world.folder, 'restored'));
    copyFileSync(target, restoredPath);
    const restored = openStore(restoredPath, migrations);
    let copy: string;
    let copiedWrites: number;
    try {
      copy = everything(restored.database);
      copiedWrites = (restored.database.prepare("SELECT COUNT(*) AS n FROM study_checkins WHERE note LIKE 'writer %'").get() as { n: number }).n;
    } finally {
      restored.close();
    }

    // The copy was taken while check-ins kept arriving, before and after its moment ...
    expect(copiedWrites).toBeGreaterThan(writtenAtStart);
    expect(writes.length).toBeGreaterThan(copiedWrites);
    // ... and is the database of one moment between two of them: after the last check-in it holds and before the
    // next (the bot may have written in that gap, so either end of it), every row of every table.
    const moment = [writes[copiedWrites - 1]!.after, writes[copiedWrites]!.before];
    if (!moment.includes(copy)) expect(JSON.parse(copy)).toEqual(JSON.parse(moment[0]!));
    const rows = JSON.parse(copy).rows as Record<string, Record<string, unknown>[]>;
    expect(rows.schedules!.map((row) => row.kind).sort()).toEqual(['spotlight', 'spotlight', 'spotlight', 'study-reminder']);
    expect(rows.study_groups!.map((row) => row.name)).toEqual(['Readers']);
    expect(summary).toContain(` ${Object.values(rows).reduce((sum, table) => sum + table.length, 0).toLocaleString('en-US')} rows `);

    // The same file again is refused, in one line, and the backup stays as it was.
    const again = await npmRunBackup(config.DATABASE_PATH, target);
    expect(again.code).toBe(1);
    expect(again.stderr.trimEnd().split('\n')).toEqual([`Grimoire backup failed: ${target} already exists and a backup never overwrites a file: choose another backup file name, or move that file away.`]);

    killGroup(bot, 'SIGTERM');
  });
});
