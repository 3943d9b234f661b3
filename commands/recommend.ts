import { ApplicationCommandOptionType, ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import { levels, type Level } from '../src/features/catalog/core/schema.js';
import { suggestTopics } from '../src/features/catalog/core/topics.js';
import { capitalise } from '../src/features/catalog/presenters/book-card.js';
import { recommendationReply } from '../src/features/catalog/presenters/recommendation-replies.js';
import { defaultRecommendationCount, recommendFor, topicChoiceValue } from '../src/features/catalog/service.js';
import { defineCommand } from '../src/platform/discord/command-definition.js';
import { type Choice } from '../src/platform/discord/command.js';
import { registerCommand } from './register.js';

export const recommendDefinition = defineCommand({
  name: 'recommend',
  description: 'Books for a topic ("asyncio", "make my code faster"), ranked, with the chapters to read',
  // Installable to a member's own account too: then it answers in any server or DM, from the interaction alone.
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
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

export const recommendCommand = registerCommand({
  definition: recommendDefinition,
  handle(ctx, { topic, level, count }) {
    const chosenLevel = level as Level | undefined;
    return recommendationReply(topic, recommendFor(ctx.catalog, { topic, level: chosenLevel, count }), chosenLevel);
  },
  autocomplete(ctx, focused): Choice[] {
    return suggestTopics(ctx.catalog.topics, focused.value, 25).map((topic) => ({
      name: topic.synonyms.length > 0 ? `${topic.label} — ${topic.synonyms.slice(0, 4).join(', ')}` : topic.label,
      value: topicChoiceValue(topic),
    }));
  },
});
