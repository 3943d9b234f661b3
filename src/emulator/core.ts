import { EventEmitter } from 'node:events';
import type { InteractionRecord } from './interaction-record.js';
import type { RegisteredOption } from './interaction-payloads.js';
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
  status: number;
  at: number;
}

export interface EmulatorEvents {
  message: [RecordedMessage];
  messageUpdate: [RecordedMessage];
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
  readonly requests: RequestRecord[] = [];
  readonly events = new EventEmitter<EmulatorEvents>();
  gatewayUrl = '';

  constructor(
    readonly token: string,
    options: { globalPerSecond?: number } = {},
  ) {
    this.state = new EmulatorState();
    this.limiter = new RateLimiter(options);
    this.events.setMaxListeners(0);
  }

  logRequest(record: RequestRecord): void {
    this.requests.push(record);
    if (this.requests.length > 200_000) this.requests.splice(0, 100_000);
  }

  commandsFor(guildId: string | null): StoredCommand[] {
    return [...(guildId ? (this.guildCommands.get(guildId) ?? []) : []), ...this.globalCommands];
  }
}
