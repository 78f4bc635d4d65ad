import { sinergiGlobalSetup } from '@sinergi/testkit';

// `sinergi up` creates and migrates each service's database itself; the template stays empty
export default sinergiGlobalSetup({ name: 'quickstart', migrate: async () => undefined });
