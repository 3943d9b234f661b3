import { ButtonStyle, ComponentType } from 'discord-api-types/v10';

/**
 * Discord's documented limits as the emulator enforces them. Deliberately its own copy, never the bot's
 * (src/platform/discord/limits.ts): a wrong limit in the bot must be refused here, and
 * test/unit/emulator-limits.test.ts checks the bot's table against this one.
 * Lengths count UTF-16 code units, as the bot does.
 */
export const emulatorLimits = {
  // Create Message: https://discord.com/developers/docs/resources/message#create-message
  content: 2000,
  embedsPerMessage: 10,
  nonce: 25,
  // Get Channel Messages: https://discord.com/developers/docs/resources/message#get-channel-messages
  historyLimitMin: 1,
  historyLimit: 100,
  historyLimitDefault: 50,
  // Uploading files: https://discord.com/developers/docs/reference#uploading-files (at most 10 per message; the
  // upload limit per file is the interaction payload's attachment_size_limit, 8 MiB without server boosts)
  attachmentsPerMessage: 10,
  attachmentSize: 8_388_608,
  attachmentDescription: 1024,
  // Embed limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  // Allowed mentions: https://discord.com/developers/docs/resources/message#allowed-mentions-object-allowed-mentions-structure
  allowedMentionUsers: 100,
  allowedMentionRoles: 100,
  // Autocomplete answer: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete
  autocompleteChoices: 25,
  // Option choices: https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure
  choiceNameMin: 1,
  choiceName: 100,
  choiceValue: 100,
  // Action rows and buttons: https://discord.com/developers/docs/components/reference#action-row and #button
  componentRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  // Commands: https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-structure
  commandNameMin: 1,
  commandName: 32,
  commandDescriptionMin: 1,
  commandDescription: 100,
  commandOptions: 25,
  // Registering commands (at most 100 chat input commands): https://discord.com/developers/docs/interactions/application-commands#registering-a-command
  commandsPerApplication: 100,
  // Modal answer: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
  modalTitle: 45,
  modalCustomId: 100,
  modalRows: 5,
} as const;

export type EmulatorLimit = keyof typeof emulatorLimits;

const limits = emulatorLimits;

/** Discord's rule for command and option names, with the lengths from the table. */
export const commandNamePattern = new RegExp(`^[-_\\p{Ll}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{${limits.commandNameMin},${limits.commandName}}$`, 'u');

interface EmbedLike {
  title?: unknown;
  description?: unknown;
  footer?: { text?: unknown } | null;
  author?: { name?: unknown } | null;
  fields?: unknown;
}

interface FieldLike {
  name?: unknown;
  value?: unknown;
}

function textLength(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

function fieldsOf(embed: EmbedLike): FieldLike[] {
  return Array.isArray(embed.fields) ? (embed.fields as FieldLike[]) : [];
}

/** The characters Discord counts towards the 6,000 total: title, description, footer, author and every field. */
export function embedLength(embed: EmbedLike): number {
  return (
    textLength(embed.title) +
    textLength(embed.description) +
    textLength(embed.footer?.text) +
    textLength(embed.author?.name) +
    fieldsOf(embed).reduce((sum, field) => sum + textLength(field.name) + textLength(field.value), 0)
  );
}

/** Every way one embed breaks Discord's limits; empty when it is fine. */
export function embedProblems(embed: EmbedLike): string[] {
  const problems: string[] = [];
  const check = (what: string, value: unknown, max: number): void => {
    if (typeof value === 'string' && value.length > max) problems.push(`${what} is ${value.length} > ${max}`);
  };
  check('title', embed.title, limits.embedTitle);
  check('description', embed.description, limits.embedDescription);
  check('footer', embed.footer?.text, limits.footerText);
  check('author', embed.author?.name, limits.authorName);
  const fields = fieldsOf(embed);
  if (fields.length > limits.embedFields) problems.push(`${fields.length} fields > ${limits.embedFields}`);
  fields.forEach((field, index) => {
    check(`field ${index} name`, field.name, limits.fieldName);
    check(`field ${index} value`, field.value, limits.fieldValue);
    if (textLength(field.name) === 0 || textLength(field.value) === 0) problems.push(`field ${index} is empty`);
  });
  return problems;
}

export interface MessageShape {
  content?: string | undefined;
  embeds?: readonly EmbedLike[] | undefined;
}

/** Content and embed limits of one message (the message may not be empty). */
export function messageProblems(message: MessageShape): string[] {
  const problems: string[] = [];
  const contentLength = message.content?.length ?? 0;
  if (contentLength > limits.content) problems.push(`content is ${contentLength} > ${limits.content}`);
  const embeds = message.embeds ?? [];
  if (embeds.length > limits.embedsPerMessage) problems.push(`${embeds.length} embeds > ${limits.embedsPerMessage}`);
  embeds.forEach((embed, index) => problems.push(...embedProblems(embed).map((problem) => `embed ${index}: ${problem}`)));
  const total = embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
  if (total > limits.embedsTotal) problems.push(`embeds total ${total} > ${limits.embedsTotal}`);
  if (!message.content && embeds.length === 0) problems.push('message is empty');
  return problems;
}

interface ChoiceLike {
  name?: unknown;
  value?: unknown;
}

/** Choices of an autocomplete answer or of a command option. */
export function choiceProblems(choices: readonly unknown[]): string[] {
  const problems: string[] = [];
  if (choices.length > limits.autocompleteChoices) problems.push(`${choices.length} choices > ${limits.autocompleteChoices}`);
  (choices as ChoiceLike[]).forEach((choice, index) => {
    const nameLength = textLength(choice?.name);
    if (nameLength < limits.choiceNameMin || nameLength > limits.choiceName) problems.push(`choice ${index} name length ${nameLength}`);
    if (String(choice?.value).length > limits.choiceValue) problems.push(`choice ${index} value too long`);
  });
  return problems;
}

interface ComponentLike {
  type?: unknown;
  style?: unknown;
  custom_id?: unknown;
  url?: unknown;
  label?: unknown;
}

/** Action rows of buttons, as a message carries them. */
export function componentProblems(components: unknown): string[] {
  if (components === undefined) return [];
  if (!Array.isArray(components)) return ['components: must be an array'];
  const problems: string[] = [];
  if (components.length > limits.componentRows) problems.push(`components: at most ${limits.componentRows} rows`);
  components.forEach((row: { type?: unknown; components?: unknown }, rowIndex) => {
    if (row?.type !== ComponentType.ActionRow || !Array.isArray(row.components)) {
      problems.push(`components.${rowIndex}: must be an action row with components`);
      return;
    }
    if (row.components.length < 1 || row.components.length > limits.buttonsPerRow) problems.push(`components.${rowIndex}: 1–${limits.buttonsPerRow} components`);
    row.components.forEach((item: ComponentLike, index) => {
      const at = `components.${rowIndex}.components.${index}`;
      if (item?.type !== ComponentType.Button) return;
      if (typeof item.label === 'string' && item.label.length > limits.buttonLabel) problems.push(`${at}.label: at most ${limits.buttonLabel} characters`);
      if (item.style === ButtonStyle.Link) {
        if (typeof item.url !== 'string' || !/^https?:\/\//.test(item.url)) problems.push(`${at}.url: a link button needs a URL`);
        if (item.custom_id !== undefined) problems.push(`${at}.custom_id: a link button cannot have one`);
      } else if (typeof item.custom_id !== 'string' || item.custom_id.length < 1 || item.custom_id.length > limits.customId) {
        problems.push(`${at}.custom_id: must be 1–${limits.customId} characters`);
      }
    });
  });
  return problems;
}

/** The data of a MODAL (type 9) interaction answer. */
export function modalProblems(data: { custom_id?: unknown; title?: unknown; components?: unknown }): string[] {
  const problems: string[] = [];
  const { custom_id: customId, title, components } = data;
  if (typeof customId !== 'string' || customId.length < 1 || customId.length > limits.modalCustomId) problems.push(`data.custom_id: 1–${limits.modalCustomId} characters`);
  if (typeof title !== 'string' || title.length < 1 || title.length > limits.modalTitle) problems.push(`data.title: 1–${limits.modalTitle} characters`);
  if (!Array.isArray(components) || components.length < 1 || components.length > limits.modalRows) problems.push(`data.components: 1–${limits.modalRows} rows`);
  return problems;
}
