import { sinergiGlobalSetup } from '@sinergi/testkit';

// the service migrates its own fresh database at start (MIGRATE_ON_START): the template stays empty
export default sinergiGlobalSetup({ name: 'browser', migrate: async () => undefined });
