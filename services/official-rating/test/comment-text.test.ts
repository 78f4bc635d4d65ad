import { describe, expect, it } from 'vitest';
import { isNegative, publicCommentText, redactOfficialNames } from '../src/comments/text.js';
import { hashToken, newToken, normalizeToken } from '../src/invitations/tokens.js';

const camat = { name: 'Drs. H. Bambang Sutisna, M.Si.', jobTitle: 'Camat Coblong' };
const sekcam = { name: 'Wulan Permatasari, S.Sos.', jobTitle: 'Sekretaris Kecamatan Coblong' };

describe('officials in negative comments are named by job title only', () => {
  it('replaces the full name with titles, a part of it, or a run of parts', () => {
    expect(redactOfficialNames('Drs. H. Bambang Sutisna, M.Si. tidak pernah ada di kantor', [camat])).toBe('Camat Coblong tidak pernah ada di kantor');
    expect(redactOfficialNames('pak bambang sutisna lambat', [camat])).toBe('pak Camat Coblong lambat');
    expect(redactOfficialNames('Pak Sutisna marah-marah, bu Wulan juga', [camat, sekcam])).toBe('Pak Camat Coblong marah-marah, bu Sekretaris Kecamatan Coblong juga');
  });

  it('leaves other words alone, including ones that contain a name', () => {
    expect(redactOfficialNames('Bambangan dan Sutisnawati bukan pejabat', [camat])).toBe('Bambangan dan Sutisnawati bukan pejabat');
  });

  it('a negative comment is masked and redacted; a positive one only masked', () => {
    const text = 'Pak Bambang minta uang, hubungi saya 081234567890';
    expect(publicCommentText(text, true, [camat])).toBe('Pak Camat Coblong minta uang, hubungi saya +62812****7890');
    expect(publicCommentText(text, false, [camat])).toBe('Pak Bambang minta uang, hubungi saya +62812****7890');
  });

  it('negative means 1-2 stars, or without stars an SKM mean below 2.60', () => {
    const good = [3, 3, 3, 3, 3, 3, 3, 3, 3];
    const poor = [2, 2, 3, 2, 3, 3, 2, 3, 3]; // 23/9 = 2.56
    expect(isNegative(2, good)).toBe(true);
    expect(isNegative(3, poor)).toBe(false);
    expect(isNegative(null, poor)).toBe(true);
    expect(isNegative(null, good)).toBe(false);
  });
});

describe('invitation tokens', () => {
  it('are 32 characters of Crockford base32, different each time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^[0-9A-HJKMNP-TV-Z]{32}$/);
  });

  it('hash the same however they were typed back', () => {
    const t = newToken();
    expect(hashToken(t.toLowerCase())).toBe(hashToken(t));
    expect(hashToken(`${t.slice(0, 8)}-${t.slice(8)}`)).toBe(hashToken(t));
    expect(normalizeToken('o1l-i')).toBe('0111');
    expect(hashToken(t)).not.toBe(hashToken(newToken()));
  });
});
