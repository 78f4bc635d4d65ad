import { sinergiGlobalSetup } from '@sinergi/testkit';

/*
 * Each service under test runs from its built dist as a child process and migrates its own fresh
 * database at start (MIGRATE_ON_START), so the template database stays empty.
 */
export default sinergiGlobalSetup({ name: 'e2e', migrate: async () => undefined });
