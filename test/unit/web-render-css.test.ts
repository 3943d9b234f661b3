import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../src/playground/web/static/discord-extras.css', import.meta.url), 'utf8');

describe('discord-extras.css', () => {
  it('loads nothing from outside the page (no fonts, imports or URLs)', () => {
    expect(css).not.toMatch(/url\(|@import|@font-face|https?:/i);
  });

  it('styles the classes the renderer emits for pings, spoilers, fallbacks and the modal error', () => {
    for (const selector of ['.gr-mention--pinging', '.gr-spoiler[data-spoiler="shown"]', '.gr-image-fallback', '.gr-modal-error[hidden]', '.gr-container--accent', '.gr-separator--large']) expect(css).toContain(selector);
  });
});
