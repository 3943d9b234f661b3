import {
  MessageFlags,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIMessageTopLevelComponent,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { discordLimits, fitEmbed, truncateText } from './limits.js';

/** What a handler returns; one adapter turns it into an interaction response or a channel message. */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /**
   * A Components v2 layout (containers, sections, text, media, rows): sent with the IS_COMPONENTS_V2 flag and
   * instead of `content`, `embeds` and `components`, which Discord refuses next to it.
   */
  layout?: APIMessageTopLevelComponent[];
  /** Seen only by the person who ran the command. */
  ephemeral?: boolean;
  /** Roles this message may ping (opt-in roles the bot was configured with, never from user text). */
  pingRoleIds?: string[];
  /** Members this message may ping, e.g. those a reminder is for (at most 100, Discord's limit). */
  pingUserIds?: string[];
  /** Answer with this form instead of a message (only as the first answer to a command or a button). */
  modal?: APIModalInteractionResponseCallbackData;
  /** Files attached to the message (sent as multipart/form-data); at most 10, Discord's limit. */
  files?: ReplyFile[];
  /**
   * From a button: show this in the pressed message instead of a new one (turning a page). Honoured only when that
   * message is private (so only its owner could press it) and already Components v2, and this is a layout: one
   * member's press never changes what others see, and a message never loses the v2 flag. Otherwise it is a new message.
   */
  replacesPressedMessage?: boolean;
}

export interface ReplyFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** Discord's limit on attachments per message (the emulator enforces its own copy). */
export const attachmentsPerMessage = 10;

/** How a message refers to the file sent as the multipart part `files[id]`. */
export interface AttachmentReference {
  id: number;
  filename: string;
}

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[] | APIMessageTopLevelComponent[];
  allowed_mentions: APIAllowedMentions;
  flags?: number;
  attachments?: AttachmentReference[];
}

/**
 * Who a message may ping, and nobody else: never @everyone or @here, and never anyone merely mentioned
 * in user text. Discord accepts at most 100 ids of each kind; a longer list is a bug in the caller.
 */
export function allowedMentions(reply: Pick<Reply, 'pingRoleIds' | 'pingUserIds'>): APIAllowedMentions {
  const roles = [...new Set(reply.pingRoleIds ?? [])];
  const users = [...new Set(reply.pingUserIds ?? [])];
  if (roles.length > discordLimits.allowedMentionIds || users.length > discordLimits.allowedMentionIds) {
    throw new Error(`A message may ping at most ${discordLimits.allowedMentionIds} roles and ${discordLimits.allowedMentionIds} users; split it`);
  }
  const mentions: APIAllowedMentions = { parse: [], roles };
  if (users.length > 0) mentions.users = users;
  return mentions;
}

/** The message body Discord receives: limits applied, mentions locked down. */
export function toMessageBody(reply: Reply): MessageBody {
  if (reply.layout !== undefined) return layoutBody(reply, reply.layout);
  const body: MessageBody = { allowed_mentions: allowedMentions(reply) };
  if (reply.content !== undefined) body.content = truncateText(reply.content, discordLimits.content);
  if (reply.embeds !== undefined) body.embeds = reply.embeds.slice(0, discordLimits.embedsPerMessage).map(fitEmbed);
  if (reply.components !== undefined) body.components = reply.components.slice(0, discordLimits.componentRows);
  if (reply.ephemeral) body.flags = MessageFlags.Ephemeral;
  if (reply.files !== undefined && reply.files.length > 0) body.attachments = attachmentReferences(reply.files);
  return body;
}

/**
 * The message's `attachments`: file n is the multipart part `files[n]` (as @discordjs/rest names them).
 * More than 10 files is a bug in the caller, like too many pings.
 */
export function attachmentReferences(files: readonly ReplyFile[]): AttachmentReference[] {
  if (files.length > attachmentsPerMessage) throw new Error(`A message may carry at most ${attachmentsPerMessage} files; split it`);
  return files.map((file, id) => ({ id, filename: file.name }));
}

/** A Components v2 message: the layout and the flag, never content or embeds (a caller sending both has a bug). */
function layoutBody(reply: Reply, layout: APIMessageTopLevelComponent[]): MessageBody {
  if (reply.content !== undefined || reply.embeds !== undefined || reply.components !== undefined) {
    throw new Error('A Components v2 reply carries its text in the layout: no content, embeds or components next to it');
  }
  const body: MessageBody = { allowed_mentions: allowedMentions(reply), components: layout, flags: MessageFlags.IsComponentsV2 | (reply.ephemeral ? MessageFlags.Ephemeral : 0) };
  if (reply.files !== undefined && reply.files.length > 0) body.attachments = attachmentReferences(reply.files);
  return body;
}

export function privateMessage(content: string): Reply {
  return { content, ephemeral: true };
}
