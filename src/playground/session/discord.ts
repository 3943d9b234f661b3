import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { CommandAction } from '../../emulator/interaction-payloads.js';
import type { InteractionOutcome } from '../../emulator/interaction-record.js';
import type { StoredScheduledEvent } from '../../emulator/scheduled-events.js';
import type { RecordedMessage } from '../../emulator/state.js';

/** What every playground (terminal or web) needs from the emulator: interactions, messages, polls, events, members, names. */

export interface PlaygroundDiscord {
  runCommand(action: CommandAction): Promise<InteractionOutcome>;
  autocomplete(action: CommandAction & { focused: string }): Promise<APIApplicationCommandOptionChoice[] | null>;
  pressButton(options: { userId: string; messageId: string; customId: string }): Promise<InteractionOutcome>;
  /** Picks options of a select menu on a message (their values). */
  chooseOptions(options: { userId: string; messageId: string; customId: string; values: readonly string[] }): Promise<InteractionOutcome>;
  submitModal(options: { guildId: string; channelId: string; userId: string; customId: string; fields: Record<string, string> }): Promise<InteractionOutcome>;
  messages(channelId: string, options?: { includeEphemeral?: boolean }): RecordedMessage[];
  message(id: string): RecordedMessage | undefined;
  /** Who an ephemeral message is for (null for a message everyone sees). */
  ephemeralRecipient(message: RecordedMessage): string | null;
  /** The id of the server member with this name, added to the server on first use (for `as alice …`). */
  member(name: string): string;
  /**
   * A member votes in the poll on a message, as Discord's client lets them: these answer ids replace their earlier
   * vote, none withdraws it. Throws when Discord would refuse it (an ended poll, an unknown answer, …).
   */
  votePoll(messageId: string, userId: string, answerIds: readonly number[]): void;
  /** A server's scheduled events, as the API lists them. */
  scheduledEvents(guildId: string): StoredScheduledEvent[];
}

/** Where the playground user acts: their server, channel and user id. */
export interface SessionPlace {
  guildId: string;
  channelId: string;
  userId: string;
}

/** A server without the bot, where only your own install of Grimoire reaches (/book "from another server"). */
export interface OtherServer {
  place: SessionPlace;
  guildName: string;
  channelName: string;
}

export interface NameLookup {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): string | undefined;
}
