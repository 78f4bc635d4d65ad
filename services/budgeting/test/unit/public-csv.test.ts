import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/public/csv.js';

describe('public CSV cells', () => {
  it('quote separators, quotes and line breaks (RFC 4180, CRLF)', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines'])).toBe('a,"b,c","say ""hi""","two\nlines"\r\n');
  });
  it('defuse what a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const c of ['+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(c).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('Jl. Soekarno-Hatta')).toBe('Jl. Soekarno-Hatta');
  });
});
