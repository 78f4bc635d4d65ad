import { runMigrationsCli } from '@sinergi/service-kit';
import { budgeting } from './app.js';

await runMigrationsCli(budgeting);
