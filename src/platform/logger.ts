import { pino, stdSerializers, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<PinoLogger, 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'child'>;

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * An interaction token is a credential for 15 minutes (it can post as the bot in that channel), and Discord
 * puts it in URLs: /interactions/<id>/<token>/callback and /webhooks/<application id>/<token>/…
 */
const tokenInUrl = /(\/(?:interactions|webhooks)\/\d+\/)[\w.-]{20,}/g;

export function redactTokens(text: string): string {
  return text.replace(tokenInUrl, '$1[redacted]');
}

/** Plain values with tokens redacted; errors are left whole for the err serializer, which redacts them. */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, depth + 1)]));
}

/** JSON lines on stdout. Secrets are censored by name, and interaction tokens wherever a URL carries them. */
export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { app: 'grimoire' },
    redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    serializers: { err: (error: Error) => JSON.parse(redactTokens(JSON.stringify(stdSerializers.err(error)))) as unknown },
    formatters: { log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown> },
    hooks: {
      // Messages are fixed strings today; this keeps a future interpolated URL from leaking a token.
      logMethod(this: PinoLogger, args: Parameters<PinoLogger['info']>, method: (...args: unknown[]) => void) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactTokens(arg) : arg)));
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger: Logger = pino({ level: 'silent' });
