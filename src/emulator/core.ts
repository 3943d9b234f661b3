import { EventEmitter } from 'node:events';
import type { InteractionRecord } from './interaction-record.js';
import type { RegisteredOption } from './interaction-payloads.js';
import { finalizePoll, type SettledPoll } from './poll-results.js';
import type { PollMessage } from './polls.js';
import { RateLimiter } from './rate-limits.js';
import { EmulatorState, type RecordedMessage } from './state.js';

export interface StoredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  description: string;
  type: number;
  options?: RegisteredOption[];
  version: string;
  [key: string]: unknown;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** What the client saw: 0 when the connection was reset instead of answered. */
  status: number;
  at: number;
  /** Set when the request was processed but its response was lost (see `loseNextResponses`). */
  lost?: { as: LostResponseKind; processedStatus: number };
}

/** How a processed request's response goes missing: a TCP reset, or a proxy's 502/504 in its place. */
export type LostResponseKind = 'reset' | 502 | 504;

interface LostResponse {
  as: LostResponseKind;
  match?: (method: string, path: string) => boolean;
  remaining: number;
}

/** How long enforce_nonce remembers a nonce by default ("the past few minutes" on Discord). */
export const defaultNonceWindowMs = 5 * 60 * 1000;

export interface EmulatorEvents {
  message: [RecordedMessage];
  messageUpdate: [RecordedMessage];
  messageDelete: [RecordedMessage];
}

/** What the REST server, the gateway and the control API share. */
export class EmulatorCore {
  readonly state: EmulatorState;
  readonly limiter: RateLimiter;
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly globalCommands: StoredCommand[] = [];
  readonly guildCommands = new Map<string, StoredCommand[]>();
  /** nonce key → message id and when, for enforce_nonce de-duplication. */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** How long a nonce is remembered (real time); tests shorten it with Emulator.setNonceWindow. */
  nonceWindowMs = defaultNonceWindowMs;
  private readonly lostResponses: LostResponse[] = [];
  readonly requests: RequestRecord[] = [];
  readonly events = new EventEmitter<EmulatorEvents>();
  gatewayUrl = '';
  /** The shard count GET /gateway/bot recommends (Discord: about one per 1,000 servers). */
  recommendedShards = 1;

  constructor(
    readonly token: string,
    options: { globalPerSecond?: number; snowflakeClock?: () => number } = {},
  ) {
    this.state = new EmulatorState(undefined, options.snowflakeClock);
    this.limiter = new RateLimiter(options);
    this.events.setMaxListeners(0);
  }

  logRequest(record: RequestRecord): void {
    this.requests.push(record);
    if (this.requests.length > 200_000) this.requests.splice(0, 100_000);
  }

  loseResponses(lost: Omit<LostResponse, 'remaining'> & { count: number }): void {
    const { count, ...rest } = lost;
    if (count > 0) this.lostResponses.push({ ...rest, remaining: count });
  }

  /** Called after a request was processed: whether its response is to be lost, and how (consumes one). */
  takeLostResponse(method: string, path: string): LostResponseKind | null {
    const lost = this.lostResponses.find((l) => l.remaining > 0 && (!l.match || l.match(method, path)));
    if (!lost) return null;
    lost.remaining--;
    if (lost.remaining === 0) this.lostResponses.splice(this.lostResponses.indexOf(lost), 1);
    return lost.as;
  }

  /**
   * Ends the polls whose expiry the emulator's clock has reached (once each, oldest first) and tells listeners:
   * the poll message changed, its POLL_RESULT message was posted. Run before every REST request and every read.
   */
  settleExpiredPolls(): void {
    for (const settled of this.state.settleExpiredPolls()) this.announceSettled(settled);
  }

  /** Ends a poll now (End Poll): its expiry becomes this moment. */
  endPollNow(message: PollMessage): void {
    message.poll.expiresAt = this.state.now();
    this.announceSettled({ poll: message, result: finalizePoll(this.state, message) });
  }

  private announceSettled({ poll, result }: SettledPoll): void {
    this.events.emit('messageUpdate', poll);
    if (result) this.events.emit('message', result);
  }

  commandsFor(guildId: string | null): StoredCommand[] {
    return [...(guildId ? (this.guildCommands.get(guildId) ?? []) : []), ...this.globalCommands];
  }
}
