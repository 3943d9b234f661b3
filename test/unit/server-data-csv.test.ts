import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteOrderMark, csvField, csvRow, csvText, neutraliseFormula, parseCsv, type CsvCell } from '../../src/features/server-data/core/csv.js';

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line 1\nline 2', '"line 1\nline 2"'],
    ['line 1\r\nline 2', '"line 1\r\nline 2"'],
    [' padded ', '" padded "'],
    ['trailing ', '"trailing "'],
  ])('quotes %j as %j', (text, expected) => {
    expect(csvField(text)).toBe(expected);
  });

  it('writes null as an empty field and numbers as plain decimals', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(5)).toBe('5');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    // A number is data, never a formula: -3 stays -3.
    expect(csvField(-3)).toBe('-3');
  });

  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\r=1', '"\'\r=1"'],
    ['  =HYPERLINK("http://x")', '"\'  =HYPERLINK(""http://x"")"'],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['=A1,"x"\n', '"\'=A1,""x""\n"'],
  ])('neutralises the formula %j as %j', (text, expected) => {
    expect(csvField(text)).toBe(expected);
  });

  it.each(['a=b', 'ch 5', '5/24', "it's", '100%', 'x-y', 'email@example.com', '😀 =1'])('leaves %j alone', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
    expect(csvField(text)).toBe(text);
  });

  it('keeps unicode as it is: emoji, CJK, right-to-left and combining marks', () => {
    const texts = ['📚 Fluent Python', '流畅的Python', 'بايثون', 'e\u0301te\u0301', '👩‍👩‍👧 family'];
    expect(texts.map(csvField)).toEqual(texts);
    expect(csvRow(texts)).toBe(texts.join(','));
  });
});

describe('CSV files', () => {
  it('starts with a byte order mark, ends every line with CRLF, header first', () => {
    const text = csvText({ columns: ['id', 'note'], rows: [[1, 'hello, world'], [2, null]] });
    expect(text).toBe(`${byteOrderMark}id,note\r\n1,"hello, world"\r\n2,\r\n`);
    expect([...Buffer.from(text, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('writes an empty table as its header only', () => {
    expect(csvText({ columns: ['group_id', 'name'], rows: [] })).toBe(`${byteOrderMark}group_id,name\r\n`);
    expect(parseCsv(csvText({ columns: ['group_id', 'name'], rows: [] }))).toEqual([['group_id', 'name']]);
  });

  it('refuses a row with the wrong number of cells', () => {
    expect(() => csvText({ columns: ['a', 'b'], rows: [['only one']] })).toThrow(/row 0 has 1 cells for 2 columns/);
  });

  it('reads back exactly what it wrote, for any text (formulas neutralised)', () => {
    const special = fc.constantFrom(',', '"', '\r', '\n', '\r\n', ' ', '\t', '=', '+', '-', '@', "'", 'a', 'é', '😀', '\uFF1D');
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: special }));
    const cell: fc.Arbitrary<CsvCell> = fc.oneof(text, fc.constant(null), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((width) => fc.tuple(fc.constant(width), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 6 }))), ([width, rows]) => {
        const columns = Array.from({ length: width }, (_, i) => `c${i}`);
        const expected = rows.map((row) => row.map((value) => (value === null ? '' : typeof value === 'number' ? String(value) : neutraliseFormula(value))));
        expect(parseCsv(csvText({ columns, rows }))).toEqual([columns, ...expected]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading CSV back', () => {
  it('handles quoted line breaks, doubled quotes, empty fields and LF line ends', () => {
    expect(parseCsv('a,"b\r\nc",""\r\n"x""y",,z\n')).toEqual([
      ['a', 'b\r\nc', ''],
      ['x"y', '', 'z'],
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('single')).toEqual([['single']]);
  });

  it('is strict about malformed input', () => {
    expect(() => parseCsv('"open')).toThrow(/not closed/);
    expect(() => parseCsv('a"b')).toThrow(/quote inside an unquoted field/);
    expect(() => parseCsv('"a"b')).toThrow(/unexpected character/);
  });
});
