import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../src/features/catalog/core/catalog.js';
import { findBook, recommendFor } from '../src/features/catalog/service.js';

/**
 * Section 8: does /book show the right card (and never a card for a book we do not have), and does
 * /recommend put a sensible book first (and say so honestly when none fits)? The queries and their
 * expected answers live in bench/relevance/*.json and were written before the ranking they measure.
 */

interface BookQuery {
  query: string;
  kind: 'in-catalog' | 'isbn' | 'not-in-catalog' | 'neighbour' | 'edition';
  expect: { book?: string; notInList?: boolean; neighbour?: string; editionNote?: boolean };
}

interface RecommendRequest {
  request: string;
  inScope: boolean;
  sensibleFirst?: string[];
  why?: string;
}

const setDir = fileURLToPath(new URL('./relevance/', import.meta.url));

export function loadRelevanceSets(): { books: BookQuery[]; recommends: RecommendRequest[] } {
  return {
    books: JSON.parse(readFileSync(`${setDir}book-queries.json`, 'utf8')) as BookQuery[],
    recommends: JSON.parse(readFileSync(`${setDir}recommend-requests.json`, 'utf8')) as RecommendRequest[],
  };
}

export interface Figure {
  right: number;
  count: number;
  misses: string[];
}

export interface RelevanceResult {
  /** Books in the catalog (titles, ISBNs, editions): the right card first. */
  topOne: Figure;
  /** Of those asking for another edition: the card carries the edition note. */
  editionNotes: Figure;
  /** Books not in the catalog and known neighbours: answered without a card (right = no card). */
  noFalseCard: Figure;
  /** Of the neighbours: the reply names the neighbour. */
  neighbourPointers: Figure;
  /** In-scope /recommend requests: the first book is a sensible one. */
  sensibleFirst: Figure;
  /** Out-of-scope requests: an honest "none of our books covers that well". */
  honestNoMatch: Figure;
}

function figure(): Figure {
  return { right: 0, count: 0, misses: [] };
}

function tally(into: Figure, ok: boolean, miss: () => string): void {
  into.count++;
  if (ok) into.right++;
  else into.misses.push(miss());
}

function describeLookup(catalog: Catalog, query: string): { kind: string; bookId?: string; edition: boolean; neighbour?: string; text: string } {
  const result = findBook(catalog, query);
  if (result.kind === 'found') return { kind: 'card', bookId: result.book.id, edition: result.otherEdition !== undefined, text: `card ${result.book.id}${result.otherEdition ? ' + edition note' : ''}` };
  if (result.kind === 'not-in-list') {
    const neighbour = result.neighbour?.title;
    return { kind: 'not-in-list', edition: false, ...(neighbour ? { neighbour } : {}), text: neighbour ? `not in list (neighbour ${neighbour})` : 'not in list' };
  }
  return { kind: 'not-found', edition: false, text: `not found (suggests ${result.suggestions.map((book) => book.id).join(', ') || 'nothing'})` };
}

export function measureRelevance(catalog: Catalog, sets = loadRelevanceSets()): RelevanceResult {
  const result: RelevanceResult = {
    topOne: figure(),
    editionNotes: figure(),
    noFalseCard: figure(),
    neighbourPointers: figure(),
    sensibleFirst: figure(),
    honestNoMatch: figure(),
  };
  for (const { query, kind, expect } of sets.books) {
    const got = describeLookup(catalog, query);
    const miss = (): string => `"${query}" → ${got.text} (expected ${expect.book ?? (expect.neighbour ? `neighbour ${expect.neighbour}` : 'no card')})`;
    if (expect.book) {
      const wantNote = expect.editionNote === true;
      tally(result.topOne, got.kind === 'card' && got.bookId === expect.book && got.edition === wantNote, miss);
      if (wantNote) tally(result.editionNotes, got.kind === 'card' && got.edition, miss);
    } else {
      tally(result.noFalseCard, got.kind !== 'card', miss);
      if (kind === 'neighbour') tally(result.neighbourPointers, got.neighbour === expect.neighbour, miss);
    }
  }
  for (const { request, inScope, sensibleFirst } of sets.recommends) {
    const answer = recommendFor(catalog, { topic: request });
    const first = answer.kind === 'recommendations' ? answer.recommendations[0]?.book.id : undefined;
    const shown = answer.kind === 'no-match' ? 'no match' : answer.recommendations.map((r) => r.book.id).join(', ');
    if (inScope) tally(result.sensibleFirst, first !== undefined && (sensibleFirst ?? []).includes(first), () => `"${request}" → ${shown} (sensible: ${(sensibleFirst ?? []).join(', ')})`);
    else tally(result.honestNoMatch, answer.kind === 'no-match', () => `"${request}" → ${shown} (expected no match)`);
  }
  return result;
}
