import { ComponentType, type APIComponentInContainer, type APIMessageTopLevelComponent } from 'discord-api-types/v10';
import type { Recommendation } from '../core/recommend.js';
import type { Place } from '../core/relevance-index.js';
import type { RequestTerm } from '../core/request-terms.js';
import type { Chapter, Level } from '../core/schema.js';
import { escapeUserText } from '../../../core/user-text.js';
import { truncateText } from '../../../core/truncate-text.js';
import { capitalise, levelColours } from './book-card.js';

export interface RecommendationListInput {
  title: string;
  recommendations: readonly Recommendation[];
  /** How the person's words were understood, shown in the footer. */
  terms?: readonly RequestTerm[];
  /** Words that matched nothing, shown so nobody thinks they were taken into account. */
  unmatched?: readonly string[];
  level?: Level | undefined;
}

/** "ch. 17 Iterators, Generators, and Classic Coroutines". */
export function chapterLabel(chapter: Chapter): string {
  return `ch. ${chapter.number} ${chapter.title}`;
}

/** "ch. 3 Algorithms › itertools — Iterator Functions", or the chapter alone. */
export function placeLabel(place: Place): string {
  return place.section ? `${chapterLabel(place.chapter)} › ${place.section.title}` : chapterLabel(place.chapter);
}

/** Where to read: the chapters that fit, or the whole book, or honestly nothing when we have no chapter list. */
export function whereToRead(recommendation: Recommendation): string {
  const chapters = recommendation.places.map(placeLabel).join(' · ');
  if (recommendation.wholeBook) return chapters ? `📖 The whole book; start with ${chapters}` : '📖 The whole book';
  return chapters ? `📖 ${chapters}` : '📖 No sourced chapter list for this book yet';
}

/** A term as the footer shows it: "Performance (from “faster”)", or a keyword as typed. */
export function termLabel(term: RequestTerm): string {
  if (term.kind === 'keyword') return term.keyword;
  return term.via === term.topic.label.toLowerCase() ? term.topic.label : `${term.topic.label} (from “${term.via}”)`;
}

/** The terms worth naming: a keyword spelled like the word a topic was read from ("asyncio") is said once. */
function distinctTerms(terms: readonly RequestTerm[]): RequestTerm[] {
  const topicWords = new Set(terms.flatMap((term) => (term.kind === 'topic' ? [term.via] : [])));
  return terms.filter((term) => term.kind === 'topic' || !topicWords.has(term.keyword));
}

/** For the footer: how each part of the request was read. */
export function describeTerms(terms: readonly RequestTerm[]): string[] {
  return distinctTerms(terms).map(termLabel);
}

/** For the title: "Multiprocessing, itertools". */
export function requestLabels(terms: readonly RequestTerm[]): string[] {
  return distinctTerms(terms).map((term) => (term.kind === 'topic' ? term.topic.label : term.keyword));
}

const text = (content: string) => ({ type: ComponentType.TextDisplay as const, content });

/** One book of the list: its place, title, level, where to read and why; beside its cover when it has one. */
function recommendationSection(recommendation: Recommendation, index: number): APIComponentInContainer {
  const { book, reason } = recommendation;
  const body = text([`**${index + 1}. [${book.title}](${book.officialUrl})** · ${book.authors.join(', ')} · ${capitalise(book.level)}`, whereToRead(recommendation), reason].join('\n'));
  if (!book.cover) return body;
  return { type: ComponentType.Section, components: [body], accessory: { type: ComponentType.Thumbnail, media: { url: book.cover.url }, description: book.cover.alt } };
}

/** The list in Components v2: a heading, a section per book with its cover and chapter pointers, and how the words were read. */
export function recommendationListLayout(input: RecommendationListInput): APIMessageTopLevelComponent[] {
  const understood = describeTerms(input.terms ?? []).join(', ');
  // The person's own words (normalized to letters and digits): escaped like every echo all the same.
  const unmatched = escapeUserText((input.unmatched ?? []).slice(0, 5).join(', '), 200);
  const footer = [understood && `Read as: ${understood}`, unmatched && `Not matched: ${unmatched}`, input.level && `Level: ${input.level}`, 'Use /book for the full card'].filter(Boolean).join(' · ');
  const components: APIComponentInContainer[] = [
    text(`### ${truncateText(input.title, 256)}`),
    ...input.recommendations.map(recommendationSection),
    text(`-# ${footer}`),
  ];
  return [{ type: ComponentType.Container, accent_color: input.level ? levelColours[input.level] : 0x5865f2, components }];
}
