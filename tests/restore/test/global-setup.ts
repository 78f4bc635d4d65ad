import { sinergiGlobalSetup } from '@sinergi/testkit';

/*
 * Each service runs from its built dist as a child process and migrates its own database at start
 * (MIGRATE_ON_START), so the template database stays empty.
 */
export default sinergiGlobalSetup({ name: 'ops', migrate: async () => undefined });
