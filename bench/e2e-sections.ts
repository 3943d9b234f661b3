import { pairCells, type E2eResult } from './e2e-latency.js';
import { formatMiB, formatRatio, heading, table } from './format.js';
import type { Report } from './report.js';
import type { ServersMemoryResult } from './servers-memory.js';

/** Sections 10 and 11 (Grimoire against the peer bot, each in its own process) as printed and as reported. */

/** Grimoire may cost at most this much more than the least a discord.js bot can be. */
export const peerRatioTarget = 1.2;
const targetText = `≤ ${peerRatioTarget}×`;
const ms = (us: number): string => (us / 1000).toFixed(2);
const yes = (ok: boolean): string => (ok ? 'yes' : 'no');

export function printE2eLatency(result: E2eResult, report: Report): void {
  const { servers, samples } = result.options;
  const title = '10. End-to-end interaction latency: Grimoire vs a minimal discord.js bot (emulator → gateway → bot → REST)';
  console.log(heading(title));
  report.section(title);
  const about = [
    `Each bot in its own process (the real discord.js client, Guilds intent) against its own emulator with ${servers} realistic servers;`,
    'the peer (bench/peer-bot.mjs, default caches) answers the same payloads with a constant. Members act in a closed loop: each',
    `sends its next interaction when the last is answered. ${samples.toLocaleString('en-US')} timed interactions per cell and bot after 20 untimed, in 5 rounds`,
    'alternating between the bots. Latency: from dispatch to the answer reaching the emulator (which runs in the bench process,',
    "alike for both). CPU: the bot process's user + system time over the cell, per interaction.",
  ];
  for (const line of about) console.log(`  ${line}`);
  report.note(about.join(' '));
  console.log('\n  What each answered (checked once before timing):');
  for (const { bot, interaction, answer } of result.answers) console.log(`    ${bot}, ${interaction}: ${answer}`);
  const rows = pairCells(result).map(({ grimoire, peer }) => [
    grimoire.interaction,
    String(grimoire.concurrency),
    ms(grimoire.summary.p50),
    ms(peer.summary.p50),
    formatRatio(grimoire.summary.p50 / peer.summary.p50),
    ms(grimoire.summary.p99),
    ms(peer.summary.p99),
    formatRatio(grimoire.summary.p99 / peer.summary.p99),
    grimoire.cpuUsPerInteraction.toFixed(0),
    peer.cpuUsPerInteraction.toFixed(0),
    `${grimoire.perSecond.toFixed(0)} / ${peer.perSecond.toFixed(0)}`,
    `${grimoire.unanswered} / ${peer.unanswered}`,
  ]);
  console.log(
    table(
      ['interaction', 'members', 'p50 ms', 'peer p50', 'ratio', 'p99 ms', 'peer p99', 'ratio', 'CPU µs', 'peer CPU', 'answers/s (peer)', 'unanswered (peer)'],
      rows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  console.log(`  ratio = Grimoire / peer; target ${targetText}.`);
  for (const { grimoire, peer } of pairCells(result)) {
    const name = `${grimoire.interaction}, ${grimoire.concurrency} member${grimoire.concurrency === 1 ? '' : 's'}`;
    const p50Ratio = grimoire.summary.p50 / peer.summary.p50;
    const p99Ratio = grimoire.summary.p99 / peer.summary.p99;
    report.figure({ name: `${name}: p50`, value: grimoire.summary.p50 / 1000, unit: 'ms', peer: peer.summary.p50 / 1000 });
    report.figure({ name: `${name}: p99`, value: grimoire.summary.p99 / 1000, unit: 'ms', peer: peer.summary.p99 / 1000 });
    report.figure({ name: `${name}: p50 ratio to the peer`, value: p50Ratio, unit: '×', target: targetText, ok: p50Ratio <= peerRatioTarget });
    report.figure({ name: `${name}: p99 ratio to the peer`, value: p99Ratio, unit: '×', target: targetText, ok: p99Ratio <= peerRatioTarget });
    report.figure({ name: `${name}: bot CPU per interaction`, value: grimoire.cpuUsPerInteraction, unit: 'µs', peer: peer.cpuUsPerInteraction });
    report.figure({ name: `${name}: answers per second`, value: grimoire.perSecond, unit: '/s', peer: peer.perSecond });
    report.figure({ name: `${name}: unanswered`, value: grimoire.unanswered, target: '0', peer: peer.unanswered, ok: grimoire.unanswered === 0 });
  }
}

export function printServersMemory(result: ServersMemoryResult, report: Report): void {
  const title = '11. Memory and time to READY with realistic servers: Grimoire vs the peer bot';
  console.log(heading(title));
  report.section(title);
  const { shape } = result;
  const about = [
    `Servers built by emulator.createCommunity (src/emulator/community.ts), on average ${shape.channels.toFixed(0)} channels (categories, text, voice,`,
    `forums; role overwrites), ${shape.roles.toFixed(0)} roles, emojis, stickers, threads and events, ~${Math.round(shape.memberCount).toLocaleString('en-US')} members: a ${shape.guildCreateKiB.toFixed(0)} KiB GUILD_CREATE.`,
    'Each bot starts in a fresh process (node --expose-gc); READY = its "ready" line, after every GUILD_CREATE; memory 3 s later,',
    'after two forced full GCs. Build time of the servers in the emulator: ' +
      Object.entries(result.buildMs)
        .map(([servers, built]) => `${Number(servers).toLocaleString('en-US')} in ${built.toFixed(0)} ms`)
        .join(', ') +
      '.',
  ];
  for (const line of about) console.log(`  ${line}`);
  report.note(about.join(' '));
  const counts = [...new Set(result.rows.map((row) => row.servers))];
  const pairs = counts.map((servers) => ({
    servers,
    grimoire: result.rows.find((row) => row.servers === servers && row.bot === 'Grimoire')!,
    peer: result.rows.find((row) => row.servers === servers && row.bot === 'peer')!,
  }));
  console.log(
    table(
      ['servers', 'bot', 'RSS', 'heap used', 'peak RSS', 'start → READY s', 'after IDENTIFY s'],
      result.rows.map((row) => [row.servers.toLocaleString('en-US'), row.bot, formatMiB(row.rss), formatMiB(row.heapUsed), formatMiB(row.maxRss), (row.readyMs / 1000).toFixed(2), (row.afterIdentifyMs / 1000).toFixed(2)]),
      ['right', 'left', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  console.log('  "after IDENTIFY": from the emulator having sent READY and every GUILD_CREATE to the bot saying it is ready.');
  const MiB = 1024 * 1024;
  for (const { servers, grimoire, peer } of pairs) {
    const name = `${servers.toLocaleString('en-US')} servers`;
    const rssRatio = grimoire.rss / peer.rss;
    const heapRatio = grimoire.heapUsed / peer.heapUsed;
    report.figure({ name: `${name}: RSS`, value: grimoire.rss / MiB, unit: 'MiB', peer: peer.rss / MiB });
    report.figure({ name: `${name}: RSS ratio to the peer`, value: rssRatio, unit: '×', target: targetText, ok: rssRatio <= peerRatioTarget });
    report.figure({ name: `${name}: heap used`, value: grimoire.heapUsed / MiB, unit: 'MiB', peer: peer.heapUsed / MiB });
    report.figure({ name: `${name}: heap ratio to the peer`, value: heapRatio, unit: '×', target: targetText, ok: heapRatio <= peerRatioTarget });
    report.figure({ name: `${name}: peak RSS`, value: grimoire.maxRss / MiB, unit: 'MiB', peer: peer.maxRss / MiB });
    report.figure({ name: `${name}: start → READY`, value: grimoire.readyMs / 1000, unit: 's', peer: peer.readyMs / 1000 });
    report.figure({ name: `${name}: READY after IDENTIFY`, value: grimoire.afterIdentifyMs / 1000, unit: 's', peer: peer.afterIdentifyMs / 1000 });
  }
}

/** The verdict lines for sections 10 and 11, also recorded under the report's verdict section. */
export function printPeerVerdict(e2e: E2eResult, memory: ServersMemoryResult, report: Report): void {
  const pairs = pairCells(e2e);
  const worst = (pick: (cell: (typeof pairs)[number]) => number) => pairs.reduce((max, pair) => (pick(pair) > pick(max) ? pair : max), pairs[0]!);
  const p50 = (pair: (typeof pairs)[number]): number => pair.grimoire.summary.p50 / pair.peer.summary.p50;
  const p99 = (pair: (typeof pairs)[number]): number => pair.grimoire.summary.p99 / pair.peer.summary.p99;
  const cpu = (pair: (typeof pairs)[number]): number => pair.grimoire.cpuUsPerInteraction / pair.peer.cpuUsPerInteraction;
  const where = (pair: (typeof pairs)[number]): string => `${pair.grimoire.interaction} at ${pair.grimoire.concurrency}`;
  const lines: { claim: string; value: number; ok?: boolean; detail: string }[] = [];
  const worstP50 = worst(p50);
  const worstP99 = worst(p99);
  const worstCpu = worst(cpu);
  lines.push({ claim: `end-to-end p50 within ${peerRatioTarget}× of the peer, every cell`, value: p50(worstP50), ok: p50(worstP50) <= peerRatioTarget, detail: `worst ${formatRatio(p50(worstP50))}, ${where(worstP50)}` });
  lines.push({ claim: `end-to-end p99 within ${peerRatioTarget}× of the peer, every cell`, value: p99(worstP99), ok: p99(worstP99) <= peerRatioTarget, detail: `worst ${formatRatio(p99(worstP99))}, ${where(worstP99)}` });
  lines.push({ claim: 'bot CPU per interaction vs the peer (no target)', value: cpu(worstCpu), detail: `highest ${formatRatio(cpu(worstCpu))}, ${where(worstCpu)}` });
  for (const servers of [...new Set(memory.rows.map((row) => row.servers))]) {
    const grimoire = memory.rows.find((row) => row.servers === servers && row.bot === 'Grimoire')!;
    const peer = memory.rows.find((row) => row.servers === servers && row.bot === 'peer')!;
    const ratio = Math.max(grimoire.rss / peer.rss, grimoire.heapUsed / peer.heapUsed);
    lines.push({
      claim: `memory within ${peerRatioTarget}× of the peer at ${servers.toLocaleString('en-US')} servers (RSS and heap)`,
      value: ratio,
      ok: ratio <= peerRatioTarget,
      detail: `RSS ${formatMiB(grimoire.rss)} vs ${formatMiB(peer.rss)}, heap ${formatMiB(grimoire.heapUsed)} vs ${formatMiB(peer.heapUsed)}; READY in ${(grimoire.readyMs / 1000).toFixed(1)} s vs ${(peer.readyMs / 1000).toFixed(1)} s`,
    });
  }
  for (const line of lines) {
    console.log(`  ${line.claim}: ${line.ok === undefined ? formatRatio(line.value) : yes(line.ok)} (${line.detail})`);
    report.figure({ name: line.claim, value: line.value, unit: '×', ...(line.ok === undefined ? {} : { target: targetText, ok: line.ok }) });
  }
}
