import { describe, expect, it } from 'vitest';
import { isNegative, publicCommentText, redactOfficialNames } from '../../src/comments/text.js';
import { hashToken, newToken, normalizeToken } from '../../src/invitations/tokens.js';

const camat = { name: 'Drs. H. Bambang Sutisna, M.Si.', jobTitle: 'Camat Coblong' };
const sekcam = { name: 'Wulan Permatasari, S.Sos.', jobTitle: 'Sekretaris Kecamatan Coblong' };

describe('officials in negative comments are named by job title only', () => {
  it('replaces the full name with titles, a part of it, or a run of parts', () => {
    expect(redactOfficialNames('Drs. H. Bambang Sutisna, M.Si. tidak pernah ada di kantor', [camat])).toBe(
      'Camat Coblong tidak pernah ada di kantor',
    );
    expect(redactOfficialNames('pak bambang sutisna lambat', [camat])).toBe('pak Camat Coblong lambat');
    expect(redactOfficialNames('Pak Sutisna marah-marah, bu Wulan juga', [camat, sekcam])).toBe(
      'Pak Camat Coblong marah-marah, bu Sekretaris Kecamatan Coblong juga',
    );
  });

  it('names starting with S or M are names, not degrees; old spellings and hidden characters do not get through', () => {
    const siti = { name: 'Siti Aminah', jobTitle: 'Lurah Dago' };
    const maya = { name: 'Maya Sari, S.E.', jobTitle: 'Kepala Seksi Pelayanan' };
    const made = { name: 'I Made Surya', jobTitle: 'Camat Andir' };
    expect(redactOfficialNames('Bu Siti kasar sekali', [siti])).toBe('Bu Lurah Dago kasar sekali');
    expect(redactOfficialNames('Maya Sari, S.E. tidak di tempat', [maya])).toBe(
      'Kepala Seksi Pelayanan tidak di tempat',
    );
    expect(redactOfficialNames('Pak Made tidur', [made])).toBe('Pak Camat Andir tidur');
    expect(redactOfficialNames('Pak Soetisna lambat', [camat])).toBe('Pak Camat Coblong lambat');
    expect(redactOfficialNames('Pak Bam\u200bbang lambat', [camat])).toBe('Pak Camat Coblong lambat');
  });

  it('one part of a name alone is a word, not the name: "pelayanan bagus" stays', () => {
    const officials = [
      { name: 'Bagus Santoso', jobTitle: 'Lurah Dago' },
      { name: 'Indah Permata Sari', jobTitle: 'Camat X' },
    ];
    expect(redactOfficialNames('Pelayanan bagus, tempatnya indah dan sari buahnya enak', officials)).toBe(
      'Pelayanan bagus, tempatnya indah dan sari buahnya enak',
    );
    expect(redactOfficialNames('Pak Bagus lambat, Bu Indah Permata ramah', officials)).toBe(
      'Pak Lurah Dago lambat, Bu Camat X ramah',
    );
  });

  it('a job title with replacement patterns never brings the name back', () => {
    expect(redactOfficialNames('Pak Bambang lambat', [{ name: camat.name, jobTitle: "Camat $& $` $'" }])).toBe(
      "Pak Camat $& $` $' lambat",
    );
  });

  it('leaves other words alone, including ones that contain a name', () => {
    expect(redactOfficialNames('Bambangan dan Sutisnawati bukan pejabat', [camat])).toBe(
      'Bambangan dan Sutisnawati bukan pejabat',
    );
  });

  it('public text is masked and names officials by job title, whatever the rating', () => {
    const text = 'Pak Bambang ramah, tapi Bu Wulan minta uang, hubungi saya 081234567890';
    expect(publicCommentText(text, [camat, sekcam])).toBe(
      'Pak Camat Coblong ramah, tapi Bu Sekretaris Kecamatan Coblong minta uang, hubungi saya +62*********90',
    );
  });

  it('negative means 1-2 stars, or an SKM mean below 2.60 whatever the stars', () => {
    const good = [3, 3, 3, 3, 3, 3, 3, 3, 3];
    const poor = [2, 2, 3, 2, 3, 3, 2, 3, 3]; // 23/9 = 2.56
    expect(isNegative(2, good)).toBe(true);
    expect(isNegative(3, poor)).toBe(true);
    expect(isNegative(5, good)).toBe(false);
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
