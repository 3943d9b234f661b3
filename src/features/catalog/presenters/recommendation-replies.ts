import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import { truncateText } from '../../../core/truncate-text.js';
import type { Level, Topic } from '../core/schema.js';
import type { RecommendationResult } from '../service.js';
import { quoteUserText } from './quote.js';
import { recommendationListLayout, requestLabels } from './recommendation-list.js';

/** The public answer to /recommend: ranked books with where to read, or an honest "none fits". */
export function recommendationReply(request: string, result: RecommendationResult, level: Level | undefined): Reply {
  if (result.kind === 'no-match') return noMatchReply(request, result.closestTopics);
  const { reading, recommendations } = result;
  const title = truncateText(`Books for ${requestLabels(reading.terms).join(', ')}`, 256);
  return { layout: recommendationListLayout({ title, recommendations, terms: reading.terms, unmatched: reading.unmatched, level }) };
}

/** Private: nobody else needs to see that we have nothing on it. */
export function noMatchReply(request: string, closest: readonly Topic[]): Reply {
  const topics = closest.map((topic) => `**${topic.label}**`).join(', ');
  return privateMessage(
    `None of our books covers ${quoteUserText(request)} well, so I won't guess. ` +
      `Closest topics we do cover: ${topics}. Pick one from the \`topic\` list, or try \`/book\` for a title.`,
  );
}
