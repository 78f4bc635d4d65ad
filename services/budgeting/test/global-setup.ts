import { migrateDatabase } from '@sinergi/service-kit';
import { sinergiGlobalSetup } from '@sinergi/testkit';
import { migrations } from '../src/db/migrations.js';

export default sinergiGlobalSetup({
  name: 'budgeting',
  migrate: (url) => migrateDatabase({ url, appRole: 'sinergi_app', migrations }),
});
