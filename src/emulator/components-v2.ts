import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import { actionRowProblems, buttonProblems, duplicateIdProblems, emulatorLimits as limits } from './discord-limits.js';

/**
 * Discord's rules for a Components v2 message (flag IS_COMPONENTS_V2, 1 << 15):
 * https://discord.com/developers/docs/components/reference. Each problem is `field.path: what is wrong`, the path
 * as Discord's Invalid Form Body gives it (e.g. `components.0.components.1.accessory`).
 */

export const isComponentsV2 = (flags: number): boolean => (flags & MessageFlags.IsComponentsV2) !== 0;

type Raw = Record<string, unknown>;

const T = ComponentType;
const topLevelTypes: readonly number[] = [T.ActionRow, T.Section, T.TextDisplay, T.MediaGallery, T.File, T.Separator, T.Container];
const containerChildTypes: readonly number[] = [T.ActionRow, T.Section, T.TextDisplay, T.MediaGallery, T.File, T.Separator];
const accessoryTypes: readonly number[] = [T.Button, T.Thumbnail];

interface Walk {
  problems: string[];
  /** Every object with a `type`, nested ones and accessories included (gallery items have none). */
  count: number;
  textLength: number;
  /** Filenames `attachment://<name>` may name: the files this message will have. */
  attachmentNames: ReadonlySet<string>;
}

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalBoolean(walk: Walk, at: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') walk.problems.push(`${at}: must be a boolean`);
}

function description(walk: Walk, at: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || value.length > limits.mediaDescription) walk.problems.push(`${at}: a string of at most ${limits.mediaDescription} characters`);
}

/** An unfurled media item: only `url` is set by the app, an http(s) URL or `attachment://<an uploaded file>`. */
function media(walk: Walk, at: string, value: unknown, attachmentOnly: boolean): void {
  if (!isObject(value) || typeof value.url !== 'string') {
    walk.problems.push(`${at}.url: required`);
    return;
  }
  const { url } = value;
  if (url.startsWith('attachment://')) {
    const name = url.slice('attachment://'.length);
    if (!walk.attachmentNames.has(name)) walk.problems.push(`${at}.url: no file named "${name}" is attached to this message`);
  } else if (attachmentOnly) walk.problems.push(`${at}.url: a file component takes only attachment://<filename>`);
  else if (!/^https?:\/\/\S+$/.test(url)) walk.problems.push(`${at}.url: an http(s) URL or attachment://<filename>`);
}

function children(walk: Walk, at: string, value: unknown, allowed: readonly number[], min: number, max: number, what: string): void {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    walk.problems.push(`${at}: ${max === Infinity ? `at least ${min}` : `${min}–${max}`} ${what}`);
    if (!Array.isArray(value)) return;
  }
  value.forEach((child, index) => component(walk, `${at}.${index}`, child, allowed));
}

function typeProblem(type: unknown, allowed: readonly number[]): string {
  if (type === T.Thumbnail) return 'a thumbnail (11) can only be a section\'s accessory';
  return `Value of field "type" must be one of (${allowed.join(', ')})`;
}

function component(walk: Walk, at: string, node: unknown, allowed: readonly number[]): void {
  if (!isObject(node)) {
    walk.problems.push(`${at}: must be a component object`);
    return;
  }
  walk.count++;
  if (!allowed.includes(node.type as number)) {
    walk.problems.push(`${at}.type: ${typeProblem(node.type, allowed)}`);
    return;
  }
  switch (node.type) {
    case T.ActionRow:
      walk.count += Array.isArray(node.components) ? node.components.length : 0;
      walk.problems.push(...actionRowProblems(node, at));
      return;
    case T.Button:
      walk.problems.push(...buttonProblems(node, at));
      return;
    case T.Container:
      children(walk, `${at}.components`, node.components, containerChildTypes, 1, Infinity, 'components');
      if (node.accent_color !== undefined && node.accent_color !== null) {
        const color = node.accent_color;
        if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > limits.accentColor) walk.problems.push(`${at}.accent_color: an integer from 0x000000 to 0xFFFFFF, or null`);
      }
      optionalBoolean(walk, `${at}.spoiler`, node.spoiler);
      return;
    case T.Section:
      children(walk, `${at}.components`, node.components, [T.TextDisplay], limits.sectionTextsMin, limits.sectionTexts, 'text displays');
      if (node.accessory === undefined || node.accessory === null) walk.problems.push(`${at}.accessory: required (exactly one button or thumbnail)`);
      else if (Array.isArray(node.accessory)) walk.problems.push(`${at}.accessory: exactly one button or thumbnail, not a list`);
      else component(walk, `${at}.accessory`, node.accessory, accessoryTypes);
      return;
    case T.TextDisplay:
      if (typeof node.content !== 'string' || node.content.length === 0) walk.problems.push(`${at}.content: text to show (required)`);
      else walk.textLength += node.content.length;
      return;
    case T.Thumbnail:
      media(walk, `${at}.media`, node.media, false);
      description(walk, `${at}.description`, node.description);
      optionalBoolean(walk, `${at}.spoiler`, node.spoiler);
      return;
    case T.MediaGallery: {
      const items = node.items;
      if (!Array.isArray(items) || items.length < limits.galleryItemsMin || items.length > limits.galleryItems) {
        walk.problems.push(`${at}.items: ${limits.galleryItemsMin}–${limits.galleryItems} items`);
      }
      (Array.isArray(items) ? items : []).forEach((item: unknown, index) => {
        const itemAt = `${at}.items.${index}`;
        if (!isObject(item)) return void walk.problems.push(`${itemAt}: must be an object`);
        media(walk, `${itemAt}.media`, item.media, false);
        description(walk, `${itemAt}.description`, item.description);
        optionalBoolean(walk, `${itemAt}.spoiler`, item.spoiler);
      });
      return;
    }
    case T.File:
      media(walk, `${at}.file`, node.file, true);
      optionalBoolean(walk, `${at}.spoiler`, node.spoiler);
      return;
    case T.Separator:
      optionalBoolean(walk, `${at}.divider`, node.divider);
      if (node.spacing !== undefined && node.spacing !== 1 && node.spacing !== 2) walk.problems.push(`${at}.spacing: 1 (small) or 2 (large)`);
      return;
  }
}

/** The components of a v2 message; `required`: a new message needs at least one. */
export function v2ComponentProblems(components: unknown, attachmentNames: ReadonlySet<string>, required: boolean): string[] {
  if (components === undefined || components === null) return required ? ['components: a Components v2 message needs at least one component'] : [];
  if (!Array.isArray(components)) return ['components: must be an array'];
  if (components.length === 0 && required) return ['components: a Components v2 message needs at least one component'];
  const walk: Walk = { problems: [], count: 0, textLength: 0, attachmentNames };
  components.forEach((node, index) => component(walk, `components.${index}`, node, topLevelTypes));
  if (walk.count > limits.v2Components) walk.problems.push(`components: at most ${limits.v2Components} components in all (nested ones counted), not ${walk.count}`);
  if (walk.textLength > limits.v2TextTotal) walk.problems.push(`components: all text displays together at most ${limits.v2TextTotal} characters, not ${walk.textLength}`);
  walk.problems.push(...duplicateIdProblems(components).map((problem) => `components: ${problem}`));
  return walk.problems;
}

export interface V2BodyLike {
  content?: unknown;
  embeds?: unknown;
  sticker_ids?: unknown;
  poll?: unknown;
  components?: unknown;
}

/** What a message already shows when an edit turns it into a v2 message (each must be reset in that edit). */
export interface EditedMessageShape {
  content: string;
  embeds: readonly unknown[];
  flags: number;
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * A v2 message body: components only. `content`, `embeds`, `sticker_ids` and `poll` are refused (message.mdx,
 * Create Message footnote **); an edit that sets the flag on a legacy message must reset the ones it has
 * (content/poll to null, embeds/sticker_ids to []: Edit Message footnote *). djs sends `content: null` as "".
 */
export function v2MessageProblems(body: V2BodyLike, attachmentNames: ReadonlySet<string>, editing: EditedMessageShape | null): string[] {
  const problems: string[] = [];
  const forbidden = ['content', 'embeds', 'sticker_ids', 'poll'] as const;
  for (const field of forbidden) {
    if (!isEmpty(body[field])) problems.push(`${field}: cannot be used with the IS_COMPONENTS_V2 flag (a v2 message is made of components only)`);
  }
  if (editing && !isComponentsV2(editing.flags)) {
    if (editing.content !== '' && body.content !== null && body.content !== '') problems.push('content: reset it to null to set IS_COMPONENTS_V2 on a message that has content');
    if (editing.embeds.length > 0 && !(Array.isArray(body.embeds) && body.embeds.length === 0)) problems.push('embeds: reset it to [] to set IS_COMPONENTS_V2 on a message that has embeds');
  }
  problems.push(...v2ComponentProblems(body.components, attachmentNames, editing === null || !isComponentsV2(editing.flags)));
  return problems;
}

/** The text of every text display, for the mentions a v2 message pings. */
export function v2Text(components: readonly unknown[]): string {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (!isObject(node)) return;
    if (node.type === T.TextDisplay && typeof node.content === 'string') texts.push(node.content);
    if (Array.isArray(node.components)) node.components.forEach(visit);
  };
  components.forEach(visit);
  return texts.join('\n');
}
