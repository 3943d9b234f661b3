import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { DiscordErrorCode, discordErrorCode } from './api-errors.js';

/**
 * Guild Scheduled Events over the bot's REST client: what the features ask of them. An event deleted in Discord
 * (10070) is reported as `gone`, never thrown, so a caller cannot loop on recreating it.
 */
export interface ScheduledEvents {
  /** `body` is Create Guild Scheduled Event's JSON (the feature builds it from plain data). */
  create(guildId: string, body: object): Promise<{ id: string }>;
  /** The edited event, or gone when it no longer exists. */
  edit(guildId: string, eventId: string, body: object): Promise<'edited' | 'gone'>;
  /** Whether the event still exists (and is not canceled or completed). */
  status(guildId: string, eventId: string): Promise<'scheduled' | 'over' | 'gone'>;
}

export function scheduledEventsOver(rest: REST): ScheduledEvents {
  const gone = (error: unknown): boolean => discordErrorCode(error) === DiscordErrorCode.UnknownScheduledEvent;
  return {
    async create(guildId, body) {
      const created = (await rest.post(Routes.guildScheduledEvents(guildId), { body })) as { id: string };
      return { id: created.id };
    },
    async edit(guildId, eventId, body) {
      try {
        await rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body });
        return 'edited';
      } catch (error) {
        if (gone(error)) return 'gone';
        throw error;
      }
    },
    async status(guildId, eventId) {
      try {
        const event = (await rest.get(Routes.guildScheduledEvent(guildId, eventId))) as { status: number };
        // 1 scheduled, 2 active; 3 completed and 4 canceled are final.
        return event.status <= 2 ? 'scheduled' : 'over';
      } catch (error) {
        if (gone(error)) return 'gone';
        throw error;
      }
    },
  };
}

/** A port for contexts without a Discord connection (unit tests): every call fails plainly. */
export const noScheduledEvents: ScheduledEvents = {
  create: () => Promise.reject(new Error('no Discord connection for scheduled events')),
  edit: () => Promise.reject(new Error('no Discord connection for scheduled events')),
  status: () => Promise.reject(new Error('no Discord connection for scheduled events')),
};

/** The link members open: https://discord.com/events/<guild>/<event>. */
export const scheduledEventUrl = (guildId: string, eventId: string): string => `https://discord.com/events/${guildId}/${eventId}`;
