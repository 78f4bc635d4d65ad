/**
 * Where the services of this checkout are and the public development values each ships: read by
 * `sinergi up` and by the test suites that start services as processes (`@sinergi/cli/services`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, seen from this package's `dist/`. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every folder under `services/` with a package.json: a service added later is found without a list. */
export function discoverServices(dir = path.join(root, 'services')): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'package.json')))
    .map((d) => d.name)
    .sort();
}

/** A service's `development.defaults`: public development values (KEY=VALUE lines, # comments). */
export function developmentEnv(serviceDir: string): Record<string, string> {
  const file = path.join(serviceDir, 'development.defaults');
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]),
  );
}
