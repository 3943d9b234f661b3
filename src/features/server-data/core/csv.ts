/**
 * CSV as spreadsheets read it (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, a quote, a line break or edge whitespace, quotes doubled inside. The text starts with a UTF-8 byte
 * order mark so that Excel reads non-ASCII names and notes correctly.
 */

/** One cell: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null;

export interface CsvTable {
  columns: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

export const byteOrderMark = '\uFEFF';

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP's list, plus their full-width forms,
 * which some spreadsheets also accept). Notes and names are user text, so a leading one is neutralised.
 */
const formulaTriggers: ReadonlySet<string> = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * Text that a spreadsheet would run as a formula gets a leading apostrophe (shown as text, not evaluated).
 * Leading whitespace does not hide a trigger: " =1+1" is neutralised too.
 */
export function neutraliseFormula(text: string): string {
  const first = text[0];
  const firstVisible = text.trimStart()[0];
  const isFormula = (first !== undefined && formulaTriggers.has(first)) || (firstVisible !== undefined && formulaTriggers.has(firstVisible));
  return isFormula ? `'${text}` : text;
}

const needsQuoting = /[",\r\n]|^\s|\s$/;

/** One field: text neutralised and quoted as needed; numbers as plain decimals (never neutralised: -1 is a number). */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : neutraliseFormula(cell);
  return needsQuoting.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** The whole file: byte order mark, header row, one line per row, each line ended by CRLF. */
export function csvText(table: CsvTable): string {
  for (const [index, row] of table.rows.entries()) {
    if (row.length !== table.columns.length) throw new Error(`CSV row ${index} has ${row.length} cells for ${table.columns.length} columns`);
  }
  return byteOrderMark + [table.columns, ...table.rows].map((cells) => `${csvRow(cells)}\r\n`).join('');
}

/**
 * Reads CSV text back into rows of fields (RFC 4180; a leading byte order mark is skipped; CRLF or LF line
 * ends). Strict: a stray quote or an unterminated quoted field is an error, not a guess.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(byteOrderMark) ? text.slice(byteOrderMark.length) : text;
  const rows: string[][] = [];
  if (input.length === 0) return rows;
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (input[i] === '"') {
      i++;
      for (;;) {
        if (i >= input.length) throw new Error('CSV: a quoted field is not closed');
        if (input[i] === '"') {
          if (input[i + 1] !== '"') break;
          field += '"';
          i += 2;
        } else {
          field += input[i];
          i++;
        }
      }
      i++;
    } else {
      while (i < input.length && input[i] !== ',' && input[i] !== '\r' && input[i] !== '\n') {
        if (input[i] === '"') throw new Error(`CSV: a quote inside an unquoted field at ${i}`);
        field += input[i];
        i++;
      }
    }
    row.push(field);
    if (i >= input.length) {
      rows.push(row);
      return rows;
    }
    if (input[i] === ',') {
      i++;
      continue;
    }
    if (input[i] === '\r' && input[i + 1] === '\n') i += 2;
    else if (input[i] === '\n') i++;
    else throw new Error(`CSV: unexpected character after a field at ${i}`);
    rows.push(row);
    row = [];
    if (i >= input.length) return rows;
  }
}
