import { defineService } from '@sinergi/service-kit';
import { socialIntakeConfig, type SocialIntakeConfig } from './config.js';
import { migrations } from './db/migrations.js';
import type { SocialIntakeDB } from './db/schema.js';
import { Intake } from './posts/intake.js';
import { replyConsumer } from './replies/consumer.js';
import { ratingInvitationConsumer } from './replies/rating-consumer.js';
import { ReplySender } from './replies/sender.js';
import { outboundRoutes } from './staff/outbound-routes.js';
import { staffRoutes } from './staff/routes.js';
import { webhookRoutes } from './webhooks/routes.js';

export const socialIntake = defineService<SocialIntakeDB, SocialIntakeConfig>({
  name: 'social-intake',
  port: 3004,
  version: '0.1.0',
  description:
    'Posts and messages sent to each department’s accounts on Facebook, Instagram, WhatsApp, X and Telegram: verified webhooks, Indonesian complaint triage, hand-over to complaints.',
  config: socialIntakeConfig,
  migrations,
  // one consumer per producing stream and filter subject (NATS 2.9 allows one filter per consumer)
  consumers: (ctx) => [replyConsumer(ctx), ratingInvitationConsumer(ctx)],
  background: (ctx) => [new ReplySender(ctx).start()],
  routes(app, ctx) {
    const intake = new Intake(ctx);
    webhookRoutes(app, ctx, intake);
    staffRoutes(app, ctx, intake);
    outboundRoutes(app, ctx);
  },
});
