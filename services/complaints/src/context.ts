import type { ServiceContext } from '@sinergi/service-kit';
import type { ComplaintsConfig } from './config.js';
import type { ComplaintsDB } from './db/schema.js';

/**
 * complaints' service context. There are no `Deps`: the use cases are plain functions of `ctx`,
 * so nothing long-lived needs a `setup` hook.
 */
export type Ctx = ServiceContext<ComplaintsDB, ComplaintsConfig>;
