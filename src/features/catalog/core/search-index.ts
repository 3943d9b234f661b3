import { boundedEditDistance } from './edit-distance.js';
import { normalizeText, tokenize } from '../../../core/normalize-text.js';

/**
 * A typo-tolerant ranked index over short names (titles, aliases, authors).
 * Words live in a vocabulary with postings; a query word reaches vocabulary words by exact match, by
 * prefix (so autocomplete works while typing) and by one-deletion neighbourhoods (symmetric delete), then
 * edit distance confirms the typo. Only candidate words are touched, never the whole catalog, which
 * keeps a 10,000-book query well under a millisecond.
 */

export interface SearchField {
  text: string;
  /** How much a match in this field counts, 0–1 (title 1, author 0.9 …). */
  weight: number;
}

export interface SearchDocument {
  fields: SearchField[];
  /** Breaks ties between equally good matches (e.g. how many articles recommend the book). */
  popularity: number;
}

export interface SearchHit {
  /** Index of the document in the array the index was built from. */
  doc: number;
  /** 0–1: how much of the query the document covers, weighted by word rarity and match quality. */
  score: number;
}

const maxQueryWords = 12;
const maxWordLength = 40;
const maxPrefixExpansions = 96;
const exactQuality = 1;
const fuzzyQuality = [1, 0.8, 0.6] as const;

export interface SearchIndex {
  readonly size: number;
  search(query: string, limit: number): SearchHit[];
}

interface Postings {
  docs: Int32Array;
  weights: Float32Array;
}

export function buildSearchIndex(documents: readonly SearchDocument[]): SearchIndex {
  const wordIds = new Map<string, number>();
  const perWordPostings: Map<number, number>[] = [];
  const firstNames: string[] = [];

  documents.forEach((document, docIndex) => {
    firstNames.push(normalizeText(document.fields[0]?.text ?? ''));
    for (const field of document.fields) {
      for (const word of tokenize(field.text)) {
        let wordId = wordIds.get(word);
        if (wordId === undefined) {
          wordId = perWordPostings.length;
          wordIds.set(word, wordId);
          perWordPostings.push(new Map());
        }
        const postings = perWordPostings[wordId]!;
        postings.set(docIndex, Math.max(postings.get(docIndex) ?? 0, field.weight));
      }
    }
  });

  const words = [...wordIds.keys()];
  const postings: Postings[] = perWordPostings.map((byDoc) => ({
    docs: Int32Array.from(byDoc.keys()),
    weights: Float32Array.from(byDoc.values()),
  }));
  const idf = Float64Array.from(postings, (p) => Math.log(1 + documents.length / p.docs.length));
  const unseenWordIdf = Math.log(1 + documents.length);
  const sortedWordIds = Int32Array.from(words.keys()).sort((a, b) => compareStrings(words[a]!, words[b]!));
  const deletions = buildDeletionNeighbourhoods(words);
  const popularity = Float64Array.from(documents, (d) => d.popularity);
  const firstNameWordCounts = Int32Array.from(firstNames, (name) => Math.max(1, name.split(' ').length));
  const maxPopularity = Math.max(1, ...popularity);

  // Scratch space reused by every query: one slot per document.
  const total = new Float64Array(documents.length);
  const wordBest = new Float64Array(documents.length);
  const wordStamp = new Float64Array(documents.length);
  const queryStamp = new Float64Array(documents.length);
  let stamp = 0;
  let wordRound = 0;

  function prefixCandidates(prefix: string): number[] {
    let low = lowerBound(sortedWordIds, words, prefix);
    const found: number[] = [];
    for (; low < sortedWordIds.length; low++) {
      const wordId = sortedWordIds[low]!;
      if (!words[wordId]!.startsWith(prefix)) break;
      found.push(wordId);
    }
    if (found.length <= maxPrefixExpansions) return found;
    // Too many completions (one or two letters typed): keep the most common words.
    return found.sort((a, b) => postings[b]!.docs.length - postings[a]!.docs.length).slice(0, maxPrefixExpansions);
  }

  /**
   * Vocabulary words a query word may stand for, with a match quality 0–1. A word that exists as typed is
   * not also read as a typo of another ("python" is not a misspelt "cpython").
   */
  function candidatesFor(queryWord: string, isLast: boolean): Map<number, number> {
    const candidates = new Map<number, number>();
    const offer = (wordId: number, quality: number): void => {
      if ((candidates.get(wordId) ?? 0) < quality) candidates.set(wordId, quality);
    };
    const exact = wordIds.get(queryWord);
    if (exact !== undefined) offer(exact, exactQuality);
    if (queryWord.length >= 3 || isLast) {
      for (const wordId of prefixCandidates(queryWord)) {
        // A longer completion is a weaker match; the last word is still being typed, so it is penalised less.
        const coverage = queryWord.length / words[wordId]!.length;
        offer(wordId, (isLast ? 0.7 : 0.55) + (isLast ? 0.25 : 0.35) * coverage);
      }
    }
    if (exact === undefined && queryWord.length >= 4) {
      const maxDistance = queryWord.length >= 8 ? 2 : 1;
      const considerFuzzy = (wordId: number): void => {
        const distance = boundedEditDistance(queryWord, words[wordId]!, maxDistance);
        if (distance >= 1 && distance <= maxDistance) offer(wordId, fuzzyQuality[distance]! * 0.8);
      };
      for (const variant of [queryWord, ...deletionsOf(queryWord)]) {
        const direct = wordIds.get(variant);
        if (direct !== undefined) considerFuzzy(direct);
        for (const wordId of deletions.get(variant) ?? []) considerFuzzy(wordId);
      }
    }
    return candidates;
  }

  interface Reading {
    word: string;
    candidates: Map<number, number>;
  }

  /**
   * A word that matches nothing may be two words typed without a space ("fluentpython", "cosmicppython"):
   * the longest known first half whose rest matches something is taken.
   */
  function splitJoinedWord(word: string, isLast: boolean): Reading[] | null {
    for (let cut = word.length - 2; cut >= 2; cut--) {
      const left = word.slice(0, cut);
      if (!wordIds.has(left)) continue;
      const right = word.slice(cut);
      const rightCandidates = candidatesFor(right, isLast);
      if (rightCandidates.size > 0) return [{ word: left, candidates: candidatesFor(left, false) }, { word: right, candidates: rightCandidates }];
    }
    return null;
  }

  function readingsOf(queryWords: readonly string[]): Reading[] {
    return queryWords.flatMap((word, position) => {
      const isLast = position === queryWords.length - 1;
      const candidates = candidatesFor(word, isLast);
      if (candidates.size === 0 && word.length >= 5) return splitJoinedWord(word, isLast) ?? [{ word, candidates }];
      return [{ word, candidates }];
    });
  }

  function search(query: string, limit: number): SearchHit[] {
    const queryWords = tokenize(query.slice(0, maxQueryWords * (maxWordLength + 1)))
      .slice(0, maxQueryWords)
      .map((word) => word.slice(0, maxWordLength));
    if (queryWords.length === 0 || limit <= 0) return [];
    stamp++;
    const touched: number[] = [];
    let possible = 0;
    const readings = readingsOf(queryWords);

    for (const { word: queryWord, candidates } of readings) {
      // How much this query word matters: the rarity of the word as typed, or of its best reading if it
      // is a typo or a prefix. Every reading of the word is weighed by it, so only match quality differs.
      const exact = wordIds.get(queryWord);
      let importance = exact === undefined ? 0 : idf[exact]!;
      if (exact === undefined) for (const wordId of candidates.keys()) importance = Math.max(importance, idf[wordId]!);
      const wordTouched: number[] = [];
      wordRound++;
      for (const [wordId, quality] of candidates) {
        const gain = quality * importance;
        const { docs, weights } = postings[wordId]!;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          const value = gain * weights[i]!;
          if (wordStamp[doc] !== wordRound) {
            wordStamp[doc] = wordRound;
            wordBest[doc] = value;
            wordTouched.push(doc);
          } else if (value > wordBest[doc]!) {
            wordBest[doc] = value;
          }
        }
      }
      // An unknown word still counts against every document, so "fluent xyzzy" scores below "fluent".
      possible += candidates.size === 0 ? unseenWordIdf * 0.5 : importance;
      for (const doc of wordTouched) {
        if (queryStamp[doc] !== stamp) {
          queryStamp[doc] = stamp;
          total[doc] = 0;
          touched.push(doc);
        }
        total[doc] = total[doc]! + wordBest[doc]!;
      }
    }
    if (possible === 0 || touched.length === 0) return [];

    const normalizedQuery = queryWords.join(' ');
    const hits = selectTop(touched, limit * 2, (doc) => total[doc]!);
    return hits
      .map((doc) => {
        let score = total[doc]! / possible;
        // Names that start with what was typed come first among equals (autocomplete feel), and of two
        // titles containing every typed word, the one the query covers more of ("Python Cookbook" over
        // "Python Networking Cookbook").
        if (firstNames[doc]!.startsWith(normalizedQuery)) score += 0.05;
        score += 0.04 * Math.min(1, readings.length / firstNameWordCounts[doc]!);
        score += 0.01 * (popularity[doc]! / maxPopularity);
        return { doc, score: Math.min(1, score) };
      })
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, limit);
  }

  return { size: documents.length, search };
}

/** Every string made by deleting one character (for words of four letters or more). */
function deletionsOf(word: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < word.length; i++) result.push(word.slice(0, i) + word.slice(i + 1));
  return result;
}

function buildDeletionNeighbourhoods(words: readonly string[]): Map<string, number[]> {
  const neighbourhoods = new Map<string, number[]>();
  words.forEach((word, wordId) => {
    if (word.length < 3) return;
    for (const variant of new Set(deletionsOf(word))) {
      const list = neighbourhoods.get(variant);
      if (list) list.push(wordId);
      else neighbourhoods.set(variant, [wordId]);
    }
  });
  return neighbourhoods;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: Int32Array, words: readonly string[], target: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (words[sorted[middle]!]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The `count` items with the highest score, best first, without sorting everything (a small min-heap). */
export function selectTop(items: readonly number[], count: number, scoreOf: (item: number) => number): number[] {
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => scoreOf(a) < scoreOf(b) || (scoreOf(a) === scoreOf(b) && a > b);
  for (const item of items) {
    if (heap.length < count) {
      heap.push(item);
      siftUp(heap, heap.length - 1, less);
    } else if (less(heap[0]!, item)) {
      heap[0] = item;
      siftDown(heap, 0, less);
    }
  }
  return heap.sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0));
}

function siftUp(heap: number[], index: number, less: (a: number, b: number) => boolean): void {
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (!less(heap[index]!, heap[parent]!)) return;
    [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
    index = parent;
  }
}

function siftDown(heap: number[], index: number, less: (a: number, b: number) => boolean): void {
  for (;;) {
    const left = index * 2 + 1;
    const right = left + 1;
    let smallest = index;
    if (left < heap.length && less(heap[left]!, heap[smallest]!)) smallest = left;
    if (right < heap.length && less(heap[right]!, heap[smallest]!)) smallest = right;
    if (smallest === index) return;
    [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
    index = smallest;
  }
}
