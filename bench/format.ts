/** Plain-text tables and number formats for the bench report. */

export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return '–';
  if (us >= 100_000) return `${Math.round(us).toLocaleString('en-US')}`;
  if (us >= 100) return us.toFixed(0);
  if (us >= 10) return us.toFixed(1);
  return us.toFixed(2);
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return ratio >= 100 ? `${Math.round(ratio).toLocaleString('en-US')}×` : `${ratio.toFixed(1)}×`;
}

export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : '–';
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Shows control characters and long strings readably: `"xxxx…" (1,000 chars)`. */
export function describeQuery(query: string, max = 34): string {
  const length = [...query].length;
  const shown = length > max ? `${[...query].slice(0, max - 8).join('')}…" (${length.toLocaleString('en-US')} chars)` : `${query}"`;
  return `"${shown}`;
}

export type Align = 'left' | 'right';

/** A table with a header rule; numeric columns right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths = headers.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))));
  const alignments = align ?? headers.map((_, column) => (column === 0 ? 'left' : 'right'));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => {
        const pad = ' '.repeat(widths[column]! - width(cell));
        return alignments[column] === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(headers), rule, ...rows.map(line)].map((text) => `  ${text}`).join('\n');
}

/** Display width, counting an emoji or other astral character as two columns like most terminals. */
function width(text: string): number {
  let columns = 0;
  for (const char of text) columns += char.codePointAt(0)! > 0xffff ? 2 : 1;
  return columns;
}

export function heading(title: string): string {
  return `\n${title}\n${'='.repeat(title.length)}`;
}
