import type { InteractionOutcome } from '../../emulator/interaction-record.js';
import type { RecordedMessage } from '../../emulator/state.js';
import type { ActionResult, PlaygroundActions } from '../session/actions.js';
import type { Completion } from '../session/completion.js';
import type { NameLookup, PlaygroundDiscord, SessionPlace } from '../session/discord.js';
import type { PlaygroundClock } from '../session/playground-clock.js';
import { messageHtml } from './render/message.js';
import { modalHtml } from './render/modal.js';

/**
 * The web face of one playground: what a member sees of #books (their own ephemeral replies included, nobody
 * else's), the form the bot opened for them, and the actions they take, as whichever member they pick.
 */

export interface WebSessionOptions {
  discord: Pick<PlaygroundDiscord, 'messages' | 'member' | 'ephemeralRecipient'>;
  actions: PlaygroundActions;
  place: SessionPlace;
  names: NameLookup;
  clock: PlaygroundClock;
  botUserId: string;
  /** The members offered in the switcher at the start (the member "you" first). */
  members: readonly string[];
  /** Fires when anything the page shows may have changed. */
  onChange(listener: () => void): void;
  /** When a message was sent by the playground's clock (the emulator stamps real time). */
  sentAt(message: RecordedMessage): number;
}

export interface ViewRequest {
  /** The member acting (a name; a new one joins the server). */
  viewer: string;
  /** The browser's IANA zone, for <t:…> timestamps. */
  timeZone: string;
}

export interface MessageHtml {
  id: string;
  html: string;
}

export interface PageState {
  nowMs: number;
  viewer: string;
  members: string[];
  messages: MessageHtml[];
  /** The form the bot opened for this member and that waits to be submitted, as a <dialog>. */
  modal: string | null;
}

/** What an action answers the page: done, or why nothing happened (shown next to the command box or in the form). */
export type ActionReply = { ok: true; notice?: string } | { ok: false; error: string };

export interface WebSession {
  state(request: ViewRequest): PageState;
  command(viewer: string, line: string): Promise<ActionReply>;
  complete(line: string): Promise<Completion>;
  press(viewer: string, messageId: string, customId: string): Promise<ActionReply>;
  choose(viewer: string, messageId: string, customId: string, values: readonly string[]): Promise<ActionReply>;
  submitForm(viewer: string, customId: string, fields: Record<string, string>): Promise<ActionReply>;
  closeForm(viewer: string): void;
  moveClock(ms: number): Promise<ActionReply>;
  addMember(name: string): ActionReply;
  /** Calls `listener` whenever what the page shows may have changed; returns how to stop. */
  subscribe(listener: () => void): () => void;
}

const memberName = /^[a-z0-9_.]{2,32}$/;

/** What the bot's answer tells the member when it is not a message: Discord's own words where it has them. */
function outcomeNotice(outcome: InteractionOutcome): string | undefined {
  if (outcome.message || outcome.modal || outcome.followUps.length > 0) return undefined;
  if (outcome.expired) return 'The application did not respond';
  if (outcome.responseType === 5) return 'Grimoire is thinking…';
  return undefined;
}

export function validZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

export function createWebSession(options: WebSessionOptions): WebSession {
  const { discord, actions, place, names, clock } = options;
  const members = [...options.members];
  /** Per member id: the form the bot opened for them. */
  const openForms = new Map<string, Record<string, unknown>>();
  const listeners = new Set<() => void>();
  const changed = (): void => listeners.forEach((listener) => listener());
  options.onChange(changed);

  const idOf = (name: string): string => {
    if (!members.includes(name)) members.push(name);
    return name === members[0] ? place.userId : discord.member(name);
  };

  function settle(result: ActionResult, userId: string): ActionReply {
    if (!result.ok) return { ok: false, error: result.error };
    if (result.outcome.modal) openForms.set(userId, result.outcome.modal);
    const notice = outcomeNotice(result.outcome);
    return notice ? { ok: true, notice } : { ok: true };
  }

  function visibleTo(message: RecordedMessage, userId: string): boolean {
    return !message.ephemeral || discord.ephemeralRecipient(message) === userId;
  }

  return {
    state({ viewer, timeZone }) {
      const userId = idOf(viewer);
      const zone = validZone(timeZone);
      const nowMs = clock.now();
      const messages = discord
        .messages(place.channelId, { includeEphemeral: true })
        .filter((message) => visibleTo(message, userId))
        .map((message) => ({
          id: message.id,
          html: messageHtml({ ...message, createdAt: options.sentAt(message) }, {
            timeZone: zone,
            nowMs,
            viewerId: userId,
            names,
            authorName: (id) => names.user(id),
            authorIsBot: (id) => id === options.botUserId,
          }),
        }));
      const form = openForms.get(userId);
      return { nowMs, viewer, members: [...members], messages, modal: form ? modalHtml(form, { timeZone: zone, nowMs, names }) : null };
    },
    async command(viewer, line) {
      const userId = idOf(viewer);
      return settle(await actions.runLine(line, userId), userId);
    },
    complete: (line) => actions.complete(line),
    async press(viewer, messageId, customId) {
      const userId = idOf(viewer);
      return settle(await actions.press({ messageId, customId, userId }), userId);
    },
    async choose(viewer, messageId, customId, values) {
      const userId = idOf(viewer);
      return settle(await actions.choose({ messageId, customId, values, userId }), userId);
    },
    async submitForm(viewer, customId, fields) {
      const userId = idOf(viewer);
      const result = await actions.submitForm({ customId, fields, userId });
      // A refused submission keeps the form open, with the reason, as Discord's client keeps it.
      if (result.ok && openForms.get(userId)?.custom_id === customId) openForms.delete(userId);
      return settle(result, userId);
    },
    closeForm(viewer) {
      openForms.delete(idOf(viewer));
      changed();
    },
    async moveClock(ms) {
      const moved = await actions.moveClock(ms);
      changed();
      return moved.problems.length > 0 ? { ok: false, error: moved.problems.join(' ') } : { ok: true };
    },
    addMember(name) {
      const wanted = name.trim().toLowerCase().replace(/^@/, '');
      if (!memberName.test(wanted)) return { ok: false, error: 'A member name is 2–32 letters, digits, dots or underscores, e.g. carol.' };
      idOf(wanted);
      changed();
      return { ok: true };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
