import { runService } from '@sinergi/service-kit';
import { complaints } from './app.js';

await runService(complaints);
