import { connect, type NatsConnection } from '@nats-io/transport-node';

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

export async function connectNats(url = natsUrl()): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, timeout: 5000 });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new CliError(
      `cannot reach NATS at ${url} (${why}); is nats-server running? Set NATS_URL to use another server.`,
    );
  }
}
