/** The context every part of social-intake receives, and what `setup` builds once from it. */
import type { ServiceContext } from '@sinergi/service-kit';
import type { SocialIntakeConfig } from './config.js';
import type { SocialIntakeDB } from './db/schema.js';
import type { Intake } from './posts/intake.js';

export type Ctx = ServiceContext<SocialIntakeDB, SocialIntakeConfig>;

export interface Deps {
  /** Holds the triage model and the region gazetteers, so it is built once. */
  intake: Intake;
}
