import { normalizeText } from '../../../core/normalize-text.js';
import type { Catalog } from './catalog.js';
import { depthWeights, rankBooks, topicTerm, type Place, type RankedBook, type TermKey } from './relevance-index.js';
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
  /** The same places with the section to read where one is the reason ("ch. 3 Algorithms › itertools"), in book order. */
  places: Place[];
  /** The whole book is about what was asked. */
  wholeBook: boolean;
  /** One line saying why: what matched, and how many articles recommend the book. */
  reason: string;
}

/** A passing mention is no reason to read a book: it takes at least a section (or a chapter keyword) on what was asked. */
export const minimumRelevance = depthWeights.keyword;
const maxChapters = 3;

/**
 * Typed words that name a keyword ("sqlite3") and, through a synonym, a broader topic ("databases") mean the
 * specific thing: a chapter on the broader topic counts below a section on the thing itself, above a mention.
 */
const synonymDiscount = (depthWeights.chapter - depthWeights.section) * 1.5;

/** Whether a topic term was read from the topic's own name rather than a synonym. */
function namesTopic(term: Extract<RequestTerm, { kind: 'topic' }>): boolean {
  return term.via === normalizeText(term.topic.id.replace(/-/g, ' ')) || term.via === normalizeText(term.topic.label);
}

export function recommendBooks(catalog: Catalog, request: RecommendRequest): Recommendation[] {
  const { relevance } = catalog;
  const excluded = request.excludeBookId === undefined ? -1 : relevance.positionOf(request.excludeBookId);
  const meaning = new Map<TermKey, RequestTerm>(request.terms.map((term) => [term.term, term]));
  // Terms read from the same words ("asyncio": the topic and the keyword) form one group.
  const phrases = request.terms.map((term) => (term.kind === 'topic' ? term.via : term.keyword));
  const groups = phrases.map((phrase) => phrases.indexOf(phrase));
  const ranked = rankBooks(relevance, {
    terms: request.terms.map((term) => term.term),
    groups,
    discounts: request.terms.map((term, i) => (term.kind === 'topic' && groups.some((group, j) => group === groups[i] && request.terms[j]!.kind === 'keyword') && !namesTopic(term) ? synonymDiscount : 0)),
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
  const keywordPlaces: Place[] = [];
  const topicPlaces: Place[] = [];
  for (const { term, posting } of entry.matched) {
    const requested = meaning.get(term);
    if (requested?.kind === 'topic') {
      matchedTopics.push(requested.topic);
      topicPlaces.push(...posting.places);
    } else if (requested?.kind === 'keyword') {
      matchedKeywords.push(requested.keyword);
      keywordPlaces.push(...posting.places);
    }
  }
  const wholeBook = matchedTopics.some((topic) => book.about.includes(topic.id));
  // "asyncio" typed once matches the topic and the keyword; say it once.
  const echoes = new Set([...meaning.values()].flatMap((term) => (term.kind === 'topic' ? [term.via] : [])));
  const keywordsToShow = matchedKeywords.filter((keyword) => !echoes.has(keyword));
  // A book about the topic is read whole: point only at where to start.
  const places = wholeBook && keywordPlaces.length === 0 ? pickPlaces(topicPlaces).slice(0, 1) : pickPlaces([...keywordPlaces, ...topicPlaces]);
  return {
    book,
    score: entry.score,
    matchedTopics,
    matchedKeywords,
    chapters: [...new Map(places.map((place) => [place.chapter.number, place.chapter])).values()],
    places,
    wholeBook,
    reason: recommendationReason(book, [...matchedTopics.map((topic) => topic.label), ...keywordsToShow], wholeBook, catalog.articles.length),
  };
}

/** The deepest places first (as the postings list them), at most one per chapter, shown in book order. */
function pickPlaces(candidates: readonly Place[]): Place[] {
  const byChapter = new Map<number, Place>();
  for (const place of candidates) if (!byChapter.has(place.chapter.number)) byChapter.set(place.chapter.number, place);
  return [...byChapter.values()].slice(0, maxChapters).sort((a, b) => a.chapter.number - b.chapter.number);
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
