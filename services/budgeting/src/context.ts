import type { ServiceContext } from '@sinergi/service-kit';
import type { BudgetingConfig } from './config.js';
import type { BudgetingDB } from './db/schema.js';

export type Ctx = ServiceContext<BudgetingDB, BudgetingConfig>;
/** Budgeting builds no long-lived objects: its use cases are plain functions over `ctx`. */
export type Deps = undefined;
