/*
 * The respondent profile of the SKM questionnaire (PermenPANRB 14/2017: sex, age, education,
 * occupation), every part optional for the respondent, and its publication in aggregate only.
 *
 * Counts are published per attribute (never crossed with each other or with the answers), and a
 * cell of 1 to `minimumCell - 1` respondents is suppressed: with sex, age band, education and
 * occupation together a desk officer could otherwise single out the one "P, 60+, S2" visitor.
 * When an attribute would show exactly one suppressed cell, the respondent total (public in the
 * IKM) minus the others would give it back, so the next smallest cell is suppressed too.
 */

export const PROFILE_OPTIONS = {
  sex: [
    { code: 'L', label: 'Laki-laki' },
    { code: 'P', label: 'Perempuan' },
  ],
  ageBand: [
    { code: 'sampai-19', label: '19 tahun ke bawah' },
    { code: '20-29', label: '20-29 tahun' },
    { code: '30-39', label: '30-39 tahun' },
    { code: '40-49', label: '40-49 tahun' },
    { code: '50-59', label: '50-59 tahun' },
    { code: '60-ke-atas', label: '60 tahun ke atas' },
  ],
  education: [
    { code: 'sd', label: 'SD ke bawah' },
    { code: 'smp', label: 'SMP' },
    { code: 'sma', label: 'SMA/SMK' },
    { code: 'diploma', label: 'D1/D2/D3/D4' },
    { code: 's1', label: 'S1' },
    { code: 's2-ke-atas', label: 'S2 ke atas' },
  ],
  occupation: [
    { code: 'pns', label: 'PNS' },
    { code: 'tni', label: 'TNI' },
    { code: 'polri', label: 'Polri' },
    { code: 'swasta', label: 'Pegawai swasta' },
    { code: 'wirausaha', label: 'Wirausaha' },
    { code: 'lainnya', label: 'Lainnya' },
  ],
} as const;

export type ProfileAttribute = keyof typeof PROFILE_OPTIONS;
export const PROFILE_ATTRIBUTES = Object.keys(PROFILE_OPTIONS) as ProfileAttribute[];

/** The database column of each attribute. */
export const PROFILE_COLUMNS = {
  sex: 'sex',
  ageBand: 'age_band',
  education: 'education',
  occupation: 'occupation',
} as const satisfies Record<ProfileAttribute, string>;

export const PROFILE_LABELS: Record<ProfileAttribute, string> = {
  sex: 'Jenis kelamin',
  ageBand: 'Usia',
  education: 'Pendidikan terakhir',
  occupation: 'Pekerjaan utama',
};

/** The respondent's profile as given; a missing part was not answered. */
export type RespondentProfile = Partial<Record<ProfileAttribute, string>>;

/** The rating row's profile columns; what the respondent left empty is null. */
export function profileColumns(p: RespondentProfile | undefined) {
  return {
    sex: p?.sex ?? null,
    age_band: p?.ageBand ?? null,
    education: p?.education ?? null,
    occupation: p?.occupation ?? null,
  };
}

/** One published cell: the count, or null with `suppressed` when it is too small to publish. */
export interface ProfileCell {
  code: string;
  label: string;
  count: number | null;
  suppressed: boolean;
}

/** `not-given` counts the respondents who left the attribute empty (a cell like any other). */
export const NOT_GIVEN = { code: 'tidak-diisi', label: 'Tidak diisi' } as const;

/**
 * The published cells of one attribute from the raw counts by code (null = not given). Zero
 * cells are shown as 0: nobody is in them to single out. When all respondents together are fewer
 * than `minimumCell`, every cell is suppressed, zeros too ("nobody is L" of 3 says all 3 are P).
 */
export function publishAttribute(
  attribute: ProfileAttribute,
  counts: ReadonlyMap<string | null, number>,
  minimumCell: number,
): ProfileCell[] {
  const total = [...counts.values()].reduce((a, n) => a + n, 0);
  const cells = [...PROFILE_OPTIONS[attribute], NOT_GIVEN].map((o) => {
    const count = counts.get(o.code === NOT_GIVEN.code ? null : o.code) ?? 0;
    const tooSmall = total < minimumCell || (count > 0 && count < minimumCell);
    return { code: o.code, label: o.label, raw: count, suppressed: tooSmall };
  });
  if (cells.filter((c) => c.suppressed).length === 1) {
    // the total minus the published cells would reveal the single suppressed one
    const next = cells.filter((c) => !c.suppressed && c.raw > 0).sort((a, b) => a.raw - b.raw)[0];
    if (next) next.suppressed = true;
  }
  return cells.map((c) => ({
    code: c.code,
    label: c.label,
    count: c.suppressed ? null : c.raw,
    suppressed: c.suppressed,
  }));
}
