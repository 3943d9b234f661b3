import { ButtonStyle, ComponentType, TextInputStyle } from 'discord-api-types/v10';

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
  // upload limit per file is "10 MiB for all users", more with boosts or Nitro; the change-log's "Default File
  // Upload Limit Change" lowered it from 25 MiB on 2025-01-16, for webhooks and interaction responses too)
  attachmentsPerMessage: 10,
  attachmentSize: 10_485_760,
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
  // Components v2: https://discord.com/developers/docs/components/reference ("up to 40 total components", nested
  // ones and section accessories counted), #section (1–3 text displays), #media-gallery (1–10 items), #thumbnail
  // (alt text ≤1024), #container (accent 0x000000–0xFFFFFF). All text displays together: discord-api-docs#8562.
  v2Components: 40,
  v2TextTotal: 4000,
  sectionTextsMin: 1,
  sectionTexts: 3,
  galleryItemsMin: 1,
  galleryItems: 10,
  mediaDescription: 1024,
  accentColor: 0xffffff,
  // Commands: https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-structure
  commandNameMin: 1,
  commandName: 32,
  commandDescriptionMin: 1,
  commandDescription: 100,
  commandOptions: 25,
  // Registering commands (at most 100 chat input commands): https://discord.com/developers/docs/interactions/application-commands#registering-a-command
  commandsPerApplication: 100,
  // Modal answer: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
  // (modalRows: "between 1 and 5 components", rows or labels alike)
  modalTitle: 45,
  modalCustomId: 100,
  modalRows: 5,
  // Label: https://discord.com/developers/docs/components/reference#label (a string is needed, so at least 1)
  labelTextMin: 1,
  labelText: 45,
  labelDescription: 100,
  // Text input: https://discord.com/developers/docs/components/reference#text-input (its own label, 1–45, is
  // the legacy one for a text input in an action row; discord-api-types notes it "cannot be used in a label component")
  textInputCustomId: 100,
  textInputLabel: 45,
  textInputLength: 4000,
  textInputPlaceholder: 100,
  // String select: https://discord.com/developers/docs/components/reference#string-select and
  // #string-select-select-option-structure (in modals it must sit in a label; `required` defaults to true)
  selectCustomId: 100,
  selectOptionsMin: 1,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  selectValues: 25,
  // Polls: https://discord.com/developers/docs/resources/poll (question ≤300, ≤10 answers of ≤55, duration "up to
  // 32 days" in hours, default 24; the minimums of 1 answer and 1 hour are a guess; Get Answer Voters' limit 1–100, 25)
  pollQuestion: 300,
  pollAnswersMin: 1,
  pollAnswers: 10,
  pollAnswerText: 55,
  pollDurationMin: 1,
  pollDuration: 768,
  pollDurationDefault: 24,
  pollVotersMin: 1,
  pollVoters: 100,
  pollVotersDefault: 25,
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

/** A button in an action row or a section's accessory: its label, and a URL or custom_id by its style. */
export function buttonProblems(item: ComponentLike, at: string): string[] {
  const problems: string[] = [];
  if (typeof item.label === 'string' && item.label.length > limits.buttonLabel) problems.push(`${at}.label: at most ${limits.buttonLabel} characters`);
  if (item.style === ButtonStyle.Link) {
    if (typeof item.url !== 'string' || !/^https?:\/\//.test(item.url)) problems.push(`${at}.url: a link button needs a URL`);
    if (item.custom_id !== undefined) problems.push(`${at}.custom_id: a link button cannot have one`);
  } else if (typeof item.custom_id !== 'string' || item.custom_id.length < 1 || item.custom_id.length > limits.customId) {
    problems.push(`${at}.custom_id: must be 1–${limits.customId} characters`);
  }
  return problems;
}

const selectTypes: readonly unknown[] = [ComponentType.StringSelect, ComponentType.UserSelect, ComponentType.RoleSelect, ComponentType.MentionableSelect, ComponentType.ChannelSelect];

/** An action row (at the top level, or in a v2 container): up to 5 buttons, or exactly one select. */
export function actionRowProblems(row: { type?: unknown; components?: unknown }, at: string): string[] {
  if (row?.type !== ComponentType.ActionRow || !Array.isArray(row.components)) return [`${at}: must be an action row with components`];
  const items = row.components as ComponentLike[];
  const problems: string[] = [];
  if (items.length < 1 || items.length > limits.buttonsPerRow) problems.push(`${at}: 1–${limits.buttonsPerRow} components`);
  const selects = items.filter((item) => selectTypes.includes(item?.type)).length;
  if (selects > 0 && items.length > 1) problems.push(`${at}.components: a select must be alone in its row`);
  items.forEach((item, index) => {
    const itemAt = `${at}.components.${index}`;
    if (item?.type === ComponentType.Button) problems.push(...buttonProblems(item, itemAt));
    else if (!selectTypes.includes(item?.type)) problems.push(`${itemAt}.type: an action row holds buttons (2) or one select (3, 5–8)`);
  });
  return problems;
}

/** Action rows of buttons, as a message without the Components v2 flag carries them. */
export function componentProblems(components: unknown): string[] {
  if (components === undefined || components === null) return [];
  if (!Array.isArray(components)) return ['components: must be an array'];
  const problems: string[] = [];
  if (components.length > limits.componentRows) problems.push(`components: at most ${limits.componentRows} rows`);
  components.forEach((row: { type?: unknown; components?: unknown }, rowIndex) => {
    const at = `components.${rowIndex}`;
    // What Discord answers for a v2 component sent without the flag (UNION_TYPE_CHOICES on `type`).
    if (row?.type !== ComponentType.ActionRow) problems.push(`${at}.type: Value of field "type" must be one of (1,) (without the IS_COMPONENTS_V2 flag only action rows)`);
    else problems.push(...actionRowProblems(row, at));
  });
  return problems;
}

type Problems = string[];

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** A string of `min`–`max` characters (`optional`: may also be absent). */
function checkText(problems: Problems, at: string, value: unknown, min: number, max: number, optional = false): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'string' || value.length < min || value.length > max) problems.push(`${at}: ${min > 0 ? `${min}–${max}` : `at most ${max}`} characters`);
}

/** An optional integer within `min`–`max`. */
function checkCount(problems: Problems, at: string, value: unknown, min: number, max: number): void {
  if (value !== undefined && (!isInteger(value) || value < min || value > max)) problems.push(`${at}: an integer from ${min} to ${max}`);
}

interface TextInputLike {
  type?: unknown;
  custom_id?: unknown;
  style?: unknown;
  label?: unknown;
  min_length?: unknown;
  max_length?: unknown;
  required?: unknown;
  value?: unknown;
  placeholder?: unknown;
}

/** A text input, in a legacy action row (`inLabel` false: it needs its own label) or in a Label (it may not have one). */
function textInputProblems(input: TextInputLike, at: string, inLabel: boolean): Problems {
  const problems: Problems = [];
  checkText(problems, `${at}.custom_id`, input.custom_id, 1, limits.textInputCustomId);
  if (input.style !== TextInputStyle.Short && input.style !== TextInputStyle.Paragraph) problems.push(`${at}.style: 1 (short) or 2 (paragraph)`);
  if (inLabel && input.label !== undefined) problems.push(`${at}.label: a text input in a label cannot have its own label (the label component carries it)`);
  if (!inLabel) checkText(problems, `${at}.label`, input.label, 1, limits.textInputLabel);
  checkCount(problems, `${at}.min_length`, input.min_length, 0, limits.textInputLength);
  checkCount(problems, `${at}.max_length`, input.max_length, 1, limits.textInputLength);
  if (isInteger(input.min_length) && isInteger(input.max_length) && input.min_length > input.max_length) problems.push(`${at}.min_length: more than max_length`);
  checkText(problems, `${at}.value`, input.value, 0, limits.textInputLength, true);
  checkText(problems, `${at}.placeholder`, input.placeholder, 0, limits.textInputPlaceholder, true);
  if (input.required !== undefined && typeof input.required !== 'boolean') problems.push(`${at}.required: a boolean`);
  return problems;
}

interface SelectOptionLike {
  label?: unknown;
  value?: unknown;
  description?: unknown;
  default?: unknown;
}

interface StringSelectLike {
  type?: unknown;
  custom_id?: unknown;
  options?: unknown;
  placeholder?: unknown;
  min_values?: unknown;
  max_values?: unknown;
  required?: unknown;
  disabled?: unknown;
}

/** A string select in a modal (inside a Label). */
function stringSelectProblems(select: StringSelectLike, at: string): Problems {
  const problems: Problems = [];
  checkText(problems, `${at}.custom_id`, select.custom_id, 1, limits.selectCustomId);
  checkText(problems, `${at}.placeholder`, select.placeholder, 0, limits.selectPlaceholder, true);
  // "Using disabled in a modal will result in an error."
  if (select.disabled !== undefined) problems.push(`${at}.disabled: modals cannot have disabled components`);
  const options = Array.isArray(select.options) ? (select.options as SelectOptionLike[]) : null;
  if (!options || options.length < limits.selectOptionsMin || options.length > limits.selectOptions) {
    problems.push(`${at}.options: ${limits.selectOptionsMin}–${limits.selectOptions} options`);
  }
  const seen = new Set<string>();
  (options ?? []).forEach((option, index) => {
    const optionAt = `${at}.options.${index}`;
    checkText(problems, `${optionAt}.label`, option?.label, 1, limits.selectOptionLabel);
    checkText(problems, `${optionAt}.value`, option?.value, 1, limits.selectOptionValue);
    checkText(problems, `${optionAt}.description`, option?.description, 0, limits.selectOptionDescription, true);
    if (typeof option?.value === 'string') {
      if (seen.has(option.value)) problems.push(`${optionAt}.value: "${option.value}" is used by an earlier option (values must be unique)`);
      seen.add(option.value);
    }
  });
  checkCount(problems, `${at}.min_values`, select.min_values, 0, limits.selectValues);
  checkCount(problems, `${at}.max_values`, select.max_values, 1, limits.selectValues);
  const min = isInteger(select.min_values) ? select.min_values : 1;
  const max = isInteger(select.max_values) ? select.max_values : 1;
  if (min > max) problems.push(`${at}.min_values: ${min} is more than max_values ${max}`);
  if (options && options.length >= limits.selectOptionsMin && max > options.length) problems.push(`${at}.max_values: ${max} is more than the ${options.length} options`);
  if (select.required !== undefined && typeof select.required !== 'boolean') problems.push(`${at}.required: a boolean`);
  // "min_values must be either omitted or at least 1 if required is omitted or true."
  if (select.required !== false && select.min_values === 0) problems.push(`${at}.min_values: 0 only when required is false`);
  const defaults = (options ?? []).filter((option) => option?.default === true).length;
  if (defaults > max) problems.push(`${at}.options: ${defaults} default options, more than max_values ${max}`);
  return problems;
}

/** A Label: its text, its description and the one component it wraps. */
function labelProblems(label: { type?: unknown; label?: unknown; description?: unknown; component?: unknown; components?: unknown }, at: string): Problems {
  const problems: Problems = [];
  checkText(problems, `${at}.label`, label.label, limits.labelTextMin, limits.labelText);
  checkText(problems, `${at}.description`, label.description, 0, limits.labelDescription, true);
  if (label.components !== undefined) problems.push(`${at}.components: a label wraps exactly one component, in \`component\``);
  const inner = label.component as { type?: unknown } | undefined;
  if (!inner || typeof inner !== 'object') problems.push(`${at}.component: a label wraps exactly one component`);
  else if (inner.type === ComponentType.TextInput) problems.push(...textInputProblems(inner, `${at}.component`, true));
  else if (inner.type === ComponentType.StringSelect) problems.push(...stringSelectProblems(inner, `${at}.component`));
  // Discord also allows user, role, mentionable and channel selects, file uploads, radio groups and checkboxes here;
  // the emulator cannot submit those yet, so it refuses them rather than pretend.
  else problems.push(`${at}.component: type ${String(inner.type)} is not a text input (4) or string select (3)`);
  return problems;
}

/** A legacy modal action row: text inputs only (a string select goes in a label in modals). */
function modalRowProblems(row: { type?: unknown; components?: unknown }, at: string): Problems {
  if (!Array.isArray(row.components)) return [`${at}.components: must be an array`];
  return (row.components as { type?: unknown }[]).flatMap((item, index) =>
    item?.type === ComponentType.TextInput
      ? textInputProblems(item, `${at}.components.${index}`, false)
      : [`${at}.components.${index}: only text inputs go in a modal's action row (a select goes in a label)`],
  );
}

/**
 * Ids are optional but unique within the modal (0 counts as none), and so are custom_ids:
 * https://discord.com/developers/docs/components/reference#anatomy-of-a-component
 */
export function duplicateIdProblems(components: readonly unknown[]): Problems {
  const ids = new Set<number>();
  const customIds = new Set<string>();
  const problems: Problems = [];
  const visit = (component: unknown): void => {
    if (!component || typeof component !== 'object') return;
    const { id, custom_id: customId, components: children, component: inner, accessory } = component as { id?: unknown; custom_id?: unknown; components?: unknown; component?: unknown; accessory?: unknown };
    if (id !== undefined && id !== 0) {
      if (!isInteger(id) || id < 0 || id > 2_147_483_647) problems.push(`id ${String(id)}: a 32-bit integer`);
      else if (ids.has(id)) problems.push(`id ${id}: used by two components`);
      else ids.add(id);
    }
    if (typeof customId === 'string') {
      if (customIds.has(customId)) problems.push(`custom_id ${customId}: used by two components`);
      customIds.add(customId);
    }
    if (Array.isArray(children)) children.forEach(visit);
    visit(inner);
    visit(accessory);
  };
  components.forEach(visit);
  return problems;
}

/** The data of a MODAL (type 9) interaction answer: top-level action rows (legacy), labels or text displays. */
export function modalProblems(data: { custom_id?: unknown; title?: unknown; components?: unknown }): string[] {
  const problems: string[] = [];
  const { custom_id: customId, title, components } = data;
  if (typeof customId !== 'string' || customId.length < 1 || customId.length > limits.modalCustomId) problems.push(`data.custom_id: 1–${limits.modalCustomId} characters`);
  if (typeof title !== 'string' || title.length < 1 || title.length > limits.modalTitle) problems.push(`data.title: 1–${limits.modalTitle} characters`);
  if (!Array.isArray(components) || components.length < 1 || components.length > limits.modalRows) problems.push(`data.components: 1–${limits.modalRows} rows`);
  if (!Array.isArray(components)) return problems;
  (components as { type?: unknown; content?: unknown }[]).forEach((component, index) => {
    const at = `data.components.${index}`;
    if (component?.type === ComponentType.ActionRow) problems.push(...modalRowProblems(component, at));
    else if (component?.type === ComponentType.Label) problems.push(...labelProblems(component, at));
    else if (component?.type === ComponentType.TextDisplay) {
      if (typeof component.content !== 'string' || component.content === '') problems.push(`${at}.content: text to show`);
    }
    else problems.push(`${at}: must be an action row (1), a label (18) or a text display (10)`);
  });
  problems.push(...duplicateIdProblems(components).map((problem) => `data.components: ${problem}`));
  return problems;
}
