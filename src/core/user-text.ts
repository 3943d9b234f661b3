/**
 * Text a user typed (a group name, a note), made safe to put in a bot message: it renders literally and never pings.
 * Escaping is the second line of defence; the first is that messages only allow the mentions they mean to ping.
 */

import { ellipsis, graphemesOf, wholePiecesWithin } from './truncate-text.js';

const zeroWidthSpace = '\u200B';
const defaultMax = 2000;


/** Controls other than newline and tab, and bidi overrides that would visually reorder the rest of the message. */
const invisibleControls = /[^\P{Cc}\n\t]|[\u202A-\u202E\u2066-\u2069]/gu;

/** User text on one line, as drawn in a picture: controls and bidi overrides removed, any run of white space one space. */
export function singleLineText(text: string): string {
  return text.replace(invisibleControls, '').replace(/\s+/g, ' ').trim();
}

function escapeMarkdown(text: string): string {
  return (
    text
      // Inline markup: bold, italics, underline, strike, code, spoilers, masked links, and the escape itself.
      .replace(/[\\*_~`|[\]]/g, '\\$&')
      // Quotes, headings, subtext and lists only start a line (after optional indentation).
      .replace(/^([ \t]*)([>#-])/gm, '$1\\$2')
      .replace(/^([ \t]*\d+)\.(?=\s|$)/gm, '$1\\.')
      // "<@id>", "<@&id>", "<#id>", "</command:id>": an escaped "<" shows the tag as typed instead of resolving it.
      .replace(/<(?=[@#/])/g, '\\<')
      // "@everyone", "@here" and "<@id>" no longer parse as mentions with an invisible space after the "@".
      .replace(/@/g, `@${zeroWidthSpace}`)
  );
}

/** Pieces that must not be cut apart: whole graphemes (surrogate pairs, emoji sequences), an escape with the character it escapes, "@" with its guard. */
function unbreakablePieces(escaped: string): string[] {
  const pieces: string[] = [];
  let joinNext = false;
  for (const segment of graphemesOf(escaped)) {
    const glued = joinNext || (segment.startsWith(zeroWidthSpace) && pieces.at(-1)?.endsWith('@') === true);
    if (glued && pieces.length > 0) pieces[pieces.length - 1] += segment;
    else pieces.push(segment);
    joinNext = !joinNext && segment === '\\';
  }
  return pieces;
}

/**
 * User text shown in a message: markdown and mentions escaped so it renders literally and never pings (@everyone,
 * @here, <@id>, <@&id>, <#id>), trimmed to `max` characters with "…". `max` counts UTF-16 code units (JavaScript's
 * `length`, never less than what Discord counts) of the escaped result, so the caller can budget a message with it.
 */
export function escapeUserText(text: string, max: number = defaultMax): string {
  const limit = Math.floor(max);
  if (!(limit >= 1)) return '';
  const escaped = escapeMarkdown(text.replace(/\r\n?/g, '\n').replace(invisibleControls, '').trim());
  if (escaped.length <= limit) return escaped;
  return `${wholePiecesWithin(unbreakablePieces(escaped), limit - ellipsis.length).trimEnd()}${ellipsis}`;
}
