/**
 * IKM results: the nine element totals are summed by PostgreSQL (repository.ts), and the exact
 * formula runs on those integers.
 */
import { findUnit, SKM_ELEMENTS, type RegionProfile } from '@sinergi/contracts';
import type { Trx } from '../db/schema.js';
import { ikmFromTotals, type ElementTotal, type IkmResult } from './ikm.js';
import { periodRange } from './period.js';
import { ELEMENT_LABELS } from './questionnaire.js';
import { serviceTypeNames } from '../invitations/repository.js';
import { elementTotals, serviceUsers, type ServiceUsers } from './repository.js';
import { belowMinimumSample, minimumSample } from './sample.js';

export interface IkmSummary {
  ikm: number | null;
  band: IkmResult['band'] | null;
  performance: IkmResult['performance'] | null;
  /** Mean of all answers on the 1-4 scale (nilai persepsi). */
  mean: number | null;
  respondents: number;
}

export function summarize(
  respondents: number,
  totals: readonly ElementTotal[] | undefined,
): IkmSummary & { result: IkmResult | null } {
  const result = totals ? ikmFromTotals(totals) : null;
  return {
    ikm: result?.ikm ?? null,
    band: result?.band ?? null,
    performance: result?.performance ?? null,
    mean: result ? round4(result.mean) : null,
    respondents,
    result,
  };
}

/**
 * The population N is the largest of what the unit declared, the transactions seen here (invited
 * ones plus paper forms) and the respondents: a declaration can add walk-ins nobody invited, but never shrink N below what the
 * system saw, which would lower the minimum sample and clear the flag.
 */
export function sampleOf(respondents: number, users: ServiceUsers | undefined) {
  const declared = users?.declared ?? -1;
  // a paper form is a service user nobody invited: it adds to the transactions seen here
  const invited = (users?.invited ?? 0) + (users?.paper ?? 0);
  const count = Math.max(declared, invited, respondents);
  const source =
    count === declared
      ? ('declared' as const)
      : count === invited
        ? ('invitations' as const)
        : ('respondents' as const);
  return {
    serviceUsers: count,
    serviceUsersSource: source,
    minimumSample: minimumSample(count),
    belowMinimumSample: belowMinimumSample(respondents, count),
  };
}

/**
 * A unit's IKM for a period with the element breakdown, the sample check and each service type;
 * with `serviceType`, the same for that service type alone.
 */
export async function unitResult(
  trx: Trx,
  q: { profile: RegionProfile; unit: string; period: string; serviceType?: string | undefined },
) {
  const { profile, unit, period, serviceType } = q;
  const { from, to } = periodRange(period, profile.timeZone);
  const groups = await elementTotals(trx, { from, to, groupBy: 'service-type-and-kind', unit, serviceType });
  const byType = new Map<string, { respondents: number; totals: ElementTotal[] }>();
  const byKind = { complaints: 0, licensing: 0, counter: 0, paper: 0 };
  for (const [key, g] of groups) {
    const [type, kind] = key.split(' ') as [string, keyof typeof byKind];
    byType.set(type, byType.has(type) ? mergeTotals([byType.get(type)!, g]) : g);
    byKind[kind] += g.respondents;
  }
  const users = (await serviceUsers(trx, { period, from, to, unit, serviceType })).get(unit);
  const names = await serviceTypeNames(trx);
  const all = mergeTotals([...byType.values()]);
  const overall = summarize(all.respondents, all.respondents ? all.totals : undefined);
  const { result, ...summary } = overall;
  return {
    unit: { code: unit, name: findUnit(profile, unit)?.name ?? unit },
    period,
    serviceType: serviceType ?? null,
    ...summary,
    // a unit rated mostly through its own counter links stands out
    respondentsByKind: byKind,
    ...sampleOf(all.respondents, users),
    elements: SKM_ELEMENTS.map((code, i) => {
      const nrr = result ? result.elements[i]! : null;
      return {
        number: i + 1,
        code,
        label: ELEMENT_LABELS[code].id,
        nrr: nrr === null ? null : round4(nrr),
        weightedNrr: nrr === null ? null : round4(nrr / 9),
      };
    }),
    serviceTypes: [...byType.entries()]
      .map(([serviceType, t]) => {
        const { result: _r, ...s } = summarize(t.respondents, t.totals);
        return { serviceType, name: names.get(serviceType) ?? null, ...s };
      })
      .sort((a, b) => a.serviceType.localeCompare(b.serviceType)),
  };
}

/** Units ranked by IKM for a period; units below their minimum sample are ranked but flagged. */
export async function rankings(trx: Trx, profile: RegionProfile, period: string) {
  const { from, to } = periodRange(period, profile.timeZone);
  const byUnit = await elementTotals(trx, { from, to, groupBy: 'unit' });
  const users = await serviceUsers(trx, { period, from, to });
  const rows = [...byUnit.entries()].map(([unit, t]) => {
    const { result, ...s } = summarize(t.respondents, t.totals);
    return {
      unit: { code: unit, name: findUnit(profile, unit)?.name ?? unit },
      ...s,
      hundredths: result?.hundredths ?? 0,
      ...sampleOf(t.respondents, users.get(unit)),
    };
  });
  rows.sort(
    (a, b) => b.hundredths - a.hundredths || b.respondents - a.respondents || a.unit.code.localeCompare(b.unit.code),
  );
  let rank = 0;
  let previous = -1;
  return rows.map(({ hundredths, ...r }, i) => {
    if (hundredths !== previous) rank = i + 1;
    previous = hundredths;
    return { rank, ...r };
  });
}

function mergeTotals(groups: { respondents: number; totals: ElementTotal[] }[]): {
  respondents: number;
  totals: ElementTotal[];
} {
  return {
    respondents: groups.reduce((a, g) => a + g.respondents, 0),
    totals: SKM_ELEMENTS.map((_, i) => ({
      sum: groups.reduce((a, g) => a + g.totals[i]!.sum, 0n),
      count: groups.reduce((a, g) => a + g.totals[i]!.count, 0n),
    })),
  };
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
