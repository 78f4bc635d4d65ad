import { sinergiGlobalSetup } from '@sinergi/testkit';

// the services behind the gateway migrate their own fresh databases at start, so the template stays empty
export default sinergiGlobalSetup({ name: 'gateway', migrate: async () => undefined });
