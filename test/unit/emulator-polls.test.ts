import { ChannelType, InteractionResponseType, MessageFlags, MessageType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultBotPermissions, Emulator } from '../../src/emulator/emulator.js';
import { InteractionRecord } from '../../src/emulator/interaction-record.js';
import { PollVotingBlocked } from '../../src/emulator/polls.js';
import { slashCommand } from '../fixtures/interactions.js';
import { botRequest, type BotReply } from '../fixtures/bot-request.js';

/**
 * Native polls in the emulator (DISCORD-REFERENCE.md §3), over real HTTP with the bot's token: the Poll Create
 * Request's rules, Send Polls, no edits of a poll message (520003), the voters of an answer, End Poll, and the end of a
 * poll with its one POLL_RESULT message, on the emulator's clock, pinned and then moved. Members vote through the
 * control API (apps cannot vote).
 */

const start = Date.UTC(2026, 11, 9, 12, 0);
const hour = 3_600_000;
let now = start;
let emulator: Emulator;
let guildId: string;
let channelId: string;

beforeEach(async () => {
  now = start;
  emulator = await Emulator.start({ snowflakeClock: () => now, globalPerSecond: 1_000_000 });
  guildId = emulator.createGuild({ name: 'Readers', botPermissions: defaultBotPermissions | PermissionFlagsBits.SendPolls }).id;
  channelId = emulator.createChannel(guildId, { name: 'books' });
});
afterEach(async () => {
  await emulator.close();
});

type Reply = BotReply;

const call = (method: string, path: string, body?: unknown) => botRequest(emulator, method, path, body);

/** A Poll Create Request as discord.js sends it (`emoji: null` when an answer has none, `layout_type` left out). */
const pollRequest = (extra: Record<string, unknown> = {}, answers = ['Fluent Python', 'Effective Python', 'Robust Python']) => ({
  question: { text: 'Which book next?' },
  answers: answers.map((text) => ({ poll_media: { text, emoji: null } })),
  duration: 48,
  allow_multiselect: false,
  ...extra,
});
const postPoll = (poll: unknown, where = channelId, extra: Record<string, unknown> = {}) => call('POST', `/channels/${where}/messages`, { poll, allowed_mentions: { parse: [] }, ...extra });
const fieldsOf = (reply: Reply): string[] => Object.keys(reply.body.errors ?? {});
const idOf = (reply: Reply): string => reply.body.id as string;

function pendingInteraction(): InteractionRecord {
  const payload = { ...slashCommand('poll'), guild_id: guildId, channel_id: channelId, channel: { id: channelId, type: ChannelType.GuildText } };
  const record = new InteractionRecord(payload as ReturnType<typeof slashCommand>, null);
  emulator.core.interactions.set(record.id, record);
  emulator.core.interactionsByToken.set(record.token, record);
  return record;
}
const callback = (record: InteractionRecord, body: unknown) => call('POST', `/interactions/${record.id}/${record.token}/callback`, body);
const webhook = (record: InteractionRecord, suffix = '') => `/webhooks/${emulator.applicationId}/${record.token}${suffix}`;

describe('polls in the emulator', () => {
  it('posts a poll as Discord returns it: answer ids 1..n, expiry at the clock plus its duration (24 h by default), open results', async () => {
    const posted = await postPoll(pollRequest({ answers: [{ poll_media: { text: 'Fluent Python', emoji: { name: '📚' } } }, { poll_media: { text: 'Effective Python' } }] }));
    expect(posted.status).toBe(200);
    expect(posted.body.poll).toEqual({
      question: { text: 'Which book next?' },
      answers: [
        { answer_id: 1, poll_media: { text: 'Fluent Python', emoji: { id: null, name: '📚' } } },
        { answer_id: 2, poll_media: { text: 'Effective Python' } },
      ],
      expiry: new Date(start + 48 * hour).toISOString(),
      allow_multiselect: false,
      layout_type: 1,
      results: { is_finalized: false, answer_counts: [] },
    });
    expect((await call('GET', `/channels/${channelId}/messages/${idOf(posted)}`)).body.poll).toEqual(posted.body.poll);
    const byDefault = await postPoll(pollRequest({ duration: undefined, allow_multiselect: undefined }));
    expect(byDefault.body.poll).toMatchObject({ expiry: new Date(start + 24 * hour).toISOString(), allow_multiselect: false });
  });

  it("refuses what Discord refuses in a Poll Create Request, with the field's path (50035), and a poll with Components v2", async () => {
    // One channel per request: posting is limited to 5 messages per 5 s in a channel.
    const refused = async (poll: unknown, extra: Record<string, unknown> = {}) => {
      const reply = await postPoll(poll, emulator.createChannel(guildId), extra);
      expect([reply.status, reply.body.code]).toEqual([400, 50035]);
      return fieldsOf(reply);
    };
    const accepted = async (poll: unknown) => (await postPoll(poll, emulator.createChannel(guildId))).status;
    expect(await refused(pollRequest({ question: { text: '' } }))).toEqual(['poll.question.text']);
    expect(await refused(pollRequest({ question: { text: 'q'.repeat(301) } }))).toEqual(['poll.question.text']);
    expect(await refused(pollRequest({}, []))).toEqual(['poll.answers']);
    expect(await refused(pollRequest({}, Array.from({ length: 11 }, (_, i) => `book ${i}`)))).toEqual(['poll.answers']);
    expect(await refused(pollRequest({}, ['fine', 'a'.repeat(56)]))).toEqual(['poll.answers.1.poll_media.text']);
    expect(await refused(pollRequest({ answers: [{ poll_media: { text: 'x', emoji: {} } }] }))).toEqual(['poll.answers.0.poll_media.emoji']);
    expect(await refused(pollRequest({ duration: 0 }))).toEqual(['poll.duration']);
    expect(await refused(pollRequest({ duration: 769 }))).toEqual(['poll.duration']);
    expect(await refused(pollRequest({ duration: 1.5 }))).toEqual(['poll.duration']);
    expect(await refused(pollRequest({ layout_type: 2 }))).toEqual(['poll.layout_type']);
    expect(await refused(pollRequest({ allow_multiselect: 'yes' }))).toEqual(['poll.allow_multiselect']);
    expect(await refused(pollRequest(), { flags: MessageFlags.IsComponentsV2, components: [{ type: 10, content: 'Vote!' }] })).toContain('poll');
    // Exactly at each limit.
    expect(await accepted(pollRequest({ question: { text: 'q'.repeat(300) }, duration: 768 }, Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(55, 'x'))))).toBe(200);
    expect(await accepted(pollRequest({ duration: 1 }, ['only one']))).toBe(200);
  });

  it('needs Send Polls besides Send Messages in the channel (50013)', async () => {
    const noPolls = emulator.createChannel(guildId, { name: 'no-polls', botPermissions: defaultBotPermissions });
    const refused = await postPoll(pollRequest(), noPolls);
    expect([refused.status, refused.body.code]).toEqual([403, 50013]);
    expect((await call('POST', `/channels/${noPolls}/messages`, { content: 'a plain message is fine' })).status).toBe(200);
    const noMessages = emulator.createChannel(guildId, { name: 'read-only', botPermissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendPolls });
    expect((await postPoll(pollRequest(), noMessages)).body.code).toBe(50013);
  });

  it("takes a poll in an interaction reply, a follow-up and a deferred reply's edit, but not in a later edit", async () => {
    const replied = pendingInteraction();
    expect((await callback(replied, { type: InteractionResponseType.ChannelMessageWithSource, data: { poll: pollRequest() } })).status).toBe(204);
    expect(emulator.outcomeOf(replied).message?.poll?.answers).toHaveLength(3);
    const followUp = await call('POST', webhook(replied), { poll: pollRequest({ duration: 2 }) });
    expect(followUp.body.poll).toMatchObject({ expiry: new Date(start + 2 * hour).toISOString() });

    const deferred = pendingInteraction();
    await callback(deferred, { type: InteractionResponseType.DeferredChannelMessageWithSource });
    const edited = await call('PATCH', webhook(deferred, '/messages/@original'), { poll: pollRequest() });
    expect([edited.status, (edited.body.poll as { question: unknown }).question]).toEqual([200, { text: 'Which book next?' }]);

    const plain = pendingInteraction();
    await callback(plain, { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'No poll yet' } });
    const late = await call('PATCH', webhook(plain, '/messages/@original'), { poll: pollRequest() });
    expect([late.status, late.body.code, fieldsOf(late)]).toEqual([400, 50035, ['poll']]);
    const badCallback = await callback(pendingInteraction(), { type: InteractionResponseType.ChannelMessageWithSource, data: { poll: pollRequest({ duration: 0 }) } });
    expect(fieldsOf(badCallback)).toEqual(['data.poll.duration']);
  });

  it('refuses any edit of a poll message (520003), through the channel or the interaction webhook', async () => {
    const poll = await postPoll(pollRequest());
    const edit = await call('PATCH', `/channels/${channelId}/messages/${idOf(poll)}`, { content: 'Which book after that?' });
    expect([edit.status, edit.body.code, edit.body.message]).toEqual([400, 520003, 'Cannot edit a poll message']);
    const toV2 = await call('PATCH', `/channels/${channelId}/messages/${idOf(poll)}`, { flags: MessageFlags.IsComponentsV2, poll: null, components: [{ type: 10, content: 'x' }] });
    expect(toV2.body.code).toBe(520003);
    const replied = pendingInteraction();
    await callback(replied, { type: InteractionResponseType.ChannelMessageWithSource, data: { poll: pollRequest() } });
    expect((await call('PATCH', webhook(replied, '/messages/@original'), { content: 'changed' })).body.code).toBe(520003);
    // A message without a poll edits as before.
    const plain = await call('POST', `/channels/${channelId}/messages`, { content: 'draft' });
    expect((await call('PATCH', `/channels/${channelId}/messages/${idOf(plain)}`, { content: 'final' })).body.content).toBe('final');
  });

  it("lists an answer's voters by user id, paged with after and limit (1–100, default 25)", async () => {
    const poll = await postPoll(pollRequest({ allow_multiselect: true }));
    const voters = Array.from({ length: 30 }, (_, i) => emulator.createMember(guildId, { username: `reader${i}` }));
    voters.forEach((userId, i) => emulator.votePoll(idOf(poll), userId, i < 3 ? [1, 2] : [1]));
    const path = `/channels/${channelId}/polls/${idOf(poll)}/answers`;
    const first = (await call('GET', `${path}/1`)).body.users as { id: string; username: string }[];
    expect(first.map((user) => user.id)).toEqual(voters.slice(0, 25));
    expect(first[0]?.username).toBe('reader0');
    const rest = (await call('GET', `${path}/1?after=${voters[24]}&limit=100`)).body.users as { id: string }[];
    expect(rest.map((user) => user.id)).toEqual(voters.slice(25));
    expect(((await call('GET', `${path}/2?limit=2`)).body.users as unknown[]).length).toBe(2);
    expect(((await call('GET', `${path}/3`)).body.users as unknown[]).length).toBe(0);
    expect(fieldsOf(await call('GET', `${path}/1?limit=0`))).toEqual(['limit']);
    expect(fieldsOf(await call('GET', `${path}/1?limit=101`))).toEqual(['limit']);
    expect(fieldsOf(await call('GET', `${path}/9`))).toEqual(['answer_id']);
    const plain = await call('POST', `/channels/${channelId}/messages`, { content: 'not a poll' });
    expect((await call('GET', `/channels/${channelId}/polls/${idOf(plain)}/answers/1`)).body.code).toBe(10008);
  });

  it('ends a poll on End Poll: finalized at once, 520001 the second time, 520006 without a poll, 50013 for a member’s poll', async () => {
    const poll = await postPoll(pollRequest());
    const reader = emulator.createMember(guildId, { username: 'reader' });
    emulator.votePoll(idOf(poll), reader, [2]);
    now += hour;
    const ended = await call('POST', `/channels/${channelId}/polls/${idOf(poll)}/expire`);
    expect(ended.status).toBe(200);
    expect(ended.body.poll).toMatchObject({ expiry: new Date(start + hour).toISOString(), results: { is_finalized: true, answer_counts: [{ id: 2, count: 1, me_voted: false }] } });
    const again = await call('POST', `/channels/${channelId}/polls/${idOf(poll)}/expire`);
    expect([again.status, again.body.code, again.body.message]).toEqual([400, 520001, 'Poll expired']);
    expect(emulator.messages(channelId).filter((message) => message.type === MessageType.PollResult)).toHaveLength(1);

    const plain = await call('POST', `/channels/${channelId}/messages`, { content: 'not a poll' });
    const notPoll = await call('POST', `/channels/${channelId}/polls/${idOf(plain)}/expire`);
    expect([notPoll.status, notPoll.body.code]).toEqual([400, 520006]);
    const pollster = emulator.createMember(guildId, { username: 'pollster', permissions: PermissionFlagsBits.SendPolls });
    const theirs = emulator.postPollAsMember({ channelId, userId: pollster, poll: pollRequest() });
    const others = await call('POST', `/channels/${channelId}/polls/${theirs}/expire`);
    expect([others.status, others.body.code]).toEqual([403, 50013]);
    expect((await call('POST', `/channels/${channelId}/polls/1234/expire`)).body.code).toBe(10008);
  });

  it('ends polls once the clock passes their expiry, in expiry order, each with one POLL_RESULT message', async () => {
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((username) => emulator.createMember(guildId, { username }));
    const later = idOf(await postPoll(pollRequest({ duration: 2, answers: [{ poll_media: { text: 'Fluent Python', emoji: { name: '📚' } } }, { poll_media: { text: 'Effective Python' } }] })));
    const sooner = idOf(await postPoll(pollRequest({ duration: 1 })));
    const silent = idOf(await postPoll(pollRequest({ duration: 1 })));
    emulator.votePoll(later, alice!, [1]);
    emulator.votePoll(later, bob!, [1]);
    emulator.votePoll(later, carol!, [2]);
    emulator.votePoll(sooner, alice!, [1]);
    emulator.votePoll(sooner, bob!, [2]);

    now = start + hour - 1;
    expect((await call('GET', `/channels/${channelId}/messages/${sooner}`)).body.poll).toMatchObject({ results: { is_finalized: false } });
    now = start + 3 * hour;
    // A REST read sees the polls ended, without any Emulator method having run.
    expect((await call('GET', `/channels/${channelId}/messages/${later}`)).body.poll).toMatchObject({ results: { is_finalized: true, answer_counts: [{ id: 1, count: 2 }, { id: 2, count: 1 }] } });
    const history = (await call('GET', `/channels/${channelId}/messages`)).body as unknown as Record<string, unknown>[];
    const results = history.filter((message) => message.type === MessageType.PollResult).reverse();
    expect(results.map((message) => (message.message_reference as { message_id: string }).message_id)).toEqual([sooner, silent, later]);
    const fields = (message: Record<string, unknown>) => Object.fromEntries(((message.embeds as { fields: { name: string; value: string }[] }[])[0]?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields(results[2]!)).toEqual({
      poll_question_text: 'Which book next?',
      victor_answer_votes: '2',
      total_votes: '3',
      victor_answer_id: '1',
      victor_answer_text: 'Fluent Python',
      victor_answer_emoji_name: '📚',
    });
    // A tie or no votes: no victor.
    expect(fields(results[0]!)).toEqual({ poll_question_text: 'Which book next?', victor_answer_votes: '1', total_votes: '2' });
    expect(fields(results[1]!)).toEqual({ poll_question_text: 'Which book next?', victor_answer_votes: '0', total_votes: '0' });
    expect(results[2]).toMatchObject({ author: { id: emulator.botUserId }, mentions: [{ id: emulator.botUserId }], message_reference: { channel_id: channelId }, embeds: [{ type: 'poll_result' }] });
    // Reading again posts nothing more.
    now += 24 * hour;
    expect(emulator.messages(channelId).filter((message) => message.type === MessageType.PollResult)).toHaveLength(3);
    expect(emulator.pollView(later).finalized).toBe(true);
  });

  it('lets a member vote as Discord’s client does, and shows counts and voters', async () => {
    const poll = idOf(await postPoll(pollRequest({ duration: 1 })));
    const reader = emulator.createMember(guildId, { username: 'reader' });
    const other = emulator.createMember(guildId, { username: 'other' });
    emulator.votePoll(poll, reader, [1]);
    emulator.votePoll(poll, reader, [3]);
    emulator.votePoll(poll, other, [3]);
    expect(emulator.pollView(poll)).toMatchObject({ question: 'Which book next?', totalVotes: 2, victorAnswerId: 3, finalized: false, expiresAt: start + hour });
    expect(emulator.pollView(poll).answers.map(({ answerId, count, voterIds }) => [answerId, count, voterIds])).toEqual([
      [1, 0, []],
      [2, 0, []],
      [3, 2, [reader, other]],
    ]);
    emulator.votePoll(poll, other, []);
    expect(emulator.pollView(poll).totalVotes).toBe(1);
    expect(() => emulator.votePoll(poll, reader, [7])).toThrow(/no answer 7/);
    expect(() => emulator.votePoll(poll, reader, [1, 2])).toThrow(/allow_multiselect/);
    expect(() => emulator.votePoll(poll, emulator.createUser('stranger'), [1])).toThrow(/cannot see/);
    const blind = emulator.createMember(guildId, { username: 'blind' });
    emulator.setChannelOverwrite(channelId, { id: blind, type: 1, deny: PermissionFlagsBits.ViewChannel });
    expect(() => emulator.votePoll(poll, blind, [1])).toThrow(/cannot see/);
    now = start + hour;
    let blocked: unknown;
    try {
      emulator.votePoll(poll, reader, [2]);
    } catch (error) {
      blocked = error;
    }
    expect(blocked).toBeInstanceOf(PollVotingBlocked);
    expect((blocked as PollVotingBlocked).code).toBe(520000);
    expect(emulator.pollView(poll).answers[2]?.voterIds).toEqual([reader]);
  });

  it('forgets a deleted poll: GET answers 10008 and no result is ever posted for it', async () => {
    const poll = idOf(await postPoll(pollRequest({ duration: 1 })));
    emulator.deleteMessage(poll);
    const gone = await call('GET', `/channels/${channelId}/messages/${poll}`);
    expect([gone.status, gone.body.code]).toEqual([404, 10008]);
    now = start + 2 * hour;
    expect((await call('POST', `/channels/${channelId}/polls/${poll}/expire`)).body.code).toBe(10008);
    expect(emulator.messages(channelId)).toEqual([]);
    expect(((await call('GET', `/channels/${channelId}/messages`)).body as unknown as unknown[]).length).toBe(0);
  });
});
