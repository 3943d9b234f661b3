import { createRequire } from 'node:module';
import { DiscordAPIError } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { discordErrorCode } from '../../src/platform/discord/api-errors.js';

/** discord.js loads @discordjs/rest's CommonJS build, the bot its ESM build: an error from either is read alike. */

const cjs = createRequire(import.meta.url)('@discordjs/rest') as { DiscordAPIError: typeof DiscordAPIError };
const raw = { code: 10070, message: 'Unknown Guild Scheduled Event' };

describe('discordErrorCode', () => {
  it('reads the code of an error from the ESM build and from the CommonJS one discord.js uses', () => {
    expect(cjs.DiscordAPIError).not.toBe(DiscordAPIError);
    expect(discordErrorCode(new DiscordAPIError(raw, 10070, 404, 'GET', '/x', {}))).toBe(10070);
    expect(discordErrorCode(new cjs.DiscordAPIError(raw, 10070, 404, 'GET', '/x', {}))).toBe(10070);
  });

  it('is null for anything else', () => {
    expect(discordErrorCode(new Error('boom'))).toBeNull();
    expect(discordErrorCode({ name: 'DiscordAPIError', code: 1 })).toBeNull();
    expect(discordErrorCode(null)).toBeNull();
  });
});
