import type { CommandDefinition } from '../../platform/discord/command-definition.js';
import type { RecordedMessage } from '../../emulator/state.js';
import { createActions } from '../session/actions.js';
import { isPollResult } from '../session/poll-summary.js';
import type { PlaygroundClock } from '../session/playground-clock.js';
import type { World } from '../session/world.js';
import { startWebServer, type WebServer } from './server.js';
import { createWebSession, type WebSession } from './web-session.js';

/** Members offered in the switcher from the start, after "you". */
export const otherMembers = ['alice', 'bob'] as const;

export interface WebPlaygroundOptions {
  world: World;
  clock: PlaygroundClock;
  definitions: readonly CommandDefinition[];
  port?: number;
}

/** The web face's session on the playground's world: the same actions as the terminal, as the page uses them. */
export function createPlaygroundWebSession(options: Omit<WebPlaygroundOptions, 'port'>): WebSession {
  const { world, clock } = options;
  const actions = createActions({ discord: world.discord, place: world.place, definitions: options.definitions, directory: world.directory, clock, passTime: world.passTime });
  for (const name of otherMembers) world.discord.member(name);
  const events = world.emulator.core.events;
  // Messages are stamped by the playground's clock as they arrive (it may stand still, or be days ahead). A poll's
  // result is posted when the poll is next read after its expiry, but Discord posts it at the expiry: stamped so.
  const sentAt = new Map<string, number>();
  const expiryOfPoll = (message: RecordedMessage): number | undefined =>
    isPollResult(message) && message.reference ? world.discord.message(message.reference.messageId)?.poll?.expiresAt : undefined;
  events.on('message', (message) => sentAt.set(message.id, Math.min(clock.now(), expiryOfPoll(message) ?? Infinity)));
  return createWebSession({
    discord: world.discord,
    actions,
    place: world.place,
    home: { guildName: world.guildName, channelName: world.channelName },
    elsewhere: world.elsewhere,
    names: world.names,
    clock,
    botUserId: world.emulator.core.state.botUser.id,
    members: [world.userName, ...otherMembers],
    sentAt: (message) => sentAt.get(message.id) ?? clock.now(),
    onChange(listener) {
      for (const event of ['message', 'messageUpdate', 'messageDelete'] as const) events.on(event, listener);
    },
  });
}

/** The web face on the playground's world, served as a page. */
export async function startWebPlayground(options: WebPlaygroundOptions): Promise<WebServer> {
  const { world } = options;
  const session = createPlaygroundWebSession(options);
  return startWebServer({ session, page: { guildName: world.guildName, channelName: world.channelName, botName: 'Grimoire' }, ...(options.port === undefined ? {} : { port: options.port }) });
}
