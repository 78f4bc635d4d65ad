import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { secretsEnv } from '@sinergi/cli/secrets';

/** docker-compose.yml as compose reads it, and the environment it gives each container. */
export const root = (file: string) => fileURLToPath(new URL(`../../../${file}`, import.meta.url));
export const composeFile = root('docker-compose.yml');

export type ComposeService = {
  environment?: Record<string, string>;
  secrets?: string[];
  command?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  image?: string;
  ports?: string[];
  volumes?: string[];
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string }; reservations?: { memory?: string } } };
  logging?: { driver?: string; options?: Record<string, string> };
};
export const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { environment?: string; file?: string }>;
};

/** KEY=value lines of a .env text (comments and blanks skipped; single quotes taken literally). */
const dotenv = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^'(.*)'$/, '$1')]),
  );

const example = readFileSync(root('.env.example'), 'utf8');
/** The documented flow: `cp .env.example .env && npx sinergi secrets >> .env`. */
export const documentedEnv = { ...dotenv(example), ...dotenv(secretsEnv()) };

/** Compose's interpolation of ${NAME}, ${NAME:-default}, ${NAME-default} and ${NAME:?message}. */
export function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z_][A-Z0-9_]*)(?:(:?-)([^}]*)|:?\?[^}]*)?\}/g,
    (_m, name: string, op?: string, fallback?: string) => {
      const v = env[name];
      if (op === ':-') return v ? v : (fallback ?? '');
      if (op === '-') return v ?? fallback ?? '';
      return v ?? '';
    },
  );
}
export const referenced = (value: string) => [...value.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!);

/** The environment compose gives a container, from a .env. */
export const containerEnv = (service: string, env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(compose.services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]),
  );
