import type { CommandDefinition } from '../../platform/discord/command-definition.js';
import type { InteractionOutcome } from '../../emulator/interaction-record.js';
import { PollVotingBlocked } from '../../emulator/polls.js';
import { complete, type Completion } from './completion.js';
import type { PlaygroundDiscord, SessionPlace } from './discord.js';
import { parseCommandLine, type Directory } from './parse-command.js';
import type { ClockChange, PlaygroundClock } from './playground-clock.js';

/**
 * What a member can do in the playground, whichever face (terminal or web) they use: run a slash command typed
 * as a line, ask for completions, press a button, pick a select's options, submit the form the bot opened, vote
 * in a poll, and let time pass. Each returns the emulator's outcome, or a sentence saying why nothing was sent.
 */

/** `refused`: the emulator would not send it (as no Discord client would); `invalid`: the line itself is wrong. */
export type ActionResult = { ok: true; outcome: InteractionOutcome } | { ok: false; error: string; by: 'emulator' | 'playground' };

/** A vote is no interaction (the bot hears nothing of it): done, or why Discord would not take it. */
export type VoteResult = { ok: true } | { ok: false; error: string; by: 'emulator' | 'playground' };

/** Runs after the clock moved (e.g. "post the weekly spotlights that are now due"). */
export type ClockAdvancedHook = (change: ClockChange) => void | Promise<void>;

export interface ActionsOptions {
  discord: Pick<PlaygroundDiscord, 'runCommand' | 'autocomplete'> & Partial<Pick<PlaygroundDiscord, 'pressButton' | 'chooseOptions' | 'submitModal' | 'votePoll'>>;
  place: SessionPlace;
  definitions: readonly CommandDefinition[];
  /** Current channels, roles and members by name (read on each use: they can change). */
  directory(): Directory;
  clock: PlaygroundClock;
  /** How time passes (default: jump); the playground steps through due instants so scheduled posts happen on time. */
  passTime?: (ms: number) => Promise<ClockChange>;
  onClockAdvanced?: readonly ClockAdvancedHook[];
  /** Words the playground itself understands, offered by completion next to the slash commands. */
  playgroundWords?: readonly string[];
}

export interface ClockMove extends ClockChange {
  /** Hooks that failed after the move, in words. */
  problems: string[];
}

/** Where a command runs or a form is sent, when not the playground's own channel (e.g. the server without the bot). */
export type ActionPlace = Pick<SessionPlace, 'guildId' | 'channelId'>;

export interface PlaygroundActions {
  runLine(line: string, userId: string, where?: ActionPlace): Promise<ActionResult>;
  complete(line: string, where?: ActionPlace): Promise<Completion>;
  press(options: { messageId: string; customId: string; userId: string }): Promise<ActionResult>;
  choose(options: { messageId: string; customId: string; values: readonly string[]; userId: string }): Promise<ActionResult>;
  submitForm(options: { customId: string; fields: Record<string, string>; userId: string; where?: ActionPlace }): Promise<ActionResult>;
  /** Votes in the poll on a message for these answer ids (none withdraws the vote). */
  vote(options: { messageId: string; answerIds: readonly number[]; userId: string }): Promise<VoteResult>;
  moveClock(ms: number): Promise<ClockMove>;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** An emulator refusal (what no Discord client would send) as an answer rather than a crash. */
async function attempt(send: () => Promise<InteractionOutcome>): Promise<ActionResult> {
  try {
    return { ok: true, outcome: await send() };
  } catch (error) {
    return { ok: false, error: reason(error), by: 'emulator' };
  }
}

export function createActions(options: ActionsOptions): PlaygroundActions {
  const { discord, place, definitions, clock } = options;
  const unsupported = (what: string) => async (): Promise<ActionResult> => ({ ok: false, error: `This playground cannot ${what}.`, by: 'playground' });
  return {
    async runLine(line, userId, where = place) {
      const parsed = parseCommandLine(line, definitions, options.directory());
      if (!parsed.ok) return { ok: false, error: parsed.error, by: 'playground' };
      const { name, subcommand, options: values } = parsed.command;
      return attempt(() => discord.runCommand({ guildId: where.guildId, channelId: where.channelId, userId, name, ...(subcommand ? { subcommand } : {}), options: values }));
    },
    complete(line, where = place) {
      return complete(line, {
        definitions,
        directory: options.directory(),
        playgroundWords: options.playgroundWords ?? [],
        autocomplete: (request) =>
          discord.autocomplete({ ...place, guildId: where.guildId, channelId: where.channelId, name: request.name, ...(request.subcommand ? { subcommand: request.subcommand } : {}), options: request.options, focused: request.focused }),
      });
    },
    press: discord.pressButton ? ({ messageId, customId, userId }) => attempt(() => discord.pressButton!({ userId, messageId, customId })) : unsupported('press buttons'),
    choose: discord.chooseOptions
      ? ({ messageId, customId, values, userId }) => attempt(() => discord.chooseOptions!({ userId, messageId, customId, values }))
      : unsupported('pick options'),
    submitForm: discord.submitModal
      ? ({ customId, fields, userId, where = place }) => attempt(() => discord.submitModal!({ guildId: where.guildId, channelId: where.channelId, userId, customId, fields }))
      : unsupported('submit forms'),
    async vote({ messageId, answerIds, userId }) {
      if (!discord.votePoll) return { ok: false, error: 'This playground cannot vote in polls.', by: 'playground' };
      try {
        discord.votePoll(messageId, userId, answerIds);
        return { ok: true };
      } catch (error) {
        // Discord's client greys an ended poll out; the emulator's words for it name a message id.
        const text = error instanceof PollVotingBlocked ? 'This poll has closed: Discord takes no more votes on it.' : reason(error);
        return { ok: false, error: text, by: 'emulator' };
      }
    },
    async moveClock(ms) {
      const change = options.passTime ? await options.passTime(ms) : clock.advance(ms);
      const problems: string[] = [];
      for (const hook of options.onClockAdvanced ?? []) {
        try {
          await hook(change);
        } catch (error) {
          problems.push(`After moving the clock, a scheduled task failed: ${reason(error)}`);
        }
      }
      return { ...change, problems };
    },
  };
}
