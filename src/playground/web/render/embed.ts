import type { APIEmbed } from 'discord-api-types/v10';
import { attribute, escapeHtml, hexColour, safeHttpUrl } from './escape.js';
import { inline, markdownHtml, noPings, type MarkdownContext } from './markdown.js';
import { imageOrText, type AttachmentView } from './media.js';
import { messageTime } from './timestamp.js';

/**
 * One embed in Discord's layout (colour bar, author, title, description, fields three to a row when inline,
 * thumbnail, image, footer with timestamp). Our own markup: images need the page's fallback, and links must be checked.
 * Mentions in embeds never ping, so they are drawn with no pings whatever the message pinged.
 */

function author(embed: APIEmbed, attachments: readonly AttachmentView[]): string {
  if (!embed.author?.name) return '';
  const icon = embed.author.icon_url ? imageOrText(embed.author.icon_url, '', 'gr-embed-author-icon', attachments) : '';
  const href = safeHttpUrl(embed.author.url);
  const name = href ? `<a class="gr-embed-author-name"${attribute('href', href)} target="_blank" rel="noopener noreferrer">${escapeHtml(embed.author.name)}</a>` : `<span class="gr-embed-author-name">${escapeHtml(embed.author.name)}</span>`;
  return `<div class="gr-embed-author">${icon}${name}</div>`;
}

function title(embed: APIEmbed, ctx: MarkdownContext): string {
  if (!embed.title) return '';
  const href = safeHttpUrl(embed.url);
  const inner = inline(embed.title, ctx);
  return `<div class="gr-embed-title">${href ? `<a class="gr-link"${attribute('href', href)} target="_blank" rel="noopener noreferrer">${inner}</a>` : inner}</div>`;
}

function fields(embed: APIEmbed, ctx: MarkdownContext): string {
  if (!embed.fields || embed.fields.length === 0) return '';
  const cells = embed.fields.map(
    (field) =>
      `<div class="gr-embed-field${field.inline ? ' gr-embed-field--inline' : ''}"><div class="gr-embed-field-name">${inline(field.name, ctx)}</div><div class="gr-embed-field-value">${markdownHtml(field.value, ctx)}</div></div>`,
  );
  return `<div class="gr-embed-fields">${cells.join('')}</div>`;
}

function footer(embed: APIEmbed, ctx: MarkdownContext, attachments: readonly AttachmentView[]): string {
  const instant = embed.timestamp ? Date.parse(embed.timestamp) : Number.NaN;
  const when = Number.isFinite(instant) ? messageTime(instant, ctx) : null;
  if (!embed.footer?.text && !when) return '';
  const icon = embed.footer?.icon_url ? imageOrText(embed.footer.icon_url, '', 'gr-embed-footer-icon', attachments) : '';
  const parts = [embed.footer?.text ? `<span class="gr-embed-footer-text">${escapeHtml(embed.footer.text)}</span>` : '', when ? `<time class="gr-embed-timestamp"${attribute('datetime', new Date(instant).toISOString())}>${escapeHtml(when)}</time>` : ''];
  return `<div class="gr-embed-footer">${icon}${parts.filter(Boolean).join('<span class="gr-embed-footer-separator" aria-hidden="true"> • </span>')}</div>`;
}

export function embedHtml(embed: APIEmbed, context: MarkdownContext, attachments: readonly AttachmentView[] = []): string {
  const ctx: MarkdownContext = { ...context, pinged: noPings };
  const colour = hexColour(embed.color);
  const style = colour ? ` style="--gr-accent: ${colour}" data-accent="${colour}"` : '';
  const description = embed.description ? `<div class="gr-embed-description">${markdownHtml(embed.description, ctx)}</div>` : '';
  const thumbnail = embed.thumbnail?.url ? `<div class="gr-embed-thumbnail">${imageOrText(embed.thumbnail.url, 'thumbnail', 'gr-embed-thumbnail-image', attachments)}</div>` : '';
  const image = embed.image?.url ? `<div class="gr-embed-image">${imageOrText(embed.image.url, 'image', 'gr-embed-image-image', attachments)}</div>` : '';
  const body = `<div class="gr-embed-body">${author(embed, attachments)}${title(embed, ctx)}${description}${fields(embed, ctx)}${image}${footer(embed, ctx, attachments)}</div>`;
  return `<article class="gr-embed" data-testid="embed"${style}>${body}${thumbnail}</article>`;
}
