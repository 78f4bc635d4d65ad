import { runMigrationsCli } from '@sinergi/service-kit';
import { socialIntake } from './app.js';

await runMigrationsCli(socialIntake);
