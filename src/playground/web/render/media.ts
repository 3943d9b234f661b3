import type { RecordedAttachment } from '../../../emulator/state.js';
import { attribute, escapeHtml, safeHttpUrl } from './escape.js';

/** What the renderer needs of an uploaded file. */
export type AttachmentView = Pick<RecordedAttachment, 'filename' | 'url' | 'contentType' | 'size' | 'description'>;

/** `attachment://name` is the message's own upload; anything else must be an http(s) URL. */
export function resolveMedia(url: unknown, attachments: readonly AttachmentView[]): { url: string; attachment: AttachmentView | null } | null {
  if (typeof url === 'string' && url.startsWith('attachment://')) {
    const attachment = attachments.find((file) => file.filename === url.slice('attachment://'.length));
    const href = attachment ? safeHttpUrl(attachment.url) : null;
    return attachment && href ? { url: href, attachment } : null;
  }
  const href = safeHttpUrl(url);
  return href ? { url: href, attachment: null } : null;
}

/**
 * An image that may fail to load (a made-up cover URL, no network): the page's client swaps a failed image for the
 * text in data-fallback, so no inline onerror handler is ever written.
 */
export function imageHtml(src: string, alt: string | null | undefined, className: string): string {
  const text = alt && alt.trim() !== '' ? alt : 'image';
  return `<img class="${className}"${attribute('src', src)}${attribute('alt', text)} loading="lazy"${attribute('data-fallback', text)}>`;
}

/** An image, or its alt text when the URL is not one we may load. */
export function imageOrText(url: unknown, alt: string | null | undefined, className: string, attachments: readonly AttachmentView[]): string {
  const media = resolveMedia(url, attachments);
  if (media) return imageHtml(media.url, alt ?? media.attachment?.description, className);
  return `<span class="gr-image-missing ${className}">${escapeHtml(alt && alt.trim() !== '' ? alt : 'image unavailable')}</span>`;
}

/** "12.5 KB", as Discord shows file sizes. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${Number(size.toFixed(size < 10 ? 2 : size < 100 ? 1 : 0))} ${units[unit]}`;
}

/** A file row: icon, name (a download link when the URL is http(s)) and size. */
export function fileRowHtml(file: { filename: string; url: string; size: number }, spoiler = false): string {
  const href = safeHttpUrl(file.url);
  const name = href ? `<a class="gr-file-name"${attribute('href', href)} target="_blank" rel="noopener noreferrer"${attribute('download', file.filename)}>${escapeHtml(file.filename)}</a>` : `<span class="gr-file-name">${escapeHtml(file.filename)}</span>`;
  return `<div class="gr-file${spoiler ? ' gr-spoiler-block' : ''}"${spoiler ? ' data-spoiler="hidden"' : ''} data-testid="file"${attribute('data-filename', file.filename)}><span class="gr-file-icon" aria-hidden="true">📄</span><div class="gr-file-text">${name}<span class="gr-file-size">${escapeHtml(fileSize(file.size))}</span></div></div>`;
}

export const isImage = (file: Pick<AttachmentView, 'contentType' | 'filename'>): boolean => file.contentType.startsWith('image/') || /\.(png|jpe?g|gif|webp|avif)$/i.test(file.filename);
