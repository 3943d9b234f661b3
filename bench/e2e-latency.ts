import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../commands/index.js';
import { Emulator, type CommandAction, type InteractionOutcome } from '../src/emulator/emulator.js';
import { layoutText } from '../src/features/catalog/presenters/book-card-layout.js';
import { deployCommands } from '../src/platform/discord/deploy.js';
import { spawnBot, type BotChild, type BotKind } from './bot-child.js';
import { summarize, type Summary } from './stats.js';

/**
 * End-to-end interaction latency: a member's action dispatched by the emulator over the gateway, the bot (its own
 * process, the real discord.js client) answering over REST, until the emulator has the answer. Grimoire and the
 * peer bot each get their own emulator with the same world and run side by side, so each cell is measured in
 * rounds that alternate between them: a change in the machine's load during a cell hits both alike.
 */

export interface E2eOptions {
  /** Realistic servers in each world (the interactions happen in the first). */
  servers: number;
  /** Timed interactions per cell (bot × interaction × concurrency). */
  samples: number;
  concurrencies: readonly number[];
}

export interface E2eCell {
  bot: BotKind;
  interaction: string;
  concurrency: number;
  summary: Summary;
  /** The bot process's CPU time (user + system) over the cell, per interaction, µs. */
  cpuUsPerInteraction: number;
  /** Interactions the bot did not answer (in 3 s, or with nothing to show). */
  unanswered: number;
  perSecond: number;
}

export interface E2eResult {
  options: E2eOptions;
  cells: E2eCell[];
  /** What each bot answered to each interaction, checked once before timing. */
  answers: { bot: BotKind; interaction: string; answer: string }[];
}

interface World {
  emulator: Emulator;
  bot: BotChild;
  guildId: string;
  channelId: string;
  members: string[];
  close(): Promise<void>;
}

const studyGroup = 'Readers';
const warmupPerCell = 20;
/** Each cell's samples are taken in this many rounds per bot, alternating which bot goes first. */
const rounds = 5;

const bookQueries = ['fluent python', 'high performance python', 'cpython internals', 'architecture patterns with python', 'python cookbook', 'serious python'];
const topics = ['asyncio', 'make my code faster', 'testing', 'descriptors', 'concurrency', 'design patterns'];
const typed = ['flu', 'high perf', 'cpython', 'archit', 'beazly', 'ramalho'];

interface InteractionSpec {
  label: string;
  /** Runs the i-th interaction as `member`; resolves with a short description of the answer, or null for none. */
  run(world: World, member: string, i: number): Promise<string | null>;
}

const where = (world: World, member: string): Pick<CommandAction, 'guildId' | 'channelId' | 'userId'> => ({ guildId: world.guildId, channelId: world.channelId, userId: member });

function describe(outcome: InteractionOutcome): string | null {
  if (outcome.expired || !outcome.message) return null;
  const embed = outcome.message.embeds[0];
  if (embed?.title) return `embed "${embed.title}"`;
  const text = outcome.message.content || layoutText(outcome.message.components).join(' ');
  const files = outcome.message.attachments?.length ? ` + ${outcome.message.attachments.map((file) => file.filename).join(', ')}` : '';
  return `${JSON.stringify(text.slice(0, 40))}${files}`;
}

const interactions: readonly InteractionSpec[] = [
  { label: '/book', run: async (world, member, i) => describe(await world.emulator.runCommand({ ...where(world, member), name: 'book', options: { query: bookQueries[i % bookQueries.length]! } })) },
  { label: '/recommend', run: async (world, member, i) => describe(await world.emulator.runCommand({ ...where(world, member), name: 'recommend', options: { topic: topics[i % topics.length]! } })) },
  {
    label: '/book autocomplete',
    run: async (world, member, i) => {
      const choices = await world.emulator.autocomplete({ ...where(world, member), name: 'book', options: { query: typed[i % typed.length]! }, focused: 'query' });
      return choices && choices.length > 0 ? `${choices.length} choices, first "${choices[0]!.name}"` : null;
    },
  },
  {
    label: '/study status',
    run: async (world, member) => describe(await world.emulator.runCommand({ ...where(world, member), name: 'study', subcommand: 'status', options: { group: studyGroup } })),
  },
];

async function createWorld(kind: BotKind, options: E2eOptions, folder: string): Promise<World> {
  const emulator = await Emulator.start();
  const communities = Array.from({ length: options.servers }, (_, i) => emulator.createCommunity({ seed: i + 1 }));
  const { id: guildId, generalChannelId: channelId } = communities[0]!;
  const members = Array.from({ length: Math.max(...options.concurrencies) }, (_, i) => emulator.createMember(guildId, { username: `reader${i}` }));
  const config = { DISCORD_TOKEN: emulator.token, DISCORD_APPLICATION_ID: emulator.applicationId, DISCORD_API_BASE: emulator.apiBase, DATABASE_PATH: join(folder, `${kind}.db`), LOG_LEVEL: 'silent' as const };
  // Both worlds register Grimoire's commands, so both bots receive exactly the same payloads.
  await deployCommands(config, commands);
  const bot = spawnBot(kind, config);
  await bot.ready;
  const world: World = {
    emulator,
    bot,
    guildId,
    channelId,
    members,
    async close() {
      await bot.stop();
      await emulator.close();
    },
  };
  // A study group every member is in, so /study status shows a full board (the peer just answers its constant).
  const created = await emulator.runCommand({ ...where(world, members[0]!), name: 'study', subcommand: 'create', options: { name: studyGroup, book: 'fluent python', timezone: 'Europe/Berlin' } });
  if (created.expired) throw new Error(`${kind} did not answer /study create`);
  for (const member of members.slice(1)) await emulator.runCommand({ ...where(world, member), name: 'study', subcommand: 'join', options: { group: studyGroup } });
  return world;
}

interface Round {
  durationsUs: Float64Array;
  cpuUs: number;
  seconds: number;
  unanswered: number;
}

/** One round of a cell: `samples` interactions from `concurrency` members, each sending its next when the last is answered. */
async function measureRound(world: World, spec: InteractionSpec, concurrency: number, samples: number, offset: number): Promise<Round> {
  const durationsUs = new Float64Array(samples);
  let next = 0;
  let unanswered = 0;
  const member = async (userId: string): Promise<void> => {
    for (let i = next++; i < samples; i = next++) {
      const started = performance.now();
      const answer = await spec.run(world, userId, offset + i);
      durationsUs[i] = (performance.now() - started) * 1000;
      if (answer === null) unanswered++;
    }
  };
  const before = await world.bot.read();
  const started = performance.now();
  await Promise.all(world.members.slice(0, concurrency).map(member));
  const seconds = (performance.now() - started) / 1000;
  const after = await world.bot.read();
  return { durationsUs, cpuUs: after.cpuUs - before.cpuUs, seconds, unanswered };
}

/** A cell for both bots: warm-up, then `rounds` rounds each, alternating; returns one cell per bot. */
async function measureCells(worlds: readonly World[], spec: InteractionSpec, concurrency: number, samples: number): Promise<E2eCell[]> {
  for (const world of worlds) for (let i = 0; i < warmupPerCell; i++) await spec.run(world, world.members[i % concurrency]!, i);
  const perRound = Math.ceil(samples / rounds);
  const results = worlds.map(() => [] as Round[]);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const index of order) results[index]!.push(await measureRound(worlds[index]!, spec, concurrency, perRound, round * perRound));
  }
  return worlds.map((world, index) => {
    const taken = results[index]!;
    const total = perRound * rounds;
    const durations = new Float64Array(total);
    taken.forEach((round, i) => durations.set(round.durationsUs, i * perRound));
    return {
      bot: world.bot.kind,
      interaction: spec.label,
      concurrency,
      summary: summarize(durations),
      cpuUsPerInteraction: taken.reduce((sum, round) => sum + round.cpuUs, 0) / total,
      unanswered: taken.reduce((sum, round) => sum + round.unanswered, 0),
      perSecond: total / taken.reduce((sum, round) => sum + round.seconds, 0),
    };
  });
}

export async function runE2eLatency(options: E2eOptions): Promise<E2eResult> {
  const folder = mkdtempSync(join(tmpdir(), 'grimoire-bench-e2e-'));
  const worlds: World[] = [];
  try {
    for (const kind of ['Grimoire', 'peer'] as const) worlds.push(await createWorld(kind, options, folder));
    const answers = [];
    for (const world of worlds) {
      for (const spec of interactions) answers.push({ bot: world.bot.kind, interaction: spec.label, answer: (await spec.run(world, world.members[0]!, 0)) ?? '(no answer)' });
    }
    const cells: E2eCell[] = [];
    for (const spec of interactions) {
      for (const concurrency of options.concurrencies) cells.push(...(await measureCells(worlds, spec, concurrency, options.samples)));
    }
    return { options, cells, answers };
  } finally {
    for (const world of worlds) await world.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The Grimoire/peer pairs, in measuring order. */
export function pairCells(result: E2eResult): { grimoire: E2eCell; peer: E2eCell }[] {
  const grimoireCells = result.cells.filter((cell) => cell.bot === 'Grimoire');
  return grimoireCells.map((grimoire) => ({
    grimoire,
    peer: result.cells.find((cell) => cell.bot === 'peer' && cell.interaction === grimoire.interaction && cell.concurrency === grimoire.concurrency)!,
  }));
}
