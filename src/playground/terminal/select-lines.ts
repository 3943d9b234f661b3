import { selectPieces, type FormField } from '../session/form.js';
import { displayWidth } from './wrap.js';

/** The same, wrapped to `width` columns between choices (never inside one), continuation lines indented further. */
export function selectLines(field: FormField, width: number, indent = '  '): string[] {
  const hang = `${indent}  `;
  const lines: string[] = [];
  let current = '';
  for (const piece of selectPieces(field)) {
    if (current === '') current = indent + piece;
    else if (displayWidth(`${current} · ${piece}`) > width) {
      lines.push(`${current} ·`);
      current = hang + piece;
    } else current = `${current} · ${piece}`;
  }
  return [...lines, current];
}

