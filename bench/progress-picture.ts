import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { layoutProgressPicture } from '../src/features/study-groups/core/progress-picture.js';
import { createProgressPictureWorker, type ProgressPictureWorker } from '../src/features/study-groups/picture/render-in-worker.js';
import { drawProgressPicture, renderProgressPng } from '../src/features/study-groups/picture/render-progress-png.js';
import { sampleProgressInput } from '../test/fixtures/progress-picture.js';
import { formatUs, table } from './format.js';
import { measureAsync, measureSync, type Summary } from './stats.js';

/**
 * The progress picture of issue 18: how long a render takes for 10 and 200 members, how long it holds the event loop
 * (on the calling thread: all of it; on the worker, which the bot uses, nothing but the messages), and the size of the
 * indexed PNG next to Skia's truecolour one. Run alone: `npx tsx bench/progress-picture.ts`.
 */

export interface ProgressPictureBenchRow {
  members: number;
  pngBytes: number;
  /** The same picture as Skia's own (truecolour) PNG, for comparison. */
  truecolourPngBytes: number;
  layout: Summary;
  /** Layout and drawing alone. */
  draw: Summary;
  /** Layout, drawing and encoding all on the main thread: blocks the loop for all of it. */
  renderSync: Summary;
  /** Everything on the worker thread (renderInWorker), as the caller waits for it. */
  renderWorker: Summary;
  /**
   * The longest event-loop delay while renders ran one after another (a 2 ms pause between them), in µs; `idle` is
   * the same time spent waiting on a timer instead: the delay the machine's other load causes on its own.
   */
  loopDelayMaxUs: { sync: number; worker: number; idle: number };
}

const plan = { warmupRounds: 3, samples: 50, minRounds: 50 } as const;
const loopSamples = 50;

/** The longest delay the event loop saw while `run` ran `loopSamples` times, with a short pause between runs as separate interactions would have. */
async function longestLoopDelayUs(run: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  for (let i = 0; i < loopSamples; i++) {
    await run();
    await sleep(2);
  }
  delay.disable();
  return delay.max / 1000;
}

async function benchOne(members: number, worker: ProgressPictureWorker): Promise<ProgressPictureBenchRow> {
  const input = sampleProgressInput(members);
  const inputs = [input];
  const layout = measureSync(inputs, layoutProgressPicture, plan).summary;
  const draw = measureSync(inputs, (i) => drawProgressPicture(layoutProgressPicture(i)), plan).summary;
  const renderSync = measureSync(inputs, (i) => renderProgressPng(layoutProgressPicture(i)), plan).summary;
  const renderWorker = (await measureAsync(inputs, (i) => worker.render(i), plan)).summary;
  const loopDelayMaxUs = {
    sync: await longestLoopDelayUs(async () => renderProgressPng(layoutProgressPicture(input))),
    worker: await longestLoopDelayUs(() => worker.render(input)),
    idle: await longestLoopDelayUs(() => sleep(Math.round(renderWorker.p50 / 1000))),
  };
  const pngBytes = (await worker.render(input)).length;
  const truecolourPngBytes = drawProgressPicture(layoutProgressPicture(input)).encodeSync('png').length;
  return { members, pngBytes, truecolourPngBytes, layout, draw, renderSync, renderWorker, loopDelayMaxUs };
}

export async function runProgressPictureBench(): Promise<ProgressPictureBenchRow[]> {
  const worker = createProgressPictureWorker();
  try {
    return [await benchOne(10, worker), await benchOne(200, worker)];
  } finally {
    await worker.close();
  }
}

export function formatProgressPictureBench(rows: readonly ProgressPictureBenchRow[]): string {
  const ms = (us: number): string => `${formatUs(us / 1000)} ms`;
  const spread = (summary: Summary): string => `${formatUs(summary.p50 / 1000)} / ${formatUs(summary.p99 / 1000)} ms`;
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
  const renders = table(
    ['members', 'samples', 'layout p50', 'draw p50 / p99', 'sync p50 / p99', 'worker p50 / p99', 'PNG (indexed)', 'PNG (Skia truecolour)'],
    rows.map((row) => [String(row.members), String(row.renderWorker.samples), ms(row.layout.p50), spread(row.draw), spread(row.renderSync), spread(row.renderWorker), kib(row.pngBytes), kib(row.truecolourPngBytes)]),
  );
  const loop = table(
    ['members', 'max loop delay: render on the loop', 'on the worker', 'idle (no render)'],
    rows.map((row) => [String(row.members), ms(row.loopDelayMaxUs.sync), ms(row.loopDelayMaxUs.worker), ms(row.loopDelayMaxUs.idle)]),
  );
  return `Render time (layout + draw + PNG)\n${renders}\n\nLongest event-loop delay while rendering\n${loop}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('Progress picture (issue 18)');
  console.log(formatProgressPictureBench(await runProgressPictureBench()));
}
