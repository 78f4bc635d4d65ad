/** Report-card configuration per tenant; Bandung's dimensions until a region sets its own. */
import { z } from 'zod';
import { Slug } from '@sinergi/contracts';
import type { Trx } from '../db/schema.js';
import { BANDUNG_REPORT_CARD, type ReportCardConfig } from './score.js';

export const ReportCardConfigBody = z.object({
  dimensions: z
    .array(
      z.object({
        key: Slug,
        label: z.string().trim().min(1).max(80),
        weight: z.number().int().min(1).max(100),
      }),
    )
    .max(12),
  bands: z.object({
    yellowFrom: z.number().min(1).max(5),
    greenFrom: z.number().min(1).max(5),
  }),
  minimumRatings: z.number().int().min(0).max(1000),
});

export async function reportCardConfig(trx: Trx): Promise<ReportCardConfig & { custom: boolean }> {
  const row = await trx.selectFrom('report_card_config').select('config').executeTakeFirst();
  if (!row) return { ...BANDUNG_REPORT_CARD, custom: false };
  return { ...ReportCardConfigBody.parse(row.config), custom: true };
}

export async function saveReportCardConfig(trx: Trx, s: { tenant: string; config: ReportCardConfig; by: string }): Promise<void> {
  const { tenant, by: actor } = s;
  const json = JSON.stringify(s.config);
  await trx
    .insertInto('report_card_config')
    .values({ tenant_id: tenant, config: json, updated_by: actor })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ config: json, updated_by: actor, updated_at: new Date() }))
    .execute();
}
