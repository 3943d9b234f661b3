import { ButtonStyle, ComponentType, MessageFlags, type APIEmbed } from 'discord-api-types/v10';
import type { InteractionOutcome } from '../../emulator/interaction-record.js';
import { allComponents } from '../../emulator/message-components.js';
import type { RecordedMessage } from '../../emulator/state.js';
import { formFieldsOf } from '../session/form.js';
import type { NameLookup } from '../session/discord.js';
import { pollResultOf, summarizePoll } from '../session/poll-summary.js';
import { pollLines, pollResultLines } from './render-poll.js';
import { v2MessageLines } from './render-v2.js';
import { displayWidth, wrapLine, wrapText } from './wrap.js';

/** Turns what the bot sent (messages, embeds, buttons, autocomplete choices) into readable terminal text. */

export type { NameLookup } from '../session/discord.js';

/** Whole-line decoration (ANSI in a terminal, nothing in scripts and tests). */
export interface Style {
  strong(text: string): string;
  dim(text: string): string;
  /** Text in a container's accent colour (0xRRGGBB; null: none set). */
  accent(text: string, color: number | null): string;
}

export const plainStyle: Style = { strong: (text) => text, dim: (text) => text, accent: (text) => text };

export const ansiStyle: Style = {
  strong: (text) => `\x1b[1m${text}\x1b[22m`,
  dim: (text) => `\x1b[2m${text}\x1b[22m`,
  accent: (text, color) => (color === null ? text : `\x1b[38;2;${(color >> 16) & 0xff};${(color >> 8) & 0xff};${color & 0xff}m${text}\x1b[39m`),
};

export interface RenderOptions {
  /** Columns to wrap at (default 100). */
  width?: number;
  names?: NameLookup;
  style?: Style;
  /** The playground's clock (a poll's time left) and each poll's number for `vote N …`; without: the expiry and the message id. */
  polls?: { now(): number; number(messageId: string): number | undefined };
}

export const defaultWidth = 100;

export const ephemeralMark = '(only you can see this)';

// ── Markdown ─────────────────────────────────────────────────────────────────────────────────────

function formatTimestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC');
}

/** Discord markdown as plain text: `[label](url)` → `label <url>`, bold/italic markers dropped, mentions named. */
export function markdownToText(text: string, names?: NameLookup): string {
  return text
    .replace(/\[([^\]\n]+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/g, '$1 <$2>')
    .replace(/\*\*([^*\n]+?)\*\*/g, '$1')
    .replace(/__([^_\n]+?)__/g, '$1')
    .replace(/(^|[\s(“"'])\*([^*\s](?:[^*\n]*?[^*\s])?)\*(?=$|[\s).,;:!?”"'])/gm, '$1$2')
    .replace(/^#{1,3} +/gm, '')
    // Subtext (-# …) is small grey text in Discord: here, just the text.
    .replace(/^-# +/gm, '')
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names?.user(id) ?? id}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${(names?.role(id) ?? id).replace(/^@/, '')}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names?.channel(id) ?? id}`)
    .replace(/<t:(-?\d+)(?::[tTdDfFR])?>/g, (_, seconds: string) => formatTimestamp(Number(seconds)));
}

// ── Components ───────────────────────────────────────────────────────────────────────────────────

export interface MessageButton {
  /** 1-based, in reading order: what `click N` refers to. */
  number: number;
  label: string;
  customId: string | null;
  url: string | null;
  disabled: boolean;
}

interface RawComponent {
  type?: number;
  style?: number;
  label?: string;
  emoji?: { name?: string | null };
  custom_id?: string;
  url?: string;
  disabled?: boolean;
  placeholder?: string;
  options?: { label?: string }[];
  components?: RawComponent[];
}

function rowsOf(message: Pick<RecordedMessage, 'components'>): RawComponent[][] {
  return (message.components as RawComponent[]).map((row) => row.components ?? []);
}

/** The message's buttons in reading order, however deep (a v2 container's rows, a section's accessory). */
function buttonComponents(message: Pick<RecordedMessage, 'components'>): RawComponent[] {
  return (allComponents(message.components) as RawComponent[]).filter((component) => component.type === ComponentType.Button);
}

/** The message's buttons, numbered 1… across rows, containers and section accessories. */
export function buttonsOf(message: Pick<RecordedMessage, 'components'>): MessageButton[] {
  return buttonComponents(message)
    .map((button, index) => ({
      number: index + 1,
      label: [button.emoji?.name, button.label].filter(Boolean).join(' ') || '(no label)',
      customId: button.custom_id ?? null,
      url: button.style === ButtonStyle.Link ? (button.url ?? null) : null,
      disabled: button.disabled === true,
    }));
}

function buttonText(button: MessageButton): string {
  const link = button.url ? ` ↗ ${button.url}` : '';
  return `[${button.number}] ${button.label}${link}${button.disabled ? ' (disabled)' : ''}`;
}

function menuText(component: RawComponent): string {
  const choices = (component.options ?? []).map((option) => option.label).filter(Boolean);
  return `[menu: ${component.placeholder ?? 'choose'}${choices.length > 0 ? ` — ${choices.join(' | ')}` : ''}] (menus are not supported yet)`;
}

/** Pieces side by side, as many to a line as the width takes. */
function packedLines(pieces: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const candidate = current === '' ? piece : `${current}   ${piece}`;
    if (current !== '' && displayWidth(indent + candidate) > width) {
      lines.push(indent + current);
      current = piece;
    } else {
      current = candidate;
    }
  }
  if (current !== '') lines.push(...wrapLine(current, width, indent));
  return lines;
}

/** A legacy message's rows: every button, then every menu. */
function componentLines(message: RecordedMessage, width: number, indent: string): string[] {
  const pieces = buttonsOf(message).map(buttonText);
  for (const component of rowsOf(message).flat()) {
    if (component.type === ComponentType.Button || component.type === undefined) continue;
    pieces.push(menuText(component));
  }
  return packedLines(pieces, width, indent);
}

function v2Lines(message: RecordedMessage, width: number, style: Style, names: NameLookup | undefined): string[] {
  const components = buttonComponents(message);
  const buttons = buttonsOf(message);
  const button = (component: object): string => {
    const found = buttons[components.indexOf(component as RawComponent)];
    return found ? buttonText(found) : '[button]';
  };
  return v2MessageLines(message, {
    width,
    text: (markdown) => markdownToText(markdown, names),
    accent: (bar, color) => style.accent(bar, color),
    button,
    row: (row, indent) => packedLines(row.map((component) => (component.type === ComponentType.Button ? button(component) : menuText(component as RawComponent))), width, indent),
  });
}

// ── Messages ─────────────────────────────────────────────────────────────────────────────────────

function embedLines(embed: APIEmbed, options: Required<Pick<RenderOptions, 'width' | 'style'>> & { names?: NameLookup }): string[] {
  const { width, style, names } = options;
  const bar = '  │ ';
  const text = (value: string, indent = bar): string[] => wrapText(markdownToText(value, names), width, indent);
  const lines: string[] = [];
  if (embed.author?.name) lines.push(...text(embed.author.url ? `${embed.author.name} <${embed.author.url}>` : embed.author.name));
  if (embed.title) {
    const title = markdownToText(embed.title, names);
    const titleLines = wrapLine(embed.url ? `${title} <${embed.url}>` : title, width, bar);
    lines.push(...titleLines.map((line, index) => (index === 0 ? bar + style.strong(line.slice(bar.length)) : line)));
  }
  if (embed.description) {
    if (lines.length > 0) lines.push(bar.trimEnd());
    lines.push(...text(embed.description));
  }
  for (const field of embed.fields ?? []) {
    if (lines.length > 0) lines.push(bar.trimEnd());
    lines.push(...wrapLine(markdownToText(field.name, names), width, bar).map((line) => bar + style.strong(line.slice(bar.length))));
    lines.push(...text(field.value, `${bar}  `));
  }
  if (embed.image?.url) lines.push(...text(`(image <${embed.image.url}>)`));
  if (embed.thumbnail?.url) lines.push(...text(`(thumbnail <${embed.thumbnail.url}>)`));
  const footer = [embed.footer?.text, embed.timestamp ? embed.timestamp.replace('T', ' ').replace(/\.\d{3}/, '').replace(/(Z|\+00:00)$/, ' UTC') : undefined].filter(Boolean).join(' · ');
  if (footer) {
    if (lines.length > 0) lines.push(bar.trimEnd());
    lines.push(...text(footer).map((line) => bar + style.dim(line.slice(bar.length))));
  }
  return lines;
}

/** One message as it would appear in the channel: author line, content, embeds, numbered buttons. */
export function renderMessage(message: RecordedMessage, options: RenderOptions = {}): string {
  const width = options.width ?? defaultWidth;
  const style = options.style ?? plainStyle;
  const author = options.names?.user(message.authorId) ?? `user ${message.authorId}`;
  // A POLL_RESULT is a system line, not a message with an author line.
  const result = pollResultOf(message);
  if (result) return pollResultLines(result, author, width).join('\n');
  const tags = [message.ephemeral ? ephemeralMark : null, message.editedAt !== null ? '(edited)' : null].filter(Boolean);
  const lines = [style.strong(author) + (tags.length > 0 ? ` ${tags.join(' ')}` : '')];
  if ((message.flags & MessageFlags.IsComponentsV2) !== 0) lines.push(...v2Lines(message, width, style, options.names));
  else {
    if (message.content) lines.push(...wrapText(markdownToText(message.content, options.names), width, '  '));
    for (const embed of message.embeds) lines.push(...embedLines(embed, { width, style, ...(options.names ? { names: options.names } : {}) }));
    lines.push(...componentLines(message, width, '  '));
  }
  if (message.poll) {
    const poll = summarizePoll(message.id, message.poll, null, options.polls?.now() ?? null);
    const pollNumber = options.polls?.number(message.id);
    lines.push(...pollLines(poll, { width, strong: style.strong, ...(options.names ? { names: options.names } : {}), ...(pollNumber === undefined ? {} : { pollNumber }) }));
  }
  if (lines.length === 1) lines.push('  (empty message)');
  return lines.join('\n');
}

/** Everything a command or button press produced: the answer, its follow-ups, or why there is none. */
export function renderOutcome(outcome: InteractionOutcome, options: RenderOptions = {}, botName = 'Grimoire'): string {
  const parts: string[] = [];
  if (outcome.message) parts.push(renderMessage(outcome.message, options));
  for (const followUp of outcome.followUps) if (followUp.id !== outcome.message?.id) parts.push(renderMessage(followUp, options));
  if (outcome.modal) {
    const inputs = formFieldsOf(outcome.modal).map((field) => field.label);
    parts.push(`${botName} opened a form “${String(outcome.modal.title ?? '')}” (fields: ${inputs.join(', ') || 'none'}).`);
  }
  if (parts.length > 0) return parts.join('\n\n');
  if (outcome.expired) return `(${botName} did not answer within 3 seconds: Discord would show "The application did not respond".)`;
  if (outcome.responseType === 5) return `(${botName} is thinking… and did not finish within the wait.)`;
  if (outcome.responseType === 6) return `(${botName} acknowledged this without changing anything.)`;
  return `(${botName} sent nothing visible.)`;
}

/** The list Discord shows above the message box while typing (autocomplete suggestions, choices, names). */
export function renderSuggestions(candidates: readonly { text: string; label?: string }[], note?: string): string {
  if (candidates.length === 0) return `No suggestions${note ? ` (${note})` : ''}.`;
  const labelled = candidates.some((candidate) => candidate.label !== undefined);
  if (!labelled) return ['Suggestions:', ...candidates.map((candidate) => `  ${candidate.text.trimEnd()}`)].join('\n');
  const pad = Math.min(40, Math.max(...candidates.map((candidate) => candidate.text.length)));
  return [
    'Suggestions (the value sent, then what Discord shows):',
    ...candidates.map((candidate) => `  ${candidate.text.padEnd(pad)}  ${candidate.label ?? ''}`.trimEnd()),
  ].join('\n');
}
