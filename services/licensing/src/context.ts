import type { ServiceContext } from '@sinergi/service-kit';
import type { LicensingConfig } from './config.js';
import type { LicensingDB } from './db/schema.js';

export type Ctx = ServiceContext<LicensingDB, LicensingConfig>;
