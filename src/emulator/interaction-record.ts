import type { APIApplicationCommandOptionChoice, APIInteraction } from 'discord-api-types/v10';
import type { RecordedMessage } from './state.js';

/** Like Discord: the first answer must come within 3 s; the token then works for 15 minutes. */
export const interactionResponseWindowMs = 3000;
export const interactionTokenLifetimeMs = 15 * 60 * 1000;

export interface InteractionOutcome {
  /** The callback type the bot answered with (4 message, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal), or null. */
  responseType: number | null;
  /** True when the bot did not answer within 3 s. */
  expired: boolean;
  /** The visible answer: the reply, the edited placeholder, the updated message, or the first follow-up. */
  message: RecordedMessage | null;
  followUps: RecordedMessage[];
  choices: APIApplicationCommandOptionChoice[] | null;
  modal: Record<string, unknown> | null;
}

/** What Discord imposes on the answers to one interaction, from where it ran and how the app is installed (installation.ts). */
export interface AnswerRules {
  /** Every reply and follow-up becomes ephemeral (a user-installed app where the member may not use external apps). */
  forcedEphemeral: boolean;
  /** Follow-ups allowed (5 when only the user's install authorizes it), or null for no limit. */
  maxFollowUps: number | null;
}

export const serverInstallRules: AnswerRules = { forcedEphemeral: false, maxFollowUps: null };

/** One interaction the emulator dispatched, and everything the bot did with it. */
export class InteractionRecord {
  readonly createdAt = Date.now();
  responseType: number | null = null;
  originalMessageId: string | null = null;
  readonly followUpIds: string[] = [];
  choices: APIApplicationCommandOptionChoice[] | null = null;
  modal: Record<string, unknown> | null = null;
  private settleNow!: () => void;
  /** Resolves once the bot has given its final answer (a reply, an edit after deferring, choices, a modal). */
  readonly settled = new Promise<void>((resolve) => (this.settleNow = resolve));
  isSettled = false;

  constructor(
    readonly payload: APIInteraction,
    /** For a button press: the message the button is on (type 6 and 7 answers edit it). */
    readonly sourceMessageId: string | null,
    readonly rules: AnswerRules = serverInstallRules,
  ) {}

  get id(): string {
    return this.payload.id;
  }

  get token(): string {
    return this.payload.token;
  }

  get acknowledged(): boolean {
    return this.responseType !== null;
  }

  responseWindowOpen(now = Date.now()): boolean {
    return now - this.createdAt <= interactionResponseWindowMs;
  }

  tokenValid(now = Date.now()): boolean {
    return now - this.createdAt <= interactionTokenLifetimeMs;
  }

  settle(): void {
    this.isSettled = true;
    this.settleNow();
  }
}
