import {
  MessageFlags,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord-api-types/v10';
import { discordLimits, fitEmbed, truncateText } from './limits.js';

/** What a handler returns; one adapter turns it into an interaction response or a channel message. */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Seen only by the person who ran the command. */
  ephemeral?: boolean;
  /** Roles this message may ping. Nobody else is ever pinged. */
  pingRoleIds?: string[];
}

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowed_mentions: APIAllowedMentions;
  flags?: number;
}

/** The message body Discord receives: limits applied, mentions locked down. */
export function toMessageBody(reply: Reply): MessageBody {
  const body: MessageBody = { allowed_mentions: { parse: [], roles: reply.pingRoleIds ?? [] } };
  if (reply.content !== undefined) body.content = truncateText(reply.content, discordLimits.content);
  if (reply.embeds !== undefined) body.embeds = reply.embeds.slice(0, discordLimits.embedsPerMessage).map(fitEmbed);
  if (reply.components !== undefined) body.components = reply.components.slice(0, discordLimits.componentRows);
  if (reply.ephemeral) body.flags = MessageFlags.Ephemeral;
  return body;
}

export function privateMessage(content: string): Reply {
  return { content, ephemeral: true };
}
