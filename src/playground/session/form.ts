import { ComponentType } from 'discord-api-types/v10';
import { truncateText } from '../../core/truncate-text.js';

/**
 * The fields of a form (modal) the bot opened, read from its legacy action rows of text inputs or from its
 * labels around a text input or a string select, and how `submit field: …` answers them.
 */

export interface FormChoice {
  value: string;
  label: string;
}

export interface FormField {
  id: string;
  /** What Discord shows above the field: the label component's text, or a legacy text input's own label. */
  label: string;
  required: boolean;
  kind: 'text' | 'select';
  /** For a select: its options, in order. */
  choices: FormChoice[];
  minValues: number;
  maxValues: number;
  /** A text input with pre-filled text, or a select with default options: left out, the form sends that. */
  prefilled: boolean;
  /** For a select: the values of its default options. */
  selected: string[];
}

interface RawInput {
  type?: number;
  custom_id?: string;
  label?: string;
  required?: boolean;
  value?: string;
  min_values?: number;
  max_values?: number;
  options?: { label?: string; value?: string; default?: boolean }[];
}

interface RawTopLevel extends RawInput {
  components?: RawInput[];
  component?: RawInput;
}

function fieldOf(input: RawInput, label: string | undefined): FormField | null {
  if (typeof input.custom_id !== 'string') return null;
  const common = { id: input.custom_id, label: label ?? input.label ?? input.custom_id, required: input.required !== false };
  if (input.type === ComponentType.StringSelect) {
    const options = input.options ?? [];
    return {
      ...common,
      kind: 'select',
      choices: options.map((option) => ({ value: String(option.value), label: option.label ?? String(option.value) })),
      minValues: input.min_values ?? 1,
      maxValues: input.max_values ?? 1,
      prefilled: options.some((option) => option.default === true),
      selected: options.filter((option) => option.default === true).map((option) => String(option.value)),
    };
  }
  return { ...common, kind: 'text', choices: [], minValues: 0, maxValues: 1, prefilled: typeof input.value === 'string' && input.value !== '', selected: [] };
}

/** The form's fields in order: text inputs in rows, and whatever each label wraps. */
export function formFieldsOf(modal: Record<string, unknown>): FormField[] {
  const components = (Array.isArray(modal.components) ? modal.components : []) as RawTopLevel[];
  return components
    .flatMap((component) =>
      component.type === ComponentType.Label ? (component.component ? [fieldOf(component.component, component.label)] : []) : (component.components ?? []).map((input) => fieldOf(input, undefined)),
    )
    .filter((field): field is FormField => field !== null);
}

/** "1. The Python Data Model" with value "1" reads "1 The Python Data Model": the value once, then the words. */
function choiceText(choice: FormChoice): string {
  const words = choice.label.startsWith(choice.value) ? choice.label.slice(choice.value.length).replace(/^[\s.):—–-]+/, '') : choice.label;
  const text = words === '' ? choice.value : `${choice.value} ${words}`;
  return truncateText(text, 40);
}

/** How many choices a form line lists before it says how many more there are. */
export const listedChoices = 6;

/** The pieces of a select's description: `chapter (optional): pick one of 1 The Python Data Model`, `2 An Array…`, …, `… 23 more`. */
export function selectPieces(field: FormField): string[] {
  const shown = field.choices.slice(0, listedChoices).map(choiceText);
  const more = field.choices.length - shown.length;
  const howMany = field.maxValues <= 1 ? 'one' : field.minValues === field.maxValues ? String(field.maxValues) : `${field.minValues}–${field.maxValues}`;
  const head = `${field.id}${field.required ? '' : ' (optional)'}: pick ${howMany} of`;
  const [first = '(no choices)', ...rest] = [...shown, ...(more > 0 ? [`… ${more} more`] : [])];
  const selected = field.selected.map((value) => field.choices.find((choice) => choice.value === value)!).map(choiceText);
  return [`${head} ${first}`, ...rest, ...(selected.length > 0 ? [`selected now: ${selected.join(', ')}`] : [])];
}

/** `chapter (optional): pick one of 1 The Python Data Model · 2 An Array of Sequences · … 23 more` */
export function describeSelect(field: FormField): string {
  return selectPieces(field).join(' · ');
}

const wordsOf = (label: string): string => label.replace(/^\s*\d+[\s.):—–-]+/, '').trim();

/** One answer to a select: an option's value, its label, or its label without the leading number (any case). */
function choiceFor(field: FormField, text: string): FormChoice | undefined {
  const wanted = text.trim().toLowerCase();
  return (
    field.choices.find((choice) => choice.value === text.trim()) ??
    field.choices.find((choice) => choice.label.toLowerCase() === wanted) ??
    field.choices.find((choice) => wordsOf(choice.label).toLowerCase() === wanted)
  );
}

/**
 * What `submit chapter: …` sends for a select: the chosen option values, comma-separated (as the emulator takes them),
 * or why the answer is not one of the options.
 */
export function selectAnswer(field: FormField, text: string): { ok: true; value: string } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: '' };
  const whole = choiceFor(field, text);
  const parts = whole ? [text] : field.maxValues > 1 ? text.split(',') : [text];
  const values: string[] = [];
  for (const part of parts) {
    const choice = choiceFor(field, part);
    if (!choice) return { ok: false, error: `"${part.trim()}" is not one of the choices for ${field.id}. ${describeSelect(field)}` };
    values.push(choice.value);
  }
  return { ok: true, value: values.join(',') };
}
