import { defineService } from '@sinergi/service-kit';
import { commentRoutes } from './comments/routes.js';
import { officialRatingConfig, type OfficialRatingConfig } from './config.js';
import { counterLinkRoutes } from './counter-links/routes.js';
import type { OfficialRatingDB } from './db/schema.js';
import { migrations } from './db/migrations.js';
import { followUpRoutes } from './follow-up/routes.js';
import { formRoutes } from './form/routes.js';
import { ikmPageRoutes } from './pages/routes.js';
import { complaintsConsumer, licensingConsumer } from './invitations/consumers.js';
import { paperRoutes } from './paper/routes.js';
import { P } from './problems.js';
import { ratingRoutes } from './ratings/routes.js';
import { reportCardRoutes } from './report-cards/routes.js';
import { startIndexRefresh } from './skm/refresh.js';
import { skmRoutes } from './skm/routes.js';

export const officialRating = defineService<OfficialRatingDB, OfficialRatingConfig>({
  name: 'official-rating',
  port: 3005,
  version: '0.1.0',
  description:
    'Citizens rate units and officials after real transactions: single-use invitations from closed complaints, decided permits and service counters; the SKM questionnaire and the IKM per unit exactly per PermenPANRB 14/2017 with the minimum-sample check; report cards for officials; comments with public replies and audited moderation.',
  config: officialRatingConfig,
  migrations,
  problems: P,
  consumers: (ctx) => [complaintsConsumer(ctx), licensingConsumer(ctx)],
  background: (ctx) => [startIndexRefresh(ctx, ctx.config.INDEX_REFRESH_MS)],
  routes(app, ctx) {
    ratingRoutes(app, ctx);
    skmRoutes(app, ctx);
    reportCardRoutes(app, ctx);
    commentRoutes(app, ctx);
    counterLinkRoutes(app, ctx);
    formRoutes(app, ctx);
    ikmPageRoutes(app, ctx);
    followUpRoutes(app, ctx);
    paperRoutes(app, ctx);
  },
});
