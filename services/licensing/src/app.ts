import { defineService, startRetention } from '@sinergi/service-kit';
import { licensingConfig, type LicensingConfig } from './config.js';
import type { LicensingDB } from './db/schema.js';
import { migrations } from './db/migrations.js';
import { applicationRoutes } from './applications/routes.js';
import { permitTypeRoutes } from './permit-types/routes.js';
import { seedDemoPermitTypes } from './permit-types/seed.js';
import { pageRoutes } from './pages/routes.js';
import { permitRoutes } from './permits/routes.js';
import { PermitsService } from './permits/service.js';
import { KeyRing } from './permits/signing.js';
import { startDeadlineJob } from './deadlines/job.js';
import { P } from './problems.js';
import { ratingInvitationConsumer } from './rating/invitations.js';
import type { Deps } from './context.js';
import { retentionRules } from './privacy/retention.js';
import { dataSubjectRoutes } from './privacy/routes.js';
import { staffPages } from './staff/routes.js';

export const licensing = defineService<LicensingDB, LicensingConfig, Deps>({
  name: 'licensing',
  port: 3002,
  version: '0.1.0',
  description:
    'Perizinan online for a region: permit types with requirement checklists, service standards and fee rules; applications from draft to issued permit with a timeline; the complete-file clock in working days and fiktif positif when it runs out; sequential permit numbers; signed permits (JSON and PDF) with a QR code to public verification.',
  config: licensingConfig,
  migrations,
  problems: P,
  // the signing keys are parsed once: every route, the sweep and issuance share them
  setup: (ctx) => {
    const keys = new KeyRing(ctx.config.PERMIT_SIGNING_KEYS);
    return { keys, permits: new PermitsService(ctx, keys) };
  },
  // official-rating's invitation for a decided application, passed to its applicant only
  consumers: (ctx) => [ratingInvitationConsumer(ctx)],
  background: (ctx, deps) => {
    // retention first: a bad RETENTION_*_DAYS stops the start before any job runs or seeding begins
    const retention = startRetention(ctx, retentionRules);
    const seeding = ctx.config.SEED_DEMO_PERMIT_TYPES
      ? seedDemoPermitTypes(ctx)
          .then((n) => n > 0 && ctx.logger.info({ added: n }, 'demo permit types loaded'))
          .catch((err) => ctx.logger.error({ err }, 'loading the demo permit types failed'))
      : Promise.resolve();
    return [retention, startDeadlineJob(ctx, deps, ctx.config.DEADLINE_SCAN_MS), async () => void (await seeding)];
  },
  routes(app, ctx, deps) {
    permitTypeRoutes(app, ctx);
    applicationRoutes(app, ctx, deps);
    permitRoutes(app, ctx, deps);
    pageRoutes(app, ctx, deps);
    dataSubjectRoutes(app, ctx);
    staffPages(app, ctx, deps);
  },
});
