import type { CommandDefinition } from '../../platform/discord/command-definition.js';
import type { InteractionOutcome } from '../../emulator/interaction-record.js';
import type { RecordedMessage } from '../../emulator/state.js';
import { createActions, type ActionPlace, type ActionResult, type ClockAdvancedHook } from '../session/actions.js';
import type { Completion } from '../session/completion.js';
import type { OtherServer, PlaygroundDiscord, SessionPlace } from '../session/discord.js';
export type { PlaygroundDiscord, SessionPlace } from '../session/discord.js';

/** What the text session uses of the emulator (no select menus: the terminal lists their options as text); without polls or events, `vote` and `events` say so. */
export type TerminalDiscord = Omit<PlaygroundDiscord, 'chooseOptions' | 'ephemeralRecipient' | 'votePoll' | 'scheduledEvents'> &
  Partial<Pick<PlaygroundDiscord, 'votePoll' | 'scheduledEvents'>>;
import { formatDuration, parseDuration } from '../session/duration.js';
import { formFieldsOf, selectAnswer, type FormField } from '../session/form.js';
import { selectLines } from './select-lines.js';
import { helpText } from './help.js';
import { summarizeEvents } from '../session/event-summary.js';
import { eventsText } from './render-events.js';
import { parseVote, pollNumbering } from './vote-command.js';
import type { Directory } from '../session/parse-command.js';
import { describeTime, type ClockChange, type PlaygroundClock } from '../session/playground-clock.js';
import { buttonsOf, defaultWidth, renderMessage, renderOutcome, renderSuggestions, type NameLookup, type RenderOptions } from './render.js';

/**
 * One playground session: executes a line (a slash command, `click 2`, `clock +7d`, …) against the emulator
 * as the member "you" and returns the text to print. Both the terminal and script modes drive it.
 */

/** A form the bot opened and that waits to be filled in with `submit field: value …`. */
interface PendingForm {
  customId: string;
  title: string;
  fields: FormField[];
  userId: string;
  /** Where the form was opened (it is submitted from there). */
  where: ActionPlace;
}

/** Runs after the clock moved (e.g. "post the weekly spotlights that are now due"); new messages are printed after. */
export type { ClockAdvancedHook } from '../session/actions.js';

export interface SessionOptions {
  discord: TerminalDiscord;
  place: SessionPlace;
  /** A server without the bot, for `elsewhere /book …` (none: the word explains it is not there). */
  elsewhere?: OtherServer;
  definitions: readonly CommandDefinition[];
  /** Current channels, roles and members by name (read on each use: they can change). */
  directory(): Directory;
  names: NameLookup;
  clock: PlaygroundClock;
  onClockAdvanced?: readonly ClockAdvancedHook[];
  /** How time passes (default: jump); the playground steps through due instants so scheduled posts happen on time. */
  passTime?: (ms: number) => Promise<ClockChange>;
  render?: Omit<RenderOptions, 'names'>;
  /** For `clock` and `events`; defaults to the machine's zone. */
  timeZone?: string;
  botName?: string;
  /** The playground server's name, for `events` (default "The server"). */
  guildName?: string;
}

export interface StepResult {
  output: string;
  /** True after `exit`. */
  exit: boolean;
}

export interface Session {
  execute(line: string): Promise<StepResult>;
  /** What Tab offers for the line typed so far (up to the cursor). */
  complete(line: string): Promise<Completion>;
}

export const playgroundWords = ['as ', 'click ', 'clock ', 'complete /', 'elsewhere /', 'events', 'messages', 'submit ', 'vote ', 'help', 'exit'] as const;

/** The form's fields (text inputs and selects, in rows or labels), from the modal the bot answered with. */
function formOf(modal: Record<string, unknown>, userId: string, where: ActionPlace): PendingForm {
  const { custom_id: customId, title } = modal as { custom_id?: string; title?: string };
  return { customId: customId ?? '', title: title ?? '', fields: formFieldsOf(modal), userId, where };
}

/** The form as the playground shows it: its labels, each select's choices (wrapped, hanging), and the `submit` line to type. */
function describeForm(form: PendingForm, botName: string, width: number): string {
  const blank = (field: FormField): string => `${field.id}: …${field.required ? '' : ' (optional)'}`;
  const selects = form.fields.filter((field) => field.kind === 'select').flatMap((field) => selectLines(field, width));
  return [
    `${botName} opened a form “${form.title}”: ${form.fields.map((field) => field.label).join(' / ')}.`,
    ...selects,
    `Fill it in with:  submit ${form.fields.map(blank).join('  ')}`,
  ].join('\n');
}

/** "progress: ch 5 note: loved it" → { progress: 'ch 5', note: 'loved it' }, splitting only at the form's own field names. */
export function parseFormFields(text: string, fieldIds: readonly string[]): Record<string, string> {
  const names = fieldIds.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const values: Record<string, string> = {};
  if (!names) return values;
  const pattern = new RegExp(`(?:^|\\s)(${names}):\\s*`, 'gi');
  const marks = [...text.matchAll(pattern)];
  marks.forEach((mark, index) => {
    const id = fieldIds.find((field) => field.toLowerCase() === mark[1]!.toLowerCase())!;
    const start = mark.index! + mark[0].length;
    const end = index + 1 < marks.length ? marks[index + 1]!.index! : text.length;
    values[id] = text.slice(start, end).trim();
  });
  return values;
}

export function createSession(options: SessionOptions): Session {
  const { discord, place, definitions, clock } = options;
  const botName = options.botName ?? 'Grimoire';
  const actions = createActions({
    discord,
    place,
    definitions,
    directory: options.directory,
    clock,
    ...(options.passTime ? { passTime: options.passTime } : {}),
    ...(options.onClockAdvanced ? { onClockAdvanced: options.onClockAdvanced } : {}),
    playgroundWords,
  });
  /** Messages already shown, so anything else that appears (a scheduled post) is printed once. */
  const seen = new Set<string>();
  let lastWithButtons: string | null = null;
  let pendingForm: PendingForm | null = null;

  const channelIds = (): string[] => [...new Set([place.channelId, ...options.directory().channels.values()])];
  /** Polls get numbers in the order they appear, kept for the session (`vote 1 2`). */
  const polls = pollNumbering(() => channelIds().flatMap((channelId) => discord.messages(channelId, { includeEphemeral: true })));
  const renderOptions: RenderOptions = { ...options.render, names: options.names, polls: { now: () => clock.now(), number: (id) => polls.numberOf(id) } };
  for (const channelId of channelIds()) for (const message of discord.messages(channelId, { includeEphemeral: true })) seen.add(message.id);

  function show(message: RecordedMessage): string {
    seen.add(message.id);
    if (buttonsOf(message).length > 0) lastWithButtons = message.id;
    return renderMessage(message, renderOptions);
  }

  function showOutcome(outcome: InteractionOutcome, userId: string, where: ActionPlace): string {
    for (const message of [outcome.message, ...outcome.followUps]) {
      if (!message) continue;
      seen.add(message.id);
      if (buttonsOf(message).length > 0) lastWithButtons = message.id;
    }
    if (!outcome.modal) return renderOutcome(outcome, renderOptions, botName);
    pendingForm = formOf(outcome.modal, userId, where);
    return describeForm(pendingForm, botName, renderOptions.width ?? defaultWidth);
  }

  /** Messages that appeared without being an answer to what was just typed (in any channel the playground knows). */
  function newMessages(): string[] {
    const shown: string[] = [];
    for (const channelId of channelIds()) {
      const fresh = discord.messages(channelId, { includeEphemeral: true }).filter((message) => !seen.has(message.id));
      for (const message of fresh) {
        const where = channelId === place.channelId ? '' : ` in #${options.names.channel(channelId) ?? channelId}`;
        shown.push(`New message${where}:\n${show(message)}`);
      }
    }
    return shown;
  }

  const joined = (...parts: (string | undefined)[]): string => parts.filter((part) => part !== undefined && part !== '').join('\n\n');

  /** An action's answer as text: the outcome, then anything else that appeared; or why nothing was sent. */
  function answered(result: ActionResult, userId: string, where: ActionPlace = place, onSent?: () => void): string {
    if (!result.ok) return result.by === 'emulator' ? `The playground could not do that: ${result.error}` : result.error;
    onSent?.();
    return joined(showOutcome(result.outcome, userId, where), ...newMessages());
  }

  async function slash(line: string, userId = place.userId): Promise<string> {
    return answered(await actions.runLine(line, userId), userId);
  }

  /** `elsewhere /book query: fluent`: as you, in a server that never added Grimoire; only your own install of it answers there. */
  async function elsewhere(line: string): Promise<string> {
    const other = options.elsewhere;
    if (!other) return 'This playground has no other server.';
    if (!line.startsWith('/')) return 'After `elsewhere` comes a bot command, e.g. elsewhere /book query: fluent';
    const heading = `In ${other.guildName} #${other.channelName} (Grimoire is not in this server; you installed it to your account):`;
    return joined(heading, answered(await actions.runLine(line, place.userId, other.place), place.userId, other.place));
  }

  /**
   * `submit progress: ch 5 note: loved it` or `submit chapter: 5`: fills in the form the bot opened last, as whoever
   * opened it. A select takes an option's value or its label; a field left out keeps what the form showed.
   */
  async function submit(argument: string): Promise<string> {
    const form = pendingForm;
    if (!form) return 'No form is open: a button such as Check in opens one.';
    const values = parseFormFields(argument, form.fields.map((field) => field.id));
    const filled = (field: FormField): boolean => (values[field.id] === undefined ? field.prefilled : values[field.id]!.trim() !== '');
    const missing = form.fields.filter((field) => field.required && !filled(field)).map((field) => field.id);
    if (missing.length > 0) return `The form needs ${missing.map((id) => `${id}: …`).join(' ')} (fields: ${form.fields.map((field) => field.id).join(', ')}).`;
    for (const field of form.fields) {
      const text = values[field.id];
      if (field.kind !== 'select' || text === undefined) continue;
      const answer = selectAnswer(field, text);
      if (!answer.ok) return answer.error;
      values[field.id] = answer.value;
    }
    // A submission the emulator refuses (as no Discord client would send it) leaves the form open to try again.
    const result = await actions.submitForm({ customId: form.customId, fields: values, userId: form.userId, where: form.where });
    return answered(result, form.userId, form.where, () => {
      if (pendingForm === form) pendingForm = null;
    });
  }

  /** `as alice /study join group: Readers` or `as alice click 1`: act as another member of the server. */
  async function actAs(argument: string): Promise<string> {
    const [name = '', ...rest] = argument.split(/\s+/);
    const line = rest.join(' ');
    if (!name || !line) return 'Who, and what? e.g. as alice /study join group: Readers';
    const userId = discord.member(name.replace(/^@/, ''));
    if (line.startsWith('/')) return slash(line, userId);
    const [word = '', ...words] = line.split(/\s+/);
    if (word.toLowerCase() === 'click') return click(words.join(' '), userId);
    if (word.toLowerCase() === 'vote') return vote(words.join(' '), name.replace(/^@/, ''));
    return 'After `as <name>` comes a bot command (/…), click N or vote N A.';
  }

  /** `vote 1 2`, `vote 1 1 3`, `vote 1 none`, `vote 1 2 as alice`: votes in a poll as a member, as Discord's client does (the bot hears nothing). */
  async function vote(argument: string, asName?: string): Promise<string> {
    const parsed = parseVote(argument, polls.list());
    if (!parsed.ok) return parsed.error;
    const name = asName ?? parsed.as;
    const userId = name ? discord.member(name) : place.userId;
    const who = name ?? options.names.user(place.userId) ?? 'you';
    const result = await actions.vote({ messageId: parsed.poll.id, answerIds: parsed.answerIds, userId });
    if (!result.ok) return result.by === 'emulator' ? `The playground could not do that: ${result.error}` : result.error;
    const chosen = parsed.answerTexts.map((text) => `“${text}”`).join(' and ');
    const done = chosen ? `${who} voted for ${chosen} in poll ${parsed.number}.` : `${who} took back their vote in poll ${parsed.number}.`;
    const message = discord.message(parsed.poll.id);
    return joined(done, message ? show(message) : undefined, ...newMessages());
  }

  function events(): string {
    if (!discord.scheduledEvents) return 'This playground has no scheduled events.';
    const zone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const list = summarizeEvents(discord.scheduledEvents(place.guildId), (id) => options.names.channel(id), zone);
    return eventsText(list, { guildName: options.guildName ?? 'The server', timeZone: zone, width: renderOptions.width ?? defaultWidth });
  }

  async function click(argument: string, userId = place.userId): Promise<string> {
    if (argument === '') return 'Which button? e.g. click 1 (buttons are numbered [1], [2], … under a message).';
    if (!lastWithButtons) return 'No message with buttons yet: try /book query: fluent first.';
    const message = discord.message(lastWithButtons);
    if (!message || message.deleted) return 'The last message with buttons was deleted.';
    const buttons = buttonsOf(message);
    const wanted = argument.toLowerCase();
    const button = /^\d+$/.test(argument)
      ? buttons.find((b) => b.number === Number(argument))
      : (buttons.find((b) => b.label.toLowerCase() === wanted) ?? buttons.find((b) => b.label.toLowerCase().includes(wanted)));
    const list = buttons.map((b) => `[${b.number}] ${b.label}`).join('   ');
    if (!button) return `No button "${argument}" on the last message with buttons: ${list || 'it has none left'}.`;
    if (button.url) return `[${button.number}] ${button.label} is a link: it opens ${button.url} in a browser (nothing is sent to the bot).`;
    if (button.disabled) return `[${button.number}] ${button.label} is disabled.`;
    if (!button.customId) return `[${button.number}] ${button.label} has no custom id to press.`;
    // A form it opens is sent from where the message is.
    const where = message.guildId === null ? place : { guildId: message.guildId, channelId: message.channelId };
    return answered(await actions.press({ messageId: message.id, customId: button.customId, userId }), userId, where);
  }

  async function clockCommand(argument: string): Promise<string> {
    const ahead = (): string =>
      clock.pinned
        ? `pinned; ${clock.offsetMs > 0 ? `moved ${formatDuration(clock.offsetMs)} since the start` : 'the start time'}`
        : clock.offsetMs > 0
          ? `${formatDuration(clock.offsetMs)} ahead of real time`
          : 'real time';
    if (argument === '') return `Playground time: ${describeTime(clock.now(), options.timeZone)} (${ahead()})`;
    const duration = parseDuration(argument);
    if (!duration.ok) return duration.error;
    const change = await actions.moveClock(duration.ms);
    const lines = [`Clock moved forward ${formatDuration(duration.ms)}: ${describeTime(change.to, options.timeZone)} (${ahead()})`, ...change.problems];
    return joined(lines.join('\n'), ...newMessages());
  }

  function reprint(): string {
    const messages = discord.messages(place.channelId, { includeEphemeral: true });
    const name = options.names.channel(place.channelId) ?? place.channelId;
    if (messages.length === 0) return `#${name} is empty.`;
    return joined(`#${name} (${messages.length} message${messages.length === 1 ? '' : 's'}, oldest first):`, ...messages.map(show));
  }

  async function suggest(rest: string): Promise<string> {
    if (!rest.startsWith('/')) return 'Give a partial command, e.g. complete /book query: flu';
    const completion = await sessionComplete(rest);
    return renderSuggestions(completion.candidates, completion.note);
  }

  async function sessionComplete(line: string): Promise<Completion> {
    // `elsewhere /book query: flu` asks the bot from that server, and the suggestions go after the prefix.
    const prefix = options.elsewhere ? /^(\s*elsewhere\s+)(?=\/)/i.exec(line) : null;
    if (!prefix || !options.elsewhere) return actions.complete(line);
    const inner = await actions.complete(line.slice(prefix[0].length), options.elsewhere.place);
    return { ...inner, start: inner.start + prefix[0].length };
  }

  async function execute(line: string): Promise<StepResult> {
    const text = line.trim();
    const result = (output: string, exit = false): StepResult => ({ output, exit });
    if (text === '' || text.startsWith('#')) return result('');
    if (text.startsWith('/')) return result(await slash(text));
    const [word = '', ...rest] = text.split(/\s+/);
    const argument = rest.join(' ');
    switch (word.toLowerCase()) {
      case 'click':
        return result(await click(argument));
      case 'as':
        return result(await actAs(argument));
      case 'elsewhere':
        return result(await elsewhere(argument));
      case 'submit':
        return result(await submit(argument));
      case 'clock':
        return result(await clockCommand(argument));
      case 'messages':
        return result(reprint());
      case 'vote':
        return result(await vote(argument));
      case 'events':
        return result(events());
      case 'complete':
        return result(await suggest(argument));
      case 'help':
      case '?':
        return result(helpText(definitions));
      case 'exit':
      case 'quit':
        return result('', true);
      default:
        return result(`Unknown input "${text}". Bot commands start with /, e.g. /book query: fluent; type help for the list.`);
    }
  }

  async function safely(line: string): Promise<StepResult> {
    try {
      return await execute(line);
    } catch (error) {
      return { output: `The playground could not do that: ${error instanceof Error ? error.message : String(error)}`, exit: false };
    }
  }

  return { execute: safely, complete: sessionComplete };
}
