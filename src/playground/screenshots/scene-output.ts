import { createHash } from 'node:crypto';
import type { RecordedMessage } from '../../emulator/state.js';
import { markerOf, stripMarker } from '../../platform/discord/message-marker.js';
import type { World } from '../session/world.js';
import type { Member, MessagePick, SceneShot } from './scenes.js';

/**
 * What a scene's picture shows, as the bot sent it: the message's content, embeds, components, flags, pings and
 * files, or the form's JSON; with what changes from run to run replaced (snowflakes by the names they stand
 * for or `<id>`, the emulator's port, a scheduled post's delivery marker). Its hash is what docs/screenshots/manifest.json keeps per picture.
 */

export const memberId = (world: World, member: Member): string => (member === 'you' ? world.place.userId : world.discord.member(member));

const visibleTo = (world: World, message: RecordedMessage, userId: string): boolean => !message.ephemeral || world.discord.ephemeralRecipient(message) === userId;

const searchableText = (message: RecordedMessage): string => JSON.stringify([message.content, message.embeds, message.components]);

/** The message a pick names among those the member sees in the channel, or an error saying none does. */
export function pickMessage(world: World, member: Member, pick: MessagePick): RecordedMessage {
  const userId = memberId(world, member);
  const seen = world.discord.messages(world.place.channelId, { includeEphemeral: true }).filter((message) => visibleTo(world, message, userId));
  const matching = pick.containing === undefined ? seen : seen.filter((message) => searchableText(message).includes(pick.containing!));
  const picked = matching.at(-1);
  if (!picked) throw new Error(`no message ${pick.containing === undefined ? '' : `containing "${pick.containing}" `}is visible to ${member}`);
  return picked;
}

/** The form the bot last opened for the member. */
export function openedForm(world: World, member: Member): Record<string, unknown> {
  const userId = memberId(world, member);
  const record = world.emulator.interactions.findLast((interaction) => interaction.modal !== null && (interaction.payload.member?.user.id ?? interaction.payload.user?.id) === userId);
  if (!record?.modal) throw new Error(`the bot opened no form for ${member}`);
  return record.modal;
}

function messageOutput(message: RecordedMessage): unknown {
  return {
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    flags: message.flags,
    ephemeral: message.ephemeral,
    pinged: message.pinged,
    files: (message.attachments ?? []).map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      description: file.description,
      sha256: createHash('sha256').update(file.data).digest('hex'),
    })),
  };
}

/** The shot's output as the bot sent it, before normalising, and the message it is of (null for a form). */
export function shotOutput(world: World, shot: SceneShot): { output: unknown; message: RecordedMessage | null } {
  const member = shot.as ?? 'you';
  if ('form' in shot) return { output: { form: openedForm(world, member) }, message: null };
  const message = pickMessage(world, member, shot.message);
  return { output: { message: messageOutput(message) }, message };
}

/** A scheduled post's delivery marker hides in a custom_id and is made from snowflakes: keep only that it is there. */
const markerless = (customId: string): string => (markerOf(customId) === null ? customId : `${stripMarker(customId)}#<marker>`);

/** JSON with sorted keys, so the same value always gives the same text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => {
    if (key === 'custom_id' && typeof inner === 'string') return markerless(inner);
    return inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner;
  });
}

/** The output's text with snowflakes named (`user:alice`, `channel:books`) or blanked, and ports blanked. */
export function normalisedOutput(world: World, output: unknown): string {
  const { names } = world;
  return canonicalJson(output)
    .replace(/\b\d{17,20}\b/g, (id) => {
      const user = names.user(id);
      if (user) return `user:${user}`;
      const channel = names.channel(id);
      if (channel) return `channel:${channel}`;
      const role = names.role(id);
      return role ? `role:${role}` : '<id>';
    })
    .replace(/\b(127\.0\.0\.1|localhost):\d+/g, '$1:<port>');
}

export const outputHash = (normalised: string): string => createHash('sha256').update(normalised).digest('hex');
