import { runService } from '@sinergi/service-kit';
import { budgeting } from './app.js';

await runService(budgeting);
