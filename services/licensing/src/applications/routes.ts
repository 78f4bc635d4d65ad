import type { App } from '@sinergi/service-kit';
import type { Ctx, Deps } from '../context.js';
import { applicantRoutes } from './applicant-routes.js';
import { integratorRoutes } from './integrator-routes.js';
import { staffRoutes } from './staff-routes.js';

/** Every application route, by audience; each file holds one audience's routes. */
export function applicationRoutes(app: App, ctx: Ctx, deps: Deps): void {
  applicantRoutes(app, ctx, deps);
  staffRoutes(app, ctx, deps);
  integratorRoutes(app, ctx, deps);
}
