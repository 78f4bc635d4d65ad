import { runMigrationsCli } from '@sinergi/service-kit';
import { complaints } from './app.js';

await runMigrationsCli(complaints);
