/**
 * No wrong door: a report that is not our authority (bukan wewenang) names where it went, another
 * unit of the region, another region of the directory, or a named agency, so its reporter can be
 * told and the timeline shows the hand-over (SP4N handles complaints in tiers and forwards what is
 * not an agency's authority; see the README).
 */
import { maskPersonalData, type HandOverDestination } from '@sinergi/contracts';
import { findUnitOrThrow } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import type { ReportRow } from './views.js';

export interface HandOverInput {
  to?: HandOverDestination | undefined;
  /** Before December 2026 a forward named only an agency. */
  forwardedTo?: string | undefined;
}

export interface HandOver {
  to: HandOverDestination;
  /** The destination in words, for the reporter and the timeline. */
  label: string;
}

/** The destination of a hand-over, checked against the directory; 400/422/409 when it names nothing usable. */
export function handOverOf(
  ctx: Ctx,
  c: { tenant: string; report: ReportRow; input: HandOverInput; unitOnly: boolean },
): HandOver {
  const to: HandOverDestination | undefined =
    c.input.to ?? (c.input.forwardedTo ? { kind: 'agency', name: c.input.forwardedTo } : undefined);
  if (!to || (c.unitOnly && to.kind !== 'unit') || (!c.unitOnly && to.kind === 'unit')) {
    throw P.forwarded_to_required('Say where the report went: another unit, another region or a named agency.', {
      errors: [{ in: 'body', field: 'to', message: 'must name a unit, a region of the directory or an agency' }],
    });
  }
  switch (to.kind) {
    case 'unit': {
      const unit = findUnitOrThrow(ctx.region(c.tenant), to.unit, { field: 'to.unit' });
      if (to.unit === c.report.unit) throw P.same_unit(`The report is already with ${to.unit}.`);
      return { to, label: unit.name };
    }
    case 'region': {
      const region = ctx.directory.get(to.region);
      if (!region || to.region === c.tenant) {
        throw P.unknown_region(`Region ${to.region} is not another region of the directory.`, {
          errors: [{ in: 'body', field: 'to.region', message: 'must be another region of the directory' }],
        });
      }
      return { to, label: region.name };
    }
    case 'agency':
      return { to, label: to.name };
  }
}

/** The destination as an event may carry it: an agency's name is free text, so personal data in it is masked. */
export function eventDestination(to: HandOverDestination): HandOverDestination {
  switch (to.kind) {
    case 'unit':
      return { kind: 'unit', unit: to.unit };
    case 'region':
      return { kind: 'region', region: to.region };
    case 'agency':
      return { kind: 'agency', name: maskPersonalData(to.name) };
  }
}

/** What the report row keeps: the destination and its name at the time of the hand-over. */
export type StoredHandOver = HandOverDestination & { label: string };
export const storedHandOver = (h: HandOver): string => JSON.stringify({ ...h.to, label: h.label });

/** The timeline note of a hand-over: where it went, then the admin's own words. */
export const handOverNote = (h: HandOver, note: string | undefined) =>
  `Bukan wewenang: diserahkan ke ${h.label}${note ? `. ${note}` : ''}`;
