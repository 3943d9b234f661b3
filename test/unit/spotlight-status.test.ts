import { describe, expect, it } from 'vitest';
import { spotlightStatusReply } from '../../src/features/spotlight/presenters/status.js';
import type { SpotlightStatus } from '../../src/features/spotlight/service.js';
import { discordLimits } from '../../src/platform/discord/limits.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';
import type { DeliveryRecord } from '../../src/platform/store/delivery-repository.js';
import { realCatalog } from '../fixtures/context.js';
import { componentCount, fieldOf, fieldsOf, sendProblems, textOf } from '../fixtures/layout.js';

const book = { ...realCatalog().bookById('fluent-python-2e')!, title: 'T'.repeat(200) };

const delivery = (status: DeliveryRecord['status'], extra: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  guildId: '200000000000000002',
  kind: 'spotlight',
  subjectId: '',
  weekKey: '2026-W47',
  dueMs: 1_795_000_000_000,
  channelId: '300000000000000003',
  status,
  payloadRef: book.id,
  nonce: 'n',
  attempts: 1,
  messageId: status === 'sent' ? '900000000000000009' : null,
  lastError: null,
  reason: null,
  claimedAtMs: 0,
  attemptWallMs: null,
  messages: null,
  finishedAtMs: 1_795_000_060_000,
  ...extra,
});

const running: SpotlightStatus = {
  schedule: {
    scheduleId: 1,
    guildId: '200000000000000002',
    kind: 'spotlight',
    subjectId: '',
    channelId: '300000000000000003',
    rule: { weekday: 1, hour: 18, minute: 30, timeZone: 'America/Argentina/ComodRivadavia' },
    nextDueMs: 1_795_600_000_000,
    pausedReason: null,
    pausedAtMs: null,
    retryAtMs: null,
  },
  roleId: '500000000000000005',
  last: { delivery: delivery('sent'), book },
  problem: null,
  upcoming: [{ title: 'Fluent Python', fromQueue: false }],
  queued: 0,
  databaseFailure: null,
};

describe('/spotlight status', () => {
  it('shows each fact on its own labelled line, in green while it runs', () => {
    const reply = spotlightStatusReply(running);
    expect(reply.ephemeral).toBe(true);
    expect(reply.layout![0]).toMatchObject({ accent_color: 0x3ba55c });
    const body = toMessageBody(reply);
    expect(sendProblems(body)).toEqual([]);
    expect(textOf(body)).toMatch(/^### 📚 Weekly spotlight\n/);
    expect(fieldsOf(body)).toEqual([
      { name: 'Channel', value: '<#300000000000000003>' },
      { name: 'Schedule', value: 'every Monday at 18:30 (America/Argentina/ComodRivadavia)' },
      { name: 'Ping', value: '<@&500000000000000005>' },
      { name: 'Next post', value: '<t:1795600000:F> (<t:1795600000:R>)' },
      { name: 'Last post', value: `**${book.title}**: https://discord.com/channels/200000000000000002/300000000000000003/900000000000000009 (<t:1795000060:R>)` },
      { name: 'Up next', value: '1. Fluent Python' },
    ]);
    // The role is shown, never pinged.
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it(`keeps its longest form (paused, a week unverified, the database failing, long titles) inside Discord's ${discordLimits.layoutText} characters, in red`, () => {
    const reason = `I can't post in <#300000000000000003>: ${'r'.repeat(300)}`;
    const status: SpotlightStatus = {
      ...running,
      schedule: { ...running.schedule, pausedReason: reason, pausedAtMs: 1 },
      problem: delivery('unverified', { weekKey: '2026-W48', reason: 'u'.repeat(300) }),
      databaseFailure: { sinceMs: 1_795_000_000_000, reason: 'the disk is full' },
      upcoming: Array.from({ length: 3 }, (_, i) => ({ title: `${i}`.padEnd(200, 'T'), fromQueue: i === 0 })),
      queued: 1,
    };
    const reply = spotlightStatusReply(status);
    expect(reply.layout![0]).toMatchObject({ accent_color: 0xed4245 });
    const body = toMessageBody(reply);
    expect(sendProblems(body)).toEqual([]);
    expect(textOf(body).length).toBeLessThanOrEqual(discordLimits.layoutText);
    expect(componentCount(body)).toBeLessThanOrEqual(discordLimits.layoutComponents);
    expect(fieldOf(body, 'Paused')).toBe(`⏸️ ${reason}\nFix it, then run \`/spotlight resume\`.`);
    expect(fieldOf(body, 'Next post')).toBeUndefined();
    expect(fieldOf(body, 'Since then')).toMatch(/^⚠️ Week 2026-W48: may or may not have been posted: u+\. I never post twice when unsure\. Give me \*\*Read Message History\*\* in <#300000000000000003>/);
    expect(fieldOf(body, 'Database')).toMatch(/^⚠️ The bot cannot write its database since <t:1795000000:f> \(the disk is full\)\. Changes cannot be saved/);
    expect(fieldOf(body, 'Up next (1 queued)')).toMatch(/^1\. 0T+ \(queued\)\n2\. 1T+\n3\. 2T+$/);
  });
});
