import type { ServiceContext } from '@sinergi/service-kit';
import type { LicensingConfig } from './config.js';
import type { LicensingDB } from './db/schema.js';
import type { PermitsService } from './permits/service.js';
import type { KeyRing } from './permits/signing.js';

export type Ctx = ServiceContext<LicensingDB, LicensingConfig>;

/** What `setup` builds once per process: the signing keys parsed from the configuration, and the permit reads. */
export interface Deps {
  keys: KeyRing;
  permits: PermitsService;
}
