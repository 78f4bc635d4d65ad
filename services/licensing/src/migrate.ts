import { runMigrationsCli } from '@sinergi/service-kit';
import { licensing } from './app.js';

await runMigrationsCli(licensing);
