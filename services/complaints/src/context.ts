import type { ServiceContext } from '@sinergi/service-kit';
import type { ComplaintsConfig } from './config.js';
import type { ComplaintsDB } from './db/schema.js';

export type Ctx = ServiceContext<ComplaintsDB, ComplaintsConfig>;
