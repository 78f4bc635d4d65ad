import { z } from 'zod';

/** A duration in working days (hari kerja), counted in the region's own time zone. */
export const WorkingDays = z
  .number({ error: 'working days must be a whole number from 0 to 365' })
  .int({ error: 'working days must be a whole number from 0 to 365' })
  .min(0, { error: 'working days must be a whole number from 0 to 365' })
  .max(365, { error: 'working days must be a whole number from 0 to 365' });
export type WorkingDays = z.infer<typeof WorkingDays>;
