import { defineService, startRetention } from '@sinergi/service-kit';
import { complaintsConfig, type ComplaintsConfig } from './config.js';
import type { ComplaintsDB } from './db/schema.js';
import { migrations } from './db/migrations.js';
import { P } from './problems.js';
import { reportRoutes } from './reports/routes.js';
import { open311Routes } from './open311/routes.js';
import { publicRoutes } from './public/routes.js';
import { exportRoutes } from './export/routes.js';
import { pageRoutes } from './pages/routes.js';
import { startDeadlineJob } from './deadlines/job.js';
import { socialIntakeConsumer } from './intake/consumer.js';
import { ratingInvitationConsumer } from './rating/consumer.js';
import { socialSupportConsumer } from './intake/support-consumer.js';
import { retentionRules } from './privacy/retention.js';
import { dataSubjectRoutes } from './privacy/routes.js';
import { staffPages } from './staff/routes.js';

// no `setup`: the use cases are plain functions of `ctx`, so nothing long-lived is built per service
export const complaints = defineService<ComplaintsDB, ComplaintsConfig>({
  name: 'complaints',
  port: 3003,
  version: '0.1.0',
  description:
    'LAPOR!-style complaint handling for a region: reports from web, SMS, social media and Open311 apps; verification and disposition to the responsible unit; statutory deadlines in working days; privacy (anonim, rahasia) on every read path; public tracking and statistics.',
  config: complaintsConfig,
  migrations,
  problems: P,
  // one consumer per event type: NATS 2.9 allows one filter subject per durable consumer
  consumers: (ctx) => [socialIntakeConsumer(ctx), ratingInvitationConsumer(ctx), socialSupportConsumer(ctx)],
  // retention first: a bad RETENTION_*_DAYS stops the start before any job runs
  background: (ctx) => [startRetention(ctx, retentionRules), startDeadlineJob(ctx, ctx.config.DEADLINE_SCAN_MS)],
  routes(app, ctx) {
    reportRoutes(app, ctx);
    open311Routes(app, ctx);
    publicRoutes(app, ctx);
    exportRoutes(app, ctx);
    pageRoutes(app, ctx);
    dataSubjectRoutes(app, ctx);
    staffPages(app, ctx);
  },
});
