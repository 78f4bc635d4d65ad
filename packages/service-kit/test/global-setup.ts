import { sinergiGlobalSetup } from '@sinergi/testkit';
import { migrateDatabase } from '../src/db/migrate.js';
import { sampleMigrations } from './fixtures/sample-service.js';

export default sinergiGlobalSetup({
  name: 'service-kit',
  migrate: (url) => migrateDatabase({ url, appRole: 'sinergi_app', migrations: sampleMigrations }),
});
