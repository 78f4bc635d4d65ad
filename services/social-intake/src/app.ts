import { defineService, startRetention } from '@sinergi/service-kit';
import { socialIntakeConfig, type SocialIntakeConfig } from './config.js';
import type { Deps } from './context.js';
import { migrations } from './db/migrations.js';
import type { SocialIntakeDB } from './db/schema.js';
import { Intake } from './posts/intake.js';
import { P } from './problems.js';
import { retentionRules } from './privacy/retention.js';
import { dataSubjectRoutes } from './privacy/routes.js';
import { replyConsumer } from './replies/consumer.js';
import { ratingInvitationConsumer } from './replies/rating-consumer.js';
import { startReplySender } from './replies/sender.js';
import { lookupRoutes } from './staff/lookup-routes.js';
import { outboundRoutes } from './staff/outbound-routes.js';
import { staffRoutes } from './staff/routes.js';
import { webhookRoutes } from './webhooks/routes.js';

export const socialIntake = defineService<SocialIntakeDB, SocialIntakeConfig, Deps>({
  name: 'social-intake',
  port: 3004,
  version: '0.1.0',
  description:
    'Posts and messages sent to each department’s accounts on Facebook, Instagram, WhatsApp, X and Telegram: verified webhooks, Indonesian complaint triage, hand-over to complaints.',
  config: socialIntakeConfig,
  migrations,
  problems: P,
  setup: (ctx) => ({ intake: new Intake(ctx) }),
  // one consumer per producing stream and filter subject (NATS 2.9 allows one filter per consumer)
  consumers: (ctx) => [replyConsumer(ctx), ratingInvitationConsumer(ctx)],
  // retention first: a bad RETENTION_*_DAYS stops the start before any job runs
  background: (ctx) => [startRetention(ctx, retentionRules), startReplySender(ctx)],
  routes(app, ctx, deps) {
    webhookRoutes(app, ctx, deps.intake);
    staffRoutes(app, ctx);
    outboundRoutes(app, ctx);
    lookupRoutes(app, ctx);
    dataSubjectRoutes(app, ctx);
  },
});
