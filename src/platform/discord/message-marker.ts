import { ComponentType } from 'discord-api-types/v10';
import type { MessageBody } from './reply.js';

/**
 * A scheduled message carries its delivery's marker at the end of a button's custom_id
 * (`book:similar:fluent-python#g3k…`), invisible to readers, so the bot can find the message again in the
 * channel's history and never post it twice. The router strips it before routing.
 */
export const markerSeparator = '#';

/** The custom_id without a marker. */
export function stripMarker(customId: string): string {
  const at = customId.indexOf(markerSeparator);
  return at === -1 ? customId : customId.slice(0, at);
}

/** The marker a custom_id carries, or null. */
export function markerOf(customId: string): string | null {
  const at = customId.indexOf(markerSeparator);
  return at === -1 ? null : customId.slice(at + 1);
}

const customIdLimit = 100;

/**
 * The body with `marker` on its first button that has a custom_id (in reading order, also inside a Components v2
 * container or as a section's accessory); null when no button can carry it.
 */
export function withMarker(body: MessageBody, marker: string): MessageBody | null {
  let stamped = false;
  const stamp = (node: unknown): unknown => {
    if (stamped || !node || typeof node !== 'object') return node;
    const component = node as Record<string, unknown>;
    if (typeof component.custom_id === 'string' && component.type === ComponentType.Button) {
      const customId = `${stripMarker(component.custom_id)}${markerSeparator}${marker}`;
      if (customId.length > customIdLimit) return component;
      stamped = true;
      return { ...component, custom_id: customId };
    }
    const copy = { ...component };
    if (Array.isArray(component.components)) copy.components = component.components.map(stamp);
    if (component.accessory !== undefined) copy.accessory = stamp(component.accessory);
    return copy;
  };
  const components = body.components?.map(stamp) as MessageBody['components'];
  return stamped ? { ...body, components } : null;
}

/** Every marker found on a message's buttons (as Discord returns it in the channel history). */
export function markersIn(message: { components?: readonly unknown[] }): string[] {
  const markers: string[] = [];
  const visit = (component: unknown): void => {
    if (!component || typeof component !== 'object') return;
    const { custom_id: customId, components, accessory } = component as { custom_id?: unknown; components?: unknown; accessory?: unknown };
    if (typeof customId === 'string') {
      const marker = markerOf(customId);
      if (marker) markers.push(marker);
    }
    if (Array.isArray(components)) components.forEach(visit);
    visit(accessory);
  };
  (message.components ?? []).forEach(visit);
  return markers;
}
