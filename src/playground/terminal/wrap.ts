/** Plain-text word wrapping for the terminal; long words (URLs) are never broken. */

/** Terminal columns of a string: wide emoji count 2, variation selectors and joiners 0 (good enough for the bot's text). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0xfe0f || code === 0x200d || (code >= 0x300 && code <= 0x36f)) continue;
    width += code >= 0x1f000 || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ? 2 : 1;
  }
  return width;
}

/** A bullet or number at the start of a line: continuation lines hang under its text. */
const hangingMarker = /^(\s*(?:[•\-*·]|\d+\.|⚠️|🆓|💳)\s+)/u;

/** Wraps one logical line to `width` columns; `indent` prefixes every output line. */
export function wrapLine(line: string, width: number, indent = ''): string[] {
  const available = Math.max(20, width - displayWidth(indent));
  if (displayWidth(line) <= available) return [indent + line];
  const marker = hangingMarker.exec(line)?.[1] ?? /^\s*/.exec(line)?.[0] ?? '';
  const hang = ' '.repeat(displayWidth(marker));
  const words = line.slice(marker.length).split(/ +/);
  const lines: string[] = [];
  let current = marker;
  let currentHasWord = false;
  for (const word of words) {
    const candidate = currentHasWord ? `${current} ${word}` : current + word;
    if (currentHasWord && displayWidth(candidate) > available) {
      lines.push(indent + current);
      current = hang + word;
    } else {
      current = candidate;
    }
    currentHasWord = true;
  }
  lines.push(indent + current);
  return lines;
}

/**
 * Wraps multi-line text; blank lines are kept (as the bare indent, trimmed). Lines that follow a numbered
 * item ("1. Title" then its reason on the next line) stay under the item's text until a blank line.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let itemHang = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      itemHang = '';
      out.push(indent.trimEnd());
      continue;
    }
    const numbered = /^\d+\.\s+/.exec(line);
    if (numbered) itemHang = ' '.repeat(numbered[0].length);
    const continuation = !numbered && itemHang !== '' && !hangingMarker.test(line);
    out.push(...wrapLine(line, width, continuation ? indent + itemHang : indent));
  }
  return out;
}
