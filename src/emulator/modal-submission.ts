import { ComponentType } from 'discord-api-types/v10';

/**
 * What a Discord client sends back when a member submits a modal, shaped from the modal the bot presented
 * (https://discord.com/developers/docs/components/reference#label, "Label Interaction Response Structure"):
 * rows stay rows, a label answers with its one component, a text display answers with its id only.
 * Whatever a real client could not send (an unknown field, a value that is no option, too few or too many
 * choices, an empty required field) throws, so a test cannot pass on a submission Discord would never deliver.
 */

/** The member's answers by custom_id: a text input's text, or a select's chosen value(s), comma-separated. */
export type ModalAnswers = Readonly<Record<string, string>>;

interface TextInputLike {
  type?: unknown;
  id?: unknown;
  custom_id?: unknown;
  value?: unknown;
  required?: unknown;
  min_length?: unknown;
  max_length?: unknown;
}

interface StringSelectLike {
  type?: unknown;
  id?: unknown;
  custom_id?: unknown;
  options?: { value?: unknown; default?: unknown }[];
  min_values?: unknown;
  max_values?: unknown;
  required?: unknown;
}

interface ModalComponentLike {
  type?: unknown;
  id?: unknown;
  components?: ModalComponentLike[];
  component?: ModalComponentLike;
}

/** The modal as the bot sent it (validated by modalProblems before it was kept). */
export interface PresentedModal {
  custom_id?: unknown;
  title?: unknown;
  components?: unknown;
}

/** Discord's shape before it knew the modal: each text input in its own row (kept for submissions of unknown modals). */
export function legacySubmittedComponents(answers: ModalAnswers): unknown[] {
  return Object.entries(answers).map(([customId, value]) => ({
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
  }));
}

/**
 * Discord fills in missing component ids (0 counts as missing) in order, skipping ids the bot chose itself
 * (https://discord.com/developers/docs/components/reference#anatomy-of-a-component): a map from component to id.
 */
function componentIds(components: readonly ModalComponentLike[]): Map<ModalComponentLike, number> {
  const order: ModalComponentLike[] = [];
  const visit = (component: ModalComponentLike | undefined): void => {
    if (!component || typeof component !== 'object') return;
    order.push(component);
    component.components?.forEach(visit);
    visit(component.component);
  };
  components.forEach(visit);
  const chosen = (component: ModalComponentLike): component is ModalComponentLike & { id: number } => typeof component.id === 'number' && component.id !== 0;
  const taken = new Set(order.filter(chosen).map((component) => component.id));
  const ids = new Map<ModalComponentLike, number>();
  let next = 1;
  for (const component of order) {
    if (chosen(component)) {
      ids.set(component, component.id);
      continue;
    }
    while (taken.has(next)) next += 1;
    ids.set(component, next);
    taken.add(next);
  }
  return ids;
}

function fieldIdsOf(components: readonly ModalComponentLike[]): string[] {
  const inputs = components.flatMap((component) => [...(component.components ?? []), ...(component.component ? [component.component] : [])]);
  return inputs.map((input) => (input as { custom_id?: unknown }).custom_id).filter((id): id is string => typeof id === 'string');
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

function textInputAnswer(input: TextInputLike, id: number, answers: ModalAnswers): Record<string, unknown> {
  const customId = String(input.custom_id);
  // Left untouched, the pre-filled text is what the client sends.
  const value = answers[customId] ?? (typeof input.value === 'string' ? input.value : '');
  if (value === '' && input.required !== false) throw new Error(`field ${customId} is required: a Discord client cannot submit the form without it`);
  if (value !== '') {
    if (isInteger(input.min_length) && value.length < input.min_length) throw new Error(`field ${customId} needs at least ${input.min_length} characters, not ${value.length}`);
    if (isInteger(input.max_length) && value.length > input.max_length) throw new Error(`field ${customId} takes at most ${input.max_length} characters, not ${value.length}`);
  }
  return { type: ComponentType.TextInput, id, custom_id: customId, value };
}

/** "2" or "2,5" → the chosen option values; a whole answer that is itself an option value is one choice (commas and all). */
function chosenValues(answer: string, optionValues: readonly string[]): string[] {
  if (optionValues.includes(answer)) return [answer];
  return answer
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function stringSelectAnswer(select: StringSelectLike, id: number, answers: ModalAnswers): Record<string, unknown> {
  const customId = String(select.custom_id);
  const options = select.options ?? [];
  const optionValues = options.map((option) => String(option.value));
  const answer = answers[customId];
  // Left untouched, the options marked default are what the client sends.
  const values = answer === undefined ? options.filter((option) => option.default === true).map((option) => String(option.value)) : chosenValues(answer, optionValues);
  for (const value of values) {
    if (!optionValues.includes(value)) throw new Error(`field ${customId}: "${value}" is not one of its options (${optionValues.join(', ')})`);
  }
  if (new Set(values).size !== values.length) throw new Error(`field ${customId}: an option can be chosen only once`);
  const required = select.required !== false;
  if (values.length === 0 && required) throw new Error(`field ${customId} is required: a Discord client cannot submit the form without a choice`);
  const min = isInteger(select.min_values) ? select.min_values : 1;
  const max = isInteger(select.max_values) ? select.max_values : 1;
  // An optional select may be left empty whatever its min_values.
  if (values.length > 0 && (values.length < min || values.length > max)) {
    throw new Error(`field ${customId}: ${values.length} choices, but it takes ${min === max ? min : `${min}–${max}`}`);
  }
  return { type: ComponentType.StringSelect, id, custom_id: customId, values };
}

/** The answer of one component inside a row or a label. */
function answerOf(component: ModalComponentLike, ids: Map<ModalComponentLike, number>, answers: ModalAnswers): Record<string, unknown> {
  const id = ids.get(component)!;
  if (component.type === ComponentType.TextInput) return textInputAnswer(component, id, answers);
  if (component.type === ComponentType.StringSelect) return stringSelectAnswer(component as StringSelectLike, id, answers);
  throw new Error(`the emulator cannot fill in a component of type ${String(component.type)}`);
}

/** `data.components` of the MODAL_SUBMIT a member sends with these answers. */
export function submittedComponents(modal: PresentedModal, answers: ModalAnswers): unknown[] {
  const components = (Array.isArray(modal.components) ? modal.components : []) as ModalComponentLike[];
  const fieldIds = fieldIdsOf(components);
  const unknown = Object.keys(answers).filter((key) => !fieldIds.includes(key));
  if (unknown.length > 0) throw new Error(`the form “${String(modal.title)}” has no field ${unknown.join(', ')} (its fields: ${fieldIds.join(', ')})`);
  const ids = componentIds(components);
  return components.map((component) => {
    const id = ids.get(component)!;
    if (component.type === ComponentType.ActionRow) {
      return { type: ComponentType.ActionRow, id, components: (component.components ?? []).map((input) => answerOf(input, ids, answers)) };
    }
    if (component.type === ComponentType.Label) return { type: ComponentType.Label, id, component: answerOf(component.component!, ids, answers) };
    return { type: component.type, id };
  });
}
