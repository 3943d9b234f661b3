import { MessageFlags } from 'discord-api-types/v10';
import type { RecordedMessage } from '../../../emulator/state.js';
import { componentsHtml } from './components.js';
import { embedHtml } from './embed.js';
import { attribute, escapeHtml, flag } from './escape.js';
import { markdownHtml, type MarkdownContext, type NameLookup } from './markdown.js';
import { pollResultOf, summarizePoll } from '../../session/poll-summary.js';
import { fileRowHtml, imageHtml, isImage, type AttachmentView } from './media.js';
import { pollHtml, pollResultHtml } from './poll.js';
import { messageTime } from './timestamp.js';

/**
 * One message as the page shows it: skyra's <discord-message> frame (avatar, name, APP tag, time, "(edited)",
 * "Only you can see this · Dismiss message") around our own content, poll, attachments, embeds and components.
 * A poll's result (type 46) is a system line instead.
 */

export interface MessageContext {
  timeZone: string;
  /** The playground's "now" (relative times, "Today at …"). */
  nowMs: number;
  /** The member looking at the page: a message that pings them is highlighted, as in Discord. */
  viewerId: string;
  /** The viewer's roles, for a role ping; none when absent. */
  viewerRoleIds?: readonly string[];
  names: NameLookup;
  authorName(id: string): string | undefined;
  authorIsBot(id: string): boolean;
}

export type MessageView = Pick<RecordedMessage, 'id' | 'authorId' | 'content' | 'embeds' | 'components' | 'flags' | 'pinged' | 'createdAt' | 'editedAt' | 'ephemeral'> &
  Partial<Pick<RecordedMessage, 'poll' | 'type' | 'reference'>> & {
    attachments?: readonly AttachmentView[];
  };

function pingsViewer(message: MessageView, ctx: MessageContext): boolean {
  const { pinged } = message;
  return pinged.everyone || pinged.users.includes(ctx.viewerId) || pinged.roles.some((role) => ctx.viewerRoleIds?.includes(role) === true);
}

/** Loose uploads: images shown, other files as a row. A Components v2 message shows only files its components use. */
function attachmentsHtml(files: readonly AttachmentView[]): string {
  if (files.length === 0) return '';
  const items = files.map((file) =>
    isImage(file) ? `<div class="gr-attachment-image" data-testid="attachment-image">${imageHtml(file.url, file.description ?? file.filename, 'gr-attachment-img')}</div>` : fileRowHtml(file),
  );
  return `<div slot="attachments" class="gr-attachments">${items.join('')}</div>`;
}

export function messageHtml(message: MessageView, ctx: MessageContext): string {
  const isBot = ctx.authorIsBot(message.authorId);
  const author = ctx.authorName(message.authorId) ?? 'unknown-user';
  const result = pollResultOf(message);
  if (result) return pollResultHtml(result, { messageId: message.id, author, time: messageTime(message.createdAt, ctx) });
  const markdown: MarkdownContext = { timeZone: ctx.timeZone, nowMs: ctx.nowMs, names: ctx.names, pinged: message.pinged };
  const files = message.attachments ?? [];
  const v2 = (message.flags & MessageFlags.IsComponentsV2) !== 0;
  const loading = (message.flags & MessageFlags.Loading) !== 0;
  const content = loading
    ? `<span class="gr-thinking" data-testid="thinking"><span class="gr-thinking-dots" aria-hidden="true"></span>${escapeHtml(`${author} is thinking…`)}</span>`
    : message.content
      ? `<div class="gr-content">${markdownHtml(message.content, markdown)}</div>`
      : '';
  const poll = message.poll ? pollHtml(summarizePoll(message.id, message.poll, ctx.viewerId, ctx.nowMs)) : '';
  const embeds = message.embeds.length > 0 ? `<div slot="embeds" class="gr-embeds">${message.embeds.map((embed) => embedHtml(embed, markdown, files)).join('')}</div>` : '';
  const components =
    message.components.length > 0 ? `<div slot="components" class="gr-components${v2 ? ' gr-components--v2' : ''}">${componentsHtml(message.components, { ...markdown, messageId: message.id, attachments: files })}</div>` : '';
  const attributes = [
    attribute('data-testid', `message-${message.id}`),
    attribute('data-message-id', message.id),
    attribute('author', author),
    attribute('avatar', `/avatars/${isBot ? 'bot' : 'user'}.svg`),
    flag('bot', isBot),
    // skyra shows the current time when no timestamp is set: always give it ours.
    attribute('timestamp', messageTime(message.createdAt, ctx)),
    flag('edited', message.editedAt !== null),
    flag('ephemeral', message.ephemeral),
    flag('highlight', pingsViewer(message, ctx)),
    message.ephemeral ? ' data-ephemeral="true"' : '',
    loading ? ' data-loading="true"' : '',
    message.editedAt !== null ? attribute('data-edited-at', new Date(message.editedAt).toISOString()) : '',
  ].join('');
  return `<discord-message${attributes}>${content}${poll}${v2 ? '' : attachmentsHtml(files)}${embeds}${components}</discord-message>`;
}
