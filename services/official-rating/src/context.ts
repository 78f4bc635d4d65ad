import type { ServiceContext } from '@sinergi/service-kit';
import type { OfficialRatingConfig } from './config.js';
import type { OfficialRatingDB } from './db/schema.js';

export type Ctx = ServiceContext<OfficialRatingDB, OfficialRatingConfig>;
