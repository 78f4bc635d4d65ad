import { runService } from '@sinergi/service-kit';
import { socialIntake } from './app.js';

await runService(socialIntake);
