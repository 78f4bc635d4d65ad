/**
 * The three figures open data shows side by side for every line: murni (the original approved
 * APBD), revised (after budget shifts and the APBD-P) and realized (recorded spending).
 *
 * Until the revision work lands, a line's murni and revised figures are both its approved total;
 * `approvedPhases` is the one place that says so, and the revision's own source (murni and revised
 * totals per line) takes its place without touching the summaries, the CSV or the Data Package.
 */
export interface PhaseFigures {
  murni: bigint;
  revised: bigint;
  realized: bigint;
}

export interface PhaseSource {
  (lines: readonly { id: string; total: bigint }[]): ReadonlyMap<string, { murni: bigint; revised: bigint }>;
}

export const approvedPhases: PhaseSource = (lines) =>
  new Map(lines.map((l) => [l.id, { murni: l.total, revised: l.total }]));

/** Phase names in the Fiscal Data Package (`phase:id`): approved = murni, adjusted = revised, executed = realized. */
export const FDP_PHASES = [
  ['approved', 'murni'],
  ['adjusted', 'revised'],
  ['executed', 'realized'],
] as const satisfies readonly (readonly [string, keyof PhaseFigures])[];
