import { runService } from '@sinergi/service-kit';
import { licensing } from './app.js';

await runService(licensing);
