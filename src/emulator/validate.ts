import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { choiceProblems, commandNamePattern, componentProblems, emulatorLimits as limits, messageProblems } from './discord-limits.js';
import { isComponentsV2, v2MessageProblems, type EditedMessageShape } from './components-v2.js';
import { pollCreateProblems } from './polls.js';
import type { Mentions } from './state.js';

/**
 * Discord's own checks on what a bot sends, so a body Discord would refuse is refused here too
 * (50035 Invalid Form Body, listing each problem).
 */

export type Problems = string[];

interface OptionLike {
  type?: unknown;
  name?: unknown;
  description?: unknown;
  required?: unknown;
  options?: unknown;
  choices?: unknown;
  autocomplete?: unknown;
}

function checkNamed(where: string, item: OptionLike, problems: Problems): void {
  if (typeof item.name !== 'string' || !commandNamePattern.test(item.name)) {
    problems.push(`${where}.name: must be ${limits.commandNameMin}–${limits.commandName} lower-case letters, digits, - or _`);
  }
  const description = item.description;
  if (typeof description !== 'string' || description.length < limits.commandDescriptionMin || description.length > limits.commandDescription) {
    problems.push(`${where}.description: must be ${limits.commandDescriptionMin}–${limits.commandDescription} characters`);
  }
}

function checkOptions(where: string, options: unknown, depth: number, problems: Problems): void {
  if (options === undefined) return;
  if (!Array.isArray(options)) {
    problems.push(`${where}.options: must be an array`);
    return;
  }
  if (options.length > limits.commandOptions) problems.push(`${where}.options: at most ${limits.commandOptions}`);
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((raw: OptionLike, index) => {
    const at = `${where}.options.${index}`;
    checkNamed(at, raw, problems);
    if (typeof raw.name === 'string') {
      if (names.has(raw.name)) problems.push(`${at}.name: duplicate option name`);
      names.add(raw.name);
    }
    const type = raw.type as ApplicationCommandOptionType;
    if (!Object.values(ApplicationCommandOptionType).includes(type)) problems.push(`${at}.type: unknown option type`);
    const nested = type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup;
    if (nested) {
      if (depth >= 2 || (type === ApplicationCommandOptionType.SubcommandGroup && depth >= 1)) problems.push(`${at}: subcommands nested too deeply`);
      checkOptions(at, raw.options, depth + 1, problems);
      return;
    }
    if (raw.required === true && sawOptional) problems.push(`${at}.required: required options must come before optional ones`);
    if (raw.required !== true) sawOptional = true;
    if (raw.choices !== undefined) {
      if (!Array.isArray(raw.choices)) problems.push(`${at}.choices: must be an array`);
      else {
        problems.push(...choiceProblems(raw.choices).map((problem) => `${at}.choices: ${problem}`));
        if (raw.autocomplete === true && raw.choices.length > 0) problems.push(`${at}: autocomplete cannot be combined with choices`);
      }
    }
  });
}

/** Checks the body of PUT /applications/:app/commands. */
export function commandListProblems(body: unknown): Problems {
  if (!Array.isArray(body)) return ['body: must be an array of commands'];
  const problems: Problems = [];
  if (body.length > limits.commandsPerApplication) problems.push(`body: at most ${limits.commandsPerApplication} commands`);
  const names = new Set<string>();
  body.forEach((command: OptionLike & { type?: number }, index) => {
    const at = String(index);
    checkNamed(at, command, problems);
    if (typeof command.name === 'string') {
      if (names.has(command.name)) problems.push(`${at}.name: duplicate command name`);
      names.add(command.name);
    }
    checkOptions(at, command.options, 0, problems);
  });
  return problems;
}

interface AllowedMentionsLike {
  parse?: unknown;
  users?: unknown;
  roles?: unknown;
  replied_user?: unknown;
}

export interface MessageBodyLike {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  allowed_mentions?: unknown;
  nonce?: unknown;
  enforce_nonce?: unknown;
  flags?: unknown;
  attachments?: unknown;
  sticker_ids?: unknown;
  poll?: unknown;
}

function allowedMentionsProblems(value: unknown): Problems {
  if (value === undefined) return [];
  const mentions = value as AllowedMentionsLike;
  const problems: Problems = [];
  const parse = mentions.parse ?? [];
  if (!Array.isArray(parse) || parse.some((item) => !['roles', 'users', 'everyone'].includes(item as string))) {
    problems.push('allowed_mentions.parse: only "roles", "users" and "everyone"');
  }
  const maxIds = { users: limits.allowedMentionUsers, roles: limits.allowedMentionRoles };
  for (const key of ['users', 'roles'] as const) {
    const list = mentions[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length > maxIds[key]) problems.push(`allowed_mentions.${key}: an array of at most ${maxIds[key]} ids`);
    else if (Array.isArray(parse) && parse.includes(key) && list.length > 0) {
      problems.push(`allowed_mentions: "${key}" cannot be both in parse and listed (mutually exclusive)`);
    }
  }
  return problems;
}

export interface MessageBodyOptions {
  /** An edit may leave content and embeds as they are. */
  partial?: boolean;
  /** A message with files may have no content or embeds. */
  hasAttachments?: boolean;
  /** The filenames the message will have once sent, for `attachment://name` in v2 components. */
  attachmentNames?: ReadonlySet<string>;
  /** The message an edit changes (its flags decide whether the edit is a v2 one). */
  editing?: EditedMessageShape | null;
}

/** Whether the message is v2 after this request: its own flags, or (an edit leaving `flags` out) the message's. */
export function bodyIsComponentsV2(body: MessageBodyLike, editing: EditedMessageShape | null = null): boolean {
  if (typeof body.flags === 'number') return isComponentsV2(body.flags);
  return editing !== null && isComponentsV2(editing.flags);
}

/**
 * Checks a message body (channel message, interaction reply, webhook edit or follow-up): the legacy rules, or
 * with IS_COMPONENTS_V2 the v2 ones (components-v2.ts). A v2 message keeps its flag: an edit sending `flags`
 * without it is refused (Edit Message: "include all previously set flags").
 */
export function messageBodyProblems(body: MessageBodyLike, { partial = false, hasAttachments = false, attachmentNames = new Set(), editing = null }: MessageBodyOptions = {}): Problems {
  const problems: Problems = [];
  if (body.flags !== undefined && body.flags !== null && (typeof body.flags !== 'number' || !Number.isInteger(body.flags))) problems.push('flags: must be an integer');
  if (editing && isComponentsV2(editing.flags) && typeof body.flags === 'number' && !isComponentsV2(body.flags)) {
    problems.push('flags: IS_COMPONENTS_V2 cannot be removed from a message (include all previously set flags)');
  }
  if (bodyIsComponentsV2(body, editing)) problems.push(...v2MessageProblems(body, attachmentNames, editing));
  else {
    if (body.content !== undefined && body.content !== null && typeof body.content !== 'string') problems.push('content: must be a string');
    if (body.embeds !== undefined && !Array.isArray(body.embeds)) problems.push('embeds: must be an array');
    const shape = { content: typeof body.content === 'string' ? body.content : undefined, embeds: Array.isArray(body.embeds) ? body.embeds : undefined };
    // A poll is a message's content too ("at least one of content, embeds, … poll").
    const hasPoll = body.poll !== undefined && body.poll !== null;
    problems.push(...messageProblems(shape).filter((problem) => !((partial || hasAttachments || hasPoll) && problem === 'message is empty')));
    problems.push(...componentProblems(body.components));
    // An edit's poll is the caller's to judge: only a deferred reply's first edit may add one.
    if (hasPoll && !partial) problems.push(...pollCreateProblems(body.poll));
  }
  problems.push(...allowedMentionsProblems(body.allowed_mentions));
  if (body.nonce !== undefined && !(typeof body.nonce === 'number' || (typeof body.nonce === 'string' && body.nonce.length <= limits.nonce))) {
    problems.push(`nonce: a string of at most ${limits.nonce} characters or an integer`);
  }
  if (body.enforce_nonce !== undefined && typeof body.enforce_nonce !== 'boolean') problems.push('enforce_nonce: must be a boolean');
  return problems;
}

/** Who a message pings: the mentions written in its content, filtered by allowed_mentions like Discord does. */
export function resolveMentions(content: string, allowedMentions: unknown): Mentions {
  const allowed = (allowedMentions ?? { parse: ['users', 'roles', 'everyone'] }) as AllowedMentionsLike;
  const parse = Array.isArray(allowed.parse) ? (allowed.parse as string[]) : [];
  const listedUsers = Array.isArray(allowed.users) ? (allowed.users as string[]) : [];
  const listedRoles = Array.isArray(allowed.roles) ? (allowed.roles as string[]) : [];
  const users = [...content.matchAll(/<@!?(\d{15,21})>/g)].map((match) => match[1]!);
  const roles = [...content.matchAll(/<@&(\d{15,21})>/g)].map((match) => match[1]!);
  return {
    everyone: /@(everyone|here)\b/.test(content) && parse.includes('everyone'),
    users: [...new Set(users.filter((id) => parse.includes('users') || listedUsers.includes(id)))],
    roles: [...new Set(roles.filter((id) => parse.includes('roles') || listedRoles.includes(id)))],
  };
}
