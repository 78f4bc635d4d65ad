/*
 * The personal data the sweep plants in every free-text field, and how it recognises it again.
 * Values come from the seed, so a replay plants the same ones; they are valid (a Bandung NIK, a
 * Telkomsel number) so no validator throws them away before they can leak.
 */
export interface Planted {
  nik: string;
  phone: string;
  email: string;
  name: string;
}

export function plantedValues(seed: number): Planted {
  const digits = String(Math.abs(seed) % 100_000_000).padStart(8, '0');
  const district = String((Math.abs(seed) % 30) + 1).padStart(2, '0');
  const serial = String((Math.abs(seed) % 9_000) + 1_000);
  return {
    // 32.73 Kota Bandung, a kecamatan, born 12 May 1990, a serial
    nik: `3273${district}120590${serial}`,
    phone: `0812${digits}`,
    email: `warga.${digits}@contoh.id`,
    name: `Sulastri Wiryaningsih${digits.slice(0, 3).replace(/./g, (d) => 'abcdefghij'[Number(d)]!)}`,
  };
}

export interface Sighting {
  what: keyof Planted;
  /** unmasked: the whole value; weak-mask: a masked form keeping more than the last 3 digits. */
  how: 'unmasked' | 'weak-mask';
  excerpt: string;
}

/** The forms a value takes in text: a phone also as +62 / 62 and in JSON escapes nothing changes. */
function needles(p: Planted): Array<[keyof Planted, RegExp]> {
  const national = p.phone.slice(1);
  return [
    ['nik', new RegExp(p.nik)],
    [
      'phone',
      new RegExp(`(?:\\+?62|0)[\\s-]?${national.slice(0, 3)}[\\s-]?${national.slice(3, 7)}[\\s-]?${national.slice(7)}`),
    ],
    ['email', new RegExp(p.email.replace(/\./g, '\\.'), 'i')],
    ['name', new RegExp(p.name.split(' ')[1]!, 'i')],
  ];
}

/** Masked forms that still keep four or more trailing digits (e.g. `+62812****7890`, `************0001`). */
function weakMasks(p: Planted): Array<[keyof Planted, RegExp]> {
  return [
    ['nik', new RegExp(`[*•xX]{3,}${p.nik.slice(-4)}`)],
    ['phone', new RegExp(`[*•xX]{3,}${p.phone.slice(-4)}`)],
  ];
}

export function findPersonal(text: string, p: Planted): Sighting[] {
  const out: Sighting[] = [];
  for (const [what, re] of needles(p)) {
    const m = re.exec(text);
    if (m) out.push({ what, how: 'unmasked', excerpt: around(text, m.index) });
  }
  for (const [what, re] of weakMasks(p)) {
    const m = re.exec(text);
    if (m && !out.some((s) => s.what === what)) out.push({ what, how: 'weak-mask', excerpt: around(text, m.index) });
  }
  return out;
}

/** Whether a request carried any planted value itself (an echo to its own sender is no leak). */
export function carriesPersonal(text: string, p: Planted): boolean {
  return needles(p).some(([, re]) => re.test(text));
}

const around = (text: string, i: number) => text.slice(Math.max(0, i - 60), i + 80);
