import { ApplicationCommandOptionType, InteractionContextType } from 'discord-api-types/v10';
import type { Catalog } from '../src/features/catalog/core/catalog.js';
import { recommendBooks } from '../src/features/catalog/core/recommend.js';
import { levels } from '../src/features/catalog/core/schema.js';
import { resolveTopics, suggestTopics, type TopicMatch } from '../src/features/catalog/core/topics.js';
import { defineCommand } from '../src/platform/discord/command-definition.js';
import { registerCommand, type Choice } from '../src/platform/discord/command.js';
import { capitalise } from '../src/features/catalog/presenters/book-card.js';
import { recommendationListEmbed } from '../src/features/catalog/presenters/recommendation-list.js';
import { UserError } from '../src/platform/discord/user-error.js';

export const defaultRecommendationCount = 3;

export const recommendDefinition = defineCommand({
  name: 'recommend',
  description: 'Books for a topic ("asyncio", "make my code faster"), ranked, each with a reason',
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'topic',
      description: 'A topic, or what you want to learn in your own words',
      required: true,
      autocomplete: true,
      max_length: 200,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'level',
      description: 'Only books at this level',
      choices: levels.map((level) => ({ name: capitalise(level), value: level })),
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'count',
      description: `How many books (1–5, default ${defaultRecommendationCount})`,
      min_value: 1,
      max_value: 5,
    },
  ],
});

function knownTopics(catalog: Catalog): string {
  return catalog.topics.map((topic) => topic.label).join(', ');
}

/** An autocomplete pick arrives as a topic id; anything else is read as free text. */
function understand(catalog: Catalog, text: string): TopicMatch[] {
  const picked = catalog.topicById(text.trim());
  if (picked) return [{ topic: picked, via: picked.label.toLowerCase() }];
  return resolveTopics(catalog.topics, text);
}

export const recommendCommand = registerCommand({
  definition: recommendDefinition,
  handle(ctx, { topic, level, count }) {
    const matches = understand(ctx.catalog, topic);
    if (matches.length === 0) {
      throw new UserError(`I don't know that topic yet. Try one of: ${knownTopics(ctx.catalog)}.`);
    }
    const recommendations = recommendBooks(ctx.catalog, {
      topicIds: matches.map((match) => match.topic.id),
      level: level as (typeof levels)[number] | undefined,
      count: count ?? defaultRecommendationCount,
    });
    const labels = matches.map((match) => match.topic.label).join(', ');
    if (recommendations.length === 0) {
      throw new UserError(`No ${level ?? ''} book in the catalog covers ${labels}. Try another level, or leave the level out.`.replace('  ', ' '));
    }
    return { embeds: [recommendationListEmbed({ title: `Books for ${labels}`, recommendations, matches, level: level as (typeof levels)[number] | undefined })] };
  },
  autocomplete(ctx, focused): Choice[] {
    return suggestTopics(ctx.catalog.topics, focused.value, 25).map((topic) => ({
      name: topic.synonyms.length > 0 ? `${topic.label} — ${topic.synonyms.slice(0, 4).join(', ')}` : topic.label,
      value: topic.id,
    }));
  },
});
