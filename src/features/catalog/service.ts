import { UserError } from '../../platform/discord/user-error.js';
import type { BookLookup, Catalog } from './core/catalog.js';
import { recommendBooks, similarTerms, type Recommendation } from './core/recommend.js';
import { readRequest, topicPick, type RequestReading } from './core/request-terms.js';
import type { Book, Level, Topic } from './core/schema.js';
import { suggestTopics } from './core/topics.js';

/** The catalog's use cases: look a book up, books like it, books for a topic. */

export const similarBookCount = 3;
export const defaultRecommendationCount = 3;

/** One book for what someone typed; an empty query is a UserError. */
export function findBook(catalog: Catalog, query: string): Exclude<BookLookup, { kind: 'empty' }> {
  const result = catalog.lookup(query);
  if (result.kind === 'empty') throw new UserError('Type part of a title, an author or an ISBN, e.g. `/book query: fluent python`.');
  return result;
}

/** Books sharing what this one is about and covers, best first (none when it shares nothing). */
export function similarBooks(catalog: Catalog, book: Book): Recommendation[] {
  return recommendBooks(catalog, { terms: similarTerms(catalog, book), count: similarBookCount, excludeBookId: book.id });
}

export interface RecommendationRequest {
  /** A topic id (an autocomplete pick) or free text. */
  topic: string;
  level?: Level | undefined;
  count?: number | undefined;
}

export type RecommendationResult =
  | { kind: 'recommendations'; reading: RequestReading; recommendations: Recommendation[] }
  /** No book covers the request well: say so, with the closest topics we do cover. */
  | { kind: 'no-match'; reading: RequestReading; closestTopics: Topic[] };

const closestTopicCount = 5;

/** The value an autocomplete pick sends: marked, so typing "web" is free text and not the topic "web". */
export function topicChoiceValue(topic: Topic): string {
  return `${topicChoicePrefix}${topic.id}`;
}
const topicChoicePrefix = 'topic:';

/** An autocomplete pick arrives as `topic:<id>`; anything else is read as free text. */
function understand(catalog: Catalog, text: string): RequestReading {
  const trimmed = text.trim();
  const picked = trimmed.startsWith(topicChoicePrefix) ? catalog.topicById(trimmed.slice(topicChoicePrefix.length)) : undefined;
  if (picked) return topicPick(picked, catalog.relevance.keywords);
  return readRequest(catalog.topics, catalog.relevance.keywords, text);
}

/** Topics near what was typed, or else the ones our books are about. */
function closestTopics(catalog: Catalog, text: string): Topic[] {
  const near = suggestTopics(catalog.topics, text, closestTopicCount);
  if (near.length > 0) return near;
  return catalog.relevance.aboutTopics.flatMap((id) => catalog.topicById(id) ?? []).slice(0, closestTopicCount);
}

/** Ranked books for a request, each with where to read; a UserError when only the level rules every book out. */
export function recommendFor(catalog: Catalog, { topic, level, count }: RecommendationRequest): RecommendationResult {
  const reading = understand(catalog, topic);
  const wanted = count ?? defaultRecommendationCount;
  const recommendations = recommendBooks(catalog, { terms: reading.terms, level, count: wanted });
  if (recommendations.length > 0) return { kind: 'recommendations', reading, recommendations };
  if (level && recommendBooks(catalog, { terms: reading.terms, count: 1 }).length > 0) {
    throw new UserError(`No ${level} book in the catalog covers that well. Try another level, or leave the level out.`);
  }
  return { kind: 'no-match', reading, closestTopics: closestTopics(catalog, topic) };
}
