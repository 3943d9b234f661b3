import {
  ComponentType,
  SeparatorSpacingSize,
  type APIComponentInContainer,
  type APISeparatorComponent,
  type APITextDisplayComponent,
} from 'discord-api-types/v10';
import type { Reply } from './reply.js';

/** The pieces a Components v2 answer is built from, so every private card looks alike. */

/** Grimoire's colour, for a container that is not about one book. */
export const grimoireAccent = 0x5865f2;
/** Something is wrong, or about to be deleted. */
export const warningAccent = 0xed4245;
/** Set up and running. */
export const healthyAccent = 0x3ba55c;

export const textDisplay = (content: string): APITextDisplayComponent => ({ type: ComponentType.TextDisplay, content });

export const divider: APISeparatorComponent = { type: ComponentType.Separator, divider: true, spacing: SeparatorSpacingSize.Small };

/** A private answer as one container: seen only by whoever asked or pressed. */
export function privateCard(components: APIComponentInContainer[], accent: number = grimoireAccent): Reply {
  return { layout: [{ type: ComponentType.Container, accent_color: accent, components }], ephemeral: true };
}

/** "1 group", "3 groups". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The texts at the most detail that fits `room` characters together (Discord counts all text displays of a
 * message at once), trying `levels` from the most detailed; null when even the least detailed does not fit.
 */
export function mostDetailThatFits<L>(levels: readonly L[], render: (level: L) => string[], room: number): string[] | null {
  for (const level of levels) {
    const texts = render(level);
    if (texts.reduce((sum, text) => sum + text.length, 0) <= room) return texts;
  }
  return null;
}
