import type { InteractionOutcome } from '../../emulator/interaction-record.js';
import type { RecordedMessage } from '../../emulator/state.js';
import type { ActionPlace, ActionResult, PlaygroundActions } from '../session/actions.js';
import type { Completion } from '../session/completion.js';
import type { NameLookup, OtherServer, PlaygroundDiscord, SessionPlace } from '../session/discord.js';
import type { PlaygroundClock } from '../session/playground-clock.js';
import { summarizeEvents } from '../session/event-summary.js';
import { eventsHtml } from './render/events.js';
import { messageHtml } from './render/message.js';
import { modalHtml } from './render/modal.js';

/**
 * The web face of one playground: what a member sees of #books (their own ephemeral replies included, nobody
 * else's), the form the bot opened for them, the server's scheduled events, and the actions they take (votes in
 * polls too), as whichever member they pick. The page can also show the channel of a server without the bot ("Elsewhere"), where you run /book through your
 * own install of Grimoire.
 */

/** Which channel the page shows and commands go to: the playground's own, or the one in the server without the bot. */
export type Where = 'home' | 'elsewhere';

export interface ShownChannel {
  where: Where;
  guildName: string;
  channelName: string;
  /** Why it is there, for the page (none for the playground's own). */
  note?: string;
}

export interface WebSessionOptions {
  discord: Pick<PlaygroundDiscord, 'messages' | 'message' | 'member' | 'ephemeralRecipient'> & Partial<Pick<PlaygroundDiscord, 'scheduledEvents'>>;
  actions: PlaygroundActions;
  place: SessionPlace;
  /** The playground's own server and channel, as the page names them. */
  home: { guildName: string; channelName: string };
  /** A server without the bot where only "you" is a member (none: the page shows the playground's channel alone). */
  elsewhere?: OtherServer;
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
  /** The channel shown (default: the playground's own). */
  where?: string;
}

export interface MessageHtml {
  id: string;
  html: string;
}

export interface PageState {
  nowMs: number;
  viewer: string;
  members: string[];
  /** The channel shown, and the ones the page may switch to. */
  channel: ShownChannel;
  channels: ShownChannel[];
  messages: MessageHtml[];
  /** The form the bot opened for this member and that waits to be submitted, as a <dialog>. */
  modal: string | null;
  /** The shown server's scheduled events: how many are to come (or live), and the list's HTML. */
  events: EventsView;
}

export interface EventsView {
  guildId: string;
  upcoming: number;
  /** The event ids listed, so a link to an event the list lacks can say so. */
  ids: string[];
  html: string;
}

/** What an action answers the page: done, or why nothing happened (shown next to the command box or in the form). */
export type ActionReply = { ok: true; notice?: string } | { ok: false; error: string };

export interface WebSession {
  state(request: ViewRequest): PageState;
  command(viewer: string, line: string, where?: string): Promise<ActionReply>;
  complete(line: string, where?: string): Promise<Completion>;
  press(viewer: string, messageId: string, customId: string): Promise<ActionReply>;
  choose(viewer: string, messageId: string, customId: string, values: readonly string[]): Promise<ActionReply>;
  submitForm(viewer: string, customId: string, fields: Record<string, string>): Promise<ActionReply>;
  closeForm(viewer: string): void;
  /** Votes in the poll on a message as this member (no answers: takes the vote back). */
  vote(viewer: string, messageId: string, answerIds: readonly number[]): Promise<ActionReply>;
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
  const { discord, actions, place, names, clock, elsewhere } = options;
  const members = [...options.members];
  /** Per member id: the form the bot opened for them, and where it was opened (it is sent from there). */
  const openForms = new Map<string, { modal: Record<string, unknown>; where: ActionPlace }>();
  const channels: ShownChannel[] = [
    { where: 'home', ...options.home },
    ...(elsewhere ? [{ where: 'elsewhere' as const, guildName: elsewhere.guildName, channelName: elsewhere.channelName, note: 'Grimoire is not in this server: only your own install of it answers here' }] : []),
  ];
  const shown = (where: string | undefined): ShownChannel => channels.find((channel) => channel.where === where) ?? channels[0]!;
  const placeOf = (channel: ShownChannel): SessionPlace => (channel.where === 'elsewhere' && elsewhere ? elsewhere.place : place);
  /** Only you joined the server without the bot: anyone else would not see its channel at all. */
  const outsider = (channel: ShownChannel, viewer: string): string | null =>
    channel.where === 'elsewhere' && viewer !== members[0] ? `Only “${members[0]}” joined ${channel.guildName}: pick “${members[0]}” under Acting as to use it.` : null;
  const listeners = new Set<() => void>();
  const changed = (): void => listeners.forEach((listener) => listener());
  options.onChange(changed);

  const idOf = (name: string): string => {
    if (!members.includes(name)) members.push(name);
    return name === members[0] ? place.userId : discord.member(name);
  };

  function settle(result: ActionResult, userId: string, where: ActionPlace = place): ActionReply {
    if (!result.ok) return { ok: false, error: result.error };
    if (result.outcome.modal) openForms.set(userId, { modal: result.outcome.modal, where });
    const notice = outcomeNotice(result.outcome);
    return notice ? { ok: true, notice } : { ok: true };
  }

  function visibleTo(message: RecordedMessage, userId: string): boolean {
    return !message.ephemeral || discord.ephemeralRecipient(message) === userId;
  }

  function eventsOf(channel: ShownChannel, refused: boolean, timeZone: string, nowMs: number): EventsView {
    const { guildId } = placeOf(channel);
    const list = refused || !discord.scheduledEvents ? [] : summarizeEvents(discord.scheduledEvents(guildId), (id) => names.channel(id), timeZone);
    return {
      guildId,
      upcoming: list.filter((event) => event.upcoming).length,
      ids: list.map((event) => event.id),
      html: eventsHtml(list, { timeZone, nowMs, guildName: channel.guildName, names }),
    };
  }

  return {
    state({ viewer, timeZone, where }) {
      const userId = idOf(viewer);
      const zone = validZone(timeZone);
      const nowMs = clock.now();
      const chosen = shown(where);
      // Someone who is not in that server does not see its channel at all.
      const refused = outsider(chosen, viewer);
      const channel = refused ? { ...chosen, note: refused } : chosen;
      const messages = discord
        .messages(placeOf(channel).channelId, { includeEphemeral: true })
        .filter(() => refused === null)
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
      const form = openForms.get(userId)?.modal;
      return {
        nowMs,
        viewer,
        members: [...members],
        channel,
        channels: [...channels],
        messages,
        modal: form ? modalHtml(form, { timeZone: zone, nowMs, names }) : null,
        events: eventsOf(channel, refused !== null, zone, nowMs),
      };
    },
    async command(viewer, line, where) {
      const channel = shown(where);
      const refused = outsider(channel, viewer);
      if (refused) return { ok: false, error: refused };
      const userId = idOf(viewer);
      const target = placeOf(channel);
      return settle(await actions.runLine(line, userId, target), userId, target);
    },
    complete: (line, where) => actions.complete(line, placeOf(shown(where))),
    async press(viewer, messageId, customId) {
      const userId = idOf(viewer);
      // A form the button opens is sent from the message's channel.
      const message = discord.message(messageId);
      const where = message?.guildId ? { guildId: message.guildId, channelId: message.channelId } : place;
      return settle(await actions.press({ messageId, customId, userId }), userId, where);
    },
    async choose(viewer, messageId, customId, values) {
      const userId = idOf(viewer);
      return settle(await actions.choose({ messageId, customId, values, userId }), userId);
    },
    async submitForm(viewer, customId, fields) {
      const userId = idOf(viewer);
      const opened = openForms.get(userId);
      const where = opened?.where ?? place;
      const result = await actions.submitForm({ customId, fields, userId, where });
      // A refused submission keeps the form open, with the reason, as Discord's client keeps it.
      if (result.ok && opened?.modal.custom_id === customId) openForms.delete(userId);
      return settle(result, userId, where);
    },
    closeForm(viewer) {
      openForms.delete(idOf(viewer));
      changed();
    },
    async vote(viewer, messageId, answerIds) {
      const result = await actions.vote({ messageId, answerIds, userId: idOf(viewer) });
      return result.ok ? { ok: true } : { ok: false, error: result.error };
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
