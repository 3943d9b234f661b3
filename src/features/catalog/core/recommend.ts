import type { Catalog } from './catalog.js';
import { rankBooks, topicTerm, type RankedBook, type TermKey } from './relevance-index.js';
import type { RequestTerm } from './request-terms.js';
import type { Book, Chapter, Level, Topic } from './schema.js';

export interface RecommendRequest {
  /** What the person asked for, in the order they asked. */
  terms: readonly RequestTerm[];
  level?: Level | undefined;
  count: number;
  excludeBookId?: string | undefined;
}

export interface Recommendation {
  book: Book;
  score: number;
  matchedTopics: Topic[];
  /** Keywords that matched chapters of this book ("itertools"). */
  matchedKeywords: string[];
  /** The one to three chapters to read, in book order (one, where to start, for a book about it); empty without a sourced chapter list. */
  chapters: Chapter[];
  /** The whole book is about what was asked. */
  wholeBook: boolean;
  /** One line saying why: what matched, and how many articles recommend the book. */
  reason: string;
}

/** Less than this is a passing mention, not a reason to read the book (a main chapter in 25 scores 0.04). */
export const minimumRelevance = 0.04;
const maxChapters = 3;

export function recommendBooks(catalog: Catalog, request: RecommendRequest): Recommendation[] {
  const { relevance } = catalog;
  const excluded = request.excludeBookId === undefined ? -1 : relevance.positionOf(request.excludeBookId);
  const meaning = new Map<TermKey, RequestTerm>(request.terms.map((term) => [term.term, term]));
  const ranked = rankBooks(relevance, {
    terms: request.terms.map((term) => term.term),
    count: Math.max(0, request.count),
    minScore: minimumRelevance,
    accept: (index) => index !== excluded && (!request.level || relevance.books[index]!.level === request.level),
  });
  return ranked.map((entry) => toRecommendation(catalog, entry, meaning));
}

/** Books sharing what this one is about and covers, best first. */
export function similarTerms(catalog: Catalog, book: Book): RequestTerm[] {
  return [...new Set([...book.about, ...book.topics])].flatMap((id) => {
    const topic = catalog.topicById(id);
    return topic ? [{ kind: 'topic' as const, term: topicTerm(id), topic, via: topic.label.toLowerCase() }] : [];
  });
}

function toRecommendation(catalog: Catalog, entry: RankedBook, meaning: ReadonlyMap<TermKey, RequestTerm>): Recommendation {
  const book = catalog.relevance.books[entry.book]!;
  const matchedTopics: Topic[] = [];
  const matchedKeywords: string[] = [];
  const keywordChapters: Chapter[] = [];
  const topicChapters: Chapter[] = [];
  for (const { term, posting } of entry.matched) {
    const requested = meaning.get(term);
    if (requested?.kind === 'topic') {
      matchedTopics.push(requested.topic);
      topicChapters.push(...posting.chapters);
    } else if (requested?.kind === 'keyword') {
      matchedKeywords.push(requested.keyword);
      keywordChapters.push(...posting.chapters);
    }
  }
  const wholeBook = matchedTopics.some((topic) => book.about.includes(topic.id));
  // "asyncio" typed once matches the topic and the keyword; say it once.
  const echoes = new Set([...meaning.values()].flatMap((term) => (term.kind === 'topic' ? [term.via] : [])));
  const keywordsToShow = matchedKeywords.filter((keyword) => !echoes.has(keyword));
  return {
    book,
    score: entry.score,
    matchedTopics,
    matchedKeywords,
    // A book about the topic is read whole: point only at where to start.
    chapters: wholeBook && keywordChapters.length === 0 ? pickChapters(topicChapters).slice(0, 1) : pickChapters([...keywordChapters, ...topicChapters]),
    wholeBook,
    reason: recommendationReason(book, [...matchedTopics.map((topic) => topic.label), ...keywordsToShow], wholeBook, catalog.articles.length),
  };
}

/** The most specific chapters first (keyword, then main topic, then side topic), shown in book order. */
function pickChapters(candidates: readonly Chapter[]): Chapter[] {
  const unique = [...new Map(candidates.map((chapter) => [chapter.number, chapter])).values()];
  return unique.slice(0, maxChapters).sort((a, b) => a.number - b.number);
}

export function recommendationReason(book: Book, matched: readonly string[], wholeBook: boolean, articleCount: number): string {
  const covers = `${wholeBook ? 'Centred on' : 'Covers'} ${joinWords(matched)}`;
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
