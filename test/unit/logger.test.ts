import { Writable } from 'node:stream';
import { DiscordAPIError } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { createLogger, redactTokens } from '../../src/platform/logger.js';

const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQtdG9rZW4tdmFsdWU';

function capture() {
  let output = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  return { log: createLogger('info', stream), output: () => output };
}

describe('logs never carry an interaction token', () => {
  it('redacts tokens in interaction and webhook URLs', () => {
    expect(redactTokens(`/api/v10/interactions/1234567890123456789/${interactionToken}/callback`)).toBe('/api/v10/interactions/1234567890123456789/[redacted]/callback');
    expect(redactTokens(`https://discord.com/api/v10/webhooks/222222222222222222/${interactionToken}/messages/@original`)).toBe(
      'https://discord.com/api/v10/webhooks/222222222222222222/[redacted]/messages/@original',
    );
    expect(redactTokens('/channels/300000000000000003/messages')).toBe('/channels/300000000000000003/messages');
  });

  it('redacts them in a logged Discord error, its message, its URL and any field', () => {
    const { log, output } = capture();
    const url = `http://127.0.0.1:1/api/v10/webhooks/222222222222222222/${interactionToken}/messages/@original`;
    const error = new DiscordAPIError({ code: 10015, message: 'Unknown Webhook' }, 10015, 404, 'PATCH', url, {});
    log.error({ err: error, request: { url } }, `could not answer interaction ${url}`);
    expect(output()).toContain('[redacted]');
    expect(output()).not.toContain(interactionToken);
    expect(output()).toContain('Unknown Webhook');
  });
});
