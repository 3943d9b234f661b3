import { ApplicationCommandOptionType, type APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { CommandDefinition, LeafOptionDefinition } from '../../platform/discord/command-definition.js';
import {
  convertOptionValue,
  leafOptionsOf,
  scanCommandLine,
  subcommandsOf,
  type Directory,
  type OptionValue,
  type ScannedCommandLine,
} from './parse-command.js';

/**
 * What Tab offers for a line typed so far: command names, subcommands, option names, and values, the latter
 * from the bot's real autocomplete for options that have it. Pure apart from the injected autocomplete call.
 */

export interface Candidate {
  /** Replaces the line from `start` to the cursor. */
  text: string;
  /** What Discord would show for this choice (autocomplete and fixed choices have one). */
  label?: string;
}

export interface Completion {
  start: number;
  candidates: Candidate[];
  /** Why there is nothing to offer, when that is worth saying (e.g. the bot did not answer). */
  note?: string;
}

export interface AutocompleteRequest {
  name: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
  focused: string;
}

export interface CompletionDeps {
  definitions: readonly CommandDefinition[];
  directory: Directory;
  autocomplete(request: AutocompleteRequest): Promise<readonly APIApplicationCommandOptionChoice[] | null>;
  /** Playground words offered at the start of a line, with a trailing space where an argument follows. */
  playgroundWords: readonly string[];
}

const nothing = (line: string): Completion => ({ start: line.length, candidates: [] });

function byPrefix(words: readonly string[], partial: string): Candidate[] {
  const lower = partial.toLowerCase();
  return words.filter((word) => word.toLowerCase().startsWith(lower)).map((text) => ({ text }));
}

export async function complete(line: string, deps: CompletionDeps): Promise<Completion> {
  const nested = /^(\s*complete\s+)(?=\/)/.exec(line);
  if (nested) {
    const inner = await complete(line.slice(nested[0].length), deps);
    return { ...inner, start: inner.start + nested[0].length };
  }
  if (!/^\s*\//.test(line)) {
    const word = line.trimStart();
    if (/\s/.test(word)) return nothing(line);
    const commands = deps.definitions.map((definition) => `/${definition.name} `);
    return { start: line.length - word.length, candidates: byPrefix([...deps.playgroundWords, ...commands], word) };
  }

  const scan = scanCommandLine(line, deps.definitions);
  if (line.length <= scan.nameEnd) {
    const start = line.indexOf('/');
    return { start, candidates: byPrefix(deps.definitions.map((definition) => `/${definition.name} `), `/${scan.name}`) };
  }
  const { definition } = scan;
  if (!definition) return { ...nothing(line), note: `unknown command /${scan.name}` };

  const subcommands = subcommandsOf(definition);
  if (subcommands.length > 0 && !scan.subcommand) {
    const partial = /^\s+(\S*)$/.exec(line.slice(scan.nameEnd));
    if (!partial) return nothing(line);
    const word = partial[1] ?? '';
    return { start: line.length - word.length, candidates: byPrefix(subcommands.map((sub) => `${sub.name} `), word) };
  }
  return completeArguments(line, scan, deps);
}

async function completeArguments(line: string, scan: ScannedCommandLine, deps: CompletionDeps): Promise<Completion> {
  const definition = scan.definition as CommandDefinition;
  const leaves = leafOptionsOf(definition, scan.subcommand?.name);
  const { bare, options } = scan.scanned;
  const used = new Set(options.map((option) => option.key));
  const trailing = /(\S*)$/.exec(line)?.[1] ?? '';
  const optionNames = (partial: string): Completion => ({
    start: line.length - partial.length,
    candidates: byPrefix(
      leaves.filter((leaf) => !used.has(leaf.name)).map((leaf) => `${leaf.name}: `),
      partial,
    ),
  });
  const last = options.at(-1);

  if (!last) {
    if (bare === '') return optionNames('');
    const first = leaves[0];
    if (!/\s/.test(bare) && (optionNames(trailing).candidates.length > 0 || !first)) return optionNames(trailing);
    if (!first) return nothing(line);
    const bareStart = scan.argumentsStart + line.slice(scan.argumentsStart).search(/\S/);
    return completeValue(first, bare, bareStart, scan, deps);
  }

  const endsWithSpace = /\s$/.test(line);
  if (last.closed && last.value !== '' && endsWithSpace) return optionNames('');
  if (last.closed && last.value !== '' && trailing !== '' && trailing !== last.value) {
    const names = optionNames(trailing);
    if (names.candidates.length > 0) return names;
  }
  const option = leaves.find((leaf) => leaf.name === last.key);
  if (!option) return { ...nothing(line), note: `no option ${last.key}:` };
  return completeValue(option, last.value, scan.argumentsStart + last.valueStart, scan, deps);
}

function otherOptionValues(scan: ScannedCommandLine, except: string, deps: CompletionDeps): Record<string, OptionValue> {
  const leaves = leafOptionsOf(scan.definition as CommandDefinition, scan.subcommand?.name);
  const values: Record<string, OptionValue> = {};
  for (const { key, value } of scan.scanned.options) {
    const option = leaves.find((leaf) => leaf.name === key);
    if (!option || key === except) continue;
    const converted = convertOptionValue(option, value, deps.directory);
    if (converted.ok) values[key] = converted.value;
  }
  return values;
}

async function completeValue(option: LeafOptionDefinition, typed: string, start: number, scan: ScannedCommandLine, deps: CompletionDeps): Promise<Completion> {
  const lower = typed.toLowerCase();
  if ('autocomplete' in option && option.autocomplete) {
    const choices = await deps.autocomplete({
      name: scan.name,
      ...(scan.subcommand ? { subcommand: scan.subcommand.name } : {}),
      options: { ...otherOptionValues(scan, option.name, deps), [option.name]: typed },
      focused: option.name,
    });
    if (choices === null) return { start, candidates: [], note: 'the bot did not answer the autocomplete within 3 seconds' };
    return { start, candidates: choices.map((choice) => ({ text: String(choice.value), label: choice.name })), ...(choices.length === 0 ? { note: 'no suggestions' } : {}) };
  }
  if ('choices' in option && option.choices && option.choices.length > 0) {
    const matching = (option.choices as readonly APIApplicationCommandOptionChoice[]).filter(
      (choice) => String(choice.value).toLowerCase().includes(lower) || choice.name.toLowerCase().includes(lower),
    );
    return { start, candidates: matching.map((choice) => ({ text: String(choice.value), label: choice.name })) };
  }
  switch (option.type) {
    case ApplicationCommandOptionType.Boolean:
      return { start, candidates: byPrefix(['true', 'false'], typed) };
    case ApplicationCommandOptionType.Channel:
      return { start, candidates: byPrefix([...deps.directory.channels.keys()].map((name) => `#${name}`), typed.startsWith('#') ? typed : `#${typed}`) };
    case ApplicationCommandOptionType.Role:
      return { start, candidates: byPrefix([...deps.directory.roles.keys()].map((name) => `@${name.replace(/^@/, '')}`), `@${typed.replace(/^@/, '')}`) };
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable: {
      const names = [...deps.directory.users.keys(), ...(option.type === ApplicationCommandOptionType.Mentionable ? deps.directory.roles.keys() : [])];
      return { start, candidates: byPrefix(names.map((name) => `@${name.replace(/^@/, '')}`), `@${typed.replace(/^@/, '')}`) };
    }
    default:
      return { start, candidates: [] };
  }
}
