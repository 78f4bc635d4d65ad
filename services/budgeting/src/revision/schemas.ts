import { z } from 'zod';
import { Rupiah } from '@sinergi/contracts';
import { SHIFT_KINDS } from '@sinergi/contracts';
import { LineItemBody, UnitBudgetParams } from '../schemas.js';

const reason = z.string().trim().min(1).max(2000);
const ShiftLine = LineItemBody.omit({ reason: true });

export const ShiftBody = z.strictObject({
  kind: z
    .enum(SHIFT_KINDS)
    .describe(
      'within-account (the unit head approves), between-accounts or between-sub-activities (TAPD approves); it must match the changes',
    ),
  reason,
  changes: z
    .array(
      z.union([
        z.strictObject({ lineItemId: z.uuid(), cut: z.literal(true) }),
        z.strictObject({ lineItemId: z.uuid(), line: ShiftLine }),
        z.strictObject({ line: ShiftLine }),
      ]),
    )
    .min(1)
    .max(200)
    .describe("A line's new values (same sub-activity and account), its cut, or a new line; they must balance"),
});
export const ShiftParams = UnitBudgetParams.extend({ id: z.uuid() });
export const DecisionBody = z.strictObject({ reason: z.string().trim().max(2000).optional() }).default({});
export const CutBody = z.strictObject({ reason });
export const RevisedCeilingBody = z.strictObject({ pagu: Rupiah });

const Money = z.string();
const Triple = z.object({ murni: Money, revised: Money, difference: Money });
const Amounts = z.object({ volume: z.string(), unitPrice: Money, total: Money });
export const RevisedDpaOut = z.object({
  year: z.number(),
  unit: z.string(),
  status: z.string(),
  revised: z.boolean().describe('Whether a shift or the DPPA has changed the DPA since it was locked'),
  apbdP: z.string().nullable().describe("The unit's APBD-P status, or null when none was opened"),
  pagu: Triple,
  total: Triple,
  subActivities: z.array(z.object({ code: z.string(), pagu: Triple, total: Triple })),
  lineItems: z.array(
    z.object({
      id: z.string(),
      subActivity: z.string(),
      account: z.string(),
      componentName: z.string(),
      specification: z.string(),
      unitOfMeasure: z.string(),
      murni: Amounts,
      revised: Amounts,
      difference: Money,
    }),
  ),
});
