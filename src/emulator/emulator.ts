import { apiScheduledEvent, type StoredScheduledEvent } from './scheduled-events.js';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelType, ComponentType, GatewayDispatchEvents, PermissionFlagsBits, type APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { buildCommunity, type Community, type CommunityOptions } from './community.js';
import { defaultNonceWindowMs, EmulatorCore, type LostResponseKind, type StoredCommand } from './core.js';
import { Gateway, gatewayPath } from './gateway.js';
import { commandOwners, installedOwners, interactionTerms, type Owners, type Place } from './installation.js';
import { InteractionRecord, interactionResponseWindowMs, type InteractionOutcome } from './interaction-record.js';
import { commandPayload, componentPayload, modalSubmitPayload, type CommandAction, type PayloadContext } from './interaction-payloads.js';
import { componentWithCustomId } from './message-components.js';
import { legacySubmittedComponents, submittedComponents, type PresentedModal } from './modal-submission.js';
import { allPermissions, defaultEveryonePermissions } from './permissions.js';
import { createPoll, pollCreateProblems, pollView, PollVotingBlocked, voteProblem, type PollMessage, type PollView } from './polls.js';
import { handleRestRequest } from './rest.js';
import type { RecordedMessage, GuildState } from './state.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** The bot token the emulator accepts. */
  token?: string;
  heartbeatIntervalMs?: number;
  /** Discord's global limit is 50 requests/s. */
  globalPerSecond?: number;
  /** The time new snowflakes are made from (default: real time); the playground passes its own clock. */
  snowflakeClock?: () => number;
}

export interface FaultOptions {
  count: number;
  status: 429 | 500 | 502 | 503;
  retryAfterMs?: number;
  method?: string;
  /** Only paths matching this (after /api/v10) fail, e.g. /\/callback$/. */
  path?: RegExp;
}

export interface LostResponseOptions {
  count: number;
  /** 'reset': the connection is reset (the client sees ECONNRESET); 502/504: a proxy's error instead of the answer. */
  as: LostResponseKind;
  method?: string;
  /** Only paths matching this (after /api/v10) lose their response, e.g. /\/channels\/\d+\/messages$/. */
  path?: RegExp;
}

/** Bot permissions a fresh install gets in every channel: what Grimoire's invite link asks for. */
export const defaultBotPermissions =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory;

const defaultToken = 'MTAwMDAwMDAwMDAwMDAwMDAw.emulator.local-token';

/**
 * A local Discord for tests and the playground: REST under /api/v10 and the gateway on one loopback port,
 * plus a control API to create servers, act as members and inject faults.
 */
export class Emulator {
  readonly core: EmulatorCore;
  private readonly gateway: Gateway;
  private constructor(
    private readonly server: Server,
    core: EmulatorCore,
    gateway: Gateway,
    readonly port: number,
  ) {
    this.core = core;
    this.gateway = gateway;
  }

  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const core = new EmulatorCore(options.token ?? defaultToken, { globalPerSecond: options.globalPerSecond ?? 50, ...(options.snowflakeClock ? { snowflakeClock: options.snowflakeClock } : {}) });
    const server = createServer((request, response) => {
      handleRestRequest(core, request, response).catch((error: unknown) => {
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ code: 0, message: `500: ${String(error)}` }));
      });
    });
    const gateway = new Gateway(core, server, options.heartbeatIntervalMs ?? 41_250);
    server.listen(options.port ?? 0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    core.gatewayUrl = `ws://127.0.0.1:${port}${gatewayPath}`;
    return new Emulator(server, core, gateway, port);
  }

  /** What the bot's DISCORD_API_BASE should be. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get token(): string {
    return this.core.token;
  }

  get applicationId(): string {
    return this.core.state.applicationId;
  }

  get botUserId(): string {
    return this.core.state.botUser.id;
  }

  /** Resolves once the bot has connected and identified (or resumed), on `shards` shards (default one). */
  waitForBot(shards = 1): Promise<void> {
    return this.gateway.waitForSession(shards);
  }

  /** The shard ids connected now. */
  shardsConnected(): number[] {
    return this.gateway.shardsConnected();
  }

  /** What GET /gateway/bot recommends (`shards`), as Discord does from the server count. */
  recommendShards(count: number): void {
    this.core.recommendedShards = count;
  }

  get gatewayStats(): Gateway['stats'] {
    return this.gateway.stats;
  }

  // ── World building ───────────────────────────────────────────────────────────────────────────
  createUser(username: string, bot = false): string {
    const id = this.core.state.nextId();
    this.core.state.users.set(id, { id, username, bot });
    return id;
  }

  /**
   * A server with an owner, the @everyone role and the bot as a member (with its own managed role). With
   * `botInstalled: false` nobody ever added the bot: no bot member or role, no GUILD_CREATE, and its REST calls
   * there fail; members reach it only through commands installed to their own account (`installToUser`).
   */
  createGuild(options: { name?: string; botPermissions?: bigint; botInstalled?: boolean } = {}): { id: string; ownerId: string; botRoleId: string | null } {
    const { state } = this.core;
    const id = state.nextId();
    const ownerId = this.createUser('owner');
    const botInstalled = options.botInstalled ?? true;
    const botRoleId = botInstalled ? state.nextId() : null;
    const joinedAt = new Date().toISOString();
    const guild: GuildState = {
      id,
      name: options.name ?? 'Study Server',
      ownerId,
      roles: new Map([[id, { id, name: '@everyone', permissions: defaultEveryonePermissions, position: 0, managed: false }]]),
      members: new Map([[ownerId, { userId: ownerId, roleIds: [], joinedAt }]]),
      channelIds: [],
      botPresent: botInstalled,
    };
    if (botRoleId) {
      guild.roles.set(botRoleId, { id: botRoleId, name: state.botUser.username, permissions: options.botPermissions ?? defaultBotPermissions, position: 1, managed: true });
      guild.members.set(state.botUser.id, { userId: state.botUser.id, roleIds: [botRoleId], joinedAt });
    }
    state.guilds.set(id, guild);
    if (botInstalled) this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, state.guildCreatePayload(guild), id);
    return { id, ownerId, botRoleId };
  }

  /** The user installs the app to their own account (USER_INSTALL): its user-installable commands then work for them anywhere. */
  installToUser(userId: string): void {
    if (!this.core.state.users.has(userId)) throw new Error(`no user ${userId}`);
    this.core.state.userInstalls.add(userId);
  }

  /** The DM between a user and the bot (interaction context BOT_DM). */
  createBotDm(userId: string): string {
    return this.createPrivateChannel(ChannelType.DM, [userId, this.botUserId], true);
  }

  /** A group DM of these users, without the bot (context PRIVATE_CHANNEL: only commands installed to a user work there). */
  createGroupDm(userIds: readonly string[]): string {
    return this.createPrivateChannel(ChannelType.GroupDM, [...userIds], false);
  }

  private createPrivateChannel(type: ChannelType.DM | ChannelType.GroupDM, recipientIds: string[], withBot: boolean): string {
    for (const userId of recipientIds) if (!this.core.state.users.has(userId)) throw new Error(`no user ${userId}`);
    const id = this.core.state.nextId();
    this.core.state.privateChannels.set(id, { id, type, recipientIds, withBot });
    return id;
  }

  /** A server shaped like a real community (community.ts), for benches; announced at once if the bot is connected. */
  createCommunity(options: Partial<CommunityOptions> = {}): Community {
    const { guild, community } = buildCommunity(this.core.state, { botPermissions: defaultBotPermissions, ...options });
    if (this.gateway.connected) this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, this.core.state.guildCreatePayload(guild), guild.id);
    return community;
  }

  /** A channel; `botPermissions` replaces what the bot may do there (a member overwrite, as an admin would set). */
  createChannel(guildId: string, options: { name?: string; type?: ChannelType; botPermissions?: bigint } = {}): string {
    const { state } = this.core;
    const guild = this.requireGuild(guildId);
    const id = state.nextId();
    state.channels.set(id, {
      id,
      guildId,
      name: options.name ?? `channel-${guild.channelIds.length + 1}`,
      type: options.type ?? ChannelType.GuildText,
      position: guild.channelIds.length,
      overwrites: [],
    });
    guild.channelIds.push(id);
    if (options.botPermissions !== undefined) this.setBotPermissions(id, options.botPermissions);
    else this.dispatchToGuild(guild, GatewayDispatchEvents.ChannelCreate, state.apiChannel(state.channels.get(id)!));
    return id;
  }

  createRole(guildId: string, options: { name: string; permissions?: bigint }): string {
    const guild = this.requireGuild(guildId);
    const id = this.core.state.nextId();
    guild.roles.set(id, { id, name: options.name, permissions: options.permissions ?? 0n, position: guild.roles.size, managed: false });
    this.dispatchToGuild(guild, GatewayDispatchEvents.GuildRoleCreate, { guild_id: guildId, role: this.core.state.apiRole(guild.roles.get(id)!) });
    return id;
  }

  /** A member; `permissions` are granted through a role of their own (e.g. ManageGuild for an admin). `userId`: an existing user joins. */
  createMember(guildId: string, options: { username?: string; permissions?: bigint; userId?: string } = {}): string {
    const guild = this.requireGuild(guildId);
    if (options.userId !== undefined && !this.core.state.users.has(options.userId)) throw new Error(`no user ${options.userId}`);
    const userId = options.userId ?? this.createUser(options.username ?? `member${guild.members.size}`);
    const roleIds = options.permissions ? [this.createRole(guildId, { name: `${options.username ?? 'member'}-role`, permissions: options.permissions })] : [];
    guild.members.set(userId, { userId, roleIds, joinedAt: new Date().toISOString() });
    return userId;
  }

  /** A member leaves the server. No event reaches the bot: GUILD_MEMBER_REMOVE needs the GuildMembers intent. */
  removeMember(guildId: string, userId: string): void {
    this.requireGuild(guildId).members.delete(userId);
  }

  /** Sets one permission overwrite in a channel (a role's, type 0, or a member's, type 1), as an admin would, replacing that id's. */
  setChannelOverwrite(channelId: string, overwrite: { id: string; type: 0 | 1; allow?: bigint; deny?: bigint }): void {
    const channel = this.requireChannel(channelId);
    const { id, type, allow = 0n, deny = 0n } = overwrite;
    channel.overwrites = [...channel.overwrites.filter((o) => o.id !== id), { id, type, allow, deny }];
    this.dispatchToGuild(this.requireGuild(channel.guildId), GatewayDispatchEvents.ChannelUpdate, this.core.state.apiChannel(channel));
  }

  // ── Faults ───────────────────────────────────────────────────────────────────────────────────
  setBotPermissions(channelId: string, permissions: bigint): void {
    this.setChannelOverwrite(channelId, { id: this.botUserId, type: 1, allow: permissions, deny: allPermissions & ~permissions });
  }

  revokeBotPermission(channelId: string, permission: bigint): void {
    const channel = this.requireChannel(channelId);
    this.setBotPermissions(channelId, this.core.state.permissionsIn(channel, this.botUserId) & ~permission);
  }

  deleteChannel(channelId: string): void {
    const channel = this.requireChannel(channelId);
    const guild = this.requireGuild(channel.guildId);
    this.core.state.channels.delete(channelId);
    guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
    this.dispatchToGuild(guild, GatewayDispatchEvents.ChannelDelete, this.core.state.apiChannel(channel));
  }

  /** A server's events reach the bot only while it is in that server. */
  private dispatchToGuild(guild: GuildState, event: string, data: unknown): void {
    if (guild.botPresent) this.gateway.dispatch(event, data, guild.id);
  }

  /** The bot is kicked: GUILD_DELETE, and its REST calls to that server fail from now on. */
  removeBot(guildId: string): void {
    const guild = this.requireGuild(guildId);
    guild.botPresent = false;
    guild.members.delete(this.botUserId);
    this.gateway.dispatch(GatewayDispatchEvents.GuildDelete, { id: guildId }, guildId);
  }

  failNextRequests(options: FaultOptions): void {
    this.core.limiter.injectFault({
      count: options.count,
      status: options.status,
      retryAfterMs: options.retryAfterMs ?? 1000,
      match: (method, path) => (!options.method || options.method === method) && (!options.path || options.path.test(path)),
    });
  }

  /**
   * The next `count` matching requests are processed normally (a message IS created, its nonce recorded), but the
   * bot never gets the answer: the connection is reset, or a 502/504 arrives instead. Requests refused before
   * processing (401, 429, `failNextRequests`) do not use one up. Give `method` to tell GET and POST apart.
   */
  loseNextResponses(options: LostResponseOptions): void {
    this.core.loseResponses({
      count: options.count,
      as: options.as,
      match: (method, path) => (!options.method || options.method === method) && (!options.path || options.path.test(path)),
    });
  }

  /** How long (real time) enforce_nonce remembers a nonce; Discord says "the past few minutes", default 5 min. */
  setNonceWindow(ms: number = defaultNonceWindowMs): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`nonce window must be a finite number of ms ≥ 0, not ${ms}`);
    this.core.nonceWindowMs = ms;
  }

  dropGateway(): void {
    this.gateway.drop();
  }

  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  invalidateSession(resumable: boolean): void {
    this.gateway.invalidateSession(resumable);
  }

  // ── Acting as a member ───────────────────────────────────────────────────────────────────────
  registeredCommands(guildId: string | null = null): StoredCommand[] {
    return this.core.commandsFor(guildId);
  }

  /** Runs a slash command as `userId` and waits for the bot's answer (following a deferral to its edit). */
  async runCommand(action: CommandAction, options: { timeoutMs?: number } = {}): Promise<InteractionOutcome> {
    return this.startCommand(action, options).outcome;
  }

  /**
   * Dispatches a slash command without waiting for it: `interaction` shows the bot's first answer as soon as it
   * arrives (`responseType`, e.g. 5 once it deferred), `outcome` resolves with its final answer like runCommand.
   */
  startCommand(action: CommandAction, options: { timeoutMs?: number } = {}): { interaction: InteractionRecord; outcome: Promise<InteractionOutcome> } {
    const interaction = this.dispatchCommand(action, null, (payload) => payload);
    return { interaction, outcome: this.awaitOutcome(interaction, options.timeoutMs ?? 10_000) };
  }

  /**
   * A slash command (or its autocomplete) as `action.userId` where they are, authorized as Discord would authorize
   * it; throws when no Discord client would offer the command there (see installation.ts).
   */
  private dispatchCommand(action: CommandAction, focused: string | null, mutate: (payload: ReturnType<typeof commandPayload>) => ReturnType<typeof commandPayload>): InteractionRecord {
    const command = this.core.commandsFor(action.guildId).find((c) => c.name === action.name);
    return this.dispatchInteraction(
      (ctx) => mutate(commandPayload(ctx, action, command?.id ?? this.core.state.nextId(), command?.options, focused, command?.guild_id ?? null)),
      action,
      null,
      (place) => {
        const authorized = commandOwners(this.core.state, place, action.userId, command, action.name);
        if ('refused' in authorized) throw new Error(authorized.refused);
        return authorized.owners;
      },
    );
  }

  /** Types into an autocomplete option and returns the choices the bot offered (null if it did not answer in 3 s). */
  async autocomplete(action: CommandAction & { focused: string }): Promise<APIApplicationCommandOptionChoice[] | null> {
    const record = this.dispatchCommand(action, action.focused, (payload) => payload);
    const outcome = await this.awaitOutcome(record, interactionResponseWindowMs + 100);
    return outcome.choices;
  }

  /** Presses a button on a message the bot sent (in a row, a container or a section's accessory), as Discord's client would. */
  async pressButton(options: { userId: string; messageId: string; customId: string; timeoutMs?: number }): Promise<InteractionOutcome> {
    const message = this.requireMessage(options.messageId);
    const button = componentWithCustomId(message.components, options.customId);
    if (!button || button.type !== ComponentType.Button) throw new Error(`message ${message.id} has no button ${options.customId}`);
    if (button.disabled === true) throw new Error(`button ${options.customId} is disabled: Discord's client does not send it`);
    return this.componentInteraction(message, options, { custom_id: options.customId, component_type: ComponentType.Button });
  }

  /**
   * Picks options of a string select on a message: values must be among its options, and as many as its
   * min_values–max_values allow (1–1 by default), or no Discord client could send them.
   */
  async chooseOptions(options: { userId: string; messageId: string; customId: string; values: readonly string[]; timeoutMs?: number }): Promise<InteractionOutcome> {
    const message = this.requireMessage(options.messageId);
    const select = componentWithCustomId(message.components, options.customId);
    if (!select || select.type !== ComponentType.StringSelect) throw new Error(`message ${message.id} has no select ${options.customId}`);
    if (select.disabled === true) throw new Error(`select ${options.customId} is disabled: Discord's client does not send it`);
    const known = new Set(((select.options as { value?: string }[] | undefined) ?? []).map((option) => option.value));
    const unknown = options.values.filter((value) => !known.has(value));
    if (unknown.length > 0) throw new Error(`select ${options.customId} has no option ${unknown.map((value) => JSON.stringify(value)).join(', ')}`);
    const min = typeof select.min_values === 'number' ? select.min_values : 1;
    const max = typeof select.max_values === 'number' ? select.max_values : 1;
    if (options.values.length < min || options.values.length > max) throw new Error(`select ${options.customId} takes ${min === max ? min : `${min}–${max}`} option(s), not ${options.values.length}`);
    return this.componentInteraction(message, options, { custom_id: options.customId, component_type: ComponentType.StringSelect, values: [...options.values] });
  }

  /** A server's scheduled events, as the API would list them. */
  scheduledEvents(guildId: string): StoredScheduledEvent[] {
    return [...this.core.state.scheduledEvents.values()].filter((event) => event.guild_id === guildId).map(apiScheduledEvent);
  }

  /** A member (with Manage Events) deletes an event in Discord's client: it is simply gone for the bot. */
  deleteScheduledEventAsMember(eventId: string): void {
    if (!this.core.state.scheduledEvents.delete(eventId)) throw new Error(`no scheduled event ${eventId}`);
  }

  // ── Polls ────────────────────────────────────────────────────────────────────────────────────
  /**
   * A member votes in a poll as Discord's client lets them (apps cannot vote): `answerIds` replace their earlier
   * vote, and an empty list withdraws it. Throws PollVotingBlocked (code 520000) once the poll has ended, and an Error
   * for what no client could send: an unknown answer, several without allow_multiselect, a voter who is not in the
   * server or cannot see the channel. No MESSAGE_POLL_VOTE_ADD/REMOVE reaches the bot: the gateway does not filter
   * by intent, and only GUILD_MESSAGE_POLLS would receive them. Listeners get a messageUpdate, so the playground redraws.
   */
  votePoll(messageId: string, userId: string, answerIds: number[]): void {
    this.core.settleExpiredPolls();
    const message = this.requirePoll(messageId);
    if (message.poll.finalized) throw new PollVotingBlocked(messageId);
    if (!this.canView(message, userId)) throw new Error(`user ${userId} cannot see the channel of message ${messageId}, so cannot vote there`);
    const problem = voteProblem(message.poll, answerIds);
    if (problem) throw new Error(`vote refused: ${problem}`);
    if (answerIds.length === 0) message.poll.votes.delete(userId);
    else message.poll.votes.set(userId, [...answerIds]);
    this.core.events.emit('messageUpdate', message);
  }

  /** A poll with each answer's count and voters (settled first, so an expired poll shows as ended). */
  pollView(messageId: string): PollView {
    this.core.settleExpiredPolls();
    return pollView(this.requirePoll(messageId));
  }

  /**
   * A member posts a poll in a server's text channel, as Discord's client would (View Channel, Send Messages and
   * Send Polls needed); throws for a poll Discord would refuse. Returns the message id.
   */
  postPollAsMember(options: { channelId: string; userId: string; poll: Record<string, unknown> }): string {
    const channel = this.requireChannel(options.channelId);
    const needed = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendPolls;
    if ((this.core.state.permissionsIn(channel, options.userId) & needed) !== needed) throw new Error(`user ${options.userId} may not post a poll in ${channel.id}`);
    const problems = pollCreateProblems(options.poll);
    if (problems.length > 0) throw new Error(`Discord would refuse this poll: ${problems.join('; ')}`);
    const message = this.core.state.recordMessage({
      channelId: channel.id,
      guildId: channel.guildId,
      authorId: options.userId,
      content: '',
      embeds: [],
      components: [],
      flags: 0,
      pinged: { everyone: false, users: [], roles: [] },
      nonce: null,
      interactionId: null,
      ephemeral: false,
      poll: createPoll(options.poll, this.core.state.now()),
    });
    this.core.events.emit('message', message);
    return message.id;
  }

  /** A member with Manage Messages deletes a message: GET answers 10008 from then on, and a poll on it never posts a result. */
  deleteMessage(messageId: string): void {
    const message = this.requireMessage(messageId);
    message.deleted = true;
    this.core.state.openPolls.delete(message.id);
    this.core.events.emit('messageDelete', message);
  }

  private requirePoll(messageId: string): PollMessage {
    const message = this.requireMessage(messageId);
    if (!message.poll) throw new Error(`message ${messageId} has no poll`);
    return message as PollMessage;
  }

  /** Whether a user sees a message's channel: a server member with View Channel there, or a DM's recipient. */
  private canView(message: RecordedMessage, userId: string): boolean {
    const { state } = this.core;
    if (message.guildId === null) return state.privateChannels.get(message.channelId)?.recipientIds.includes(userId) ?? false;
    const channel = state.channel(message.channelId);
    if (!channel || !state.guild(channel.guildId)?.members.has(userId)) return false;
    return (state.permissionsIn(channel, userId) & PermissionFlagsBits.ViewChannel) !== 0n;
  }

  /** Who an ephemeral message is for: the member whose interaction it answers (null for a message everyone sees). */
  ephemeralRecipient(message: RecordedMessage): string | null {
    if (!message.ephemeral || message.interactionId === null) return null;
    const payload = this.core.interactions.get(message.interactionId)?.payload;
    return payload?.member?.user.id ?? payload?.user?.id ?? null;
  }

  private requireMessage(messageId: string): RecordedMessage {
    const message = this.core.state.messages.get(messageId);
    if (!message || message.deleted) throw new Error(`no message ${messageId}`);
    return message;
  }

  private componentInteraction(message: RecordedMessage, options: { userId: string; timeoutMs?: number }, data: Record<string, unknown>): Promise<InteractionOutcome> {
    const recipient = this.ephemeralRecipient(message);
    if (recipient !== null && recipient !== options.userId) throw new Error(`message ${message.id} is private to ${recipient}: nobody else sees it, so nobody else can press it`);
    const record = this.dispatchInteraction(
      (ctx) => componentPayload(ctx, this.core.state.apiMessage(message), data),
      { guildId: message.guildId, channelId: message.channelId, userId: options.userId },
      message.id,
      (place) => this.inheritedOwners(message.interactionId, place, options.userId),
    );
    return this.awaitOutcome(record, options.timeoutMs ?? 10_000);
  }

  /**
   * Submits a modal as `userId`. `fields` holds each text input's text and each select's chosen value(s), comma-separated;
   * a field left out keeps what the form showed (pre-filled text, default options, else empty). When the bot presented
   * this modal to this member, the submission has that modal's shape, and it rejects what no Discord client could send
   * (an unknown field, a value that is no option, the wrong number of choices, an empty required field). Without one,
   * each field arrives as a text input in its own row.
   */
  async submitModal(options: { guildId: string | null; channelId: string; userId: string; customId: string; fields: Record<string, string> }): Promise<InteractionOutcome> {
    const presenter = this.modalPresenter(options.userId, options.customId);
    const components = presenter?.modal ? submittedComponents(presenter.modal as PresentedModal, options.fields) : legacySubmittedComponents(options.fields);
    const record = this.dispatchInteraction((ctx) => modalSubmitPayload(ctx, options.customId, components), options, null, (place) =>
      this.inheritedOwners(presenter?.id ?? null, place, options.userId),
    );
    return this.awaitOutcome(record, 10_000);
  }

  /** The interaction the bot last answered with this modal for this member, if any. */
  private modalPresenter(userId: string, customId: string): InteractionRecord | null {
    const records = [...this.core.interactions.values()].reverse();
    const shownTo = (record: InteractionRecord): string | undefined => record.payload.member?.user.id ?? record.payload.user?.id;
    return records.find((record) => record.modal?.custom_id === customId && shownTo(record) === userId) ?? null;
  }

  /**
   * A button press or a form carries the installs that authorized the interaction its message or form came from
   * (the member who ran /book installed the app, not necessarily the one pressing); otherwise what is installed here.
   */
  private inheritedOwners(interactionId: string | null, place: Place, userId: string): Owners {
    const original = interactionId === null ? undefined : this.core.interactions.get(interactionId)?.payload;
    const owners = (original as { authorizing_integration_owners?: Owners } | undefined)?.authorizing_integration_owners;
    return owners ?? installedOwners(this.core.state, place, userId);
  }

  /**
   * For tests of the bot's edge: a slash command's payload as `mutate` leaves it (a field removed, a wrong type),
   * the kind Discord itself never sends. The record shows what the bot answered, if anything.
   */
  sendMalformedInteraction(action: CommandAction, mutate: (payload: Record<string, unknown>) => unknown): InteractionRecord {
    return this.dispatchCommand(action, null, (payload) => mutate(structuredClone(payload) as Record<string, unknown>) as ReturnType<typeof commandPayload>);
  }

  /** Waits (up to Discord's window and a follow-up's time) for whatever the bot answers to `record`. */
  outcomeWithin(record: InteractionRecord, timeoutMs: number): Promise<InteractionOutcome> {
    return this.awaitOutcome(record, timeoutMs);
  }

  private dispatchInteraction(
    build: (ctx: PayloadContext) => ReturnType<typeof commandPayload>,
    where: { guildId: string | null; channelId: string; userId: string },
    sourceMessageId: string | null,
    ownersFor: (place: Place) => Owners,
  ): InteractionRecord {
    const { state } = this.core;
    const place = this.requirePlace(where.guildId, where.channelId);
    const owners = ownersFor(place);
    const terms = interactionTerms(state, place, where.userId, owners);
    const ctx: PayloadContext = { state, place, userId: where.userId, id: state.nextId(), token: `emulator-interaction-token-${state.nextId()}`, owners, terms };
    const record = new InteractionRecord(build(ctx), sourceMessageId, { forcedEphemeral: terms.forcedEphemeral, maxFollowUps: terms.maxFollowUps });
    this.core.interactions.set(record.id, record);
    this.core.interactionsByToken.set(record.token, record);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, record.payload, (record.payload as { guild_id?: string }).guild_id ?? null);
    return record;
  }

  private async awaitOutcome(record: InteractionRecord, timeoutMs: number): Promise<InteractionOutcome> {
    const started = Date.now();
    const timer = new AbortController();
    try {
      await Promise.race([record.settled, sleep(Math.min(timeoutMs, interactionResponseWindowMs + 50), undefined, { signal: timer.signal })]);
      if (record.acknowledged && !record.isSettled) {
        await Promise.race([record.settled, sleep(Math.max(0, timeoutMs - (Date.now() - started)), undefined, { signal: timer.signal })]);
      }
    } finally {
      timer.abort();
    }
    return this.outcomeOf(record);
  }

  outcomeOf(record: InteractionRecord): InteractionOutcome {
    this.core.settleExpiredPolls();
    const messages = this.core.state.messages;
    const original = record.originalMessageId ? messages.get(record.originalMessageId) : undefined;
    const followUps = record.followUpIds.map((id) => messages.get(id)!).filter(Boolean);
    const visibleOriginal = original && !original.deleted ? original : undefined;
    return {
      responseType: record.responseType,
      expired: !record.acknowledged,
      message: visibleOriginal ?? followUps[0] ?? null,
      followUps,
      choices: record.choices,
      modal: record.modal,
    };
  }

  /** Interactions dispatched so far, newest last (for tests that check what the bot did with each). */
  get interactions(): InteractionRecord[] {
    return [...this.core.interactions.values()];
  }

  // ── Reading ──────────────────────────────────────────────────────────────────────────────────
  /**
   * Messages in a channel, oldest first; private (ephemeral) replies only when asked for. Every message the bot posted
   * is here, duplicates included (each POST that created one, whether or not its response reached the bot).
   */
  messages(channelId: string, options: { includeEphemeral?: boolean } = {}): RecordedMessage[] {
    this.core.settleExpiredPolls();
    return (this.core.state.channelMessages.get(channelId) ?? []).filter((m) => !m.deleted && (options.includeEphemeral || !m.ephemeral));
  }

  /** Messages in every channel (deleted channels included), oldest first, e.g. to count duplicate posts across a run. */
  allMessages(options: { includeEphemeral?: boolean } = {}): RecordedMessage[] {
    return [...this.core.state.channelMessages.keys()]
      .flatMap((channelId) => this.messages(channelId, options))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
  }

  /** Waits for the next message in a channel that matches (existing ones included). */
  waitForMessage(channelId: string, predicate: (message: RecordedMessage) => boolean = () => true, timeoutMs = 10_000): Promise<RecordedMessage> {
    const existing = this.messages(channelId).find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onMessage = (message: RecordedMessage): void => {
        if (message.channelId !== channelId || message.ephemeral || !predicate(message)) return;
        clearTimeout(timer);
        this.core.events.off('message', onMessage);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.core.events.off('message', onMessage);
        reject(new Error(`no matching message in channel ${channelId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.core.events.on('message', onMessage);
    });
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private requireGuild(id: string) {
    const guild = this.core.state.guild(id);
    if (!guild) throw new Error(`no guild ${id}`);
    return guild;
  }

  private requireChannel(id: string) {
    const channel = this.core.state.channel(id);
    if (!channel) throw new Error(`no channel ${id}`);
    return channel;
  }

  /** A server's channel, or (guildId null) a DM or group DM. */
  private requirePlace(guildId: string | null, channelId: string): Place {
    if (guildId === null) {
      const channel = this.core.state.privateChannels.get(channelId);
      if (!channel) throw new Error(`no DM or group DM ${channelId}`);
      return { guild: null, channel };
    }
    const guild = this.requireGuild(guildId);
    const channel = this.requireChannel(channelId);
    if (channel.guildId !== guild.id) throw new Error(`channel ${channelId} is not in guild ${guildId}`);
    return { guild, channel };
  }
}

export type { InteractionOutcome, RecordedMessage, CommandAction, PollView };
