import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../src/values/csv.js';

describe('parseCsv', () => {
  it('splits plain rows and ignores a final line break', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('handles CRLF, empty fields and a byte order mark', () => {
    expect(parseCsv('\uFEFFa,,c\r\n,2,\r\n')).toEqual([
      ['a', '', 'c'],
      ['', '2', ''],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks (RFC 4180)', () => {
    expect(parseCsv('x,"Kota, ""Baru""","two\nlines"\n')).toEqual([['x', 'Kota, "Baru"', 'two\nlines']]);
  });

  it('keeps a quote inside an unquoted field literally, as in idn-area-data villages', () => {
    expect(parseCsv('35.13.15.2017,35.13.15,Soka"an\n')).toEqual([['35.13.15.2017', '35.13.15', 'Soka"an']]);
  });

  it('rejects an unterminated quoted field', () => {
    expect(() => parseCsv('a,"open\n')).toThrow(/quoted field/);
  });

  it('maps records by header and rejects ragged rows', () => {
    expect(parseCsvRecords('code,name\n32,JAWA BARAT\n\n')).toEqual([{ code: '32', name: 'JAWA BARAT' }]);
    expect(() => parseCsvRecords('code,name\n32\n')).toThrow(/row 2 has 1 fields, expected 2/);
  });
});
