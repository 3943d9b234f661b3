import { boundedEditDistance } from './edit-distance.js';
import { normalizeText } from '../../../core/normalize-text.js';
import type { Topic } from './schema.js';

export interface TopicMatch {
  topic: Topic;
  /** The term that matched, as the topic spells it ("event loop"), to show people why. */
  via: string;
}

interface Term {
  topic: Topic;
  text: string;
}

const termsByTopic = new WeakMap<Topic, Term[]>();
const sortedTermsByList = new WeakMap<readonly Topic[], Term[]>();

/** A topic's id, label and synonyms in normalized form (computed once per topic). */
function termsOf(topic: Topic): Term[] {
  let terms = termsByTopic.get(topic);
  if (!terms) {
    const texts = [topic.id.replace(/-/g, ' '), topic.label, ...topic.synonyms].map(normalizeText);
    terms = [...new Set(texts)].filter((text) => text !== '').map((text) => ({ topic, text }));
    termsByTopic.set(topic, terms);
  }
  return terms;
}

const namesByTopic = new WeakMap<Topic, { label: string; texts: string[] }>();

/** A topic's normalized label and term texts (computed once per topic). */
function namesOf(topic: Topic): { label: string; texts: string[] } {
  let names = namesByTopic.get(topic);
  if (!names) namesByTopic.set(topic, (names = { label: normalizeText(topic.label), texts: termsOf(topic).map((term) => term.text) }));
  return names;
}

/** Every term of a topic list, longest first, so "event loop" wins over "loop" (computed once per list). */
function sortedTerms(topics: readonly Topic[]): Term[] {
  let terms = sortedTermsByList.get(topics);
  if (!terms) {
    terms = topics.flatMap(termsOf).sort((a, b) => b.text.length - a.text.length);
    sortedTermsByList.set(topics, terms);
  }
  return terms;
}

/**
 * Topics named in free text ("make my code faster", "async await"): whole-word phrase matches first,
 * longest phrase winning, then single words within one typo of a one-word term.
 */
export function resolveTopics(topics: readonly Topic[], text: string): TopicMatch[] {
  const normalized = normalizeText(text.slice(0, 500));
  if (normalized === '') return [];
  const padded = ` ${normalized} `;
  const terms = sortedTerms(topics);
  const found = new Map<string, TopicMatch>();
  for (const term of terms) {
    if (!found.has(term.topic.id) && padded.includes(` ${term.text} `)) found.set(term.topic.id, { topic: term.topic, via: term.text });
  }
  if (found.size > 0) return [...found.values()];
  const words = typoCandidates(normalized);
  for (const term of terms) {
    if (!found.has(term.topic.id) && isTypoOf(words, term.text)) found.set(term.topic.id, { topic: term.topic, via: term.text });
  }
  return [...found.values()];
}

/** Typed words long enough to be read as a misspelt one-word term. */
function typoCandidates(normalized: string): string[] {
  return normalized.split(' ').filter((word) => word.length >= 5);
}

/** Whether one of the typed words is a misspelling of a one-word term (one edit, two for long words). */
function isTypoOf(words: readonly string[], termText: string): boolean {
  if (termText.includes(' ')) return false;
  return words.some((word) => {
    const maxDistance = word.length >= 9 ? 2 : 1;
    return boundedEditDistance(word, termText, maxDistance) <= maxDistance;
  });
}

/** Topics to offer while someone types, best first: label prefix, then synonym prefix, then containment or a typo. */
export function suggestTopics(topics: readonly Topic[], text: string, limit: number): Topic[] {
  const typed = normalizeText(text.slice(0, 200));
  if (typed === '') return topics.slice(0, limit);
  // Autocomplete asks again for every keystroke, and a no-match answer for what was just typed: keep recent answers.
  let recent = recentSuggestions.get(topics);
  if (!recent) recentSuggestions.set(topics, (recent = new Map()));
  const key = `${limit} ${typed}`;
  const known = recent.get(key);
  if (known) return [...known];
  const suggested = scoreSuggestions(topics, typed, limit);
  if (recent.size >= maxRecentSuggestions) recent.delete(recent.keys().next().value!);
  recent.set(key, suggested);
  return [...suggested];
}

const recentSuggestions = new WeakMap<readonly Topic[], Map<string, readonly Topic[]>>();
const maxRecentSuggestions = 256;

function scoreSuggestions(topics: readonly Topic[], typed: string, limit: number): Topic[] {
  const padded = ` ${typed} `;
  const words = typoCandidates(typed);
  const scored = topics.map((topic, order) => {
    const { label, texts: terms } = namesOf(topic);
    let score = 0;
    if (label.startsWith(typed)) score = 4;
    else if (terms.some((term) => term.startsWith(typed))) score = 3;
    else if (terms.some((term) => term.includes(typed) || typed.includes(term))) score = 2;
    // Named in the text (as resolveTopics reads it), or misspelt.
    else if (terms.some((term) => padded.includes(` ${term} `) || isTypoOf(words, term))) score = 1;
    return { topic, score, order };
  });
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((entry) => entry.topic);
}
