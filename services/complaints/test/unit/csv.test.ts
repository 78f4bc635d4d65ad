/** CSV cells of the export: RFC 4180 quoting, formula defusing (local times: the kit's localIso). */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, guardFormula } from '../../src/export/csv.js';

describe('CSV cells', () => {
  it('quotes delimiters, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvLine(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });
  it('defuses cells a spreadsheet would run as formulas', () => {
    for (const s of ['=1+1', '+62812', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(guardFormula(s)).toBe(`'${s}`);
    for (const s of ['Jalan = rusak', '62+1', 'a@b.c', '']) expect(guardFormula(s)).toBe(s);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });
});
