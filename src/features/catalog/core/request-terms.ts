import { boundedEditDistance } from './edit-distance.js';
import { genericWords } from './generic-words.js';
import { keywordTerm, topicTerm, type TermKey } from './relevance-index.js';
import { normalizeText } from '../../../core/normalize-text.js';
import type { Topic } from './schema.js';

/**
 * What a /recommend request asks for, read from free text: topics (by their names and synonyms) and
 * chapter keywords ("itertools"), matched on meaningful words. A single generic word ("web", "python",
 * "book") is never enough on its own; words that match nothing are reported so the answer can say so.
 */

export type RequestTerm =
  | { kind: 'topic'; term: TermKey; topic: Topic; via: string }
  | { kind: 'keyword'; term: TermKey; keyword: string };

export interface RequestReading {
  terms: RequestTerm[];
  /** Meaningful words that matched nothing ("scraping" in "web scraping"). */
  unmatched: string[];
}

const maxWords = 40;
const maxPhraseWords = 5;

interface Vocabulary {
  /** Normalized phrase -> what it means; built once per topic list and keyword set. */
  phrases: Map<string, RequestTerm[]>;
  /** One-word topic names and synonyms, for typo matching (keywords are too specific to guess at). */
  singleWords: string[];
}

const vocabularies = new WeakMap<readonly Topic[], WeakMap<ReadonlySet<string>, Vocabulary>>();

function vocabularyFor(topics: readonly Topic[], keywords: ReadonlySet<string>): Vocabulary {
  let byKeywords = vocabularies.get(topics);
  if (!byKeywords) vocabularies.set(topics, (byKeywords = new WeakMap()));
  let vocabulary = byKeywords.get(keywords);
  if (vocabulary) return vocabulary;
  const phrases = new Map<string, RequestTerm[]>();
  const topicWords = new Set<string>();
  const add = (text: string, meaning: RequestTerm): void => {
    const phrase = normalizeText(text);
    if (phrase === '' || (!phrase.includes(' ') && genericWords.has(phrase))) return;
    const list = phrases.get(phrase) ?? [];
    if (!list.some((existing) => existing.term === meaning.term)) list.push(meaning);
    phrases.set(phrase, list);
  };
  for (const topic of topics) {
    for (const text of [topic.id.replace(/-/g, ' '), topic.label, ...topic.synonyms]) {
      add(text, { kind: 'topic', term: topicTerm(topic.id), topic, via: normalizeText(text) });
      topicWords.add(normalizeText(text));
    }
  }
  for (const keyword of keywords) add(keyword, { kind: 'keyword', term: keywordTerm(keyword), keyword });
  const singleWords = [...topicWords].filter((phrase) => phrase.length >= 4 && !phrase.includes(' ') && !genericWords.has(phrase));
  vocabulary = { phrases, singleWords };
  byKeywords.set(keywords, vocabulary);
  return vocabulary;
}

export function readRequest(topics: readonly Topic[], keywords: ReadonlySet<string>, text: string): RequestReading {
  const vocabulary = vocabularyFor(topics, keywords);
  const words = normalizeText(text.slice(0, 500)).split(' ').filter(Boolean).slice(0, maxWords);
  const covered = new Array<boolean>(words.length).fill(false);
  const found = new Map<TermKey, RequestTerm>();
  // Longest phrases first, so "event loop" is read as one thing and its "loop" is not read again.
  for (let length = Math.min(maxPhraseWords, words.length); length >= 1; length--) {
    for (let start = 0; start + length <= words.length; start++) {
      if (covered.slice(start, start + length).some(Boolean)) continue;
      const meanings = vocabulary.phrases.get(words.slice(start, start + length).join(' '));
      if (!meanings) continue;
      for (const meaning of meanings) if (!found.has(meaning.term)) found.set(meaning.term, meaning);
      // A word that is only a keyword ("decorator", from a section title) may also be a topic's name in
      // another form ("decorators"): it then means the topic too.
      const word = words[start]!;
      if (length === 1 && word.length >= 5 && meanings.every((meaning) => meaning.kind === 'keyword')) {
        const near = closestWord(vocabulary.singleWords, word);
        for (const meaning of near === undefined ? [] : (vocabulary.phrases.get(near) ?? [])) if (meaning.kind === 'topic' && !found.has(meaning.term)) found.set(meaning.term, meaning);
      }
      covered.fill(true, start, start + length);
    }
  }
  // A misspelt word ("asynco", "perfromance") may still name a one-word topic or keyword.
  const unmatched: string[] = [];
  words.forEach((word, index) => {
    if (covered[index] || genericWords.has(word)) return;
    const typo = word.length >= 5 ? closestWord(vocabulary.singleWords, word) : undefined;
    if (typo === undefined) {
      unmatched.push(word);
      return;
    }
    for (const meaning of vocabulary.phrases.get(typo) ?? []) if (!found.has(meaning.term)) found.set(meaning.term, meaning);
  });
  const terms = [...found.values()];
  // A keyword is a mention in one chapter; next to words we know nothing of ("deep" in "deep learning
  // with pytorch") it is a guess, not an answer.
  if (unmatched.length > 0 && terms.every((term) => term.kind === 'keyword')) return { terms: [], unmatched: [...new Set([...unmatched, ...terms.map((term) => (term.kind === 'keyword' ? term.keyword : ''))])] };
  return { terms, unmatched: [...new Set(unmatched)] };
}

/**
 * An autocomplete pick: the topic, plus a chapter keyword spelled like its name ("logging"), as if it had
 * been typed. Not its synonyms: each would add a keyword of its own and outweigh the topic.
 */
export function topicPick(topic: Topic, keywords: ReadonlySet<string>): RequestReading {
  const names = [topic.id.replace(/-/g, ' '), topic.label].map(normalizeText);
  const keywordTerms: RequestTerm[] = [...new Set(names)].filter((name) => keywords.has(name)).map((keyword) => ({ kind: 'keyword', term: keywordTerm(keyword), keyword }));
  return { terms: [{ kind: 'topic', term: topicTerm(topic.id), topic, via: topic.label.toLowerCase() }, ...keywordTerms], unmatched: [] };
}

/** Recent typo look-ups per candidate list: the same few words are typed again and again. */
const recentClosest = new WeakMap<readonly string[], Map<string, string | undefined>>();
const maxRecentClosest = 512;

function closestWord(candidates: readonly string[], word: string): string | undefined {
  let recent = recentClosest.get(candidates);
  if (!recent) recentClosest.set(candidates, (recent = new Map()));
  if (recent.has(word)) return recent.get(word);
  const best = closestWordAmong(candidates, word);
  if (recent.size >= maxRecentClosest) recent.delete(recent.keys().next().value!);
  recent.set(word, best);
  return best;
}

function closestWordAmong(candidates: readonly string[], word: string): string | undefined {
  const maxDistance = word.length >= 9 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = boundedEditDistance(word, candidate, maxDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
