import type { Catalog } from '../src/features/catalog/core/catalog.js';
import type { FuseEngine } from './fuse-engine.js';
import { autocompleteInputs, longInput } from './queries.js';
import { measureSync, perInputMedians, summarize, timeOnce, type Summary } from './stats.js';

/**
 * Section 2: our `catalog.search(query, 25)` (what /book autocomplete calls) against Fuse.js, same queries,
 * same process, one call at a time. Fuse.js is slow enough that its sample count is cut to a time budget.
 */

export interface EngineRow {
  label: string;
  ours: Summary;
  fuse: Summary;
  /** See Measurement.cpuWaitShare, while our samples ran. */
  oursCpuWaitShare: number | null;
}

export interface EngineComparison {
  /** The autocomplete inputs, minus the empty one (autocomplete does not search for it) and the 1,000-char one. */
  mix: EngineRow;
  long: EngineRow;
  perQuery: { query: string; oursP50: number; fuseP50: number }[];
}

export interface ComparisonPlan {
  oursSamples: number;
  fuseBudgetMs: number;
}

export function compareEngines(catalog: Catalog, fuse: FuseEngine, plan: ComparisonPlan): EngineComparison {
  const queries = autocompleteInputs.filter((query) => query.trim() !== '' && query !== longInput);
  const oursRun = (query: string): unknown => catalog.search(query, 25);
  const fuseRun = (query: string): unknown => fuse.search(query);

  const ours = measureSync(queries, oursRun, { warmupRounds: 50, samples: plan.oursSamples });
  const theirs = measureSync(queries, fuseRun, { warmupRounds: 1, samples: plan.oursSamples, budgetMs: plan.fuseBudgetMs, minRounds: 3 });
  const oursMedians = perInputMedians(ours, queries.length);
  const fuseMedians = perInputMedians(theirs, queries.length);

  // The pasted paragraph: ours gets many samples; one Fuse.js call takes seconds, so it gets one.
  const oursLong = measureSync([longInput], oursRun, { warmupRounds: 50, samples: 500 });
  const fuseLong = timeOnce(() => fuseRun(longInput));

  return {
    mix: { label: `autocomplete inputs (${queries.length}, non-empty, ≤ 200 chars)`, ours: ours.summary, fuse: theirs.summary, oursCpuWaitShare: ours.cpuWaitShare },
    long: { label: '1,000-character input', ours: oursLong.summary, fuse: summarize([fuseLong.us]), oursCpuWaitShare: oursLong.cpuWaitShare },
    perQuery: queries.map((query, i) => ({ query, oursP50: oursMedians[i]!, fuseP50: fuseMedians[i]! })),
  };
}
