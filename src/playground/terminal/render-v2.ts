import { ComponentType } from 'discord-api-types/v10';
import { pngSize } from '../../emulator/png-size.js';
import type { RecordedAttachment, RecordedMessage } from '../../emulator/state.js';
import { fileSize } from '../web/render/media.js';
import { displayWidth, wrapText } from './wrap.js';

/**
 * A Components v2 message as terminal text: a container's contents behind a bar (in its accent colour on a
 * terminal), sections with their accessory, text displays as text, separators as a line, media and files by name.
 */

type Raw = Record<string, unknown>;

export interface V2RenderContext {
  width: number;
  /** Markdown to plain text (names mentions). */
  text(markdown: string): string;
  /** The container's bar, coloured with its accent where the output can show colour. */
  accent(bar: string, color: number | null): string;
  /** A button as `[N] label`, numbered like every other button of the message. */
  button(component: Raw): string;
  /** An action row's buttons and menus, packed into lines. */
  row(components: Raw[], indent: string): string[];
}

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): Raw[] => (Array.isArray(value) ? value.filter(isObject) : []);
const spoilerMark = (node: Raw): string => (node.spoiler === true ? ' (spoiler)' : '');

function attachmentFor(media: Raw, attachments: readonly RecordedAttachment[]): RecordedAttachment | undefined {
  const url = typeof media.url === 'string' ? media.url : '';
  if (url.startsWith('attachment://')) return attachments.find((file) => file.filename === url.slice('attachment://'.length));
  return typeof media.attachment_id === 'string' ? attachments.find((file) => file.id === media.attachment_id) : undefined;
}

/** `[image: progress.png 1200×640]` for an uploaded file, `[image: <alt> <url>]` for a linked one. */
function mediaLabel(media: unknown, alt: unknown, attachments: readonly RecordedAttachment[]): string {
  const item = isObject(media) ? media : {};
  const attachment = attachmentFor(item, attachments);
  const kind = (attachment?.contentType ?? String(item.content_type ?? '')).startsWith('video/') ? 'video' : 'image';
  if (attachment) {
    const size = pngSize(attachment.data);
    return `[${kind}: ${attachment.filename}${size ? ` ${size.width}×${size.height}` : ''}]`;
  }
  const url = typeof item.url === 'string' ? item.url : '';
  if (url.startsWith('attachment://')) return `[${kind}: ${url.slice('attachment://'.length)} (not attached)]`;
  return `[${kind}: ${[typeof alt === 'string' && alt !== '' ? alt : null, url].filter(Boolean).join(' ')}]`;
}

function componentLines(node: Raw, message: RecordedMessage, ctx: V2RenderContext, indent: string): string[] {
  const attachments = message.attachments ?? [];
  const wrap = (text: string): string[] => wrapText(text, ctx.width, indent);
  switch (node.type) {
    case ComponentType.TextDisplay:
      return wrap(ctx.text(typeof node.content === 'string' ? node.content : ''));
    case ComponentType.Section: {
      const accessory = isObject(node.accessory) ? node.accessory : {};
      const side = accessory.type === ComponentType.Button ? ctx.button(accessory) : `[thumbnail: ${typeof accessory.description === 'string' && accessory.description !== '' ? accessory.description : mediaLabel(accessory.media, null, attachments).slice(1, -1)}]${spoilerMark(accessory)}`;
      return [...listOf(node.components).flatMap((child) => componentLines(child, message, ctx, indent)), ...wrap(side)];
    }
    case ComponentType.Separator:
      return [node.divider === false ? indent.trimEnd() : indent + '─'.repeat(Math.max(8, Math.min(40, ctx.width - displayWidth(indent))))];
    case ComponentType.MediaGallery:
      return listOf(node.items).flatMap((item) => wrap(mediaLabel(item.media, item.description, attachments) + spoilerMark(item)));
    case ComponentType.File: {
      const file = isObject(node.file) ? attachmentFor(node.file, attachments) : undefined;
      const name = file?.filename ?? String((isObject(node.file) ? node.file.url : '') ?? '').replace(/^attachment:\/\//, '');
      return wrap(`[file: ${name}${file ? ` (${fileSize(file.size)})` : ' (not attached)'}]${spoilerMark(node)}`);
    }
    case ComponentType.ActionRow:
      return ctx.row(listOf(node.components), indent);
    case ComponentType.Container: {
      const bar = '┃ ';
      const inner = indent + bar;
      const lines = [...(node.spoiler === true ? [inner + '(spoiler)'] : []), ...listOf(node.components).flatMap((child) => componentLines(child, message, ctx, inner))];
      const color = typeof node.accent_color === 'number' ? node.accent_color : null;
      // The bar is coloured after wrapping, so escape codes never count towards the width.
      return lines.map((line) => indent + ctx.accent(bar.trimEnd(), color) + line.slice(indent.length + bar.trimEnd().length));
    }
    default:
      return [];
  }
}

export function v2MessageLines(message: RecordedMessage, ctx: V2RenderContext, indent = '  '): string[] {
  return listOf(message.components).flatMap((node) => componentLines(node, message, ctx, indent));
}
