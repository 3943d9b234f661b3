import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandDefinition, LeafOptionDefinition } from '../../platform/discord/command-definition.js';
import { subcommandsOf } from '../session/parse-command.js';

/** The `help` text and the start-up banner, written from the command definitions so they never go stale. */

const typeNames: Partial<Record<ApplicationCommandOptionType, string>> = {
  [ApplicationCommandOptionType.String]: 'text',
  [ApplicationCommandOptionType.Integer]: 'whole number',
  [ApplicationCommandOptionType.Number]: 'number',
  [ApplicationCommandOptionType.Boolean]: 'true/false',
  [ApplicationCommandOptionType.Channel]: '#channel',
  [ApplicationCommandOptionType.Role]: '@role',
  [ApplicationCommandOptionType.User]: '@member',
  [ApplicationCommandOptionType.Mentionable]: '@member or @role',
};

function optionKind(option: LeafOptionDefinition): string {
  if ('choices' in option && option.choices && option.choices.length > 0) return option.choices.map((choice) => String(choice.value)).join('|');
  let kind = typeNames[option.type] ?? 'value';
  if ('min_value' in option && (option.min_value !== undefined || option.max_value !== undefined)) {
    kind += ` ${option.min_value ?? ''}–${option.max_value ?? ''}`;
  }
  if ('autocomplete' in option && option.autocomplete) kind += ', Tab suggests';
  return kind;
}

function usage(prefix: string, options: readonly LeafOptionDefinition[]): string {
  return [prefix, ...options.map((option) => (option.required ? `${option.name}: …` : `[${option.name}: …]`))].join(' ');
}

function optionLines(options: readonly LeafOptionDefinition[], indent: string): string[] {
  const pad = Math.max(0, ...options.map((option) => option.name.length)) + 1;
  return options.map(
    (option) => `${indent}${`${option.name}:`.padEnd(pad + 1)} ${option.description} (${optionKind(option)}${option.required ? ', required' : ''})`,
  );
}

export function commandHelp(definition: CommandDefinition): string[] {
  const subcommands = subcommandsOf(definition);
  if (subcommands.length === 0) {
    const options = (definition.options ?? []) as readonly LeafOptionDefinition[];
    return [`  ${usage(`/${definition.name}`, options)}`, `      ${definition.description}`, ...optionLines(options, '      ')];
  }
  return [
    `  /${definition.name} — ${definition.description}`,
    ...subcommands.flatMap((sub) => [`    ${usage(`/${definition.name} ${sub.name}`, sub.options ?? [])}`, `        ${sub.description}`, ...optionLines(sub.options ?? [], '        ')]),
  ];
}

export const playgroundCommandHelp: readonly (readonly [string, string])[] = [
  ['click N', 'press button N of the last message that has buttons (or: click similar)'],
  ['submit field: value …', 'fill in the form the bot opened last, e.g. submit progress: ch 5 note: loved it; a list takes a choice: submit chapter: 5'],
  ['as alice /study join …', 'act as another member of the server (added on first use); also: as alice click 1, as alice vote 1 2'],
  ['vote N A [as alice]', 'vote in poll N (numbered under its question) for its answer A: vote 1 2; several where the poll allows them: vote 1 1 3; vote 1 none takes your vote back'],
  ['events', "list the server's scheduled events: start (in your time zone), where, how often, status and link"],
  ['elsewhere /book …', 'run a command as you in "Elsewhere", a server Grimoire is not in: /book and /recommend answer through the copy you installed to your account'],
  ['complete /book query: flu', 'show what Tab suggests for a line (the bot\'s own autocomplete)'],
  ['clock', 'show the playground time (UTC and local)'],
  ['clock +7d', 'move the playground clock forward: +3h, +30m, +1d12h, +2w (never backwards)'],
  ['messages', 'reprint everything in the channel'],
  ['help', 'this list'],
  ['exit', 'stop the bot and leave (Ctrl-D works too)'],
];

export function helpText(definitions: readonly CommandDefinition[]): string {
  const pad = Math.max(...playgroundCommandHelp.map(([name]) => name.length)) + 2;
  return [
    'Bot commands (type them as in Discord; text right after the command fills its first option):',
    ...definitions.flatMap(commandHelp),
    '',
    'Playground commands:',
    ...playgroundCommandHelp.map(([name, description]) => `  ${name.padEnd(pad)}${description}`),
    '',
    'Values with "word:" in them can be quoted: /book query: "python: the good parts". Tab completes commands,',
    'options and values; in an autocomplete option it asks the bot and cycles through its suggestions.',
  ].join('\n');
}

export interface BannerInfo {
  guildName: string;
  channelName: string;
  userName: string;
  databasePath: string;
  interactive: boolean;
}

export function bannerText(info: BannerInfo): string {
  return [
    `Grimoire playground: the real bot, a local Discord. You are @${info.userName} in "${info.guildName}", #${info.channelName}.`,
    `Database: ${info.databasePath}`,
    'Try:  /book query: fluent    /recommend topic: asyncio level: advanced    click 1    clock +7d    help',
    info.interactive ? 'Tab completes (and asks the bot for suggestions); exit or Ctrl-D leaves.' : '',
  ]
    .filter(Boolean)
    .join('\n');
}
