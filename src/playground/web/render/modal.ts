import { ComponentType, TextInputStyle } from 'discord-api-types/v10';
import { formFieldsOf, type FormField } from '../../session/form.js';
import { attribute, escapeHtml, flag } from './escape.js';
import { markdownHtml, noPings, type MarkdownContext, type NameLookup } from './markdown.js';

/**
 * The form (modal) the bot answered with, as a native <dialog>. Its inputs are named by their custom_id; which fields
 * exist, whether they are required and what a select offers come from the terminal playground's reading (form.ts),
 * so both faces agree. The client shows the emulator's refusal in [data-role="modal-error"].
 */

export interface ModalContext {
  timeZone: string;
  nowMs: number;
  names: NameLookup;
}

type Raw = Record<string, unknown>;
const asRaw = (value: unknown): Raw => (typeof value === 'object' && value !== null ? (value as Raw) : {});
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

function textInputHtml(input: Raw, field: FormField, inputId: string): string {
  const common = `${attribute('id', inputId)}${attribute('name', field.id)}${attribute('placeholder', text(input.placeholder))}${flag('required', field.required)}${attribute('minlength', number(input.min_length))}${attribute('maxlength', number(input.max_length))}${attribute('data-testid', `modal-field-${field.id}`)}`;
  const value = text(input.value) ?? '';
  if (input.style === TextInputStyle.Paragraph) return `<textarea class="gr-modal-input gr-modal-input--paragraph" rows="4"${common}>${escapeHtml(value)}</textarea>`;
  return `<input class="gr-modal-input" type="text"${common}${attribute('value', value === '' ? null : value)}>`;
}

function selectHtml(input: Raw, field: FormField, inputId: string): string {
  const multiple = field.maxValues > 1;
  const placeholder = text(input.placeholder) ?? 'Make a selection';
  const options = field.choices.map((choice) => `<option${attribute('value', choice.value)}${flag('selected', field.selected.includes(choice.value))}>${escapeHtml(choice.label)}</option>`).join('');
  // A single select needs an empty first choice: the placeholder, and "nothing" when the field is optional.
  const blank = multiple ? '' : `<option value=""${flag('selected', field.selected.length === 0)}${flag('disabled', field.required)}>${escapeHtml(placeholder)}</option>`;
  const size = multiple ? attribute('size', Math.min(field.choices.length, 8)) : '';
  return `<select class="gr-modal-input gr-modal-select"${attribute('id', inputId)}${attribute('name', field.id)}${flag('multiple', multiple)}${size}${flag('required', field.required)}${attribute('data-min-values', field.minValues)}${attribute('data-max-values', field.maxValues)}${attribute('data-testid', `modal-field-${field.id}`)}>${blank}${options}</select>`;
}

function fieldHtml(input: Raw, field: FormField, description: string | null, index: number): string {
  const inputId = `gr-modal-field-${index}`;
  const control = field.kind === 'select' ? selectHtml(input, field, inputId) : textInputHtml(input, field, inputId);
  const required = field.required ? '<span class="gr-modal-required" aria-hidden="true">*</span>' : '';
  const note = description ? `<div class="gr-modal-description">${escapeHtml(description)}</div>` : '';
  return `<div class="gr-modal-field"${attribute('data-field-id', field.id)}><label class="gr-modal-label"${attribute('for', inputId)}>${escapeHtml(field.label)}${required}</label>${note}${control}</div>`;
}

export function modalHtml(modal: Record<string, unknown>, ctx: ModalContext): string {
  const customId = text(modal.custom_id) ?? '';
  const fields = new Map(formFieldsOf(modal).map((field) => [field.id, field]));
  const markdown: MarkdownContext = { ...ctx, pinged: noPings };
  let index = 0;
  const body = (Array.isArray(modal.components) ? modal.components : []).map(asRaw).flatMap((component): string[] => {
    if (component.type === ComponentType.TextDisplay) return [`<div class="gr-text-display">${markdownHtml(text(component.content) ?? '', markdown)}</div>`];
    const wrapped = component.type === ComponentType.Label ? [{ input: asRaw(component.component), description: text(component.description) }] : (Array.isArray(component.components) ? component.components : []).map((input) => ({ input: asRaw(input), description: null }));
    return wrapped.flatMap(({ input, description }) => {
      const field = fields.get(text(input.custom_id) ?? '');
      return field ? [fieldHtml(input, field, description, index++)] : [];
    });
  });
  const title = text(modal.title) ?? '';
  return (
    `<dialog class="gr-modal"${attribute('data-testid', `modal-${customId}`)} aria-labelledby="gr-modal-title">` +
    `<form class="gr-modal-form" method="dialog" data-action="modal"${attribute('data-custom-id', customId)}>` +
    `<header class="gr-modal-header"><h2 class="gr-modal-title" id="gr-modal-title">${escapeHtml(title)}</h2></header>` +
    `<div class="gr-modal-body">${body.join('')}</div>` +
    `<div class="gr-modal-error" data-role="modal-error" role="alert" hidden></div>` +
    `<footer class="gr-modal-footer"><button type="button" class="gr-button gr-button--link-style" data-role="modal-cancel">Cancel</button><button type="submit" class="gr-button gr-button--primary" data-role="modal-submit">Submit</button></footer>` +
    `</form></dialog>`
  );
}
