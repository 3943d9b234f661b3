import type { Catalog } from './catalog.js';
import type { Book, Level, Topic } from './schema.js';

export interface RecommendRequest {
  /** Topic ids in the order the person cares about them. */
  topicIds: readonly string[];
  level?: Level | undefined;
  count: number;
  excludeBookId?: string | undefined;
}

export interface Recommendation {
  book: Book;
  score: number;
  matchedTopics: Topic[];
  /** One line saying why: which topics matched, and how many articles recommend the book. */
  reason: string;
}

/** A book's first topics are what it is about; later ones are covered in passing. */
function topicWeight(position: number): number {
  return 1 / (1 + 0.3 * position);
}

export function recommendBooks(catalog: Catalog, request: RecommendRequest): Recommendation[] {
  const articleCount = catalog.articles.length;
  const requested = request.topicIds.filter((id, index) => request.topicIds.indexOf(id) === index);
  const ranked: Omit<Recommendation, 'reason'>[] = [];
  for (const book of catalog.books) {
    if (book.id === request.excludeBookId) continue;
    if (request.level && book.level !== request.level) continue;
    let relevance = 0;
    const matchedTopics: Topic[] = [];
    requested.forEach((topicId, requestPosition) => {
      const position = book.topics.indexOf(topicId);
      if (position === -1) return;
      relevance += topicWeight(position) * topicWeight(requestPosition);
      const topic = catalog.topicById(topicId);
      if (topic) matchedTopics.push(topic);
    });
    if (matchedTopics.length === 0) continue;
    // Being recommended by more articles breaks near-ties, never outweighs a topic match.
    const score = relevance + 0.04 * book.recommendedBy.length;
    ranked.push({ book, score, matchedTopics });
  }
  // Reasons are written only for the books shown.
  return ranked
    .sort((a, b) => b.score - a.score || (a.book.title < b.book.title ? -1 : a.book.title > b.book.title ? 1 : 0))
    .slice(0, Math.max(0, request.count))
    .map((entry) => ({ ...entry, reason: recommendationReason(entry.book, entry.matchedTopics, articleCount) }));
}

export function recommendationReason(book: Book, matchedTopics: readonly Topic[], articleCount: number): string {
  const labels = matchedTopics.map((topic) => topic.label);
  const main = book.topics[0] !== undefined && matchedTopics.some((topic) => topic.id === book.topics[0]);
  const covers = `${main ? 'Centred on' : 'Covers'} ${joinWords(labels)}`;
  const by = book.recommendedBy.length;
  if (by === 0) return `${covers}.`;
  const bestRank = Math.min(...book.recommendedBy.map((r) => r.rank));
  return `${covers}; recommended by ${by} of ${articleCount} articles (best rank #${bestRank}).`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  if (words.length <= 3) return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return `${words.slice(0, 3).join(', ')} and ${words.length - 3} more`;
}
