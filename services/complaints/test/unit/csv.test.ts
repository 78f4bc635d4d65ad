/** CSV cells of the export: RFC 4180 quoting, formula defusing, local times. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, guardFormula, localIso } from '../../src/export/csv.js';

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
  it('writes instants in the region’s time zone with its offset', () => {
    expect(localIso(new Date('2024-06-03T02:15:00Z'), 'Asia/Jakarta')).toBe('2024-06-03T09:15:00+07:00');
    expect(localIso(new Date('2024-06-03T20:00:00Z'), 'Asia/Jayapura')).toBe('2024-06-04T05:00:00+09:00');
    expect(localIso(null, 'Asia/Jakarta')).toBeNull();
  });
});
