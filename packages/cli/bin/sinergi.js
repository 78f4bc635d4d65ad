#!/usr/bin/env node
// Committed rather than built: npm links and marks a bin executable at `npm ci`, before any build has
// made dist/, so the command must exist without it and say what to do when dist is missing.
/* global URL, console, process */
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('sinergi: the CLI is not built yet; run `npm run build` at the repository root first.');
  process.exit(1);
}
await import(main.href);
