import type { AccuracyResult } from './accuracy.js';
import type { EngineComparison, EngineRow } from './engine-comparison.js';
import { describeQuery } from './format.js';
import type { HandlerLatency } from './handler-latency.js';
import type { MemoryReading } from './memory.js';
import type { Figure, RelevanceResult } from './relevance.js';
import type { Report } from './report.js';
import type { FanoutResult, FaultyFanoutResult } from './scheduler-fanout.js';
import type { StudyBenchResult } from './study-groups.js';

/**
 * The figures sections 1–9 print, recorded into the report as they are printed (run.ts calls these next to
 * each print). Peers: Fuse.js for search. Targets live with the verdict lines, where the bench states them; CPU wait
 * above 5 % means other processes inflated that row's tail.
 */

const MiB = 1024 * 1024;

export function recordHandlers(report: Report, rows: readonly HandlerLatency[]): void {
  for (const row of rows) {
    const name = `${row.catalog}, ${row.handler}`;
    report.figure({ name: `${name}: p50`, value: row.summary.p50, unit: 'µs' });
    report.figure({ name: `${name}: p99`, value: row.summary.p99, unit: 'µs' });
    report.figure({ name: `${name}: max`, value: row.summary.max, unit: 'µs' });
    report.figure({ name: `${name}: slowest input (${row.slowestInput.label}), p50`, value: row.slowestInput.p50, unit: 'µs' });
    if (row.cpuWaitShare !== null) report.figure({ name: `${name}: CPU wait`, value: row.cpuWaitShare * 100, unit: '%', target: '≤ 5%', ok: row.cpuWaitShare <= 0.05 });
  }
}

function recordEngineRow(report: Report, row: EngineRow): void {
  report.figure({ name: `${row.label}: p50 (peer: Fuse.js)`, value: row.ours.p50, unit: 'µs', peer: row.fuse.p50 });
  report.figure({ name: `${row.label}: p99 (peer: Fuse.js)`, value: row.ours.p99, unit: 'µs', peer: row.fuse.p99 });
  report.figure({ name: `${row.label}: samples (peer: Fuse.js)`, value: row.ours.samples, peer: row.fuse.samples });
  report.figure({ name: `${row.label}: Fuse.js time / ours, p50`, value: row.fuse.p50 / row.ours.p50, unit: '×' });
  report.figure({ name: `${row.label}: Fuse.js time / ours, p99`, value: row.fuse.p99 / row.ours.p99, unit: '×' });
}

export function recordComparison(report: Report, comparison: EngineComparison): void {
  recordEngineRow(report, comparison.mix);
  recordEngineRow(report, comparison.long);
  for (const row of comparison.perQuery) report.figure({ name: `median for ${describeQuery(row.query)} (peer: Fuse.js)`, value: row.oursP50, unit: 'µs', peer: row.fuseP50 });
}

export function recordAccuracy(report: Report, result: AccuracyResult): void {
  for (const group of [result.overall, ...result.groups]) {
    report.figure({ name: `top-1 right, ${group.label} (${group.count} queries; peer: Fuse.js)`, value: group.ours * 100, unit: '%', peer: group.fuse * 100 });
  }
  const count = (ours: boolean, fuse: boolean): number => result.outcomes.filter((o) => o.oursRight === ours && o.fuseRight === fuse).length;
  report.figure({ name: 'ours wrong, Fuse.js right', value: count(false, true) });
  report.figure({ name: 'ours right, Fuse.js wrong', value: count(true, false) });
  report.figure({ name: 'both wrong', value: count(false, false) });
  report.figure({ name: `Fuse.js accuracy pass (${result.threads} worker threads)`, value: result.fuseSeconds, unit: 's' });
}

export function recordMemory(report: Report, readings: readonly MemoryReading[], buildTimes: readonly [string, number][]): void {
  for (const reading of readings) {
    report.figure({ name: `heap used after ${reading.label}`, value: reading.heapUsed / MiB, unit: 'MiB' });
    report.figure({ name: `RSS after ${reading.label}`, value: reading.rss / MiB, unit: 'MiB' });
  }
  for (const [what, ms] of buildTimes) report.figure({ name: `build time: ${what}`, value: ms, unit: 'ms' });
}

export function recordFanout(report: Report, result: FanoutResult): void {
  report.figure({ name: 'servers due', value: result.servers });
  report.figure({ name: 'delivered', value: result.delivered });
  report.figure({ name: 'duplicates', value: result.duplicates });
  report.figure({ name: 'tick', value: result.seconds, unit: 's' });
  report.figure({ name: 'posts per second', value: result.postsPerSecond, unit: '/s' });
  report.figure({ name: 'peak posts in one second', value: result.peakPerSecond });
  report.figure({ name: '429s (of which global)', value: `${result.rateLimited} (${result.globalLimited})` });
  report.figure({ name: 'peak RSS', value: result.peakRssMb, unit: 'MiB' });
  report.figure({ name: 'peak heap', value: result.peakHeapMb, unit: 'MiB' });
}

export function recordFaultyFanout(report: Report, result: FaultyFanoutResult, clean: FanoutResult): void {
  report.figure({ name: 'servers due', value: result.servers });
  report.figure({ name: 'delivered', value: result.delivered });
  report.figure({ name: 'duplicates', value: result.duplicates });
  report.figure({ name: 'lost responses', value: result.lost });
  report.figure({ name: 'found in history', value: result.verified });
  report.figure({ name: 'history reads', value: result.historyReads });
  report.figure({ name: 'fan-out posts per second', value: result.postsPerSecond, unit: '/s' });
  report.figure({ name: 'fan-out rate vs the clean run', value: (result.postsPerSecond / clean.postsPerSecond) * 100, unit: '%' });
  report.figure({ name: 'overall posts per second (restarts and retry pass included)', value: result.overallPerSecond, unit: '/s' });
  report.figure({ name: 'peak RSS', value: result.peakRssMb, unit: 'MiB' });
}

export function recordStudy(report: Report, result: StudyBenchResult): void {
  report.figure({ name: `check-ins per second (${result.checkins.toLocaleString('en-US')} in a row)`, value: result.checkinsPerSecond, unit: '/s' });
  report.figure({ name: `/study status, ${result.statusMembers} members: p50`, value: result.statusP50Us, unit: 'µs' });
  report.figure({ name: `/study status, ${result.statusMembers} members: p99 (${result.statusSamples} samples)`, value: result.statusP99Us, unit: 'µs' });
  report.figure({ name: 'reminders due', value: result.groups });
  report.figure({ name: 'reminders delivered once', value: result.delivered });
  report.figure({ name: 'duplicates', value: result.duplicates });
  report.figure({ name: 'reminder tick', value: result.fanoutSeconds, unit: 's' });
  report.figure({ name: 'reminder posts per second', value: result.postsPerSecond, unit: '/s' });
  report.figure({ name: 'global 429s', value: result.globalLimited });
}

export function recordRelevance(report: Report, result: RelevanceResult): void {
  const figures: [string, Figure][] = [
    ['/book top-1 for books in the catalog', result.topOne],
    ['  of which another edition asked for, with the edition note', result.editionNotes],
    ['/book no card for books not in the catalog and neighbours', result.noFalseCard],
    ['  of which neighbours named in the reply', result.neighbourPointers],
    ['/recommend sensible first book, in-scope requests', result.sensibleFirst],
    ['/recommend honest no-match, out-of-scope requests', result.honestNoMatch],
  ];
  for (const [name, figure] of figures) report.figure({ name: `${name.trim()} (${figure.right}/${figure.count})`, value: (figure.right / figure.count) * 100, unit: '%' });
}

export function recordRecommendScale(report: Report, rows: readonly { books: number; latency: HandlerLatency; buildMs: number }[]): void {
  for (const { books, latency, buildMs } of rows) {
    const name = `${books.toLocaleString('en-US')} books`;
    report.figure({ name: `${name}: createCatalog`, value: buildMs, unit: 'ms' });
    report.figure({ name: `${name}: /recommend p50`, value: latency.summary.p50, unit: 'µs' });
    report.figure({ name: `${name}: /recommend p99`, value: latency.summary.p99, unit: 'µs' });
    report.figure({ name: `${name}: /recommend max`, value: latency.summary.max, unit: 'µs' });
    if (latency.cpuWaitShare !== null) report.figure({ name: `${name}: CPU wait`, value: latency.cpuWaitShare * 100, unit: '%', target: '≤ 5%', ok: latency.cpuWaitShare <= 0.05 });
  }
}
