import { runMigrationsCli } from '@sinergi/service-kit';
import { officialRating } from './app.js';

await runMigrationsCli(officialRating);
