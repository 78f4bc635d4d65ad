import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsAuthOptions } from '@sinergi/service-kit';

/** A mistake the user can fix: main prints its message alone (no stack trace) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const natsUrl = () => process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * With infra/nats/nats-server.conf the CLI logs in as its own user (NATS_USER=cli and NATS_PASSWORD, or
 * NATS_CREDS / NATS_NKEY_SEED): the only user that may write the directory bucket.
 */
export async function connectNats(url = natsUrl()): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, timeout: 5000, ...natsAuthOptions(process.env, 'cli') });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (/authori[sz]ation|NATS_CREDS/i.test(why))
      throw new CliError(
        `NATS at ${url} refused the login (${why}); set NATS_USER=cli and NATS_PASSWORD to NATS_CLI_PASSWORD from .env (infra/nats/README.md).`,
      );
    throw new CliError(
      `cannot reach NATS at ${url} (${why}); is nats-server running? Set NATS_URL to use another server.`,
    );
  }
}
