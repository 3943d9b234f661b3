/** Every piece of user or bot text reaches the page through these: nothing is ever emitted raw. */

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text between tags. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEntities[char]!);
}

/** A value inside a double-quoted attribute (the renderers always quote with "). */
export function escapeAttribute(text: string): string {
  return escapeHtml(text);
}

/**
 * The URL if it is an absolute http(s) URL, otherwise null: `javascript:`, `data:` and relative URLs never become
 * links or image sources. The URL is returned as the bot sent it (after parsing), so the page shows the same address.
 */
export function safeHttpUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** ` name="value"` with the value escaped, or nothing when the value is absent. */
export function attribute(name: string, value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : ` ${name}="${escapeAttribute(String(value))}"`;
}

/** ` name` when on (a boolean attribute), otherwise nothing. */
export function flag(name: string, on: boolean): string {
  return on ? ` ${name}` : '';
}

/** A colour given as a number (0xRRGGBB), as CSS hex, or null when it is not one. */
export function hexColour(colour: unknown): string | null {
  if (typeof colour !== 'number' || !Number.isInteger(colour) || colour < 0 || colour > 0xffffff) return null;
  return `#${colour.toString(16).padStart(6, '0')}`;
}
