import { escapeUserText } from '../../../core/user-text.js';

/** User text quoted back: escaped like every echo (renders literally, never pings), cut to 80 characters. */
export function quoteUserText(text: string): string {
  return `“${escapeUserText(text, 80)}”`;
}
