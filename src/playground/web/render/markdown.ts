import type { Mentions } from '../../../emulator/state.js';
import { attribute, escapeHtml, safeHttpUrl } from './escape.js';
import { formatTimestamp, isoInstant, timestampStyles, type TimeView, type TimestampStyle } from './timestamp.js';

/**
 * Discord markdown to HTML, following the rules of Discord's client (simple-markdown based): inline rules are tried
 * at each position in order, blocks (code, quotes, headings, subtext, lists) only at a line start. Every piece of
 * text is escaped; links are http(s) only.
 */

export interface NameLookup {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): string | undefined;
}

export interface MarkdownContext extends TimeView {
  names: NameLookup;
  /** Who the message really pinged: only these mentions are drawn as pings. Embeds pass none (they never ping). */
  pinged: Mentions;
}

export const noPings: Mentions = { everyone: false, users: [], roles: [] };

type Rule = (source: string, at: number, ctx: MarkdownContext) => { html: string; end: number } | null;

/** A sticky regex tried exactly at `at`. */
function matchAt(pattern: RegExp, source: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(source);
}

const link = (href: string, inner: string): string => `<a class="gr-link"${attribute('href', href)} target="_blank" rel="noopener noreferrer">${inner}</a>`;

function mention(kind: string, id: string | null, text: string, pinging: boolean): string {
  return `<span class="gr-mention${pinging ? ' gr-mention--pinging' : ''}" data-mention="${kind}"${attribute('data-id', id)} data-pinging="${pinging}">${escapeHtml(text)}</span>`;
}

function timestamp(seconds: string, style: string | undefined, ctx: MarkdownContext): string {
  const instantMs = Number(seconds) * 1000;
  const chosen = (style ?? 'f') as TimestampStyle;
  if (!Number.isFinite(instantMs) || Math.abs(instantMs) > 8.64e15) return escapeHtml(`<t:${seconds}${style ? `:${style}` : ''}>`);
  return `<time class="gr-timestamp" data-style="${chosen}"${attribute('datetime', isoInstant(instantMs))}${attribute('title', formatTimestamp(instantMs, 'F', ctx))}>${escapeHtml(formatTimestamp(instantMs, chosen, ctx))}</time>`;
}

/** A bare URL ends before trailing punctuation and before a ")" it did not open. */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && /[.,:;!?'"]/.test(url[end - 1]!)) end--;
  let trimmed = url.slice(0, end);
  while (trimmed.endsWith(')') && (trimmed.match(/\(/g)?.length ?? 0) < (trimmed.match(/\)/g)?.length ?? 0)) trimmed = trimmed.slice(0, -1);
  return trimmed;
}

const styles = timestampStyles.join('');
const patterns = {
  escape: /\\([^0-9A-Za-z\s])/y,
  codeBlock: /```(?:([A-Za-z0-9_+\-.#]+)\n)?\n*([\s\S]*?)\n*```/y,
  inlineCode: /(`+)([\s\S]*?[^`])\1(?!`)/y,
  timestamp: new RegExp(`<t:(-?\\d{1,17})(?::([${styles}]))?>`, 'y'),
  user: /<@!?(\d{1,20})>/y,
  role: /<@&(\d{1,20})>/y,
  channel: /<#(\d{1,20})>/y,
  command: /<\/([\p{L}\p{N}_ -]{1,100}):(\d{1,20})>/uy,
  emoji: /<(a?):(\w{1,32}):(\d{1,20})>/y,
  everyone: /@(everyone|here)\b/y,
  angleUrl: /<(https?:\/\/[^\s<>]+)>/y,
  masked: /\[((?:\\[\s\S]|[^\\\]])+)\]\(\s*<?([^\s()<>]+)>?\s*\)/y,
  bareUrl: /https?:\/\/[^\s<]+[^\s<.,:;"')\]!?]*/y,
  spoiler: /\|\|([\s\S]+?)\|\|/y,
  strong: /\*\*((?:\\[\s\S]|[^\\])+?)\*\*(?!\*)/y,
  underline: /__((?:\\[\s\S]|[^\\])+?)__(?!_)/y,
  strike: /~~([\s\S]+?)~~/y,
  emUnderscore: /\b_((?:__|\\[\s\S]|[^\\_])+?)_\b/y,
  emStar: /\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)/y,
};

function wrap(tag: string, className: string | null, inner: string): string {
  return `<${tag}${attribute('class', className)}>${inner}</${tag}>`;
}

/** The inline rules in Discord's order of precedence. */
const inlineRules: Rule[] = [
  (s, at) => {
    const m = matchAt(patterns.escape, s, at);
    return m ? { html: escapeHtml(m[1]!), end: at + m[0].length } : null;
  },
  (s, at) => {
    const m = matchAt(patterns.codeBlock, s, at);
    return m ? { html: codeBlock(m[1], m[2]!), end: at + m[0].length } : null;
  },
  (s, at) => {
    const m = matchAt(patterns.inlineCode, s, at);
    return m ? { html: wrap('code', 'gr-inline-code', escapeHtml(m[2]!)), end: at + m[0].length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.timestamp, s, at);
    return m ? { html: timestamp(m[1]!, m[2], ctx), end: at + m[0].length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.user, s, at);
    if (!m) return null;
    const id = m[1]!;
    return { html: mention('user', id, `@${ctx.names.user(id) ?? 'unknown-user'}`, ctx.pinged.users.includes(id)), end: at + m[0].length };
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.role, s, at);
    if (!m) return null;
    const id = m[1]!;
    const name = ctx.names.role(id)?.replace(/^@/, '') ?? 'unknown-role';
    return { html: mention('role', id, `@${name}`, ctx.pinged.roles.includes(id)), end: at + m[0].length };
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.channel, s, at);
    return m ? { html: mention('channel', m[1]!, `#${ctx.names.channel(m[1]!) ?? 'unknown-channel'}`, false), end: at + m[0].length } : null;
  },
  (s, at) => {
    const m = matchAt(patterns.command, s, at);
    return m ? { html: `<span class="gr-command"${attribute('data-command-id', m[2]!)}>${escapeHtml(`/${m[1]!}`)}</span>`, end: at + m[0].length } : null;
  },
  (s, at) => {
    // Custom emoji would load from Discord's CDN: shown by name instead.
    const m = matchAt(patterns.emoji, s, at);
    return m ? { html: `<span class="gr-emoji"${attribute('data-emoji-id', m[3]!)}${attribute('title', `:${m[2]!}:`)}>${escapeHtml(`:${m[2]!}:`)}</span>`, end: at + m[0].length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.everyone, s, at);
    return m ? { html: mention(m[1]!, null, `@${m[1]!}`, ctx.pinged.everyone), end: at + m[0].length } : null;
  },
  (s, at) => {
    const m = matchAt(patterns.angleUrl, s, at);
    const href = m ? safeHttpUrl(m[1]) : null;
    return m && href ? { html: link(href, escapeHtml(m[1]!)), end: at + m[0].length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.masked, s, at);
    const href = m ? safeHttpUrl(m[2]) : null;
    // A masked link to anything but http(s) stays plain text, as Discord shows it.
    return m && href ? { html: link(href, inline(m[1]!, ctx)), end: at + m[0].length } : null;
  },
  (s, at) => {
    if (at > 0 && /[\p{L}\p{N}]/u.test(s[at - 1]!)) return null;
    const m = matchAt(patterns.bareUrl, s, at);
    if (!m) return null;
    const text = trimUrl(m[0]);
    const href = safeHttpUrl(text);
    return href ? { html: link(href, escapeHtml(text)), end: at + text.length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.spoiler, s, at);
    return m ? { html: `<span class="gr-spoiler" data-spoiler="hidden" tabindex="0" role="button" aria-label="Spoiler">${inline(m[1]!, ctx)}</span>`, end: at + m[0].length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.strong, s, at);
    return m ? { html: wrap('strong', null, inline(m[1]!, ctx)), end: at + m[0].length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.underline, s, at);
    return m ? { html: wrap('u', null, inline(m[1]!, ctx)), end: at + m[0].length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.strike, s, at);
    return m ? { html: wrap('s', null, inline(m[1]!, ctx)), end: at + m[0].length } : null;
  },
  (s, at, ctx) => {
    const m = matchAt(patterns.emUnderscore, s, at) ?? matchAt(patterns.emStar, s, at);
    return m ? { html: wrap('em', null, inline(m[1]!, ctx)), end: at + m[0].length } : null;
  },
];

/** Characters where an inline rule may start; plain runs between them are copied (escaped) in one go. */
const ruleStart = /[\\`<@[h|*_~]/;

/** Inline markdown (no blocks): bold, italics, code, links, mentions, timestamps… Newlines become <br>. */
export function inline(source: string, ctx: MarkdownContext): string {
  let html = '';
  let text = '';
  const flush = (): void => {
    html += escapeHtml(text).replace(/\n/g, '<br>');
    text = '';
  };
  let at = 0;
  while (at < source.length) {
    const char = source[at]!;
    let matched: { html: string; end: number } | null = null;
    if (ruleStart.test(char)) {
      for (const rule of inlineRules) {
        matched = rule(source, at, ctx);
        if (matched) break;
      }
    }
    if (matched) {
      flush();
      html += matched.html;
      at = matched.end;
    } else {
      text += char;
      at++;
    }
  }
  flush();
  return html;
}

function codeBlock(language: string | undefined, code: string): string {
  return `<pre class="gr-code-block"${attribute('data-language', language)}><code>${escapeHtml(code)}</code></pre>`;
}

// ── Blocks ───────────────────────────────────────────────────────────────────────────────────────

const heading = /^(#{1,3}) +(\S.*)$/;
const subtext = /^-# +(\S.*)$/;
const listItem = /^( *)([-*]|\d{1,9}\.) +(\S.*)$/;
const quoteLine = /^> ?(.*)$/;

interface ListEntry {
  indent: number;
  ordered: boolean;
  start: number;
  text: string;
}

/** Consecutive list lines into nested lists: an item indented further than the one before opens a sub-list. */
function listHtml(entries: ListEntry[], ctx: MarkdownContext): string {
  const first = entries[0]!;
  const tag = first.ordered ? 'ol' : 'ul';
  const start = first.ordered && first.start !== 1 ? attribute('start', first.start) : '';
  let html = `<${tag} class="gr-list"${start}>`;
  let index = 0;
  while (index < entries.length) {
    const entry = entries[index]!;
    let next = index + 1;
    while (next < entries.length && entries[next]!.indent > entry.indent) next++;
    const children = entries.slice(index + 1, next);
    html += `<li>${inline(entry.text, ctx)}${children.length > 0 ? listHtml(children, ctx) : ''}</li>`;
    index = next;
  }
  return `${html}</${tag}>`;
}

/** A fence opened on this line and not closed on it: the paragraph runs on to its closing fence. */
const openFences = (text: string): number => (text.match(/```/g)?.length ?? 0) % 2;

function blocks(lines: string[], ctx: MarkdownContext, inQuote: boolean): string {
  let html = '';
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) html += inline(paragraph.join('\n'), ctx);
    paragraph = [];
  };
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (paragraph.length > 0 && openFences(paragraph.join('\n')) === 1) {
      paragraph.push(line);
      index++;
      continue;
    }
    let match: RegExpExecArray | null;
    if (!inQuote && line.startsWith('>>> ')) {
      flush();
      html += `<blockquote class="gr-quote">${blocks([line.slice(4), ...lines.slice(index + 1)], ctx, true)}</blockquote>`;
      return html;
    }
    if (!inQuote && line.startsWith('> ')) {
      flush();
      const quoted: string[] = [];
      while (index < lines.length && lines[index]!.startsWith('> ')) quoted.push(quoteLine.exec(lines[index++]!)![1]!);
      html += `<blockquote class="gr-quote">${blocks(quoted, ctx, true)}</blockquote>`;
      continue;
    }
    if ((match = heading.exec(line))) {
      flush();
      const level = match[1]!.length;
      html += `<h${level} class="gr-heading">${inline(match[2]!, ctx)}</h${level}>`;
      index++;
      continue;
    }
    if ((match = subtext.exec(line))) {
      flush();
      html += `<small class="gr-subtext">${inline(match[1]!, ctx)}</small>`;
      index++;
      continue;
    }
    if (listItem.test(line)) {
      flush();
      const entries: ListEntry[] = [];
      while (index < lines.length && (match = listItem.exec(lines[index]!))) {
        const entry = { indent: match[1]!.length, ordered: /\d/.test(match[2]!), start: Number.parseInt(match[2]!, 10) || 1, text: match[3]! };
        // "- a" then "1. b" at the same depth are two lists, as in Discord.
        if (entries.length > 0 && entry.indent <= entries[0]!.indent && entry.ordered !== entries[0]!.ordered) break;
        entries.push(entry);
        index++;
      }
      html += listHtml(entries, ctx);
      continue;
    }
    paragraph.push(line);
    index++;
  }
  flush();
  return html;
}

/** A whole message's (or embed description's) markdown as HTML. */
export function markdownHtml(source: string, ctx: MarkdownContext): string {
  return blocks(source.replace(/\r\n?/g, '\n').split('\n'), ctx, false);
}
