import { InteractionType } from 'discord-api-types/v10';
import { z } from 'zod';

/**
 * The parts of an interaction payload the router reads, checked at the edge: Discord never sends a payload
 * without them, but a proxy, a replay or a bug upstream might, and the handlers trust these types.
 */

const snowflake = z.string().regex(/^\d{1,20}$/);

interface OptionShape {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  focused?: boolean | undefined;
  options?: OptionShape[] | undefined;
}

const option: z.ZodType<OptionShape> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number().int(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(option).optional(),
  }),
);

const commandData = z.object({ name: z.string(), type: z.number().int(), options: z.array(option).optional() });
const componentData = z.object({ custom_id: z.string(), component_type: z.number().int(), values: z.array(z.string()).optional() });
const modalData = z.object({ custom_id: z.string(), components: z.array(z.unknown()) });

const base = z.object({
  id: snowflake,
  token: z.string().min(1),
  guild_id: snowflake.optional(),
  channel: z.object({ id: snowflake }).optional(),
  member: z.object({ user: z.object({ id: snowflake }), permissions: z.string().regex(/^\d+$/).optional() }).optional(),
  user: z.object({ id: snowflake }).optional(),
});

const withData = (data: z.ZodType) =>
  base.extend({ data }).refine((payload) => payload.member !== undefined || payload.user !== undefined, { message: 'neither member nor user', path: ['member'] });

const dataByType = new Map<number, z.ZodType>([
  [InteractionType.ApplicationCommand, withData(commandData)],
  [InteractionType.ApplicationCommandAutocomplete, withData(commandData)],
  [InteractionType.MessageComponent, withData(componentData)],
  [InteractionType.ModalSubmit, withData(modalData)],
]);

export type InteractionShape =
  | { kind: 'ok' }
  /** Not a kind of interaction the bot answers (a Ping is handled apart). */
  | { kind: 'unanswered' }
  /** Malformed, but it can be answered (its id and token are sound): tell the member. */
  | { kind: 'malformed'; problems: string }
  /** Malformed beyond answering: ignore it. */
  | { kind: 'unanswerable'; problems: string };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
}

/** Checks a raw payload before the router reads it. */
export function checkInteractionShape(payload: unknown): InteractionShape {
  if (!payload || typeof payload !== 'object') return { kind: 'unanswerable', problems: 'not an object' };
  const { type } = payload as { type?: unknown };
  if (type === InteractionType.Ping) return { kind: 'ok' };
  const schema = typeof type === 'number' ? dataByType.get(type) : undefined;
  if (!schema) return { kind: 'unanswered' };
  const checked = schema.safeParse(payload);
  if (checked.success) return { kind: 'ok' };
  const problems = describeIssues(checked.error);
  return base.pick({ id: true, token: true }).safeParse(payload).success ? { kind: 'malformed', problems } : { kind: 'unanswerable', problems };
}
