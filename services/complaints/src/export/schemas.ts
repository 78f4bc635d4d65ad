import { z } from 'zod';

export const ExportQuery = z.object({
  from: z.iso
    .date({ error: 'must be a date YYYY-MM-DD' })
    .optional()
    .describe('First day of submission (the region’s local date), inclusive; default: 29 days before `to`'),
  to: z.iso
    .date({ error: 'must be a date YYYY-MM-DD' })
    .optional()
    .describe(
      'Last day of submission, inclusive; default: today in the region, or 29 days after `from` when that is earlier',
    ),
  delimiter: z
    .enum(['comma', 'semicolon'])
    .default('comma')
    .describe('comma (RFC 4180) or semicolon (Excel with Indonesian regional settings)'),
});
