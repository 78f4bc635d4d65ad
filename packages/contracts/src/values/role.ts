import { z } from 'zod';

/**
 * Roles across services. `tapd`: the regional budget team (Tim Anggaran Pemerintah Daerah).
 * `unit-head`: head of a work unit (kepala dinas/badan, camat, lurah). `integrator`: another system.
 */
export const ROLES = ['admin', 'tapd', 'officer', 'unit-head', 'auditor', 'integrator', 'citizen'] as const;
export const Role = z.enum(ROLES, {
  error: (iss) => `role must be one of ${ROLES.join(', ')}; got ${JSON.stringify(iss.input)}`,
});
export type Role = z.infer<typeof Role>;
