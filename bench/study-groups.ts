import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationCommandOptionType, type APIInteraction } from 'discord-api-types/v10';
import { commands } from '../commands/index.js';
import { createContext } from '../src/context.js';
import { nextDueInstant, type WeeklyRule } from '../src/core/weekly-rule.js';
import { Emulator } from '../src/emulator/emulator.js';
import { createCatalog } from '../src/features/catalog/core/catalog.js';
import { loadDataset } from '../src/features/catalog/load.js';
import { studyReminderKind } from '../src/features/study-groups/job.js';
import { createStudyGroupRepository } from '../src/features/study-groups/repository.js';
import { createJobs } from '../src/jobs.js';
import { migrations } from '../src/migrations.js';
import { createRestPoster, type Poster } from '../src/platform/discord/poster.js';
import { createRouter } from '../src/platform/discord/router.js';
import { silentLogger } from '../src/platform/logger.js';
import { createSchedulerRunner } from '../src/platform/scheduling/runner.js';
import { createStoreHealth } from '../src/platform/store/store-health.js';
import { openStore } from '../src/platform/store/store.js';
import { percentile } from './stats.js';

export interface StudyBenchResult {
  checkins: number;
  checkinsPerSecond: number;
  statusMembers: number;
  statusSamples: number;
  statusP50Us: number;
  statusP99Us: number;
  groups: number;
  delivered: number;
  duplicates: number;
  fanoutSeconds: number;
  postsPerSecond: number;
  globalLimited: number;
}

const guildId = '200000000000000002';
const channelId = '300000000000000003';
const allPermissions = (1n << 53n) - 1n;
const unusedPoster: Poster = { send: () => Promise.reject(new Error('not posting here')), findMarked: () => Promise.reject(new Error('not reading here')) };
const member = (n: number): string => String(700000000000000000n + BigInt(n));

/** A `/study status` interaction as Discord sends it. */
function statusPayload(n: number): APIInteraction {
  return {
    id: String(900000000000000000n + BigInt(n)),
    application_id: '100000000000000001',
    token: `t${n}`,
    version: 1,
    type: 2,
    guild_id: guildId,
    channel: { id: channelId, type: 0 },
    channel_id: channelId,
    member: { user: { id: member(0), username: 'bench' }, permissions: '2248473465835073', roles: [] },
    data: { id: '1', name: 'study', type: 1, options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'status', options: [{ type: 3, name: 'group', value: 'Readers' }] }] },
  } as unknown as APIInteraction;
}

/** Check-ins through the service into a WAL file database (each its own transaction), then the board of 200 members. */
async function checkinsAndBoard(folder: string, checkins: number, statusSamples: number): Promise<Pick<StudyBenchResult, 'checkins' | 'checkinsPerSecond' | 'statusMembers' | 'statusSamples' | 'statusP50Us' | 'statusP99Us'>> {
  const store = openStore(join(folder, 'checkins.db'), migrations);
  let now = Date.UTC(2026, 10, 22, 12, 0);
  const clock = { now: () => now };
  const ctx = createContext({ catalog: createCatalog(loadDataset()), store, clock, log: silentLogger, discord: { botPermissionsIn: () => allPermissions, role: () => null, botPermissionsInGuild: () => allPermissions, channelType: () => null }, poster: unusedPoster });
  try {
    store.guilds.touch(guildId, now);
    ctx.studyGroups.create({ guildId, userId: member(0), name: 'Readers', book: 'fluent python', channelId, rule: () => ({ weekday: 7, hour: 18, minute: 0, timeZone: 'Europe/Berlin' }), target: '2 chapters' });
    for (let i = 1; i < 200; i++) ctx.studyGroups.join(guildId, member(i), 'Readers');
    const started = performance.now();
    for (let i = 0; i < checkins; i++) {
      // A minute apart for each member (the rate limit), 200 members in turn.
      now += 1_000;
      ctx.studyGroups.checkin(guildId, member(i % 200), 'Readers', `p. ${1 + Math.floor(i / 200)}`, i % 7 === 0 ? 'a note' : null);
    }
    const checkinSeconds = (performance.now() - started) / 1000;

    const router = createRouter(ctx, commands);
    for (let i = 0; i < 50; i++) await router.handle(statusPayload(i));
    const samples: number[] = [];
    for (let i = 0; i < statusSamples; i++) {
      const t0 = process.hrtime.bigint();
      await router.handle(statusPayload(1000 + i));
      samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    samples.sort((a, b) => a - b);
    return {
      checkins,
      checkinsPerSecond: checkins / checkinSeconds,
      statusMembers: 200,
      statusSamples,
      statusP50Us: percentile(samples, 50),
      statusP99Us: percentile(samples, 99),
    };
  } finally {
    store.close();
  }
}

/** One tick with `groups` study reminders due at once, against the emulator, through the bot's runner and poster. */
async function reminderFanout(folder: string, groups: number): Promise<Pick<StudyBenchResult, 'groups' | 'delivered' | 'duplicates' | 'fanoutSeconds' | 'postsPerSecond' | 'globalLimited'>> {
  const emulator = await Emulator.start();
  const store = openStore(join(folder, 'reminders.db'), migrations);
  try {
    const catalog = createCatalog(loadDataset());
    const repository = createStudyGroupRepository(store.database);
    const rule: WeeklyRule = { weekday: 7, hour: 18, minute: 0, timeZone: 'Europe/Berlin' };
    const due = nextDueInstant(rule, Date.UTC(2026, 10, 16));
    const setUpAt = due - 3 * 86_400_000;
    const channels: string[] = [];
    store.transaction(() => {
      for (let i = 0; i < groups; i++) {
        const guild = emulator.createGuild({ name: `server ${i}` });
        const channel = emulator.createChannel(guild.id, { name: 'reading' });
        channels.push(channel);
        store.guilds.touch(guild.id, setUpAt);
        const group = repository.create({ guildId: guild.id, name: 'Readers', bookId: catalog.books[i % catalog.books.length]!.id, ownerId: member(1), target: null }, setUpAt);
        for (let m = 1; m <= 3; m++) repository.addMember(group.groupId, member(m), setUpAt);
        repository.addCheckin(group.groupId, { userId: member(1), atMs: setUpAt + 1000, weekKey: '2026-W47', progress: { unit: 'chapter', value: 3, total: null }, raw: 'ch 3', note: null });
        store.schedules.save({ guildId: guild.id, kind: studyReminderKind, subjectId: String(group.groupId), channelId: channel, rule, nextDueMs: due }, setUpAt);
      }
    });
    const clock = { now: () => due + 1000 };
    const runner = createSchedulerRunner({
      store,
      clock,
      log: silentLogger,
      poster: createRestPoster({ apiBase: emulator.apiBase, token: emulator.token }),
      jobs: createJobs({ catalog, store }),
      discord: { botPermissionsIn: () => null, role: () => null, botPermissionsInGuild: () => null, channelType: () => null },
      health: createStoreHealth(clock),
    });
    const started = performance.now();
    const report = await runner.tick();
    const seconds = (performance.now() - started) / 1000;
    const counts = channels.map((channel) => emulator.messages(channel).length);
    if (report.sent !== counts.filter((n) => n > 0).length) throw new Error(`runner reports ${report.sent} sent, the emulator holds ${counts.filter((n) => n > 0).length}`);
    return {
      groups,
      delivered: counts.filter((n) => n === 1).length,
      duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      fanoutSeconds: seconds,
      postsPerSecond: counts.reduce((sum, n) => sum + n, 0) / seconds,
      globalLimited: emulator.core.limiter.stats.globalLimited,
    };
  } finally {
    store.close();
    await emulator.close();
  }
}

export async function runStudyBench(groups: number): Promise<StudyBenchResult> {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-study-bench-'));
  try {
    const board = await checkinsAndBoard(folder, 20_000, 500);
    const fanout = await reminderFanout(folder, groups);
    return { ...board, ...fanout };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
