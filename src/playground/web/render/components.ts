import { ButtonStyle, ComponentType, SeparatorSpacingSize } from 'discord-api-types/v10';
import { attribute, escapeHtml, flag, hexColour, safeHttpUrl } from './escape.js';
import { markdownHtml, type MarkdownContext } from './markdown.js';
import { fileRowHtml, imageOrText, resolveMedia, type AttachmentView } from './media.js';

/**
 * A message's components (legacy action rows and Components v2) as HTML. Interaction is wired by data attributes
 * the page's client reads with event delegation; only elements with data-action send anything.
 */

export interface ComponentContext extends MarkdownContext {
  messageId: string;
  /** The message's uploads, for `attachment://name` in Thumbnail, MediaGallery and File. */
  attachments: readonly AttachmentView[];
}

/** The component JSON exactly as the bot sent it: read defensively. */
type Raw = Record<string, unknown>;

const asRaw = (value: unknown): Raw => (typeof value === 'object' && value !== null ? (value as Raw) : {});
const list = (value: unknown): Raw[] => (Array.isArray(value) ? value.map(asRaw) : []);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isInteger(value) ? value : fallback);

/** A unicode emoji as itself; a custom one by name (its image would come from Discord's CDN). */
function emojiHtml(emoji: unknown): string {
  const { id, name } = asRaw(emoji);
  if (typeof name !== 'string' || name === '') return '';
  return id ? `<span class="gr-emoji"${attribute('title', `:${name}:`)}>${escapeHtml(`:${name}:`)}</span>` : `<span class="gr-emoji">${escapeHtml(name)}</span>`;
}

const buttonStyles: Record<number, string> = {
  [ButtonStyle.Primary]: 'primary',
  [ButtonStyle.Secondary]: 'secondary',
  [ButtonStyle.Success]: 'success',
  [ButtonStyle.Danger]: 'danger',
  [ButtonStyle.Link]: 'link',
  [ButtonStyle.Premium]: 'premium',
};

/** The ids every interactive control carries, so one click handler serves all messages. */
function interaction(kind: 'button' | 'select', customId: string, ctx: ComponentContext): string {
  return ` data-action="${kind}"${attribute('data-message-id', ctx.messageId)}${attribute('data-custom-id', customId)}`;
}

export function buttonHtml(button: Raw, ctx: ComponentContext): string {
  const style = count(button.style, ButtonStyle.Secondary);
  const name = buttonStyles[style] ?? 'secondary';
  const inner = `${emojiHtml(button.emoji)}${text(button.label) ? `<span class="gr-button-label">${escapeHtml(text(button.label)!)}</span>` : ''}`;
  const disabled = button.disabled === true;
  if (style === ButtonStyle.Link) {
    const href = safeHttpUrl(button.url);
    const testId = attribute('data-testid', `link-${text(button.label) ?? href ?? 'button'}`);
    // A link button never talks to the bot: it only opens its page.
    if (!href || disabled) return `<span class="gr-button gr-button--link gr-button--disabled" aria-disabled="true"${testId}>${inner}</span>`;
    return `<a class="gr-button gr-button--link"${attribute('href', href)} target="_blank" rel="noopener noreferrer"${testId}>${inner}<span class="gr-link-icon" aria-hidden="true">↗</span></a>`;
  }
  if (style === ButtonStyle.Premium) {
    return `<button type="button" class="gr-button gr-button--premium" disabled${attribute('data-sku-id', text(button.sku_id))}>${inner || '<span class="gr-button-label">Premium</span>'}</button>`;
  }
  const customId = text(button.custom_id) ?? '';
  const wiring = disabled ? '' : interaction('button', customId, ctx);
  return `<button type="button" class="gr-button gr-button--${name}"${flag('disabled', disabled)}${wiring}${attribute('data-testid', `button-${customId}`)}>${inner}</button>`;
}

/**
 * A string select as a real control: a native <select> with every option (one choice: sends on change; several:
 * a listbox and a "Done" button, data-role="select-submit", that sends the chosen values).
 */
export function stringSelectHtml(select: Raw, ctx: ComponentContext): string {
  const customId = text(select.custom_id) ?? '';
  const options = list(select.options);
  const min = count(select.min_values, 1);
  const max = Math.min(count(select.max_values, 1), Math.max(options.length, 1));
  const disabled = select.disabled === true;
  const multiple = max > 1;
  const placeholder = text(select.placeholder) ?? 'Make a selection';
  const anyDefault = options.some((option) => option.default === true);
  const optionHtml = options
    .map((option) => {
      const label = text(option.label) ?? String(option.value ?? '');
      const description = text(option.description);
      const emoji = asRaw(option.emoji);
      const prefix = typeof emoji.name === 'string' ? (emoji.id ? `:${emoji.name}: ` : `${emoji.name} `) : '';
      return `<option${attribute('value', String(option.value ?? ''))}${flag('selected', option.default === true)}${attribute('title', description)}${attribute('data-description', description)}>${escapeHtml(prefix + label)}${description ? escapeHtml(` — ${description}`) : ''}</option>`;
    })
    .join('');
  const blank = multiple ? '' : `<option value="" disabled${flag('selected', !anyDefault)} hidden>${escapeHtml(placeholder)}</option>`;
  const wiring = disabled ? '' : `${interaction('select', customId, ctx)}${attribute('data-min-values', min)}${attribute('data-max-values', max)}`;
  const size = multiple ? attribute('size', Math.min(options.length, 8)) : '';
  const control = `<select class="gr-select-control"${flag('multiple', multiple)}${size}${flag('disabled', disabled)}${attribute('aria-label', placeholder)}${wiring}>${blank}${optionHtml}</select>`;
  const hint = multiple ? `<div class="gr-select-hint">${escapeHtml(`${placeholder} (choose ${min === max ? max : `${min}–${max}`})`)}</div>` : '';
  const done = multiple && !disabled ? `<button type="button" class="gr-button gr-button--primary gr-select-submit" data-role="select-submit">Done</button>` : '';
  return `<div class="gr-select${multiple ? ' gr-select--multiple' : ''}"${attribute('data-testid', `select-${customId}`)}>${hint}${control}${done}</div>`;
}

/** User, role, mentionable and channel selects need the server's member list: shown, but not usable here. */
function otherSelectHtml(select: Raw): string {
  const placeholder = text(select.placeholder) ?? 'Make a selection';
  return `<div class="gr-select gr-select--unsupported"${attribute('data-testid', `select-${text(select.custom_id) ?? ''}`)}><select class="gr-select-control" disabled${attribute('aria-label', placeholder)}><option>${escapeHtml(placeholder)}</option></select></div>`;
}

function actionRowHtml(row: Raw, ctx: ComponentContext): string {
  return `<div class="gr-action-row" role="group">${list(row.components).map((child) => componentHtml(child, ctx)).join('')}</div>`;
}

/** Class and attributes of a part the viewer must click to reveal (the client flips data-spoiler). */
function spoiler(component: Raw, className: string): string {
  return component.spoiler === true ? ` class="${className} gr-spoiler-block" data-spoiler="hidden"` : ` class="${className}"`;
}

function containerHtml(container: Raw, ctx: ComponentContext): string {
  const accent = hexColour(container.accent_color);
  const style = accent ? ` style="--gr-accent: ${accent}" data-accent="${accent}"` : '';
  return `<div${spoiler(container, accent ? 'gr-container gr-container--accent' : 'gr-container')}${style}>${list(container.components).map((child) => componentHtml(child, ctx)).join('')}</div>`;
}

function thumbnailHtml(thumbnail: Raw, ctx: ComponentContext): string {
  const media = asRaw(thumbnail.media);
  return `<div${spoiler(thumbnail, 'gr-thumbnail')}>${imageOrText(media.url, text(thumbnail.description), 'gr-thumbnail-image', ctx.attachments)}</div>`;
}

function sectionHtml(section: Raw, ctx: ComponentContext): string {
  const texts = list(section.components).map((child) => componentHtml(child, ctx)).join('');
  const accessory = asRaw(section.accessory);
  const side = accessory.type === ComponentType.Thumbnail ? thumbnailHtml(accessory, ctx) : accessory.type === ComponentType.Button ? buttonHtml(accessory, ctx) : '';
  return `<div class="gr-section"><div class="gr-section-text">${texts}</div>${side ? `<div class="gr-section-accessory">${side}</div>` : ''}</div>`;
}

function mediaGalleryHtml(gallery: Raw, ctx: ComponentContext): string {
  const items = list(gallery.items).slice(0, 10);
  const cells = items.map((item) => `<div${spoiler(item, 'gr-gallery-item')}>${imageOrText(asRaw(item.media).url, text(item.description), 'gr-gallery-image', ctx.attachments)}</div>`);
  return `<div class="gr-media-gallery" data-count="${items.length}">${cells.join('')}</div>`;
}

function fileHtml(file: Raw, ctx: ComponentContext): string {
  const media = resolveMedia(asRaw(file.file).url, ctx.attachments);
  if (!media?.attachment) return `<div class="gr-file gr-file--missing" data-testid="file">${escapeHtml(`File not found: ${String(asRaw(file.file).url ?? '')}`)}</div>`;
  return fileRowHtml(media.attachment, file.spoiler === true);
}

function separatorHtml(separator: Raw): string {
  const large = separator.spacing === SeparatorSpacingSize.Large;
  const divider = separator.divider !== false;
  return `<div class="gr-separator gr-separator--${large ? 'large' : 'small'}" data-divider="${divider}" role="separator">${divider ? '<hr>' : ''}</div>`;
}

export function componentHtml(component: unknown, ctx: ComponentContext): string {
  const raw = asRaw(component);
  switch (raw.type) {
    case ComponentType.ActionRow:
      return actionRowHtml(raw, ctx);
    case ComponentType.Button:
      return buttonHtml(raw, ctx);
    case ComponentType.StringSelect:
      return stringSelectHtml(raw, ctx);
    case ComponentType.UserSelect:
    case ComponentType.RoleSelect:
    case ComponentType.MentionableSelect:
    case ComponentType.ChannelSelect:
      return otherSelectHtml(raw);
    case ComponentType.Section:
      return sectionHtml(raw, ctx);
    case ComponentType.TextDisplay:
      return `<div class="gr-text-display">${markdownHtml(text(raw.content) ?? '', ctx)}</div>`;
    case ComponentType.Thumbnail:
      return thumbnailHtml(raw, ctx);
    case ComponentType.MediaGallery:
      return mediaGalleryHtml(raw, ctx);
    case ComponentType.File:
      return fileHtml(raw, ctx);
    case ComponentType.Separator:
      return separatorHtml(raw);
    case ComponentType.Container:
      return containerHtml(raw, ctx);
    default:
      return `<div class="gr-unknown-component">${escapeHtml(`(component type ${String(raw.type)} is not shown in the playground)`)}</div>`;
  }
}

/** All of a message's components, in order. */
export function componentsHtml(components: readonly unknown[], ctx: ComponentContext): string {
  return components.map((component) => componentHtml(component, ctx)).join('');
}
