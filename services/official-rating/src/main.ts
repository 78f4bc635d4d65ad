import { runService } from '@sinergi/service-kit';
import { officialRating } from './app.js';

await runService(officialRating);
