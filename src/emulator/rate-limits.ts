/**
 * Discord's rate limits as the bot meets them: per-route buckets announced in X-RateLimit-* headers,
 * a global 50 requests/s, and injected faults. Interaction responses (the callback, and the follow-up and
 * `@original` routes of the interaction's webhook token) neither count towards the global limit nor are refused
 * by it, as on Discord: https://docs.discord.com/developers/topics/rate-limits#global-rate-limit
 */

export interface RouteLimit {
  limit: number;
  windowMs: number;
}

export interface Fault {
  status: 429 | 500 | 502 | 503;
  /** For 429: how long Discord asks the client to wait. */
  retryAfterMs: number;
  /** Only requests this matches are failed (all when absent). */
  match?: (method: string, path: string) => boolean;
  /** A 429 for the whole bot (X-RateLimit-Global), as when its other traffic used the budget; never on interaction responses. */
  global?: boolean;
  remaining: number;
}

export type LimitDecision =
  | { kind: 'allow'; headers: Record<string, string> }
  | { kind: 'limited'; headers: Record<string, string>; retryAfterMs: number; global: boolean }
  | { kind: 'fault'; status: number; headers: Record<string, string>; retryAfterMs: number; global: boolean };

interface Bucket {
  remaining: number;
  resetAt: number;
}

export interface RateLimiterOptions {
  globalPerSecond?: number;
  routeLimits?: (method: string, template: string) => RouteLimit;
}

/** Real Discord allows 5 messages per 5 s in one channel; other routes here get a generous bucket. */
export function defaultRouteLimit(method: string, template: string): RouteLimit {
  if (method === 'POST' && template === '/channels/:id/messages') return { limit: 5, windowMs: 5000 };
  return { limit: 50, windowMs: 1000 };
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly globalWindow: number[] = [];
  private readonly faults: Fault[] = [];
  readonly globalPerSecond: number;
  private readonly routeLimits: (method: string, template: string) => RouteLimit;
  /** Counts for tests and the benchmark (`limited` and `globalLimited` are the limiter's own 429s; injected ones are `faulted`). */
  readonly stats = { requests: 0, limited: 0, globalLimited: 0, faulted: 0 };

  constructor(options: RateLimiterOptions = {}) {
    this.globalPerSecond = options.globalPerSecond ?? 50;
    this.routeLimits = options.routeLimits ?? defaultRouteLimit;
  }

  injectFault(fault: Omit<Fault, 'remaining'> & { count: number }): void {
    const { count, ...rest } = fault;
    this.faults.push({ ...rest, remaining: count });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /**
   * Decides one request. `bucketKey` is the route plus its major parameter (channel, guild, webhook and token,
   * interaction); `countsGlobally` is false for interaction responses, which the global limit does not bind.
   */
  check(method: string, path: string, template: string, bucketKey: string, countsGlobally: boolean, now = Date.now()): LimitDecision {
    this.stats.requests++;
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.global || countsGlobally) && (!f.match || f.match(method, path)));
    if (fault) {
      fault.remaining--;
      this.stats.faulted++;
      const global = fault.status === 429 && fault.global === true;
      const headers: Record<string, string> =
        fault.status !== 429
          ? {}
          : { 'Retry-After': String(fault.retryAfterMs / 1000), 'X-RateLimit-Scope': global ? 'global' : 'user', ...(global ? { 'X-RateLimit-Global': 'true' } : {}) };
      return { kind: 'fault', status: fault.status, headers, retryAfterMs: fault.retryAfterMs, global };
    }

    if (countsGlobally) {
      while (this.globalWindow.length > 0 && this.globalWindow[0]! <= now - 1000) this.globalWindow.shift();
      if (this.globalWindow.length >= this.globalPerSecond) {
        const retryAfterMs = this.globalWindow[0]! + 1000 - now;
        this.stats.limited++;
        this.stats.globalLimited++;
        return {
          kind: 'limited',
          global: true,
          retryAfterMs,
          headers: { 'Retry-After': String(retryAfterMs / 1000), 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
        };
      }
    }

    const { limit, windowMs } = this.routeLimits(method, template);
    let bucket = this.buckets.get(bucketKey);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { remaining: limit, resetAt: now + windowMs };
      this.buckets.set(bucketKey, bucket);
    }
    const bucketHeaders = (remaining: number): Record<string, string> => ({
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String((bucket.resetAt / 1000).toFixed(3)),
      'X-RateLimit-Reset-After': String(((bucket.resetAt - now) / 1000).toFixed(3)),
      'X-RateLimit-Bucket': Buffer.from(`${method} ${template}`).toString('hex').slice(0, 32),
    });
    if (bucket.remaining <= 0) {
      const retryAfterMs = bucket.resetAt - now;
      this.stats.limited++;
      return {
        kind: 'limited',
        global: false,
        retryAfterMs,
        headers: { ...bucketHeaders(0), 'Retry-After': String(retryAfterMs / 1000), 'X-RateLimit-Scope': 'user' },
      };
    }
    bucket.remaining--;
    if (countsGlobally) this.globalWindow.push(now);
    return { kind: 'allow', headers: bucketHeaders(bucket.remaining) };
  }
}
