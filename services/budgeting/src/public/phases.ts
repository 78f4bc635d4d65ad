/**
 * The three figures open data shows side by side for every line: murni (the original approved
 * APBD), revised (after budget shifts and the APBD-P) and realized (recorded spending).
 *
 * Murni comes from the snapshot a unit's first revision takes (`line_murni`, src/revision/murni.ts),
 * or is the line in force for a unit never revised; revised is the line in force.
 */
export interface PhaseFigures {
  murni: bigint;
  revised: bigint;
  realized: bigint;
}

/** Phase names in the Fiscal Data Package (`phase:id`): approved = murni, adjusted = revised, executed = realized. */
export const FDP_PHASES = [
  ['approved', 'murni'],
  ['adjusted', 'revised'],
  ['executed', 'realized'],
] as const satisfies readonly (readonly [string, keyof PhaseFigures])[];
