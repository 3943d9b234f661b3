import { z } from 'zod';
import { logLevels } from './platform/logger.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const hints: Record<string, string> = {
  DISCORD_TOKEN: 'copy the bot token from the Developer Portal (your application → Bot → Reset Token) into .env',
  DISCORD_APPLICATION_ID: 'copy the Application ID from the Developer Portal (your application → General Information)',
  DISCORD_DEV_GUILD_ID: 'right-click your test server with Developer Mode on → Copy Server ID, or leave it unset',
  DATABASE_PATH: 'a file path such as data/grimoire.db',
  DISCORD_API_BASE: 'a URL such as https://discord.com/api (no version), or leave it unset',
  LOG_LEVEL: 'or leave it unset for info',
  METRICS_PORT: 'a port number such as 9464, or leave it unset for no metrics server',
  METRICS_HOST: 'an address to listen on, such as 127.0.0.1 (the default) or 0.0.0.0',
};

/** Empty strings count as unset, so `KEY=` in .env behaves like a missing line. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const configSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string({ error: 'is missing' })
      .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'does not look like a bot token (three parts separated by dots)'),
  ),
  DISCORD_APPLICATION_ID: z.preprocess((value) => (value === '' ? undefined : value), z.string({ error: 'is missing' }).pipe(snowflake)),
  DISCORD_DEV_GUILD_ID: optional(snowflake),
  DATABASE_PATH: optional(z.string()).transform((value) => value ?? 'data/grimoire.db'),
  DISCORD_API_BASE: optional(
    z
      .string()
      .url('must be a URL')
      .refine((url) => /^https?:\/\//.test(url), 'must start with http:// or https://')
      .refine((url) => !/\/v\d+\/?$/.test(url), 'must not include the API version (/v10)'),
  ).transform((value) => (value ?? 'https://discord.com/api').replace(/\/+$/, '')),
  LOG_LEVEL: optional(z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` })).transform((value) => value ?? 'info'),
  /** /metrics and /healthz on this port (0: any free one); off when unset. */
  METRICS_PORT: optional(z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(0, 'must be 0–65535').max(65535, 'must be 0–65535')),
  /** Where the metrics server listens; 127.0.0.1 unless told otherwise. */
  METRICS_HOST: optional(z.string().min(1)),
});

export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Parses the environment. On failure the message names every bad variable and how to fix it, never its value. */
export function parseConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  const lines = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? 'environment');
    if (!lines.has(name)) lines.set(name, `  ${name} ${issue.message}: ${hints[name] ?? 'see .env.example'}.`);
  }
  return {
    ok: false,
    message: [
      'Grimoire cannot start: the configuration is incomplete.',
      ...lines.values(),
      'Set these in the environment or in a .env file (see .env.example and the README).',
    ].join('\n'),
  };
}
