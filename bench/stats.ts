import { readFileSync } from 'node:fs';

/** Timing samples with process.hrtime.bigint() and the percentiles we report (microseconds). */

export interface Summary {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarize(durationsUs: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(durationsUs).sort();
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
  };
}

export interface SamplingPlan {
  /** Full passes over the inputs before anything is recorded (JIT, caches, SQLite statements). */
  warmupRounds: number;
  /** Samples wanted; cut down to fit `budgetMs` when one call is slow. Always whole rounds over the inputs. */
  samples: number;
  budgetMs?: number;
  /** Never fewer than this many whole rounds, whatever the budget. */
  minRounds?: number;
}

export interface Measurement {
  durationsUs: Float64Array;
  /** Which input each sample ran, to break results down per input. */
  inputIndex: Int32Array;
  summary: Summary;
  /**
   * Share of the sampling wall time the main thread spent ready to run but waiting for a CPU (Linux
   * schedstat), i.e. taken by other processes; null where the kernel does not report it. A few percent is
   * normal; much more means the p99 and max are inflated by other load.
   */
  cpuWaitShare: number | null;
}

/** This thread's time on a CPU and waiting for one, in ns (Linux /proc/thread-self/schedstat), or null. */
function readSchedstat(): { runNs: number; waitNs: number } | null {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return run === undefined || wait === undefined || Number.isNaN(run + wait) ? null : { runNs: run, waitNs: wait };
  } catch {
    return null;
  }
}

/** Starts a clock; calling the result gives the share of elapsed wall time spent waiting for a CPU. */
export function startWaitClock(): () => number | null {
  const wall = process.hrtime.bigint();
  const before = readSchedstat();
  return () => {
    const after = readSchedstat();
    const wallNs = Number(process.hrtime.bigint() - wall);
    if (!before || !after || wallNs <= 0) return null;
    return (after.waitNs - before.waitNs) / wallNs;
  };
}

const nanosPerMicro = 1000;

function sampleCount(inputs: number, plan: SamplingPlan, warmupMs: number, warmupCalls: number): number {
  let rounds = Math.max(1, Math.round(plan.samples / inputs));
  if (plan.budgetMs !== undefined && warmupCalls > 0) {
    const perCallMs = warmupMs / warmupCalls;
    rounds = Math.min(rounds, Math.floor(plan.budgetMs / (perCallMs * inputs)));
  }
  return Math.max(plan.minRounds ?? 1, rounds) * inputs;
}

/** Runs `run` over the inputs round-robin, one timed call per sample (awaiting it: the router is async). */
export async function measureAsync<T>(inputs: readonly T[], run: (input: T) => Promise<unknown>, plan: SamplingPlan): Promise<Measurement> {
  const warmStart = process.hrtime.bigint();
  for (let round = 0; round < plan.warmupRounds; round++) for (const input of inputs) await run(input);
  const warmupMs = Number(process.hrtime.bigint() - warmStart) / 1e6;
  const count = sampleCount(inputs.length, plan, warmupMs, plan.warmupRounds * inputs.length);
  const durationsUs = new Float64Array(count);
  const inputIndex = new Int32Array(count);
  const cpuWait = startWaitClock();
  for (let i = 0; i < count; i++) {
    const index = i % inputs.length;
    const input = inputs[index]!;
    const start = process.hrtime.bigint();
    await run(input);
    durationsUs[i] = Number(process.hrtime.bigint() - start) / nanosPerMicro;
    inputIndex[i] = index;
  }
  return { durationsUs, inputIndex, summary: summarize(durationsUs), cpuWaitShare: cpuWait() };
}

/** The same for synchronous work (search engines), without the await overhead. */
export function measureSync<T>(inputs: readonly T[], run: (input: T) => unknown, plan: SamplingPlan): Measurement {
  const warmStart = process.hrtime.bigint();
  for (let round = 0; round < plan.warmupRounds; round++) for (const input of inputs) run(input);
  const warmupMs = Number(process.hrtime.bigint() - warmStart) / 1e6;
  const count = sampleCount(inputs.length, plan, warmupMs, plan.warmupRounds * inputs.length);
  const durationsUs = new Float64Array(count);
  const inputIndex = new Int32Array(count);
  const cpuWait = startWaitClock();
  for (let i = 0; i < count; i++) {
    const index = i % inputs.length;
    const input = inputs[index]!;
    const start = process.hrtime.bigint();
    run(input);
    durationsUs[i] = Number(process.hrtime.bigint() - start) / nanosPerMicro;
    inputIndex[i] = index;
  }
  return { durationsUs, inputIndex, summary: summarize(durationsUs), cpuWaitShare: cpuWait() };
}

/** Times one call (µs) and returns its result too. */
export function timeOnce<R>(run: () => R): { result: R; us: number } {
  const start = process.hrtime.bigint();
  const result = run();
  return { result, us: Number(process.hrtime.bigint() - start) / nanosPerMicro };
}

/** Median time per input, in input order. */
export function perInputMedians(measurement: Measurement, inputCount: number): number[] {
  const buckets: number[][] = Array.from({ length: inputCount }, () => []);
  measurement.durationsUs.forEach((us, i) => buckets[measurement.inputIndex[i]!]!.push(us));
  return buckets.map((bucket) => summarize(bucket).p50);
}
