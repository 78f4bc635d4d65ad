import { sinergiGlobalSetup } from '@sinergi/testkit';

// each service migrates its own fresh database at start (MIGRATE_ON_START): the template stays empty
export default sinergiGlobalSetup({ name: 'sweep', migrate: async () => undefined });
