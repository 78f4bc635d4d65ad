#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { backupConsumers, backupStreams, restore } from './backup.js';
import { dbSetup } from './db.js';
import { directoryApply, directoryShow } from './directory.js';
import { CliError } from './errors.js';
import { secretsEnv } from './secrets.js';
import { mintDevToken } from './token.js';
import { up } from './up.js';

const USAGE = `sinergi: developer and operator commands (in the repository: npx sinergi ...)

  sinergi token --tenant 32.73 --role admin [--role ...] [--unit dsdabm] [--sub name] [--expires 12h]
      mint a development JWT (accepted only by services with AUTH_DEV_KEYS=true)
  sinergi directory apply <file.json> [...]
      validate region profiles and store them in the directory (NATS KV)
  sinergi directory show <tenant>
      print a region's profile as services see it
  sinergi backup consumers <dir>    then pg_dump each database, then:    sinergi backup streams <dir>
      save durable consumers' positions; save every stream of EVENT_PREFIX and the directory bucket
  sinergi restore <dir>
      recreate the directory bucket, the streams (which must be absent or empty) and the consumers
      (infra/backup/backup.sh and restore.sh run the whole backup and restore, databases included)
  sinergi db setup [service ...]
      as PostgreSQL's superuser: each service's database and roles (owner, runtime login, app role);
      idempotent. Passwords from POSTGRES_<SERVICE>_OWNER_PASSWORD and POSTGRES_<SERVICE>_PASSWORD
  sinergi secrets
      print fresh random secrets in .env format (npx sinergi secrets >> .env)
  sinergi up
      build output must exist: migrate, apply the demo directory, run every service (npm start)

Environment: NATS_URL (default nats://127.0.0.1:4222), DIRECTORY_BUCKET (default sinergi-directory),
NATS_STREAM_REPLICAS (copies of a bucket directory apply makes: 3 or 5 on a NATS cluster, default 1);
EVENT_PREFIX (default sinergi: backup and restore take the streams named SINERGI_*);
db setup and up read SINERGI_POSTGRES_URL (a superuser, default postgres://root@127.0.0.1:5432) and
SINERGI_DB_PREFIX (default sinergi_); up also SINERGI_PORT_OFFSET (move every port).`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'token': {
      const { values } = parseUsage(() =>
        parseArgs({
          args: argv.slice(1),
          options: {
            tenant: { type: 'string' },
            role: { type: 'string', multiple: true },
            unit: { type: 'string' },
            sub: { type: 'string' },
            expires: { type: 'string', default: '12h' },
          },
        }),
      );
      console.log(await mintDevToken(values));
      return 0;
    }
    case 'directory':
      if (sub === 'apply' && rest.length > 0) return directoryApply(rest);
      if (sub === 'show' && rest.length === 1) return directoryShow(rest[0]!);
      break;
    case 'backup':
      if (sub === 'consumers' && rest.length === 1) return backupConsumers(rest[0]!);
      if (sub === 'streams' && rest.length === 1) return backupStreams(rest[0]!);
      break;
    case 'restore':
      if (sub && rest.length === 0) return restore(sub);
      break;
    case 'db':
      if (sub === 'setup') return dbSetup(rest);
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
    default:
      console.error(`sinergi: unknown command '${command}'\n`);
      console.error(USAGE);
      return 2;
  }
  console.error(`sinergi: '${argv.join(' ')}' is not a complete command\n`);
  console.error(USAGE);
  return 2;
}

/** node:util's argument errors (unknown option, missing value) are usage mistakes: exit 2 like an unknown command. */
function parseUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new CliError(`sinergi: ${(err as Error).message}\n\n${USAGE}`, 2);
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // a user's mistake is its message; anything else is a bug, but still one line, not a stack trace
    console.error(
      err instanceof CliError ? err.message : `sinergi: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  },
);
