import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionResponse,
  type APIModalSubmitInteraction,
} from 'discord-api-types/v10';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { StoreHealth } from '../store/store-health.js';
import type { Store } from '../store/store.js';
import { friendlyDiscordError } from './api-errors.js';
import { describeOptionIssues } from './command-definition.js';
import { checkInteractionShape, type InteractionShape } from './interaction-shape.js';
import { componentIdSeparator, type FocusedOption, type Invocation, type ModalFields, type RegisteredCommand } from './command.js';
import { fitChoices } from './limits.js';
import { stripMarker } from './message-marker.js';
import { databaseFailureLine } from './markup.js';
import { DatabaseBusyError, isDatabaseBusy, retryWhileBusy } from '../store/busy-retry.js';
import { privateMessage, toMessageBody, type Reply, type ReplyFile } from './reply.js';
import { UserError } from './user-error.js';

/**
 * An interaction response, and the files its message carries: the responder sends those as multipart parts
 * beside the JSON (`files[n]`, referred to by `data.attachments`), so they are kept out of the body.
 */
export type InteractionAnswer = APIInteractionResponse & { files?: ReplyFile[] };

/** What the router itself needs of the app's context; commands get the whole of it. */
export interface RouterContext {
  log: Logger;
  clock: Clock;
  store: Pick<Store, 'guilds' | 'writesSoFar'>;
  health: StoreHealth;
}

export interface Router<C = unknown> {
  readonly commands: readonly RegisteredCommand<C>[];
  /** Never throws: every failure becomes a reply. Returns null for interaction types the bot does not answer. */
  handle(interaction: APIInteraction): Promise<InteractionAnswer | null>;
}

/** How stale a server's "last seen" may get before an interaction writes it again. */
const touchEveryMs = 60 * 60 * 1000;

/**
 * How long an interaction that must write keeps retrying while another process holds the database lock. The
 * responder defers it after 2 s (Discord then allows 15 min), so the member sees "thinking…", then the answer.
 */
export const defaultWriteRetryBudgetMs = 12_000;

const malformedLine = "Discord sent this request in a form I can't read, so I did nothing. Please try again; if it keeps happening, reload Discord.";

const busyLine = 'The database is busy right now (another process is writing to it), so nothing was changed. Please try again in a minute.';

/** How an answered interaction went, for metrics: answered, or which of the error boundary's cases it met. */
export type AnswerOutcome = 'answered' | 'user-error' | 'busy' | 'database-failure' | 'discord-error' | 'error';

export interface RouterOptions {
  writeRetryBudgetMs?: number | undefined;
  /** Told of every command, button or form answered: its command's name, how it went, how long it took. */
  observe?: ((command: string, outcome: AnswerOutcome, seconds: number) => void) | undefined;
}

/** The command an interaction belongs to: its name, or the first part of a button's or form's custom id. */
function commandNameOf(interaction: APIInteraction): string {
  const data = (interaction as { data?: { name?: unknown; custom_id?: unknown } }).data;
  if (typeof data?.name === 'string') return data.name;
  if (typeof data?.custom_id === 'string') return stripMarker(data.custom_id).split(componentIdSeparator)[0] ?? 'unknown';
  return 'unknown';
}

export function createRouter<C extends RouterContext>(ctx: C, commands: readonly RegisteredCommand<C>[], options: RouterOptions = {}): Router<C> {
  const writeRetryBudgetMs = options.writeRetryBudgetMs ?? defaultWriteRetryBudgetMs;
  const byName = new Map(commands.map((command) => [command.definition.name, command]));
  if (byName.size !== commands.length) throw new Error('Two commands share a name');

  async function handle(interaction: APIInteraction): Promise<InteractionAnswer | null> {
    const shape = checkInteractionShape(interaction);
    if (shape.kind !== 'ok') return answerMalformed(interaction, shape);
    switch (interaction.type) {
      case InteractionType.Ping:
        return { type: InteractionResponseType.Pong };
      case InteractionType.ApplicationCommand: {
        const reply = await guarded(interaction, async () => {
          const command = byName.get(interaction.data.name);
          if (!command || interaction.data.type !== ApplicationCommandType.ChatInput) return unknownCommand(interaction.data.name);
          const raw = flattenOptions(interaction.data.options ?? []);
          const parsed = command.optionsSchema.safeParse(raw);
          if (!parsed.success) {
            // Discord checks options against the registered command, so this payload did not come from its client as is.
            ctx.log.warn({ interactionId: interaction.id, command: interaction.data.name }, 'interaction options do not match the command definition');
            throw new UserError(`Some options were not valid:\n${describeOptionIssues(parsed.error)}`);
          }
          return command.handle(ctx, parsed.data, invocationOf(interaction));
        });
        return reply;
      }
      case InteractionType.ApplicationCommandAutocomplete: {
        const command = byName.get(interaction.data.name);
        const focused = findFocused(interaction.data.options ?? []);
        let choices: ReturnType<typeof fitChoices<string>> = [];
        try {
          if (command?.autocomplete && focused) choices = fitChoices(command.autocomplete(ctx, focused, invocationOf(interaction)));
        } catch (error) {
          // Autocomplete has no room for an error message: log it and offer nothing.
          ctx.log.error({ err: error, command: interaction.data.name }, 'autocomplete failed');
        }
        return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } };
      }
      case InteractionType.MessageComponent: {
        const reply = await guarded(
          interaction,
          async () => {
            const { command, action, args } = routeCustomId(interaction.data.custom_id);
            if (!command?.handleComponent) return privateMessage('This button is no longer supported. Run the command again.');
            return command.handleComponent(ctx, action, args, invocationOf(interaction));
          },
          mayReplace(interaction.message.flags),
        );
        return reply;
      }
      case InteractionType.ModalSubmit: {
        const reply = await guarded(interaction, async () => {
          const { command, action, args } = routeCustomId(interaction.data.custom_id);
          if (!command?.handleModal) return privateMessage('This form is no longer supported. Run the command again.');
          return command.handleModal(ctx, action, args, modalFields(interaction), invocationOf(interaction));
        });
        return reply;
      }
      default:
        return null;
    }
  }

  /**
   * Records that the server uses the bot, writing at most once an hour per server: a write per interaction
   * would cost every answer a disk write for a "last seen" nobody needs to the second. The row is read each
   * time (cheap), so a server whose data was just forgotten is recorded again at once. A read-only answer
   * (/book) must not fail because the disk is full. Only a server that installed the bot is recorded.
   */
  function touchGuild(interaction: APIInteraction): void {
    if (!interaction.guild_id || !installedInServer(interaction)) return;
    try {
      const nowMs = ctx.clock.now();
      const lastSeenMs = ctx.store.guilds.find(interaction.guild_id)?.lastSeenMs;
      if (lastSeenMs !== undefined && nowMs >= lastSeenMs && nowMs - lastSeenMs < touchEveryMs) return;
      ctx.store.guilds.touch(interaction.guild_id, nowMs);
      ctx.health.noteSuccess();
    } catch (error) {
      // Locked by another process: "last seen" can wait for the next interaction; the answer must not.
      if (isDatabaseBusy(error)) return ctx.log.debug({ guildId: interaction.guild_id }, 'database busy: last-seen not recorded this time');
      if (!ctx.health.noteError(error)) throw error;
      ctx.log.error({ err: error }, 'could not record the server (database write failed)');
    }
  }

  /** A payload Discord would never send: one warning, and a plain answer where one can be given. */
  function answerMalformed(interaction: APIInteraction, shape: Exclude<InteractionShape, { kind: 'ok' }>): InteractionAnswer | null {
    const { id, type } = interaction as { id?: unknown; type?: unknown };
    const fields = { interactionId: typeof id === 'string' ? id : null, type: typeof type === 'number' ? type : null };
    if (shape.kind === 'unanswered') {
      ctx.log.warn(fields, 'an interaction of a kind the bot does not answer; ignored');
      return null;
    }
    ctx.log.warn({ ...fields, problems: shape.problems }, shape.kind === 'malformed' ? 'malformed interaction payload; answered without running it' : 'malformed interaction payload; ignored');
    if (shape.kind === 'unanswerable') return null;
    if (type === InteractionType.ApplicationCommandAutocomplete) return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
    return responseFor(privateMessage(malformedLine));
  }

  /** `<command name>:<action>:<args…>`: the command that owns a button or a form. */
  function routeCustomId(customId: string): { command: RegisteredCommand<C> | undefined; action: string; args: string[] } {
    const [commandName = '', action = '', ...args] = stripMarker(customId).split(componentIdSeparator);
    return { command: byName.get(commandName), action, args };
  }

  /**
   * The error boundary: user errors are shown, Discord errors explained, anything else logged with an id.
   * Every answered interaction first records that its server uses the bot (once, here).
   */
  async function answer(interaction: APIInteraction, run: () => Promise<Reply>, pressedMayBeReplaced: boolean, outcome: { is: AnswerOutcome }): Promise<InteractionAnswer> {
    try {
      touchGuild(interaction);
      // A write that finds the lock held is tried again (without blocking) as long as it wrote nothing.
      const reply = await retryWhileBusy(run, {
        budgetMs: writeRetryBudgetMs,
        writesSoFar: () => ctx.store.writesSoFar(),
        onBusy: (attempt, waitMs) => ctx.log.debug({ interactionId: interaction.id, attempt, waitMs }, 'database busy; trying the interaction again'),
      });
      // Turned into a response here, so a reply that breaks a rule (e.g. too many pings) is caught too.
      return responseFor(reply, pressedMayBeReplaced);
    } catch (error) {
      if (error instanceof UserError) {
        outcome.is = 'user-error';
        return responseFor(privateMessage(error.message));
      }
      if (error instanceof DatabaseBusyError) {
        outcome.is = 'busy';
        ctx.health.noteError(error);
        ctx.log.warn({ interactionId: interaction.id, waitedMs: Math.round(error.waitedMs) }, 'database stayed locked; interaction answered "busy"');
        return responseFor(privateMessage(busyLine));
      }
      if (ctx.health.noteError(error)) {
        outcome.is = 'database-failure';
        ctx.log.error({ err: error, interactionId: interaction.id }, 'a command could not write the database');
        return responseFor(privateMessage(`${databaseFailureLine(ctx.health.failure!)} Nothing was changed; please try again later, and tell the bot's operator.`));
      }
      const friendly = friendlyDiscordError(error);
      if (friendly) {
        outcome.is = 'discord-error';
        return responseFor(privateMessage(friendly));
      }
      outcome.is = 'error';
      const errorId = randomBytes(4).toString('hex');
      ctx.log.error({ err: error, errorId, interactionId: interaction.id, guildId: interaction.guild_id ?? null }, 'interaction failed');
      return responseFor(privateMessage(`Something went wrong on my side. Please try again; if it keeps happening, tell the server admins (error id \`${errorId}\`).`));
    }
  }

  /** The error boundary, timed and observed. */
  async function guarded(interaction: APIInteraction, run: () => Promise<Reply>, pressedMayBeReplaced = false): Promise<InteractionAnswer> {
    const started = performance.now();
    const outcome: { is: AnswerOutcome } = { is: 'answered' };
    try {
      return await answer(interaction, run, pressedMayBeReplaced, outcome);
    } finally {
      options.observe?.(commandNameOf(interaction), outcome.is, (performance.now() - started) / 1000);
    }
  }

  return { commands, handle };
}

/**
 * Whether the bot is installed in the server the interaction comes from. A member can install /book to their own
 * account and run it in any server: Discord still sends that server's id, but authorizes the interaction by the
 * member alone (key "1", no "0"). Such a server never added the bot, so nothing is kept about it. A payload
 * without the field at all (from before user installs) can only come from a server that installed the bot.
 */
function installedInServer(interaction: APIInteraction): boolean {
  const owners = (interaction as { authorizing_integration_owners?: Partial<Record<ApplicationIntegrationType, string>> }).authorizing_integration_owners;
  return owners === undefined || owners[ApplicationIntegrationType.GuildInstall] === interaction.guild_id;
}

/** Whether a pressed message may be replaced by the answer: private (only its owner could press it) and already v2. */
function mayReplace(flags: number | undefined): boolean {
  const needed = MessageFlags.Ephemeral | MessageFlags.IsComponentsV2;
  return ((flags ?? 0) & needed) === needed;
}

/**
 * A form when the handler asks for one (a modal submit cannot open another), the pressed message updated in place
 * when the handler asks and the message allows it, otherwise a new message (with its files).
 */
function responseFor(reply: Reply, pressedMayBeReplaced = false): InteractionAnswer {
  if (reply.modal) return { type: InteractionResponseType.Modal, data: reply.modal };
  if (reply.replacesPressedMessage && pressedMayBeReplaced && reply.layout) {
    // An update keeps the v2 flag; a message's privacy cannot change, so the ephemeral bit is left out.
    const data = { ...toMessageBody(reply), flags: MessageFlags.IsComponentsV2 };
    return { type: InteractionResponseType.UpdateMessage, data, ...(reply.files?.length ? { files: reply.files } : {}) };
  }
  const response: InteractionAnswer = { type: InteractionResponseType.ChannelMessageWithSource, data: toMessageBody(reply) };
  if (reply.files !== undefined && reply.files.length > 0) response.files = reply.files;
  return response;
}

function unknownCommand(name: string): Reply {
  return privateMessage(`I don't know the command \`/${name}\`. The command list may be out of date: an admin can run \`npm run deploy-commands\`.`);
}

type RawOptions = Record<string, unknown>;

/** Discord's nested option list as a flat record; a subcommand becomes `{ subcommand: name, ...its options }`. */
export function flattenOptions(options: readonly APIApplicationCommandInteractionDataOption[]): RawOptions {
  const flat: RawOptions = {};
  for (const option of options) {
    if (option.type === ApplicationCommandOptionType.Subcommand) {
      return { subcommand: option.name, ...flattenOptions(option.options ?? []) };
    }
    if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
      return flattenOptions(option.options);
    }
    flat[option.name] = option.value;
  }
  return flat;
}

function findFocused(options: readonly APIApplicationCommandInteractionDataOption[]): FocusedOption | null {
  for (const option of options) {
    if ('options' in option && option.options) {
      const nested = findFocused(option.options as APIApplicationCommandInteractionDataOption[]);
      if (nested) return nested;
    }
    if ('focused' in option && option.focused) return { name: option.name, value: String(option.value ?? '') };
  }
  return null;
}

/** The ids in `data.resolved.members`: the users of the options who are in the server. */
function resolvedMemberIds(interaction: APIInteraction): Set<string> {
  const data: unknown = 'data' in interaction ? interaction.data : undefined;
  const members = (data as { resolved?: { members?: Record<string, unknown> } } | undefined)?.resolved?.members;
  return new Set(members ? Object.keys(members) : []);
}

function displayNameOf(interaction: APIInteraction): string | null {
  const user = interaction.member?.user ?? interaction.user;
  const name = interaction.member?.nick ?? user?.global_name ?? user?.username;
  return name?.trim() ? name.trim() : null;
}

function invocationOf(interaction: APIInteraction): Invocation {
  const permissions = interaction.member?.permissions;
  return {
    userId: interaction.member?.user.id ?? interaction.user?.id ?? '',
    guildId: interaction.guild_id ?? null,
    channelId: interaction.channel?.id ?? null,
    memberPermissions: permissions === undefined ? null : BigInt(permissions),
    membersInServer: resolvedMemberIds(interaction),
    displayName: displayNameOf(interaction),
  };
}

/** Text inputs and selects by custom_id, from the rows (or labels) of a submitted modal; a select's values joined by commas. */
export function modalFields(interaction: APIModalSubmitInteraction): ModalFields {
  const fields: Record<string, string> = {};
  const visit = (component: unknown): void => {
    if (!component || typeof component !== 'object') return;
    const { custom_id: customId, value, values, components, component: inner } = component as {
      custom_id?: unknown;
      value?: unknown;
      values?: unknown;
      components?: unknown;
      component?: unknown;
    };
    if (typeof customId === 'string' && typeof value === 'string') fields[customId] = value;
    if (typeof customId === 'string' && Array.isArray(values)) fields[customId] = values.filter((item) => typeof item === 'string').join(',');
    if (Array.isArray(components)) components.forEach(visit);
    if (inner) visit(inner);
  };
  interaction.data.components.forEach(visit);
  return fields;
}
