import type { APIEmbed } from 'discord-api-types/v10';
import type { Recommendation } from '../core/recommend.js';
import type { Level } from '../core/schema.js';
import type { TopicMatch } from '../core/topics.js';
import { fitEmbed } from '../../../platform/discord/limits.js';
import { capitalise, levelColours } from './book-card.js';

export interface RecommendationListInput {
  title: string;
  recommendations: readonly Recommendation[];
  /** How the person's words were understood, shown in the footer. */
  matches?: readonly TopicMatch[];
  level?: Level | undefined;
}

export function recommendationListEmbed(input: RecommendationListInput): APIEmbed {
  const lines = input.recommendations.map(({ book, reason }, index) =>
    [`**${index + 1}. [${book.title}](${book.officialUrl})** · ${book.authors.join(', ')} · ${capitalise(book.level)}`, reason].join('\n'),
  );
  const understood = (input.matches ?? [])
    .map((match) => (match.via === match.topic.label.toLowerCase() ? match.topic.label : `${match.topic.label} (from “${match.via}”)`))
    .join(', ');
  return fitEmbed({
    title: input.title,
    description: lines.join('\n\n'),
    color: input.level ? levelColours[input.level] : 0x5865f2,
    footer: { text: [understood && `Topics: ${understood}`, input.level && `Level: ${input.level}`, 'Use /book for the full card'].filter(Boolean).join(' · ') },
  });
}
