import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandDefinition, LeafOptionDefinition, SubcommandDefinition } from '../../platform/discord/command-definition.js';

/**
 * Reads a line typed as in Discord's message box, `/recommend topic: asyncio level: advanced` or
 * `/spotlight setup channel: #books`, into the command, subcommand and typed option values the emulator sends.
 */

export type OptionValue = string | number | boolean;

export interface ParsedCommand {
  name: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
}

export type ParseResult = { ok: true; command: ParsedCommand } | { ok: false; error: string };

/** Names the playground can turn into ids: `#books`, `@admins`, `@you`. Keys are lower-case names. */
export interface Directory {
  channels: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

export const emptyDirectory: Directory = { channels: new Map(), roles: new Map(), users: new Map() };

// ── Definitions ──────────────────────────────────────────────────────────────────────────────────

export function subcommandsOf(definition: CommandDefinition): readonly SubcommandDefinition[] {
  const options = definition.options ?? [];
  return options.some((option) => option.type === ApplicationCommandOptionType.Subcommand) ? (options as readonly SubcommandDefinition[]) : [];
}

/** The options a value can be given for: the command's own, or the subcommand's. */
export function leafOptionsOf(definition: CommandDefinition, subcommand?: string): readonly LeafOptionDefinition[] {
  const subcommands = subcommandsOf(definition);
  if (subcommands.length === 0) return (definition.options ?? []) as readonly LeafOptionDefinition[];
  return subcommands.find((sub) => sub.name === subcommand)?.options ?? [];
}

export function findCommand(definitions: readonly CommandDefinition[], name: string): CommandDefinition | undefined {
  return definitions.find((definition) => definition.name === name.toLowerCase());
}

function commandList(definitions: readonly CommandDefinition[]): string {
  return definitions.map((definition) => `/${definition.name}`).join(', ');
}

// ── Scanning ─────────────────────────────────────────────────────────────────────────────────────

export interface ScannedOption {
  key: string;
  /** Index in the scanned text where `key:` starts, and where its value starts (after the colon and spaces). */
  keyStart: number;
  valueStart: number;
  value: string;
  /** False for a value whose opening quote has not been closed yet (still being typed). */
  closed: boolean;
}

export interface ScannedArguments {
  /** Words before the first `key:` (a subcommand, or a value for the first option). */
  bare: string;
  options: ScannedOption[];
}

const quotePairs: Record<string, string> = { '"': '"', "'": "'", '“': '”' };

function keyAt(text: string, index: number, knownKeys: ReadonlySet<string>): string | null {
  if (index > 0 && !/\s/.test(text[index - 1] ?? '')) return null;
  const match = /^([\p{L}\p{N}_-]+):/u.exec(text.slice(index));
  if (!match?.[1]) return null;
  const next = text[index + match[0].length];
  // `key: value` always; `key:value` only for the command's own option names, so URLs stay values.
  if (next === undefined || /\s/.test(next) || next in quotePairs || knownKeys.has(match[1].toLowerCase())) return match[1];
  return null;
}

function unquote(text: string): { value: string; closed: boolean } {
  const trimmed = text.trim();
  const close = quotePairs[trimmed[0] ?? ''];
  if (!close) return { value: trimmed, closed: true };
  if (trimmed.length > 1 && trimmed.endsWith(close)) return { value: trimmed.slice(1, -1), closed: true };
  return { value: trimmed.slice(1), closed: false };
}

/** Splits `bare words key: value key2: "quoted: value"` (the text after the command name). */
export function scanArguments(text: string, knownKeys: ReadonlySet<string> = new Set()): ScannedArguments {
  const options: ScannedOption[] = [];
  let bareEnd = text.length;
  let current: { key: string; keyStart: number; valueStart: number } | null = null;
  const finish = (end: number): void => {
    if (!current) return;
    const raw = text.slice(current.valueStart, end);
    options.push({ ...current, ...unquote(raw) });
  };
  let index = 0;
  while (index < text.length) {
    const key = keyAt(text, index, knownKeys);
    if (key === null) {
      index++;
      continue;
    }
    // A value that looks like a key ("topic:performance", "group:7", as autocomplete sends them) is a value:
    // right after an option's colon, a word with no space after its own colon starts no new option.
    if (current && index === current.valueStart && !/\s/.test(text[index + key.length + 1] ?? ' ')) {
      index += key.length + 1;
      continue;
    }
    if (current) finish(index);
    else bareEnd = index;
    let valueStart: number = index + key.length + 1;
    while (valueStart < text.length && /\s/.test(text[valueStart] ?? '')) valueStart++;
    current = { key: key.toLowerCase(), keyStart: index, valueStart };
    index = valueStart;
    const close = quotePairs[text[valueStart] ?? ''];
    if (close) {
      const end = text.indexOf(close, valueStart + 1);
      index = end === -1 ? text.length : end + 1;
    }
  }
  finish(text.length);
  return { bare: text.slice(0, bareEnd).trim(), options };
}

export interface ScannedCommandLine {
  name: string;
  /** Index just after the command name. */
  nameEnd: number;
  definition: CommandDefinition | undefined;
  subcommand: SubcommandDefinition | undefined;
  /** The subcommand word as typed (may be partial or wrong). */
  subcommandWord: string | null;
  /** Where the arguments (after the command and subcommand) start in the line. */
  argumentsStart: number;
  scanned: ScannedArguments;
}

/** The structure of a `/command …` line, shared by the parser and the Tab completer. */
export function scanCommandLine(line: string, definitions: readonly CommandDefinition[]): ScannedCommandLine {
  const head = /^\s*\/(\S*)/.exec(line);
  const name = (head?.[1] ?? '').toLowerCase();
  const nameEnd = head ? head[0].length : 0;
  const definition = findCommand(definitions, name);
  const subcommands = definition ? subcommandsOf(definition) : [];
  let argumentsStart = nameEnd;
  let subcommand: SubcommandDefinition | undefined;
  let subcommandWord: string | null = null;
  if (subcommands.length > 0) {
    const word = /^(\s+)([^\s:]+)(?=\s|$)/.exec(line.slice(nameEnd));
    if (word?.[2]) {
      subcommandWord = word[2];
      subcommand = subcommands.find((sub) => sub.name === word[2]?.toLowerCase());
      argumentsStart = nameEnd + word[0].length;
    }
  }
  const knownKeys = new Set(leafOptionsOf(definition ?? { name, description: '' }, subcommand?.name).map((option) => option.name));
  return { name, nameEnd, definition, subcommand, subcommandWord, argumentsStart, scanned: scanArguments(line.slice(argumentsStart), knownKeys) };
}

// ── Values ───────────────────────────────────────────────────────────────────────────────────────

export type ConvertResult = { ok: true; value: OptionValue } | { ok: false; error: string };

const snowflake = /^\d{17,20}$/;

function lookupName(map: ReadonlyMap<string, string>, text: string): string | undefined {
  if (snowflake.test(text)) return text;
  return map.get(text.toLowerCase());
}

function listNames(map: ReadonlyMap<string, string>, prefix: string): string {
  return map.size > 0 ? [...map.keys()].map((name) => `${prefix}${name.replace(/^@/, '')}`).join(', ') : 'none';
}

function rangeError(option: { min_value?: number; max_value?: number }, value: number): string | null {
  const { min_value: min, max_value: max } = option;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    if (min !== undefined && max !== undefined) return `must be between ${min} and ${max}`;
    return min !== undefined ? `must be at least ${min}` : `must be at most ${max}`;
  }
  return null;
}

function fromChoices<T extends string | number>(choices: readonly { name: string; value: T }[] | undefined, text: string): { matched: T } | { error: string } | null {
  if (!choices || choices.length === 0) return null;
  const wanted = text.toLowerCase();
  const choice = choices.find((c) => String(c.value).toLowerCase() === wanted) ?? choices.find((c) => c.name.toLowerCase() === wanted);
  if (choice) return { matched: choice.value };
  return { error: `must be one of ${choices.map((c) => String(c.value)).join(', ')}` };
}

/** A typed value for one option, checked the way Discord's client checks it before sending. */
export function convertOptionValue(option: LeafOptionDefinition, text: string, directory: Directory): ConvertResult {
  const fail = (reason: string): ConvertResult => ({ ok: false, error: `${option.name}: ${reason}` });
  const value = text.trim();
  if (value === '') return fail('needs a value');
  switch (option.type) {
    case ApplicationCommandOptionType.String: {
      const choice = fromChoices(option.choices, value);
      if (choice) return 'matched' in choice ? { ok: true, value: choice.matched } : fail(choice.error);
      if (option.min_length !== undefined && value.length < option.min_length) return fail(`needs at least ${option.min_length} characters`);
      if (option.max_length !== undefined && value.length > option.max_length) return fail(`takes at most ${option.max_length} characters`);
      return { ok: true, value };
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const choice = fromChoices(option.choices, value);
      if (choice) return 'matched' in choice ? { ok: true, value: choice.matched } : fail(choice.error);
      const integer = option.type === ApplicationCommandOptionType.Integer;
      const number = integer ? (/^[-+]?\d+$/.test(value) ? Number(value) : Number.NaN) : Number(value);
      if (!Number.isFinite(number)) return fail(integer ? `expects a whole number, not "${value}"` : `expects a number, not "${value}"`);
      const outOfRange = rangeError(option, number);
      return outOfRange ? fail(outOfRange) : { ok: true, value: number };
    }
    case ApplicationCommandOptionType.Boolean: {
      const lower = value.toLowerCase();
      if (['true', 'yes', 'on'].includes(lower)) return { ok: true, value: true };
      if (['false', 'no', 'off'].includes(lower)) return { ok: true, value: false };
      return fail(`expects true or false, not "${value}"`);
    }
    case ApplicationCommandOptionType.Channel: {
      const id = lookupName(directory.channels, value.replace(/^#/, ''));
      return id ? { ok: true, value: id } : fail(`no channel ${value}; channels: ${listNames(directory.channels, '#')}`);
    }
    case ApplicationCommandOptionType.Role: {
      const name = value.replace(/^@/, '');
      const id = lookupName(directory.roles, name) ?? lookupName(directory.roles, `@${name}`);
      return id ? { ok: true, value: id } : fail(`no role ${value}; roles: ${listNames(directory.roles, '@')}`);
    }
    case ApplicationCommandOptionType.User: {
      const id = lookupName(directory.users, value.replace(/^@/, ''));
      return id ? { ok: true, value: id } : fail(`no member ${value}; members: ${listNames(directory.users, '@')}`);
    }
    case ApplicationCommandOptionType.Mentionable: {
      const name = value.replace(/^@/, '');
      const id = lookupName(directory.users, name) ?? lookupName(directory.roles, name) ?? lookupName(directory.roles, `@${name}`);
      return id ? { ok: true, value: id } : fail(`no member or role ${value}`);
    }
  }
}

// ── Parsing ──────────────────────────────────────────────────────────────────────────────────────

function optionNames(options: readonly LeafOptionDefinition[]): string {
  return options.map((option) => `${option.name}:`).join(', ');
}

export function parseCommandLine(line: string, definitions: readonly CommandDefinition[], directory: Directory = emptyDirectory): ParseResult {
  const fail = (error: string): ParseResult => ({ ok: false, error });
  if (!/^\s*\//.test(line)) return fail(`Commands start with /, e.g. /book query: fluent. Commands: ${commandList(definitions)}.`);
  const scan = scanCommandLine(line, definitions);
  if (scan.name === '') return fail(`Type a command name after the /. Commands: ${commandList(definitions)}.`);
  const { definition } = scan;
  if (!definition) {
    const close = definitions.filter((d) => d.name.startsWith(scan.name) || scan.name.startsWith(d.name));
    const hint = close.length === 1 && close[0] ? ` Did you mean /${close[0].name}?` : '';
    return fail(`Unknown command /${scan.name}.${hint} Commands: ${commandList(definitions)}.`);
  }

  const subcommands = subcommandsOf(definition);
  let label = `/${definition.name}`;
  if (subcommands.length > 0) {
    const names = subcommands.map((sub) => sub.name).join(', ');
    if (!scan.subcommandWord) return fail(`${label} needs a subcommand: ${names}.`);
    if (!scan.subcommand) return fail(`${label} has no subcommand "${scan.subcommandWord}". Subcommands: ${names}.`);
    label = `${label} ${scan.subcommand.name}`;
  }
  const leaves = leafOptionsOf(definition, scan.subcommand?.name);

  const given = [...scan.scanned.options];
  const bare = unquote(scan.scanned.bare).value;
  if (bare !== '') {
    // As in Discord's message box, text typed right after the command fills its first option.
    const first = leaves[0];
    if (!first || given.some((option) => option.key === first.name)) {
      return fail(`Unexpected "${bare}" after ${label}. Write options as name: value${leaves.length > 0 ? ` (${optionNames(leaves)})` : ''}.`);
    }
    given.unshift({ key: first.name, keyStart: 0, valueStart: 0, value: bare, closed: true });
  }

  const options: Record<string, OptionValue> = {};
  for (const { key, value } of given) {
    const option = leaves.find((leaf) => leaf.name === key);
    if (!option) {
      const valid = leaves.length > 0 ? `Options: ${optionNames(leaves)}` : `${label} takes no options`;
      return fail(`${label} has no option "${key}". ${valid}. (To use "${key}:" inside a value, put the value in quotes.)`);
    }
    if (key in options) return fail(`${key}: given twice.`);
    // An optional option left empty is not sent, as in Discord's message box.
    if (value.trim() === '' && !option.required) continue;
    const converted = convertOptionValue(option, value, directory);
    if (!converted.ok) return fail(converted.error);
    options[key] = converted.value;
  }
  const missing = leaves.filter((leaf) => leaf.required && !(leaf.name in options));
  if (missing.length > 0) {
    return fail(`${label} needs ${missing.map((leaf) => `a ${leaf.name}: option — ${leaf.description}`).join('; and ')}. Try help for an example.`);
  }

  return { ok: true, command: { name: definition.name, ...(scan.subcommand ? { subcommand: scan.subcommand.name } : {}), options } };
}
