import { UserError } from '../../platform/discord/user-error.js';
import type { BookLookup, Catalog } from './core/catalog.js';
import { recommendBooks, type Recommendation } from './core/recommend.js';
import type { Book, Level } from './core/schema.js';
import { resolveTopics, type TopicMatch } from './core/topics.js';

/** The catalog's use cases: look a book up, books like it, books for a topic. */

export const similarBookCount = 3;
export const defaultRecommendationCount = 3;

/** One book for what someone typed; an empty query is a UserError. */
export function findBook(catalog: Catalog, query: string): Exclude<BookLookup, { kind: 'empty' }> {
  const result = catalog.lookup(query);
  if (result.kind === 'empty') throw new UserError('Type part of a title, an author or an ISBN, e.g. `/book query: fluent python`.');
  return result;
}

/** Books sharing topics with this one, best first (none when it shares no topic). */
export function similarBooks(catalog: Catalog, book: Book): Recommendation[] {
  return recommendBooks(catalog, { topicIds: book.topics, count: similarBookCount, excludeBookId: book.id });
}

export interface RecommendationRequest {
  /** A topic id (an autocomplete pick) or free text. */
  topic: string;
  level?: Level | undefined;
  count?: number | undefined;
}

export interface RecommendationResult {
  matches: TopicMatch[];
  recommendations: Recommendation[];
}

/** An autocomplete pick arrives as a topic id; anything else is read as free text. */
function understand(catalog: Catalog, text: string): TopicMatch[] {
  const picked = catalog.topicById(text.trim());
  if (picked) return [{ topic: picked, via: picked.label.toLowerCase() }];
  return resolveTopics(catalog.topics, text);
}

/** Ranked books for a topic; a UserError when the topic is unknown or no book at that level covers it. */
export function recommendFor(catalog: Catalog, { topic, level, count }: RecommendationRequest): RecommendationResult {
  const matches = understand(catalog, topic);
  if (matches.length === 0) {
    throw new UserError(`I don't know that topic yet. Try one of: ${catalog.topics.map((known) => known.label).join(', ')}.`);
  }
  const recommendations = recommendBooks(catalog, { topicIds: matches.map((match) => match.topic.id), level, count: count ?? defaultRecommendationCount });
  if (recommendations.length === 0) {
    const labels = matches.map((match) => match.topic.label).join(', ');
    throw new UserError(`No ${level ?? ''} book in the catalog covers ${labels}. Try another level, or leave the level out.`.replace('  ', ' '));
  }
  return { matches, recommendations };
}
