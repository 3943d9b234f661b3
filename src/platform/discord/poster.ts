import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError, HTTPError, RateLimitError, REST } from '@discordjs/rest';
import { Routes, type APIMessage } from 'discord-api-types/v10';
import { DiscordErrorCode } from './api-errors.js';
import { markersIn } from './message-marker.js';
import { createPacer, type Pacer } from './pacer.js';
import type { MessageBody } from './reply.js';
import { schedulerRequestsPerSecond } from './rest-budget.js';

export interface SendOptions {
  /** Give up (RateLimitError) rather than wait out 429s longer than this in all. */
  maxRateLimitWaitMs?: number;
  /** Aborts the request (e.g. at the end of a shutdown's grace period). */
  signal?: AbortSignal;
  /**
   * Called at the last moment before the request goes out (after pacing); throwing cancels it. The
   * scheduler checks here that it still holds its lease, so a process that stalled never sends late.
   */
  precondition?: () => void;
}

export interface MarkedMessages {
  /** Marker → id of the message carrying it. */
  found: Map<string, string>;
  /** False when the search stopped at its page budget before reaching the newest message. */
  complete: boolean;
  /** History requests made. */
  reads: number;
}

/** Sends scheduled messages to channels, and finds them again. */
export interface Poster {
  /** Posts once per nonce: a retried POST with the same nonce returns the earlier message (enforce_nonce). */
  send(channelId: string, body: MessageBody, nonce: string, options?: SendOptions): Promise<{ messageId: string }>;
  /** Searches the channel's messages posted since `sinceWallMs` (Discord's clock) for buttons carrying these markers. */
  findMarked(channelId: string, sinceWallMs: number, markers: readonly string[], options?: SendOptions): Promise<MarkedMessages>;
}

export type SendFailure =
  /** An admin must fix something (channel gone, permission missing, bot removed): stop sending there. */
  | { kind: 'permanent'; reason: string }
  /** Worth retrying later (5xx, network, time-out). */
  | { kind: 'transient'; reason: string }
  /** A 429 longer than the caller could wait: nothing was sent; stop this tick. */
  | { kind: 'rate-limited'; reason: string }
  /** The request was aborted (shutdown): it may or may not have reached Discord. */
  | { kind: 'aborted'; reason: string };

const permanentReasons: Record<number, string> = {
  [DiscordErrorCode.UnknownChannel]: 'the channel was deleted',
  [DiscordErrorCode.UnknownGuild]: 'Grimoire is no longer in this server',
  [DiscordErrorCode.MissingAccess]: 'Grimoire cannot see the channel (View Channel is missing, or it was removed from the server)',
  [DiscordErrorCode.MissingPermissions]: 'Grimoire is missing Send Messages or Embed Links in the channel',
};

export function classifySendFailure(error: unknown): SendFailure {
  if (error instanceof RateLimitError) return { kind: 'rate-limited', reason: `Discord asked to wait ${Math.ceil(error.retryAfter / 1000)} s (429)` };
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : 0;
    const reason = permanentReasons[code];
    if (reason) return { kind: 'permanent', reason: `${reason} (Discord error ${code})` };
    if (error.status === 403 || error.status === 404) return { kind: 'permanent', reason: `Discord refused the post (HTTP ${error.status}, code ${code})` };
    if (error.status >= 500) return { kind: 'transient', reason: `Discord error HTTP ${error.status}` };
    // Other 4xx (e.g. an invalid body) will not fix themselves, but do not silence the server either.
    return { kind: 'transient', reason: `Discord refused the post: ${error.message} (code ${code})` };
  }
  if (error instanceof HTTPError) return { kind: 'transient', reason: `Discord error HTTP ${error.status}` };
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'aborted', reason: 'stopped while the request was in flight' };
  return { kind: 'transient', reason: error instanceof Error ? `network: ${error.message}` : 'network error' };
}

export interface PosterOptions {
  apiBase: string;
  token: string;
  /**
   * Requests per second for everything the poster sends, posts and history reads alike (see rest-budget.ts). It
   * uses its own REST client at this rate so interaction replies never queue behind a fan-out.
   */
  perSecond?: number;
  /** The budget to draw from instead of a pacer of its own at `perSecond` (tests count its slots). */
  pacer?: Pacer;
  /** How many pages of 100 messages a history search reads at most. */
  maxHistoryPages?: number;
  /** Told of each 429 its REST client meets (metrics). */
  onRateLimited?: (global: boolean) => void;
}

/** Kept under this name for the benchmark: posts get the scheduler's whole budget when nothing needs reading. */
export const defaultPostsPerSecond = schedulerRequestsPerSecond;

const discordEpochMs = 1_420_070_400_000n;

/** The smallest snowflake of an instant: history `after` this id starts at that time. */
export function snowflakeAt(wallMs: number): string {
  const ms = BigInt(Math.max(0, Math.floor(wallMs)));
  return ms <= discordEpochMs ? '0' : ((ms - discordEpochMs) << 22n).toString();
}

/**
 * Waits `ms`, or less if `signal` aborts: the caller then meets its precondition (a stopping scheduler gives the
 * claim back, nothing having been sent) or the aborted request, rather than an abort that looks like one in flight.
 */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  }
}

export function createRestPoster({ apiBase, token, perSecond = schedulerRequestsPerSecond, pacer, maxHistoryPages = 10, onRateLimited }: PosterOptions): Poster {
  // No retries inside the REST client: a post whose answer was lost must not be sent again blindly (a wait could
  // carry the retry past Discord's nonce window); the scheduler retries on a later tick, looking first. Nor does
  // the client wait out a 429 itself: a global one would park its whole queue with no regard for the caller's
  // deadline. It throws at once, and `paced` decides what waits.
  const rest = new REST({ api: apiBase, retries: 0, timeout: 15_000, rejectOnRateLimit: () => true }).setToken(token);
  const budget = pacer ?? createPacer(perSecond);

  /**
   * One request on the budget. A 429 (or the client knowing one is in force) means Discord did not process it, so
   * the same request, nonce included, is sent again once Retry-After has passed: a global 429 holds the whole
   * budget back that long, a route 429 only this request. Waits add up against `maxRateLimitWaitMs`; past it the
   * RateLimitError goes to the caller (the scheduler stops its tick and the claim waits for a later one).
   */
  async function paced<T>(options: SendOptions | undefined, request: () => Promise<T>): Promise<T> {
    const maxWaitMs = options?.maxRateLimitWaitMs ?? Number.POSITIVE_INFINITY;
    let waitedMs = 0;
    for (;;) {
      const done = await budget.wait();
      let limited: RateLimitError;
      try {
        options?.precondition?.();
        return await request();
      } catch (error) {
        if (!(error instanceof RateLimitError)) throw error;
        limited = error;
      } finally {
        // The answer (or the failure) is back: the request keeps its place in the window for a second more.
        done();
      }
      onRateLimited?.(limited.global);
      waitedMs += limited.retryAfter;
      if (waitedMs > maxWaitMs) throw limited;
      if (limited.global) budget.holdFor(limited.retryAfter);
      else await pause(limited.retryAfter, options?.signal);
    }
  }

  return {
    async send(channelId, body, nonce, options) {
      const message = (await paced(options, () =>
        rest.post(Routes.channelMessages(channelId), { body: { ...body, nonce, enforce_nonce: true }, signal: options?.signal }),
      )) as APIMessage;
      return { messageId: message.id };
    },
    async findMarked(channelId, sinceWallMs, markers, options) {
      const wanted = new Set(markers);
      const found = new Map<string, string>();
      let after = snowflakeAt(sinceWallMs);
      for (let page = 1; page <= maxHistoryPages; page++) {
        const query = new URLSearchParams({ after, limit: '100' });
        const messages = (await paced(options, () => rest.get(Routes.channelMessages(channelId), { query, signal: options?.signal }))) as APIMessage[];
        for (const message of messages) {
          for (const marker of markersIn(message)) if (wanted.has(marker) && !found.has(marker)) found.set(marker, message.id);
        }
        if (messages.length < 100 || found.size === wanted.size) return { found, complete: true, reads: page };
        after = messages.reduce((newest, message) => (BigInt(message.id) > BigInt(newest) ? message.id : newest), after);
      }
      return { found, complete: false, reads: maxHistoryPages };
    },
  };
}
