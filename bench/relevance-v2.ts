import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../src/features/catalog/core/catalog.js';
import { findBook, recommendFor } from '../src/features/catalog/service.js';

/**
 * The second relevance set (bench/relevance/v2, written blind before it was run), by kind and by part: the
 * tuning part may be looked at while changing the ranking; the sealed part is run once, at the very end.
 */

export type SetPart = 'tuning' | 'sealed';

interface BookQuery {
  query: string;
  kind: string;
  expect: { book?: string; notOurs?: boolean; neighbour?: string };
}

interface RecommendRequest {
  request: string;
  kind: string;
  inScope: boolean;
  sensibleFirst: string[];
}

const setDir = fileURLToPath(new URL('./relevance/v2/', import.meta.url));

function load<T>(name: string, part: SetPart): T[] {
  return JSON.parse(readFileSync(`${setDir}${name}.${part}.json`, 'utf8')) as T[];
}

export interface KindFigure {
  right: number;
  count: number;
  misses: string[];
}

export interface RelevanceV2Result {
  part: SetPart;
  /** /book, queries for one of our books: that book's card. */
  topOne: Map<string, KindFigure>;
  /** /book, queries for a book not ours (or a neighbour): right = no card. */
  noFalseCard: Map<string, KindFigure>;
  /** /recommend in scope: the first book is a sensible one. */
  sensibleFirst: Map<string, KindFigure>;
  /** /recommend out of scope: an honest "none of ours". */
  honestNoMatch: Map<string, KindFigure>;
  /** /recommend in scope, answered: the first book points at a chapter or section. */
  pointers: Map<string, KindFigure>;
}

function tally(figures: Map<string, KindFigure>, kind: string, ok: boolean, miss: () => string): void {
  const figure = figures.get(kind) ?? { right: 0, count: 0, misses: [] };
  figure.count++;
  if (ok) figure.right++;
  else figure.misses.push(miss());
  figures.set(kind, figure);
}

/** All kinds of a figure added up. */
export function total(figures: Map<string, KindFigure>): KindFigure {
  const sum: KindFigure = { right: 0, count: 0, misses: [] };
  for (const figure of figures.values()) {
    sum.right += figure.right;
    sum.count += figure.count;
    sum.misses.push(...figure.misses);
  }
  return sum;
}

function describe(catalog: Catalog, query: string): { card: string | null; text: string } {
  const result = findBook(catalog, query);
  if (result.kind === 'found') return { card: result.book.id, text: `card ${result.book.id}` };
  if (result.kind === 'not-in-list') return { card: null, text: result.neighbour ? `not in list (neighbour ${result.neighbour.title})` : 'not in list' };
  return { card: null, text: 'not found' };
}

export function measureRelevanceV2(catalog: Catalog, part: SetPart): RelevanceV2Result {
  const result: RelevanceV2Result = { part, topOne: new Map(), noFalseCard: new Map(), sensibleFirst: new Map(), honestNoMatch: new Map(), pointers: new Map() };
  for (const { query, kind, expect } of load<BookQuery>('book-queries', part)) {
    let got: { card: string | null; text: string };
    try {
      got = describe(catalog, query);
    } catch (error) {
      got = { card: null, text: `refused: ${error instanceof Error ? error.message : String(error)}` };
    }
    const miss = (): string => `"${query}" → ${got.text} (expected ${expect.book ?? 'no card'})`;
    if (expect.book) tally(result.topOne, kind, got.card === expect.book, miss);
    else tally(result.noFalseCard, kind, got.card === null, miss);
  }
  for (const { request, kind, inScope, sensibleFirst } of load<RecommendRequest>('recommend-requests', part)) {
    let shown = 'no match';
    let first: { id: string; pointer: boolean } | undefined;
    try {
      const answer = recommendFor(catalog, { topic: request });
      if (answer.kind === 'recommendations') {
        shown = answer.recommendations.map((r) => r.book.id).join(', ');
        const best = answer.recommendations[0];
        if (best) first = { id: best.book.id, pointer: best.chapters.length > 0 };
      }
    } catch (error) {
      shown = `refused: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (inScope) {
      tally(result.sensibleFirst, kind, first !== undefined && sensibleFirst.includes(first.id), () => `"${request}" → ${shown} (sensible: ${sensibleFirst.join(', ')})`);
      if (first) tally(result.pointers, kind, first.pointer, () => `"${request}" → ${first.id} without a chapter`);
    } else {
      tally(result.honestNoMatch, kind, first === undefined, () => `"${request}" → ${shown} (expected no match)`);
    }
  }
  return result;
}
