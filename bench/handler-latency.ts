import { InteractionResponseType, MessageFlags, type APIInteraction, type APIInteractionResponse } from 'discord-api-types/v10';
import { commands } from '../commands/index.js';
import type { Catalog } from '../src/features/catalog/core/catalog.js';
import { createRouter } from '../src/platform/discord/router.js';
import { benchContext } from './context.js';
import { describeQuery } from './format.js';
import { autocompletePayload, chatInputPayload, type OptionValues } from './payloads.js';
import { autocompleteInputs, bookCommandInputs, recommendInputs } from './queries.js';
import { measureAsync, perInputMedians, type Summary } from './stats.js';

/** Section 1: whole interactions through router.handle, the way Discord's payloads reach the bot. */

export interface HandlerLatency {
  catalog: string;
  handler: string;
  inputs: number;
  summary: Summary;
  slowestInput: { label: string; p50: number };
  outcomes: string;
  /** See Measurement.cpuWaitShare. */
  cpuWaitShare: number | null;
}

interface Mix {
  handler: string;
  labels: string[];
  payloads: APIInteraction[];
}

function mixes(catalog: Catalog): Mix[] {
  const bookInputs = bookCommandInputs(catalog);
  const recommendLabel = (values: OptionValues): string =>
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}:${String(value)}`)
      .join(' ');
  return [
    {
      handler: '/book autocomplete',
      labels: autocompleteInputs.map((input) => describeQuery(input, 24)),
      payloads: autocompleteInputs.map((query) => autocompletePayload('book', { query }, 'query')),
    },
    {
      handler: '/book command',
      labels: bookInputs.map((input) => describeQuery(input, 24)),
      payloads: bookInputs.map((query) => chatInputPayload('book', { query })),
    },
    {
      handler: '/recommend command',
      labels: recommendInputs.map(recommendLabel),
      payloads: recommendInputs.map((values) => chatInputPayload('recommend', values)),
    },
  ];
}

/** What a response amounts to, to show the payloads were understood (and to catch handler crashes). */
function outcomeOf(response: APIInteractionResponse | null): string {
  if (!response) return 'no response';
  if (response.type === InteractionResponseType.ApplicationCommandAutocompleteResult) return `${response.data.choices?.length ?? 0} choices`;
  if (response.type !== InteractionResponseType.ChannelMessageWithSource) return `response type ${response.type}`;
  const data = response.data;
  if (data.content?.includes('Something went wrong on my side')) return 'INTERNAL ERROR';
  if (data.embeds && data.embeds.length > 0) return 'embed';
  if (data.content?.startsWith('No book clearly matches')) return 'did-you-mean';
  if (data.content?.startsWith('None of our books covers')) return 'honest no-match';
  const ephemeral = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  return ephemeral ? 'private text (not found / hint)' : 'text';
}

function summarizeOutcomes(outcomes: readonly string[]): string {
  const choiceCounts = outcomes.map((outcome) => /^(\d+) choices$/.exec(outcome)?.[1]).filter((n): n is string => n !== undefined);
  if (choiceCounts.length === outcomes.length) {
    const numbers = choiceCounts.map(Number);
    const empty = numbers.filter((n) => n === 0).length;
    return `${Math.min(...numbers)}–${Math.max(...numbers)} choices per input (${empty} of ${numbers.length} inputs got none)`;
  }
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${outcome} ×${count}`).join(', ');
}

/** Every handler mix, or only the one named (e.g. '/recommend command' on the 50,000-book catalog). */
export async function measureHandlers(name: string, catalog: Catalog, samples: number, only?: string): Promise<HandlerLatency[]> {
  const ctx = benchContext(catalog);
  const router = createRouter(ctx, commands);
  const results: HandlerLatency[] = [];
  try {
    for (const mix of mixes(catalog).filter((candidate) => only === undefined || candidate.handler === only)) {
      const outcomes: string[] = [];
      for (const payload of mix.payloads) outcomes.push(outcomeOf(await router.handle(payload)));
      const measurement = await measureAsync(mix.payloads, (payload) => router.handle(payload), { warmupRounds: 20, samples });
      const medians = perInputMedians(measurement, mix.payloads.length);
      const slowest = medians.reduce((best, value, index) => (value > medians[best]! ? index : best), 0);
      results.push({
        catalog: name,
        handler: mix.handler,
        inputs: mix.payloads.length,
        summary: measurement.summary,
        slowestInput: { label: mix.labels[slowest]!, p50: medians[slowest]! },
        outcomes: summarizeOutcomes(outcomes),
        cpuWaitShare: measurement.cpuWaitShare,
      });
    }
  } finally {
    ctx.store.close();
  }
  return results;
}
