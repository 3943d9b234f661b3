import { DiscordAPIError, HTTPError, REST } from '@discordjs/rest';
import { Routes, type APIMessage } from 'discord-api-types/v10';
import { DiscordErrorCode } from './api-errors.js';
import { createPacer } from './pacer.js';
import type { MessageBody } from './reply.js';

/** Sends scheduled messages to channels. */
export interface Poster {
  /** Posts once per nonce: a retried POST with the same nonce returns the earlier message (enforce_nonce). */
  send(channelId: string, body: MessageBody, nonce: string): Promise<{ messageId: string }>;
}

export type SendFailure =
  /** An admin must fix something (channel gone, permission missing, bot removed): stop sending there. */
  | { kind: 'permanent'; reason: string }
  /** Worth retrying later (5xx, network, time-out). */
  | { kind: 'transient'; reason: string };

const permanentReasons: Record<number, string> = {
  [DiscordErrorCode.UnknownChannel]: 'the channel was deleted',
  [DiscordErrorCode.UnknownGuild]: 'Grimoire is no longer in this server',
  [DiscordErrorCode.MissingAccess]: 'Grimoire cannot see the channel (View Channel is missing, or it was removed from the server)',
  [DiscordErrorCode.MissingPermissions]: 'Grimoire is missing Send Messages or Embed Links in the channel',
};

export function classifySendFailure(error: unknown): SendFailure {
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
  return { kind: 'transient', reason: error instanceof Error ? `network: ${error.message}` : 'network error' };
}

export interface PosterOptions {
  apiBase: string;
  token: string;
  /**
   * Posts per second. Discord allows 50 requests/s per bot (interaction replies excluded); the scheduler
   * uses its own REST client at this rate so interaction replies never queue behind a fan-out.
   */
  perSecond?: number;
}

export const defaultPostsPerSecond = 46;

export function createRestPoster({ apiBase, token, perSecond = defaultPostsPerSecond }: PosterOptions): Poster {
  const rest = new REST({ api: apiBase, retries: 2, timeout: 15_000 }).setToken(token);
  const pacer = createPacer(perSecond);
  return {
    async send(channelId, body, nonce) {
      await pacer.wait();
      const message = (await rest.post(Routes.channelMessages(channelId), { body: { ...body, nonce, enforce_nonce: true } })) as APIMessage;
      return { messageId: message.id };
    },
  };
}
