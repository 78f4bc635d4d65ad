#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { directoryApply, directoryShow } from './directory.js';
import { secretsEnv } from './secrets.js';
import { mintDevToken } from './token.js';
import { up } from './up.js';

const USAGE = `sinergi: developer and operator commands

  sinergi token --tenant 32.73 --role admin [--role ...] [--unit dsdabm] [--sub name] [--expires 12h]
      mint a development JWT (accepted only by services with AUTH_DEV_KEYS=true)
  sinergi directory apply <file.json> [...]
      validate region profiles and store them in the directory (NATS KV)
  sinergi directory show <tenant>
      print a region's profile as services see it
  sinergi secrets
      print fresh random secrets in .env format (npx sinergi secrets >> .env)
  sinergi up
      build output must exist: migrate, apply the demo directory, run every service (npm start)

Environment: NATS_URL (default nats://127.0.0.1:4222), DIRECTORY_BUCKET (default sinergi-directory).`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'token': {
      const { values } = parseArgs({
        args: argv.slice(1),
        options: {
          tenant: { type: 'string' },
          role: { type: 'string', multiple: true },
          unit: { type: 'string' },
          sub: { type: 'string' },
          expires: { type: 'string', default: '12h' },
        },
      });
      console.log(await mintDevToken(values));
      return 0;
    }
    case 'directory':
      if (sub === 'apply' && rest.length > 0) return directoryApply(rest);
      if (sub === 'show' && rest.length === 1) return directoryShow(rest[0]!);
      break;
    case 'secrets':
      process.stdout.write(secretsEnv());
      return 0;
    case 'up':
      return up();
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
