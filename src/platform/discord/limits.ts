import type { APIApplicationCommandOptionChoice, APIEmbed } from 'discord-api-types/v10';
import { truncateText } from '../../core/truncate-text.js';

/** Discord's limits (DESIGN.md §3), in one place: presenters fit their output to them, tests check against them. */
export const discordLimits = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  componentRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  allowedMentionIds: 100,
  /** Components v2: all text displays of a message together, and every component counted, nested ones too. */
  layoutText: 4000,
  layoutComponents: 40,
} as const;

/** Lengths in UTF-16 code units, as discord.js checks them (an emoji counts as two). */
function length(text: string | undefined): number {
  return text?.length ?? 0;
}

/** Cuts text to `max` UTF-16 units, between graphemes, ending with an ellipsis when cut (the one cut every presenter uses). */
export { truncateText };

export function embedLength(embed: APIEmbed): number {
  return (
    length(embed.title) +
    length(embed.description) +
    length(embed.footer?.text) +
    length(embed.author?.name) +
    (embed.fields ?? []).reduce((sum, field) => sum + length(field.name) + length(field.value), 0)
  );
}

/** Returns the embed cut down to every per-part limit and to the 6,000-character total (fields dropped from the end). */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (embed.title !== undefined) fitted.title = truncateText(embed.title, discordLimits.embedTitle);
  if (embed.description !== undefined) fitted.description = truncateText(embed.description, discordLimits.embedDescription);
  if (embed.footer) fitted.footer = { ...embed.footer, text: truncateText(embed.footer.text, discordLimits.footerText) };
  if (embed.author) fitted.author = { ...embed.author, name: truncateText(embed.author.name, discordLimits.authorName) };
  if (embed.fields) {
    fitted.fields = embed.fields.slice(0, discordLimits.embedFields).map((field) => ({
      ...field,
      name: truncateText(field.name || '\u200b', discordLimits.fieldName),
      value: truncateText(field.value || '\u200b', discordLimits.fieldValue),
    }));
    while (embedLength(fitted) > discordLimits.embedsTotal && fitted.fields.length > 0) fitted.fields = fitted.fields.slice(0, -1);
  }
  if (embedLength(fitted) > discordLimits.embedsTotal && fitted.description !== undefined) {
    const room = discordLimits.embedsTotal - (embedLength(fitted) - fitted.description.length);
    fitted.description = truncateText(fitted.description, Math.max(1, room));
  }
  return fitted;
}

/** Every way an embed breaks Discord's limits, in words; empty when it is fine. */
export function embedProblems(embed: APIEmbed): string[] {
  const problems: string[] = [];
  const check = (what: string, value: string | undefined, max: number): void => {
    if (value !== undefined && value.length > max) problems.push(`${what} is ${value.length} > ${max}`);
  };
  check('title', embed.title, discordLimits.embedTitle);
  check('description', embed.description, discordLimits.embedDescription);
  check('footer', embed.footer?.text, discordLimits.footerText);
  check('author', embed.author?.name, discordLimits.authorName);
  const fields = embed.fields ?? [];
  if (fields.length > discordLimits.embedFields) problems.push(`${fields.length} fields > ${discordLimits.embedFields}`);
  fields.forEach((field, index) => {
    check(`field ${index} name`, field.name, discordLimits.fieldName);
    check(`field ${index} value`, field.value, discordLimits.fieldValue);
    if (field.name.length === 0 || field.value.length === 0) problems.push(`field ${index} is empty`);
  });
  return problems;
}

export interface MessageShape {
  content?: string | undefined;
  embeds?: APIEmbed[] | undefined;
}

export function messageProblems(message: MessageShape): string[] {
  const problems: string[] = [];
  if ((message.content?.length ?? 0) > discordLimits.content) problems.push(`content is ${message.content!.length} > ${discordLimits.content}`);
  const embeds = message.embeds ?? [];
  if (embeds.length > discordLimits.embedsPerMessage) problems.push(`${embeds.length} embeds > ${discordLimits.embedsPerMessage}`);
  embeds.forEach((embed, index) => problems.push(...embedProblems(embed).map((problem) => `embed ${index}: ${problem}`)));
  const total = embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
  if (total > discordLimits.embedsTotal) problems.push(`embeds total ${total} > ${discordLimits.embedsTotal}`);
  if (!message.content && embeds.length === 0) problems.push('message is empty');
  return problems;
}

/** Autocomplete answers: at most 25 choices, names 1–100 characters, values at most 100. */
export function fitChoices<T extends string | number>(choices: readonly APIApplicationCommandOptionChoice<T>[]): APIApplicationCommandOptionChoice<T>[] {
  return choices
    .filter((choice) => String(choice.value).length <= discordLimits.choiceValue)
    .slice(0, discordLimits.autocompleteChoices)
    .map((choice) => ({ ...choice, name: truncateText(choice.name.trim() || String(choice.value), discordLimits.choiceName) }));
}

export function choiceProblems(choices: readonly APIApplicationCommandOptionChoice[]): string[] {
  const problems: string[] = [];
  if (choices.length > discordLimits.autocompleteChoices) problems.push(`${choices.length} choices > 25`);
  choices.forEach((choice, index) => {
    if (choice.name.length < 1 || choice.name.length > discordLimits.choiceName) problems.push(`choice ${index} name length ${choice.name.length}`);
    if (String(choice.value).length > discordLimits.choiceValue) problems.push(`choice ${index} value too long`);
  });
  return problems;
}
