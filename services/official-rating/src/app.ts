import { defineService } from '@sinergi/service-kit';
import { officialRatingConfig, type OfficialRatingConfig } from './config.js';
import type { OfficialRatingDB } from './db/schema.js';
import { migrations } from './db/migrations.js';
import { complaintsConsumer, licensingConsumer } from './invitations/consumers.js';
import { publicRoutes } from './public/routes.js';
import { staffRoutes } from './staff/routes.js';
import { formRoutes } from './form/routes.js';
import { startIndexRefresh } from './skm/refresh.js';

export const officialRating = defineService<OfficialRatingDB, OfficialRatingConfig>({
  name: 'official-rating',
  port: 3005,
  version: '0.1.0',
  description:
    'Citizens rate units and officials after real transactions: single-use invitations from closed complaints, decided permits and service counters; the SKM questionnaire and the IKM per unit exactly per PermenPANRB 14/2017 with the minimum-sample check; report cards for officials; comments with public replies and audited moderation.',
  config: officialRatingConfig,
  migrations,
  consumers: (ctx) => [complaintsConsumer(ctx), licensingConsumer(ctx)],
  background: (ctx) => [startIndexRefresh(ctx, ctx.config.INDEX_REFRESH_MS)],
  routes(app, ctx) {
    publicRoutes(app, ctx);
    staffRoutes(app, ctx);
    formRoutes(app, ctx);
  },
});
