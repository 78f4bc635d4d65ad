import { defineService } from '@sinergi/service-kit';
import { startAnchorJob } from './audit/anchor.js';
import { auditRoutes } from './audit/routes.js';
import { checkRoutes } from './checks/routes.js';
import { budgetingConfig, type BudgetingConfig } from './config.js';
import type { Deps } from './context.js';
import type { BudgetingDB } from './db/schema.js';
import { migrations } from './db/migrations.js';
import { draftingRoutes } from './drafting/routes.js';
import { importRoutes } from './imports/routes.js';
import { seedDemoBudget } from './demo/seed.js';
import { pageRoutes } from './pages/routes.js';
import { P } from './problems.js';
import { publicRoutes } from './public/routes.js';
import { realizationRoutes } from './realization/routes.js';
import { referenceRoutes } from './reference/routes.js';
import { reviewRoutes } from './review/routes.js';
import { revisionRoutes } from './revision/routes.js';
import { scrutinyRoutes } from './scrutiny/routes.js';
import { signalConsumers } from './signals/consumers.js';
import { signalRoutes } from './signals/routes.js';
import { staffPages } from './staff/routes.js';

export const budgeting = defineService<BudgetingDB, BudgetingConfig, Deps>({
  name: 'budgeting',
  port: 3001,
  version: '0.1.0',
  description:
    'E-budgeting beside SIPD-RI: Permendagri 90/2019 codes and account codes per fiscal year (versioned), price catalogues that lock unit prices (Perpres 33/2020 Annex I ceilings, Annex II estimates with reasons), unit drafting within ceilings with exact arithmetic, TAPD review, a tamper-evident audit chain and open data of the approved budget.',
  config: budgetingConfig,
  migrations,
  problems: P,
  setup: () => undefined,
  consumers: () => signalConsumers(),
  background: (ctx) => {
    const stop = new AbortController();
    const seeding = ctx.config.SEED_DEMO_BUDGET
      ? seedDemoBudget(ctx, stop.signal)
          .then((r) => r && ctx.logger.info(r, 'demo budget loaded'))
          .catch((err) => ctx.logger.error({ err }, 'loading the demo budget failed'))
      : Promise.resolve();
    const stopSeeding = async () => {
      stop.abort();
      await seeding;
    };
    return [startAnchorJob(ctx), stopSeeding];
  },
  routes(app, ctx) {
    referenceRoutes(app, ctx);
    draftingRoutes(app, ctx);
    checkRoutes(app, ctx);
    auditRoutes(app, ctx);
    revisionRoutes(app, ctx);
    publicRoutes(app, ctx);
    realizationRoutes(app, ctx);
    importRoutes(app, ctx);
    signalRoutes(app, ctx);
    reviewRoutes(app, ctx);
    scrutinyRoutes(app, ctx);
    pageRoutes(app, ctx);
    staffPages(app, ctx);
  },
});
