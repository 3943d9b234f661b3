import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import { createContext } from '../src/context.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { defaultBotPermissions, Emulator } from '../src/emulator/emulator.js';
import { createBookPollRepository } from '../src/features/book-polls/repository.js';
import { bookPollResultKind } from '../src/features/book-polls/service.js';
import { createCatalog } from '../src/features/catalog/core/catalog.js';
import { loadDataset } from '../src/features/catalog/load.js';
import { migrations } from '../src/migrations.js';
import { pollsOver } from '../src/platform/discord/polls.js';
import { createRestPoster } from '../src/platform/discord/poster.js';
import { silentLogger } from '../src/platform/logger.js';
import { openStore } from '../src/platform/store/store.js';
import { formatUs, table } from './format.js';
import { percentile, startWaitClock } from './stats.js';

/**
 * Section 14, polls (issue 19): `polls` polls for the next spotlight, in as many servers, each with three votes,
 * all ending in the same minute; one scheduler tick reads every result over REST, applies each winner and posts
 * each outcome (the real runner, result task, poster and REST port against the emulator on loopback). Reported:
 * how long until the last outcome, each outcome's delay after the tick began, the requests per poll, duplicates,
 * and the share of the time the process waited for a CPU. Also the cost of the timed-task query a tick makes
 * with 10,000 tasks pending later (a poll running in each of 10,000 servers).
 */

export interface PollBenchRow {
  polls: number;
  seconds: number;
  outcomes: number;
  duplicates: number;
  queued: number;
  delayP50Ms: number;
  delayP99Ms: number;
  requestsPerPoll: number;
  cpuWaitShare: number | null;
}

const hour = 3_600_000;

export async function runPollBench(polls: number): Promise<PollBenchRow> {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-bench-polls-'));
  let now = Date.UTC(2026, 11, 8, 20, 0);
  const clock = { now: () => now };
  // Discord's global limit is lifted so setting up thousands of polls is quick; the bot's poster still paces its posts (46/s).
  const emulator = await Emulator.start({ snowflakeClock: clock.now, globalPerSecond: 1_000_000 });
  const store = openStore(join(folder, 'bench.db'), migrations);
  const rest = new REST({ api: emulator.apiBase, retries: 1 }).setToken(emulator.token);
  try {
    const catalog = createCatalog(loadDataset());
    const portPolls = pollsOver(rest);
    const repository = createBookPollRepository(store.database);
    const books = catalog.books.slice(0, 3);
    const channels: string[] = [];
    for (let i = 0; i < polls; i++) {
      const guild = emulator.createGuild({ name: `server ${i}`, botPermissions: defaultBotPermissions | PermissionFlagsBits.SendPolls });
      const channelId = emulator.createChannel(guild.id, { name: 'books' });
      channels.push(channelId);
      const posted = await portPolls.post(channelId, { question: 'Which book should be the next spotlight?', answers: books.map((book) => book.title), hours: 1 });
      for (const [index, username] of ['a', 'b', 'c'].entries()) {
        emulator.votePoll(posted.messageId, emulator.createMember(guild.id, { username }), [posted.answerIds[index === 2 ? 0 : 1]!]);
      }
      store.transaction(() => {
        store.guilds.touch(guild.id, now);
        // A spotlight is set up there (its winner is queued only then).
        store.schedules.save({ guildId: guild.id, kind: 'spotlight', channelId, rule: { weekday: 1, hour: 18, minute: 30, timeZone: 'Europe/Berlin' }, nextDueMs: now + 7 * 24 * hour }, now);
        const reserved = repository.reserve({ guildId: guild.id, purpose: 'spotlight', groupId: null, channelId, startedBy: '1', beginAtOnce: false }, now);
        if (!('pollId' in reserved)) throw new Error('a poll is already running');
        const poll = { pollId: reserved.pollId };
        repository.confirm(poll.pollId, { messageId: posted.messageId, answers: books.map((book, index) => ({ answerId: posted.answerIds[index]!, bookId: book.id })), expiresAtMs: posted.expiresAtMs });
        store.timedTasks.schedule(guild.id, { kind: bookPollResultKind, subjectId: String(poll.pollId) }, posted.expiresAtMs, now);
      });
    }
    const ctx = createContext({
      catalog,
      store,
      clock,
      log: silentLogger,
      // Without a gateway the bot knows no permissions: a history search reads over REST (the emulator grants everything).
      discord: { botPermissionsIn: () => null, role: () => null, botPermissionsInGuild: () => null, channelType: () => null },
      poster: createRestPoster({ apiBase: emulator.apiBase, token: emulator.token }),
      polls: portPolls,
      wallClock: clock.now,
    });
    now += hour;
    const requestsBefore = emulator.core.requests.length;
    const startedWall = Date.now();
    const cpuWait = startWaitClock();
    const t0 = performance.now();
    await ctx.scheduler.tick();
    const seconds = (performance.now() - t0) / 1000;
    const cpuWaitShare = cpuWait();
    const outcomes = channels.map((channelId) => emulator.messages(channelId).filter((message) => message.poll === undefined && message.type !== 46));
    const delays = outcomes
      .flatMap((posted) => posted.map((message) => message.createdAt - startedWall))
      .sort((a, b) => a - b);
    return {
      polls,
      seconds,
      outcomes: outcomes.filter((posted) => posted.length >= 1).length,
      duplicates: outcomes.reduce((sum, posted) => sum + Math.max(0, posted.length - 1), 0),
      queued: (store.database.prepare('SELECT COUNT(*) AS n FROM spotlight_queue').get() as { n: number }).n,
      delayP50Ms: percentile(delays, 50),
      delayP99Ms: percentile(delays, 99),
      requestsPerPoll: (emulator.core.requests.length - requestsBefore) / polls,
      cpuWaitShare,
    };
  } finally {
    store.close();
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The due-task query of every tick, with `pending` tasks due later: median and p99 in µs. */
export function timedTaskQueryCost(pending: number): { p50Us: number; p99Us: number } {
  const store = openStore(':memory:', migrations);
  try {
    const now = Date.UTC(2026, 11, 8, 20, 0);
    store.transaction(() => {
      store.guilds.touch('1', now);
      for (let i = 0; i < pending; i++) store.timedTasks.schedule('1', { kind: bookPollResultKind, subjectId: String(i) }, now + hour + i, now);
    });
    const samples: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const start = process.hrtime.bigint();
      store.timedTasks.due(now, 200);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    samples.sort((a, b) => a - b);
    return { p50Us: percentile(samples, 50), p99Us: percentile(samples, 99) };
  } finally {
    store.close();
  }
}

export function formatPollBench(rows: readonly PollBenchRow[], query: { p50Us: number; p99Us: number }): string {
  const share = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
  return [
    table(
      ['polls ending together', 'tick', 'outcomes', 'duplicates', 'winners queued', 'outcome delay p50', 'p99', 'requests per poll', 'CPU wait'],
      rows.map((row) => [
        row.polls.toLocaleString('en-US'),
        `${row.seconds.toFixed(1)} s`,
        row.outcomes.toLocaleString('en-US'),
        String(row.duplicates),
        row.queued.toLocaleString('en-US'),
        `${Math.round(row.delayP50Ms)} ms`,
        `${Math.round(row.delayP99Ms)} ms`,
        row.requestsPerPoll.toFixed(2),
        share(row.cpuWaitShare),
      ]),
    ),
    `The timed-task query each tick makes, 10,000 tasks pending later: p50 ${formatUs(query.p50Us)} µs, p99 ${formatUs(query.p99Us)} µs.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  for (const polls of [100, 1_000]) rows.push(await runPollBench(polls));
  console.log(formatPollBench(rows, timedTaskQueryCost(10_000)));
}
