import { defineService } from '@sinergi/service-kit';
import { complaintsConfig, type ComplaintsConfig } from './config.js';
import type { ComplaintsDB } from './db/schema.js';
import { migrations } from './db/migrations.js';
import { reportRoutes } from './reports/routes.js';
import { open311Routes } from './open311/routes.js';
import { publicRoutes } from './public/routes.js';
import { exportRoutes } from './export/routes.js';
import { ReportsService } from './reports/service.js';
import { startDeadlineJob } from './deadlines/job.js';
import { socialIntakeConsumer } from './intake/consumer.js';
import { ratingInvitationConsumer } from './rating/consumer.js';

export const complaints = defineService<ComplaintsDB, ComplaintsConfig>({
  name: 'complaints',
  port: 3003,
  version: '0.1.0',
  description:
    'LAPOR!-style complaint handling for a region: reports from web, SMS, social media and Open311 apps; verification and disposition to the responsible unit; statutory deadlines in working days; privacy (anonim, rahasia) on every read path; public tracking and statistics.',
  config: complaintsConfig,
  migrations,
  // one consumer per event type: NATS 2.9 allows one filter subject per durable consumer
  consumers: (ctx) => [socialIntakeConsumer(ctx, new ReportsService(ctx)), ratingInvitationConsumer(ctx)],
  background: (ctx) => [startDeadlineJob(ctx, new ReportsService(ctx), ctx.config.DEADLINE_SCAN_MS)],
  routes(app, ctx) {
    const reports = new ReportsService(ctx);
    reportRoutes(app, ctx, reports);
    open311Routes(app, ctx, reports);
    publicRoutes(app, ctx);
    exportRoutes(app, ctx);
  },
});
