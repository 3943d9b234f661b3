import type { Catalog } from '../src/features/catalog/core/catalog.js';
import { tokenize } from '../src/core/normalize-text.js';
import type { Book } from '../src/features/catalog/core/schema.js';
import { fuseTopIds } from './fuse-pool.js';
import type { MisspelledQuery, TypoKind } from './misspell.js';

/** Section 3: is the first result the book the person meant? Both engines, the same misspelled queries. */

export interface QueryOutcome {
  query: MisspelledQuery;
  oursTop: string | null;
  fuseTop: string | null;
  oursRight: boolean;
  fuseRight: boolean;
}

export interface AccuracyGroup {
  label: string;
  count: number;
  ours: number;
  fuse: number;
}

export interface AccuracyResult {
  outcomes: QueryOutcome[];
  overall: AccuracyGroup;
  groups: AccuracyGroup[];
  fuseSeconds: number;
  threads: number;
}

function group(label: string, outcomes: readonly QueryOutcome[]): AccuracyGroup {
  const count = outcomes.length;
  const rate = (right: (outcome: QueryOutcome) => boolean): number => (count === 0 ? Number.NaN : outcomes.filter(right).length / count);
  return { label, count, ours: rate((o) => o.oursRight), fuse: rate((o) => o.fuseRight) };
}

const typoKinds: readonly TypoKind[] = ['transposition', 'dropped letter', 'doubled letter', 'neighbouring key', 'missing space'];

export async function measureAccuracy(catalog: Catalog, books: readonly Book[], queries: readonly MisspelledQuery[], threads: number): Promise<AccuracyResult> {
  // The same call autocomplete makes (limit 25 changes which candidates are re-ranked, so keep it).
  const oursTops = queries.map((q) => catalog.search(q.query, 25)[0]?.book.id ?? null);
  const started = process.hrtime.bigint();
  const fuseTops = await fuseTopIds(books, queries.map((q) => q.query), threads);
  const fuseSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const outcomes = queries.map((query, i): QueryOutcome => {
    const oursTop = oursTops[i] ?? null;
    const fuseTop = fuseTops[i] ?? null;
    return { query, oursTop, fuseTop, oursRight: oursTop === query.expectedId, fuseRight: fuseTop === query.expectedId };
  });
  const generated = outcomes.filter((o) => o.query.form !== 'real-world');
  const groups = [
    group('real-world misspellings', outcomes.filter((o) => o.query.form === 'real-world')),
    group('generated, one of the 10 real books', generated.filter((o) => o.query.realBook)),
    group('generated, synthetic books', generated.filter((o) => !o.query.realBook)),
    group('form: title', generated.filter((o) => o.query.form === 'title')),
    group('form: title + author last name', generated.filter((o) => o.query.form === 'title + author')),
    group('form: alias (real books)', generated.filter((o) => o.query.form === 'alias')),
    group('1 typo', generated.filter((o) => o.query.typos.length === 1)),
    group('2 typos', generated.filter((o) => o.query.typos.length === 2)),
    ...typoKinds.map((kind) => group(`has ${kind}`, generated.filter((o) => o.query.typos.includes(kind)))),
    group('no missing space', generated.filter((o) => !o.query.typos.includes('missing space'))),
  ];
  return { outcomes, overall: group('all queries', outcomes), groups, fuseSeconds, threads };
}

/**
 * Why our first result was not the intended book, in the two shapes seen so far: the query glued two words
 * together, or a longer title holding every word of the intended one came first.
 */
export function missReasons(catalog: Catalog, outcomes: readonly QueryOutcome[]): Map<string, number> {
  const reasons = new Map<string, number>();
  for (const outcome of outcomes) {
    if (outcome.oursRight) continue;
    const intended = catalog.bookById(outcome.query.expectedId);
    const top = outcome.oursTop === null ? undefined : catalog.bookById(outcome.oursTop);
    let reason: string;
    if (outcome.query.typos.includes('missing space')) reason = 'query has a missing space';
    else if (!top) reason = 'no result at all';
    else if (intended && tokenize(intended.title).every((word) => tokenize(top.title).includes(word))) {
      reason = "a longer title containing every word of the intended title ranked first";
    } else reason = 'other';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return reasons;
}
