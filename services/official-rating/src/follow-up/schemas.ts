/** The follow-up plan (rencana tindak lanjut) of PermenPANRB 14/2017: request and response schemas. */
import { SKM_ELEMENTS, SkmElement } from '@sinergi/contracts';
import { z } from 'zod';

const FollowUpItem = z.object({
  element: SkmElement.describe(`The SKM element the action improves, one of ${SKM_ELEMENTS.join(', ')}`),
  action: z.string().trim().min(3, 'say what will be done').max(500).describe('Program or activity (program/kegiatan)'),
  when: z.string().trim().min(2).max(80).describe('When, e.g. "Triwulan II 2027" (waktu)'),
  responsible: z
    .string()
    .trim()
    .min(2)
    .max(120)
    .describe('Who is responsible, by job title (penanggung jawab), e.g. "Kepala Bidang Pelayanan"'),
});

export const FollowUpBody = z.object({ items: z.array(FollowUpItem).min(1).max(20) });

export const FollowUpOut = z.object({
  period: z.string(),
  items: z.array(FollowUpItem),
  updatedAt: z.date(),
  revisions: z.number().int().describe('How many times the plan was set for this period'),
});

export const FollowUpHistory = z.object({
  unit: z.string(),
  period: z.string(),
  versions: z.array(
    z.object({ items: z.array(FollowUpItem), setBy: z.string(), setAt: z.date() }).describe('Newest first'),
  ),
});

export type FollowUpItem = z.infer<typeof FollowUpItem>;
