import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelType, GuildScheduledEventEntityType, InteractionResponseType, InteractionType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { resolveAttachments } from './attachments.js';
import type { EmulatorCore, StoredCommand } from './core.js';
import type { InteractionRecord } from './interaction-record.js';
import { parseMultipartBody, type UploadedFile } from './multipart.js';
import { textChannelTypes, type RecordedAttachment, type RecordedMessage } from './state.js';
import { choiceProblems, emulatorLimits, modalProblems } from './discord-limits.js';
import { commandListProblems, messageBodyProblems, resolveMentions, type MessageBodyLike } from './validate.js';
import { isComponentsV2, v2Text } from './components-v2.js';
import { storedV2Components } from './v2-message-object.js';
import { apiScheduledEvent, applyEventBody, isUncompleted, maxUncompletedEvents, requiredPermissions, type StoredScheduledEvent } from './scheduled-events.js';
import { createPoll, pollCreateProblems, votersPage, votersQuery, type PollMessage } from './polls.js';

/** Discord's REST API under /api/v10, as far as the bot uses it, with Discord's error bodies and codes. */

export const apiPrefix = '/api/v10';

interface RestRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The `files[n]` parts of a multipart/form-data body (none for JSON). */
  files: UploadedFile[];
  /** This server's http://host:port, for attachment URLs. */
  origin: string;
  authorized: boolean;
}

interface RestResponse {
  status: number;
  body?: unknown;
}

type Handler = (core: EmulatorCore, request: RestRequest) => RestResponse;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
  /**
   * Interaction responses (the callback, the interaction token's webhook routes) need no bot token and are not
   * bound to the global limit: https://docs.discord.com/developers/topics/rate-limits#global-rate-limit
   */
  interactionRoute: boolean;
}

export function discordError(status: number, code: number, message: string, errors?: Record<string, unknown>): RestResponse {
  return { status, body: { code, message, ...(errors ? { errors } : {}) } };
}

const unknownChannel = () => discordError(404, 10003, 'Unknown Channel');
const unknownGuild = () => discordError(404, 10004, 'Unknown Guild');
const unknownInteraction = () => discordError(404, 10062, 'Unknown interaction');
const unknownWebhook = () => discordError(404, 10015, 'Unknown Webhook');
const unknownMessage = () => discordError(404, 10008, 'Unknown Message');
const alreadyAcknowledged = () => discordError(400, 40060, 'Interaction has already been acknowledged.');
const missingAccess = () => discordError(403, 50001, 'Missing Access');
const missingPermissions = () => discordError(403, 50013, 'Missing Permissions');
const tooLarge = () => discordError(413, 40005, 'Request entity too large');
const invalidJson = () => discordError(400, 50109, 'The request body contains invalid JSON.');
const tooManyFollowUps = () => discordError(400, 40094, 'This interaction has hit the maximum number of follow up messages');
const pollExpired = () => discordError(400, 520001, 'Poll expired');
const pollNotEditable = () => discordError(400, 520003, 'Cannot edit a poll message');
const notAPoll = () => discordError(400, 520006, 'Cannot expire a non-poll message');
const notTheAuthor = () => discordError(403, 50005, 'Cannot edit a message authored by another user');

/** One field's problem in Discord's Invalid Form Body shape, e.g. `limit` / NUMBER_TYPE_MAX. */
interface FieldError {
  field: string;
  code: string;
  message: string;
}

function formErrors(fieldErrors: FieldError[]): RestResponse {
  const errors: Record<string, { _errors: { code: string; message: string }[] }> = {};
  for (const { field, code, message } of fieldErrors) (errors[field] ??= { _errors: [] })._errors.push({ code, message });
  return discordError(400, 50035, 'Invalid Form Body', errors);
}

function invalidFormBody(problems: string[]): RestResponse {
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    const [path = 'body', ...rest] = problem.split(': ');
    errors[path] = { _errors: [{ code: 'BASE_TYPE_INVALID', message: rest.join(': ') || problem }] };
  }
  return discordError(400, 50035, 'Invalid Form Body', errors);
}

const routes: Route[] = [];

/** The routes that take files (multipart/form-data); any other refuses a body with files. */
const fileRoutes: ReadonlySet<string> = new Set([
  'POST /channels/:id/messages',
  'PATCH /channels/:id/messages/:message',
  'POST /interactions/:id/:token/callback',
  'POST /webhooks/:app/:token',
  'PATCH /webhooks/:app/:token/messages/@original',
  'PATCH /webhooks/:app/:token/messages/:message',
]);

/** Create Message's `flags`: "only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE, and IS_COMPONENTS_V2 can be set". */
const creatableFlags = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsVoiceMessage | MessageFlags.IsComponentsV2;
/** Edit Message's `flags`: SUPPRESS_EMBEDS (set or unset) and IS_COMPONENTS_V2 (set only). */
const editableFlags = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;

/** A body's poll, when it has one (`poll: null` is none). */
const pollOf = (body: MessageBodyLike): Record<string, unknown> | null => (typeof body.poll === 'object' && body.poll !== null ? (body.poll as Record<string, unknown>) : null);

const namesOf = (attachments: readonly RecordedAttachment[]): Set<string> => new Set(attachments.map((attachment) => attachment.filename));

/** The components a message stores: a v2 message's as Discord returns them (ids, attachment fields), legacy ones as sent. */
function storedComponents(components: unknown, flags: number, attachments: readonly RecordedAttachment[]): unknown[] {
  const list = Array.isArray(components) ? components : [];
  return isComponentsV2(flags) ? storedV2Components(list, attachments) : list;
}

/** The text whose mentions ping: the content, or in a v2 message its text displays. */
const mentionText = (content: string, components: readonly unknown[], flags: number): string => (isComponentsV2(flags) ? v2Text(components) : content);

/**
 * The attachments a message gets from this request (see attachments.ts), or Discord's error: 413/40005 for a
 * file over the upload limit, 50035 otherwise. `prefix` places body fields, e.g. `data.` in a callback.
 */
function attachmentsFor(
  core: EmulatorCore,
  request: RestRequest,
  body: MessageBodyLike,
  channelId: string,
  existing: readonly RecordedAttachment[] | null,
  prefix = '',
): { attachments: RecordedAttachment[] } | { error: RestResponse } {
  const outcome = resolveAttachments(body.attachments, request.files, { nextId: core.state.nextId, origin: request.origin, channelId, existing });
  if (outcome.kind === 'too-large') return { error: tooLarge() };
  if (outcome.kind === 'invalid') return { error: invalidFormBody(outcome.problems.map((problem) => (problem.startsWith('files[') ? problem : `${prefix}${problem}`))) };
  return { attachments: outcome.attachments };
}

function route(method: string, template: string, handler: Handler, interactionRoute = false): void {
  const keys: string[] = [];
  const pattern = new RegExp(
    `^${template.replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    })}$`,
  );
  routes.push({ method, template, pattern, keys, handler, interactionRoute });
}

// ── Gateway, identity ────────────────────────────────────────────────────────────────────────────
route('GET', '/gateway', (core) => ({ status: 200, body: { url: core.gatewayUrl } }));
route('GET', '/gateway/bot', (core) => ({
  status: 200,
  body: { url: core.gatewayUrl, shards: core.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 } },
}));
route('GET', '/users/@me', (core) => ({ status: 200, body: core.state.apiUser(core.state.botUser) }));
route('GET', '/applications/@me', (core) => ({
  status: 200,
  body: { id: core.state.applicationId, name: core.state.botUser.username, description: '', bot_public: true, bot_require_code_grant: false, flags: 0, bot: core.state.apiUser(core.state.botUser) },
}));

// ── Commands ─────────────────────────────────────────────────────────────────────────────────────
function storeCommands(core: EmulatorCore, body: unknown, guildId: string | undefined): StoredCommand[] {
  return (body as StoredCommand[]).map((command) => ({
    ...command,
    id: core.state.nextId(),
    application_id: core.state.applicationId,
    ...(guildId ? { guild_id: guildId } : {}),
    type: command.type ?? 1,
    version: core.state.nextId(),
  }));
}

function checkApplication(core: EmulatorCore, request: RestRequest): RestResponse | null {
  return request.params.app === core.state.applicationId ? null : discordError(403, 50001, 'Missing Access');
}

route('PUT', '/applications/:app/commands', (core, request) => {
  const wrongApp = checkApplication(core, request);
  if (wrongApp) return wrongApp;
  const problems = commandListProblems(request.body);
  if (problems.length > 0) return invalidFormBody(problems);
  core.globalCommands.splice(0, core.globalCommands.length, ...storeCommands(core, request.body, undefined));
  return { status: 200, body: core.globalCommands };
});
route('GET', '/applications/:app/commands', (core, request) => checkApplication(core, request) ?? { status: 200, body: core.globalCommands });
route('PUT', '/applications/:app/guilds/:guild/commands', (core, request) => {
  const wrongApp = checkApplication(core, request);
  if (wrongApp) return wrongApp;
  const guild = core.state.guild(request.params.guild!);
  if (!guild?.botPresent) return missingAccess();
  const problems = commandListProblems(request.body);
  if (problems.length > 0) return invalidFormBody(problems);
  const stored = storeCommands(core, request.body, guild.id);
  core.guildCommands.set(guild.id, stored);
  return { status: 200, body: stored };
});
route('GET', '/applications/:app/guilds/:guild/commands', (core, request) => {
  return checkApplication(core, request) ?? { status: 200, body: core.guildCommands.get(request.params.guild!) ?? [] };
});

// ── Channels, guilds, messages ───────────────────────────────────────────────────────────────────
function readableChannel(core: EmulatorCore, channelId: string) {
  const channel = core.state.channel(channelId);
  if (!channel) return { error: unknownChannel() };
  const guild = core.state.guild(channel.guildId);
  if (!guild?.botPresent) return { error: missingAccess() };
  const permissions = core.state.permissionsIn(channel, core.state.botUser.id);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return { error: missingAccess() };
  return { channel, guild, permissions };
}

route('GET', '/channels/:id', (core, request) => {
  const found = readableChannel(core, request.params.id!);
  return 'error' in found ? found.error! : { status: 200, body: core.state.apiChannel(found.channel) };
});
route('GET', '/guilds/:id', (core, request) => {
  const guild = core.state.guild(request.params.id!);
  return guild?.botPresent ? { status: 200, body: core.state.apiGuild(guild) } : unknownGuild();
});

const voiceChannelTypes: readonly number[] = [ChannelType.GuildVoice, ChannelType.GuildStageVoice];

/** Reading messages needs View Channel (50001 otherwise), and Connect as well in a voice channel's chat. */
function channelForReading(core: EmulatorCore, channelId: string) {
  const found = readableChannel(core, channelId);
  if ('error' in found) return found;
  if (voiceChannelTypes.includes(found.channel.type) && (found.permissions & PermissionFlagsBits.Connect) === 0n) return { error: missingAccess() };
  return found;
}

const historyLimit = { min: emulatorLimits.historyLimitMin, max: emulatorLimits.historyLimit, default: emulatorLimits.historyLimitDefault };
const snowflakePattern = /^\d{1,20}$/;

/** Checks Get Channel Messages' query string like Discord: limit 1–100 (default 50), at most one of around/before/after. */
function historyQuery(query: URLSearchParams): { limit: number; anchor: { kind: 'around' | 'before' | 'after'; id: bigint } | null } | { error: RestResponse } {
  const errors: FieldError[] = [];
  let limit: number = historyLimit.default;
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit.trim())) errors.push({ field: 'limit', code: 'NUMBER_TYPE_COERCE', message: `Value "${rawLimit}" is not int.` });
    else {
      limit = Number(rawLimit);
      if (limit < historyLimit.min) errors.push({ field: 'limit', code: 'NUMBER_TYPE_MIN', message: `Int should be greater than or equal to ${historyLimit.min}.` });
      if (limit > historyLimit.max) errors.push({ field: 'limit', code: 'NUMBER_TYPE_MAX', message: `Int should be less than or equal to ${historyLimit.max}.` });
    }
  }
  const anchors: { kind: 'around' | 'before' | 'after'; id: bigint }[] = [];
  for (const kind of ['around', 'before', 'after'] as const) {
    const raw = query.get(kind);
    if (raw === null) continue;
    if (!snowflakePattern.test(raw)) errors.push({ field: kind, code: 'NUMBER_TYPE_COERCE', message: `Value "${raw}" is not snowflake.` });
    else anchors.push({ kind, id: BigInt(raw) });
  }
  if (anchors.length > 1) {
    // Discord documents the three as mutually exclusive; the emulator refuses a request that mixes them.
    for (const { kind } of anchors) errors.push({ field: kind, code: 'MUTUALLY_EXCLUSIVE', message: 'Only one of around, before and after may be given.' });
  }
  if (errors.length > 0) return { error: formErrors(errors) };
  return { limit, anchor: anchors[0] ?? null };
}

/** Picks a page of a channel's history (oldest first in, newest first out), the way Discord pages it. */
function historyPage(messages: RecordedMessage[], limit: number, anchor: { kind: 'around' | 'before' | 'after'; id: bigint } | null): RecordedMessage[] {
  const id = (message: RecordedMessage): bigint => BigInt(message.id);
  let page: RecordedMessage[];
  if (!anchor) page = messages.slice(-limit);
  else if (anchor.kind === 'before') page = messages.filter((m) => id(m) < anchor.id).slice(-limit);
  else if (anchor.kind === 'after') page = messages.filter((m) => id(m) > anchor.id).slice(0, limit);
  else {
    // The anchor itself (if it exists) and the newer half, plus the older half.
    const half = Math.floor(limit / 2);
    const newer = messages.filter((m) => id(m) >= anchor.id).slice(0, limit - half);
    const older = half === 0 ? [] : messages.filter((m) => id(m) < anchor.id).slice(-half);
    page = [...older, ...newer];
  }
  return page.reverse();
}

route('GET', '/channels/:id/messages', (core, request) => {
  const found = channelForReading(core, request.params.id!);
  if ('error' in found) return found.error!;
  const query = historyQuery(request.query);
  if ('error' in query) return query.error;
  // Discord: "If the current user is missing the READ_MESSAGE_HISTORY permission in the channel, then no messages will be returned."
  if ((found.permissions & PermissionFlagsBits.ReadMessageHistory) === 0n) return { status: 200, body: [] };
  const page = historyPage(core.state.channelHistory(found.channel.id), query.limit, query.anchor);
  return { status: 200, body: page.map((message) => core.state.apiMessage(message)) };
});

route('GET', '/channels/:id/messages/:message', (core, request) => {
  const found = channelForReading(core, request.params.id!);
  if ('error' in found) return found.error!;
  if ((found.permissions & PermissionFlagsBits.ReadMessageHistory) === 0n) return missingPermissions();
  const message = core.state.messages.get(request.params.message!);
  if (!message || message.deleted || message.ephemeral || message.channelId !== found.channel.id) return unknownMessage();
  return { status: 200, body: core.state.apiMessage(message) };
});

// Delete Message: the bot's own message, or anyone's with Manage Messages (204; 10008 for one that is gone).
route('DELETE', '/channels/:id/messages/:message', (core, request) => {
  const found = readableChannel(core, request.params.id!);
  if ('error' in found) return found.error!;
  const message = core.state.messages.get(request.params.message!);
  if (!message || message.deleted || message.ephemeral || message.channelId !== found.channel.id) return unknownMessage();
  if (message.authorId !== core.state.botUser.id && (found.permissions & PermissionFlagsBits.ManageMessages) === 0n) return missingPermissions();
  message.deleted = true;
  core.state.openPolls.delete(message.id);
  core.events.emit('messageDelete', message);
  return { status: 204, body: null };
});

route('POST', '/channels/:id/messages', (core, request) => {
  const found = readableChannel(core, request.params.id!);
  if ('error' in found) return found.error!;
  const { channel, permissions } = found;
  const body = (request.body ?? {}) as MessageBodyLike;
  if (!(textChannelTypes as readonly number[]).includes(channel.type)) return discordError(400, 50008, 'Cannot send messages in a non-text channel');
  if ((permissions & PermissionFlagsBits.SendMessages) === 0n) return missingPermissions();
  if (Array.isArray(body.embeds) && body.embeds.length > 0 && (permissions & PermissionFlagsBits.EmbedLinks) === 0n) return missingPermissions();
  if (request.files.length > 0 && (permissions & PermissionFlagsBits.AttachFiles) === 0n) return missingPermissions();
  const files = attachmentsFor(core, request, body, channel.id, null);
  if ('error' in files) return files.error;
  const problems = messageBodyProblems(body, { hasAttachments: files.attachments.length > 0, attachmentNames: namesOf(files.attachments) });
  if (problems.length > 0) return invalidFormBody(problems);
  // Send Polls, "checked like Send Messages in the channel", once the body is a valid message (guess: the docs only name the permission).
  if (body.poll !== undefined && body.poll !== null && (permissions & PermissionFlagsBits.SendPolls) === 0n) return missingPermissions();

  const flags = typeof body.flags === 'number' ? body.flags & creatableFlags : 0;
  const content = typeof body.content === 'string' ? body.content : '';
  const components = storedComponents(body.components, flags, files.attachments);
  const nonce = body.nonce === undefined ? null : String(body.nonce);
  const nonceKey = nonce && body.enforce_nonce === true ? `${channel.id}:${core.state.botUser.id}:${nonce}` : null;
  if (nonceKey) {
    const earlier = core.nonces.get(nonceKey);
    const message = earlier && core.state.messages.get(earlier.messageId);
    if (earlier && message && Date.now() - earlier.at < core.nonceWindowMs) return { status: 200, body: core.state.apiMessage(message, { nonce: true }) };
  }
  const message = core.state.recordMessage({
    channelId: channel.id,
    guildId: channel.guildId,
    authorId: core.state.botUser.id,
    content,
    embeds: (body.embeds as RecordedMessage['embeds']) ?? [],
    components,
    flags,
    pinged: resolveMentions(mentionText(content, components, flags), body.allowed_mentions),
    nonce,
    interactionId: null,
    ephemeral: false,
    ...(files.attachments.length > 0 ? { attachments: files.attachments } : {}),
    ...withPoll(core, body),
  });
  if (nonceKey) core.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
  core.events.emit('message', message);
  return { status: 200, body: core.state.apiMessage(message, { nonce: true }) };
});

/** A message in a channel the bot can see, or 10008 (ephemeral replies are not in any channel's history). */
function channelMessage(core: EmulatorCore, channelId: string, messageId: string): RecordedMessage | null {
  const message = core.state.messages.get(messageId);
  return message && !message.deleted && !message.ephemeral && message.channelId === channelId ? message : null;
}

// Edit Message: only the bot's own messages (flags of others' need Manage Messages, which the emulator leaves out).
/** An edit of a message, from the channel route or an interaction's webhook: refused as Discord refuses it, or applied. */
function editedMessage(core: EmulatorCore, request: RestRequest, message: RecordedMessage): RestResponse {
  const body = (request.body ?? {}) as MessageBodyLike;
  const files = attachmentsFor(core, request, body, message.channelId, message.attachments ?? []);
  if ('error' in files) return files.error;
  const refused = editProblems(message, body, files.attachments);
  if (refused) return refused;
  editMessage(core, message, body, files.attachments);
  return { status: 200, body: core.state.apiMessage(message) };
}

route('PATCH', '/channels/:id/messages/:message', (core, request) => {
  const found = readableChannel(core, request.params.id!);
  if ('error' in found) return found.error!;
  const message = channelMessage(core, found.channel.id, request.params.message!);
  if (!message) return unknownMessage();
  if (message.authorId !== core.state.botUser.id) return notTheAuthor();
  return editedMessage(core, request, message);
});

// ── Polls (polls.ts, poll-results.ts) ────────────────────────────────────────────────────────────
// Get Answer Voters: (guess) read like the message itself, with View Channel and Read Message History.
route('GET', '/channels/:id/polls/:message/answers/:answer', (core, request) => {
  const found = channelForReading(core, request.params.id!);
  if ('error' in found) return found.error!;
  if ((found.permissions & PermissionFlagsBits.ReadMessageHistory) === 0n) return missingPermissions();
  const message = channelMessage(core, found.channel.id, request.params.message!);
  // (guess) a message without a poll is as unknown here as a missing one.
  if (!message?.poll) return unknownMessage();
  const answerId = Number(request.params.answer);
  // (guess) an answer the poll does not have is a bad answer_id.
  if (!message.poll.answers.some((answer) => answer.answer_id === answerId)) return invalidFormBody(['answer_id: the poll has no such answer']);
  const query = votersQuery(request.query);
  if ('problems' in query) return formErrors(query.problems);
  const users = votersPage(message.poll, answerId, query.after, query.limit).map((id) => core.state.apiUser(core.state.users.get(id) ?? { id, username: 'unknown', bot: false }));
  return { status: 200, body: { users } };
});

// End Poll: "You cannot end polls from other users" (guess: 50013, the docs give no code); fires MESSAGE_UPDATE.
route('POST', '/channels/:id/polls/:message/expire', (core, request) => {
  const found = readableChannel(core, request.params.id!);
  if ('error' in found) return found.error!;
  const message = channelMessage(core, found.channel.id, request.params.message!);
  if (!message) return unknownMessage();
  if (!message.poll) return notAPoll();
  if (message.authorId !== core.state.botUser.id) return missingPermissions();
  if (message.poll.finalized) return pollExpired();
  core.endPollNow(message as PollMessage);
  return { status: 200, body: core.state.apiMessage(message) };
});

// ── Guild Scheduled Events ───────────────────────────────────────────────────────────────────────
const unknownScheduledEvent = () => discordError(404, 10070, 'Unknown Guild Scheduled Event');
const tooManyEvents = () => discordError(400, 30038, `Maximum number of uncompleted guild scheduled events reached (${maxUncompletedEvents})`);

/** The guild the bot is in, or Discord's error (a server without the bot: 10004, as GET /guilds/:id). */
function eventGuild(core: EmulatorCore, guildId: string) {
  const guild = core.state.guild(guildId);
  return guild?.botPresent ? { guild } : { error: unknownGuild() };
}

/** Whether the bot may create or change an event of this type (in its voice or stage channel, or the server). */
function eventPermissionProblem(core: EmulatorCore, guildId: string, event: Pick<StoredScheduledEvent, 'entity_type' | 'channel_id'>, action: 'create' | 'change', ownEvent: boolean): RestResponse | null {
  const guild = core.state.guild(guildId)!;
  const { all, anyOf } = requiredPermissions(event.entity_type, action, ownEvent);
  let permissions = core.state.guildPermissions(guild, core.state.botUser.id);
  if (event.channel_id !== null) {
    const channel = core.state.channel(event.channel_id);
    if (!channel || channel.guildId !== guildId) return invalidFormBody(['channel_id: Unknown Channel']);
    if (!voiceChannelTypes.includes(channel.type)) return invalidFormBody(['channel_id: must be a voice or stage channel']);
    if (event.entity_type === GuildScheduledEventEntityType.Voice && channel.type !== ChannelType.GuildVoice) return invalidFormBody(['channel_id: a voice event needs a voice channel']);
    if (event.entity_type === GuildScheduledEventEntityType.StageInstance && channel.type !== ChannelType.GuildStageVoice) return invalidFormBody(['channel_id: a stage event needs a stage channel']);
    permissions = core.state.permissionsIn(channel, core.state.botUser.id);
  }
  return (permissions & all) === all && (permissions & anyOf) !== 0n ? null : missingPermissions();
}

route('POST', '/guilds/:id/scheduled-events', (core, request) => {
  const found = eventGuild(core, request.params.id!);
  if ('error' in found) return found.error!;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const { event, problems } = applyEventBody(body, null, core.state.now());
  if (problems.length > 0) return invalidFormBody(problems);
  const refused = eventPermissionProblem(core, found.guild.id, event, 'create', true);
  if (refused) return refused;
  const uncompleted = [...core.state.scheduledEvents.values()].filter((stored) => stored.guild_id === found.guild.id && isUncompleted(stored));
  if (uncompleted.length >= maxUncompletedEvents) return tooManyEvents();
  const stored: StoredScheduledEvent = { ...event, id: core.state.nextId(), guild_id: found.guild.id, creator_id: core.state.botUser.id, user_count: 0 };
  core.state.scheduledEvents.set(stored.id, stored);
  return { status: 200, body: apiScheduledEvent(stored) };
});
route('GET', '/guilds/:id/scheduled-events', (core, request) => {
  const found = eventGuild(core, request.params.id!);
  if ('error' in found) return found.error!;
  return { status: 200, body: [...core.state.scheduledEvents.values()].filter((stored) => stored.guild_id === found.guild.id).map(apiScheduledEvent) };
});
route('GET', '/guilds/:id/scheduled-events/:event', (core, request) => {
  const found = eventGuild(core, request.params.id!);
  if ('error' in found) return found.error!;
  const stored = core.state.scheduledEvents.get(request.params.event!);
  return stored && stored.guild_id === found.guild.id ? { status: 200, body: apiScheduledEvent(stored) } : unknownScheduledEvent();
});
route('PATCH', '/guilds/:id/scheduled-events/:event', (core, request) => {
  const found = eventGuild(core, request.params.id!);
  if ('error' in found) return found.error!;
  const stored = core.state.scheduledEvents.get(request.params.event!);
  if (!stored || stored.guild_id !== found.guild.id) return unknownScheduledEvent();
  const own = stored.creator_id === core.state.botUser.id;
  const allowedNow = eventPermissionProblem(core, found.guild.id, stored, 'change', own);
  if (allowedNow) return allowedNow;
  // "COMPLETED and CANCELED … can no longer be updated".
  if (!isUncompleted(stored)) return invalidFormBody(['status: a completed or canceled event can no longer be updated']);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const { event, problems } = applyEventBody(body, stored, core.state.now());
  if (problems.length > 0) return invalidFormBody(problems);
  const allowedAfter = eventPermissionProblem(core, found.guild.id, event, 'change', own);
  if (allowedAfter) return allowedAfter;
  Object.assign(stored, event);
  return { status: 200, body: apiScheduledEvent(stored) };
});
route('DELETE', '/guilds/:id/scheduled-events/:event', (core, request) => {
  const found = eventGuild(core, request.params.id!);
  if ('error' in found) return found.error!;
  const stored = core.state.scheduledEvents.get(request.params.event!);
  if (!stored || stored.guild_id !== found.guild.id) return unknownScheduledEvent();
  const refused = eventPermissionProblem(core, found.guild.id, stored, 'change', stored.creator_id === core.state.botUser.id);
  if (refused) return refused;
  core.state.scheduledEvents.delete(stored.id);
  return { status: 204 };
});

// ── Interactions ─────────────────────────────────────────────────────────────────────────────────
function interactionMessage(core: EmulatorCore, interaction: InteractionRecord, body: MessageBodyLike, extraFlags = 0, attachments: RecordedAttachment[] = []): RecordedMessage {
  const flags = (typeof body.flags === 'number' ? body.flags : 0) | extraFlags;
  const content = typeof body.content === 'string' ? body.content : '';
  const components = storedComponents(body.components, flags, attachments);
  const message = core.state.recordMessage({
    channelId: interaction.payload.channel?.id ?? '',
    guildId: interaction.payload.guild_id ?? null,
    authorId: core.state.botUser.id,
    content,
    embeds: (body.embeds as RecordedMessage['embeds']) ?? [],
    components,
    flags,
    pinged: resolveMentions(mentionText(content, components, flags), body.allowed_mentions),
    nonce: null,
    interactionId: interaction.id,
    ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
    ...(attachments.length > 0 ? { attachments } : {}),
    ...withPoll(core, body),
  });
  core.events.emit('message', message);
  return message;
}

/** Replies and follow-ups Discord makes private whatever the bot asked (see installation.ts). */
const forcedFlags = (interaction: InteractionRecord): number => (interaction.rules.forcedEphemeral ? MessageFlags.Ephemeral : 0);

/** The poll a created message gets from its body (checked already), as a RecordedMessage field. */
function withPoll(core: EmulatorCore, body: MessageBodyLike): { poll?: RecordedMessage['poll'] } {
  const poll = pollOf(body);
  return poll ? { poll: createPoll(poll, core.state.now()) } : {};
}

/**
 * Checks an edit of `message` (an interaction's UPDATE_MESSAGE, a webhook or channel message edit); `prefix` places
 * fields (`data.`). "After creation, the poll message cannot be edited" (520003), and a poll can be added only to a
 * deferred reply that still shows its "thinking…" placeholder (webhook.mdx footnote ****; guess: only its first edit).
 */
function editProblems(message: RecordedMessage, body: MessageBodyLike, attachments: readonly RecordedAttachment[], prefix = ''): RestResponse | null {
  if (message.poll) return pollNotEditable();
  const problems = messageBodyProblems(body, { partial: true, attachmentNames: namesOf(attachments), editing: message });
  const poll = pollOf(body);
  if (poll && (message.flags & MessageFlags.Loading) === 0) problems.push('poll: Polls can only be added when editing a deferred interaction response');
  else if (poll) problems.push(...pollCreateProblems(poll));
  return problems.length > 0 ? invalidFormBody(problems.map((problem) => `${prefix}${problem}`)) : null;
}

function editMessage(core: EmulatorCore, message: RecordedMessage, body: MessageBodyLike, attachments?: RecordedAttachment[]): RecordedMessage {
  if (typeof body.content === 'string' || body.content === null) message.content = body.content ?? '';
  // A message that never had files keeps its shape (no attachments field) through file-less edits.
  if (attachments !== undefined && (attachments.length > 0 || message.attachments !== undefined)) message.attachments = attachments;
  if (Array.isArray(body.embeds)) message.embeds = body.embeds as RecordedMessage['embeds'];
  // Edit flags: only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 change (the check refused removing IS_COMPONENTS_V2).
  if (typeof body.flags === 'number') message.flags = (message.flags & ~editableFlags) | (body.flags & editableFlags) | (message.flags & MessageFlags.IsComponentsV2);
  if (Array.isArray(body.components)) message.components = storedComponents(body.components, message.flags, message.attachments ?? []);
  // Only a deferred reply's edit gets this far with a poll (editProblems).
  const poll = pollOf(body);
  if (poll) {
    message.poll = createPoll(poll, core.state.now());
    core.state.openPolls.add(message.id);
  }
  message.flags &= ~MessageFlags.Loading;
  message.pinged = resolveMentions(mentionText(message.content, message.components, message.flags), body.allowed_mentions);
  message.editedAt = Date.now();
  core.events.emit('messageUpdate', message);
  return message;
}

route(
  'POST',
  '/interactions/:id/:token/callback',
  (core, request) => {
    const interaction = core.interactions.get(request.params.id!);
    if (!interaction || interaction.token !== request.params.token || !interaction.responseWindowOpen()) return unknownInteraction();
    if (interaction.acknowledged) return alreadyAcknowledged();
    const callback = (request.body ?? {}) as { type?: number; data?: Record<string, unknown> };
    const data = (callback.data ?? {}) as MessageBodyLike & Record<string, unknown>;
    const type = interaction.payload.type;
    const isComponent = type === InteractionType.MessageComponent || type === InteractionType.ModalSubmit;
    const carriesMessage = callback.type === InteractionResponseType.ChannelMessageWithSource || callback.type === InteractionResponseType.UpdateMessage;
    if (request.files.length > 0 && !carriesMessage) return invalidFormBody(['files: only a message answer (type 4 or 7) carries files']);
    const channelId = interaction.payload.channel?.id ?? '';
    switch (callback.type) {
      case InteractionResponseType.Pong:
        if (type !== InteractionType.Ping) return invalidFormBody(['type: PONG only answers a PING']);
        interaction.responseType = callback.type;
        interaction.settle();
        return { status: 204 };
      case InteractionResponseType.ChannelMessageWithSource: {
        const files = attachmentsFor(core, request, data, channelId, null, 'data.');
        if ('error' in files) return files.error;
        const problems = messageBodyProblems(data, { hasAttachments: files.attachments.length > 0, attachmentNames: namesOf(files.attachments) });
        if (problems.length > 0) return invalidFormBody(problems.map((p) => `data.${p}`));
        interaction.responseType = callback.type;
        interaction.originalMessageId = interactionMessage(core, interaction, data, forcedFlags(interaction), files.attachments).id;
        interaction.settle();
        return { status: 204 };
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        interaction.responseType = callback.type;
        const flags = typeof data.flags === 'number' ? data.flags & MessageFlags.Ephemeral : 0;
        interaction.originalMessageId = interactionMessage(core, interaction, { content: '' }, MessageFlags.Loading | flags | forcedFlags(interaction)).id;
        return { status: 204 };
      }
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        if (!isComponent || !interaction.sourceMessageId) return invalidFormBody(['type: only a component interaction can update its message']);
        if (callback.type === InteractionResponseType.UpdateMessage) {
          const source = core.state.messages.get(interaction.sourceMessageId)!;
          const files = attachmentsFor(core, request, data, source.channelId, source.attachments ?? [], 'data.');
          if ('error' in files) return files.error;
          const refused = editProblems(source, data, files.attachments, 'data.');
          if (refused) return refused;
          editMessage(core, source, data, files.attachments);
          interaction.settle();
        }
        interaction.responseType = callback.type;
        interaction.originalMessageId = interaction.sourceMessageId;
        return { status: 204 };
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        if (type !== InteractionType.ApplicationCommandAutocomplete) return invalidFormBody(['type: choices only answer an autocomplete']);
        const choices = Array.isArray(data.choices) ? data.choices : null;
        const problems = choices ? choiceProblems(choices) : ['data.choices: must be an array'];
        if (problems.length > 0) return invalidFormBody(problems.map((p) => `data.choices: ${p}`));
        interaction.responseType = callback.type;
        interaction.choices = choices;
        interaction.settle();
        return { status: 204 };
      }
      case InteractionResponseType.Modal: {
        if (type === InteractionType.ModalSubmit || type === InteractionType.ApplicationCommandAutocomplete) return invalidFormBody(['type: cannot answer with a modal']);
        const problems = modalProblems(data);
        if (problems.length > 0) return invalidFormBody(problems);
        interaction.responseType = callback.type;
        interaction.modal = data;
        interaction.settle();
        return { status: 204 };
      }
      default:
        return invalidFormBody(['type: unknown interaction callback type']);
    }
  },
  true,
);

function webhookInteraction(core: EmulatorCore, request: RestRequest): InteractionRecord | null {
  const interaction = core.interactionsByToken.get(request.params.token!);
  if (!interaction || request.params.app !== core.state.applicationId || !interaction.tokenValid()) return null;
  return interaction;
}

/** The interaction behind a webhook token and its original reply, or Discord's error for whichever is missing. */
function originalReply(core: EmulatorCore, request: RestRequest): { interaction: InteractionRecord; message: RecordedMessage } | RestResponse {
  const interaction = webhookInteraction(core, request);
  if (!interaction) return unknownWebhook();
  const message = interaction.originalMessageId ? core.state.messages.get(interaction.originalMessageId) : undefined;
  return message && !message.deleted ? { interaction, message } : unknownMessage();
}

route(
  'GET',
  '/webhooks/:app/:token/messages/@original',
  (core, request) => {
    const found = originalReply(core, request);
    return 'message' in found ? { status: 200, body: core.state.apiMessage(found.message) } : found;
  },
  true,
);
route(
  'PATCH',
  '/webhooks/:app/:token/messages/@original',
  (core, request) => {
    const found = originalReply(core, request);
    if (!('message' in found)) return found;
    const body = (request.body ?? {}) as MessageBodyLike;
    const files = attachmentsFor(core, request, body, found.message.channelId, found.message.attachments ?? []);
    if ('error' in files) return files.error;
    const refused = editProblems(found.message, body, files.attachments);
    if (refused) return refused;
    editMessage(core, found.message, body, files.attachments);
    found.interaction.settle();
    return { status: 200, body: core.state.apiMessage(found.message) };
  },
  true,
);
route(
  'DELETE',
  '/webhooks/:app/:token/messages/@original',
  (core, request) => {
    const found = originalReply(core, request);
    if (!('message' in found)) return found;
    found.message.deleted = true;
    core.events.emit('messageDelete', found.message);
    return { status: 204 };
  },
  true,
);
route(
  'POST',
  '/webhooks/:app/:token',
  (core, request) => {
    const interaction = webhookInteraction(core, request);
    if (!interaction) return unknownWebhook();
    if (!interaction.acknowledged) return discordError(400, 10062, 'Unknown interaction');
    const { maxFollowUps } = interaction.rules;
    if (maxFollowUps !== null && interaction.followUpIds.length >= maxFollowUps) return tooManyFollowUps();
    const body = (request.body ?? {}) as MessageBodyLike;
    const files = attachmentsFor(core, request, body, interaction.payload.channel?.id ?? '', null);
    if ('error' in files) return files.error;
    const problems = messageBodyProblems(body, { hasAttachments: files.attachments.length > 0, attachmentNames: namesOf(files.attachments) });
    if (problems.length > 0) return invalidFormBody(problems);
    const message = interactionMessage(core, interaction, body, forcedFlags(interaction), files.attachments);
    interaction.followUpIds.push(message.id);
    interaction.settle();
    return { status: 200, body: core.state.apiMessage(message) };
  },
  true,
);

// Edit Followup Message (the original reply too, by its id): https://discord.com/developers/docs/interactions/receiving-and-responding#edit-followup-message
route(
  'PATCH',
  '/webhooks/:app/:token/messages/:message',
  (core, request) => {
    const interaction = webhookInteraction(core, request);
    if (!interaction) return unknownWebhook();
    const id = request.params.message!;
    const message = id === interaction.originalMessageId || interaction.followUpIds.includes(id) ? core.state.messages.get(id) : undefined;
    if (!message || message.deleted) return unknownMessage();
    return editedMessage(core, request, message);
  },
  true,
);

// ── The HTTP plumbing ────────────────────────────────────────────────────────────────────────────
/** A route's top-level resource: a channel, a server, an interaction, or a webhook with its token (each interaction's own bucket). */
const majorParameter = /^\/(?:webhooks\/[^/]+\/[^/]+|(?:channels|guilds|interactions)\/[^/]+)/;

type ReadBody = { ok: true; json: unknown; files: UploadedFile[] } | { ok: false; error: RestResponse };

/** A JSON body, or multipart/form-data with `payload_json` and `files[n]` parts (Discord's two ways). */
async function readBody(request: IncomingMessage): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return { ok: true, json: undefined, files: [] };
  const raw = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const parsed = await parseMultipartBody(raw, contentType);
    if (!parsed.ok) return { ok: false, error: parsed.invalidJson ? invalidJson() : invalidFormBody(parsed.problems) };
    return { ok: true, json: parsed.json, files: parsed.files };
  }
  if (!contentType.includes('application/json')) return { ok: false, error: invalidJson() };
  try {
    return { ok: true, json: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { ok: false, error: invalidJson() };
  }
}

const attachmentPath = /^\/attachments\/\d+\/(\d+)\/[^/]+$/;

/** The emulator's stand-in for Discord's CDN: an attachment's bytes at the URL its message gives. */
function serveAttachment(core: EmulatorCore, pathname: string, response: ServerResponse): void {
  const id = attachmentPath.exec(pathname)?.[1];
  const attachment = id === undefined ? undefined : core.state.attachment(id);
  if (!attachment) {
    send(response, 404, { code: 0, message: '404: Not Found' }, {});
    return;
  }
  response.writeHead(200, { 'Content-Type': attachment.contentType, 'Content-Length': String(attachment.size) });
  response.end(attachment.data);
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const json = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { ...headers, ...(json ? { 'Content-Type': 'application/json' } : {}) });
  response.end(json);
}

/** Answers one HTTP request; every answer carries rate-limit headers like Discord's. */
export async function handleRestRequest(core: EmulatorCore, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // No timers: polls whose end the clock has reached are ended before anything is read or changed.
  core.settleExpiredPolls();
  const url = new URL(request.url ?? '/', 'http://emulator');
  const method = request.method ?? 'GET';
  if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
    serveAttachment(core, url.pathname, response);
    return;
  }
  if (!url.pathname.startsWith(apiPrefix)) {
    send(response, 404, { code: 0, message: '404: Not Found' }, {});
    return;
  }
  // Clients percent-encode "@original"; Discord matches the decoded path.
  const path = decodeURIComponent(url.pathname.slice(apiPrefix.length)) || '/';
  const found = routes.find((candidate) => candidate.method === method && candidate.pattern.test(path));
  const finish = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    core.logRequest({ method, path, status, at: Date.now() });
    send(response, status, body, headers);
  };
  if (!found) {
    finish(routes.some((candidate) => candidate.pattern.test(path)) ? 405 : 404, { code: 0, message: routes.some((c) => c.pattern.test(path)) ? '405: Method Not Allowed' : '404: Not Found' });
    return;
  }
  const authorized = request.headers.authorization === `Bot ${core.token}`;
  if (!found.interactionRoute && !authorized) {
    finish(401, { code: 0, message: '401: Unauthorized' });
    return;
  }
  const major = majorParameter.exec(path)?.[0] ?? '';
  const decision = core.limiter.check(method, path, found.template, `${method} ${found.template} ${major}`, !found.interactionRoute);
  if (decision.kind === 'fault') {
    const body = decision.status === 429 ? { message: 'You are being rate limited.', retry_after: decision.retryAfterMs / 1000, global: decision.global } : { code: 0, message: `${decision.status}: Internal Server Error` };
    finish(decision.status, body, decision.headers);
    return;
  }
  if (decision.kind === 'limited') {
    finish(429, { message: 'You are being rate limited.', retry_after: decision.retryAfterMs / 1000, global: decision.global }, decision.headers);
    return;
  }
  const body = await readBody(request);
  if (!body.ok) {
    finish(body.error.status, body.error.body, decision.headers);
    return;
  }
  if (body.files.length > 0 && !fileRoutes.has(`${method} ${found.template}`)) {
    const refused = invalidFormBody(['files: this endpoint takes no files']);
    finish(refused.status, refused.body, decision.headers);
    return;
  }
  const params = Object.fromEntries(found.keys.map((key, index) => [key, found.pattern.exec(path)![index + 1]!]));
  const origin = `http://${request.headers.host ?? '127.0.0.1'}`;
  const result = found.handler(core, { method, path, params, query: url.searchParams, body: body.json, files: body.files, origin, authorized });
  // Processed, but the answer may get lost on its way back (a reset connection, or a proxy's 502/504).
  const lost = core.takeLostResponse(method, path);
  if (lost === 'reset') {
    core.logRequest({ method, path, status: 0, at: Date.now(), lost: { as: lost, processedStatus: result.status } });
    request.socket.resetAndDestroy();
    return;
  }
  if (lost !== null) {
    core.logRequest({ method, path, status: lost, at: Date.now(), lost: { as: lost, processedStatus: result.status } });
    send(response, lost, { code: 0, message: lost === 502 ? '502: Bad Gateway' : '504: Gateway Timeout' }, {});
    return;
  }
  finish(result.status, result.body, decision.headers);
}
