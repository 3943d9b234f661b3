import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

const valid = {
  DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAx.Gabcde.abcdefghijklmnopqrstuvwxyz0123456789AB',
  DISCORD_APPLICATION_ID: '100000000000000001',
};

const failure = (env: NodeJS.ProcessEnv): string => {
  const result = parseConfig(env);
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.message;
};

describe('configuration', () => {
  it('accepts the two required variables and fills in defaults', () => {
    expect(parseConfig(valid)).toEqual({
      ok: true,
      config: { ...valid, DATABASE_PATH: 'data/grimoire.db', DISCORD_API_BASE: 'https://discord.com/api', LOG_LEVEL: 'info' },
    });
  });

  it('takes optional values and trims a trailing slash from the API base', () => {
    const result = parseConfig({ ...valid, DISCORD_DEV_GUILD_ID: '200000000000000002', DATABASE_PATH: '/tmp/g.db', DISCORD_API_BASE: 'http://127.0.0.1:4000/api/', LOG_LEVEL: 'debug' });
    expect(result).toMatchObject({ ok: true, config: { DISCORD_DEV_GUILD_ID: '200000000000000002', DATABASE_PATH: '/tmp/g.db', DISCORD_API_BASE: 'http://127.0.0.1:4000/api', LOG_LEVEL: 'debug' } });
  });

  it('names every missing variable in one message, with how to fix it', () => {
    const message = failure({});
    expect(message).toMatch(/^Grimoire cannot start/);
    expect(message).toMatch(/DISCORD_TOKEN is missing: copy the bot token from the Developer Portal/);
    expect(message).toMatch(/DISCORD_APPLICATION_ID is missing: copy the Application ID/);
  });

  it('treats an empty value as missing', () => {
    expect(failure({ ...valid, DISCORD_TOKEN: '' })).toMatch(/DISCORD_TOKEN is missing/);
  });

  it.each([
    ['DISCORD_TOKEN', 'not-a-token', /DISCORD_TOKEN does not look like a bot token/],
    ['DISCORD_APPLICATION_ID', 'my-app', /DISCORD_APPLICATION_ID must be a Discord id/],
    ['DISCORD_DEV_GUILD_ID', '12', /DISCORD_DEV_GUILD_ID must be a Discord id/],
    ['DISCORD_API_BASE', 'discord dot com', /DISCORD_API_BASE must be a URL/],
    ['DISCORD_API_BASE', 'ftp://example.com/api', /DISCORD_API_BASE must start with http/],
    ['DISCORD_API_BASE', 'https://discord.com/api/v10', /DISCORD_API_BASE must not include the API version/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
  ])('refuses an invalid %s', (name, value, pattern) => {
    const message = failure({ ...valid, [name]: value });
    expect(message).toMatch(pattern);
    expect(message.split('\n').filter((line) => line.startsWith('  '))).toHaveLength(1);
  });

  it('never prints the token, even when it is malformed', () => {
    const secret = 'super-secret-value-that-is-no-token';
    expect(failure({ ...valid, DISCORD_TOKEN: secret, DISCORD_APPLICATION_ID: 'x' })).not.toContain(secret);
  });
});
