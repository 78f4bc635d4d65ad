/**
 * Two replicas of each service, each a process started from its built dist with the testkit, all
 * pointed at the drill's NATS cluster (every node in NATS_URL, streams R3) and its own PostgreSQL.
 * A replica can be killed and another started in its place; callers pick a live replica per request.
 */
import { generateKeyPairSync } from 'node:crypto';
import { startServiceProcess, testAuthEnv, type ServiceProcess } from '@sinergi/testkit';
import type { OwnPostgres } from './postgres.js';

export const SERVICES = ['complaints', 'official-rating', 'licensing'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const EVENT_PREFIX = 'drill';
export const DIRECTORY_BUCKET = 'drill-directory';
export const database = (s: ServiceName) => `drill_${s.replace('-', '_')}`;

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function envFor(service: ServiceName, natsUrl: string, pg: OwnPostgres): Record<string, string> {
  const common = {
    ...testAuthEnv(),
    DATABASE_URL: pg.url(database(service)),
    DATABASE_POOL_MAX: '5',
    NATS_URL: natsUrl,
    NATS_STREAM_REPLICAS: '3',
    EVENT_PREFIX,
    DIRECTORY_BUCKET,
    DEFAULT_TENANT: '32.73',
    LOG_LEVEL: process.env.DRILL_LOG_LEVEL ?? 'warn',
    OUTBOX_POLL_MS: '250',
    SHUTDOWN_TIMEOUT_MS: '5000',
    // six processes and three NATS servers on two cores: shedding would only blur the counts
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
  };
  if (service === 'complaints')
    return {
      ...common,
      NIK_HMAC_KEY: 'drill-nik-hmac-key-at-least-32-characters-long',
      SUBMIT_RATE_PER_MINUTE: '100000',
      DUPLICATE_WINDOW_DAYS: '0',
    };
  if (service === 'licensing')
    return {
      ...common,
      NIK_HMAC_KEY: 'drill-nik-hmac-key-at-least-32-characters-long',
      PERMIT_SIGNING_KEYS: JSON.stringify([{ kid: 'drill-2026', privateKey: signingKey }]),
      SEED_DEMO_PERMIT_TYPES: 'true',
      PUBLIC_VERIFY_BASE_URL: 'https://izin.bandung.go.id',
      SUBMIT_RATE_PER_MINUTE: '100000',
      DEADLINE_SCAN_MS: '500',
    };
  return { ...common, RATING_FORM_URL: 'https://nilai.bandung.go.id/r', SUBMIT_RATE_PER_MINUTE: '100000' };
}

export class Fleet {
  readonly replicas = new Map<ServiceName, ServiceProcess[]>();
  #turn = 0;

  constructor(
    private readonly natsUrl: string,
    private readonly pg: OwnPostgres,
  ) {}

  /** Both replicas of every service; the first of each migrates its database before the second starts. */
  async start(): Promise<void> {
    for (const s of SERVICES) {
      this.replicas.set(s, []);
      await this.add(s);
    }
    await Promise.all(SERVICES.map((s) => this.add(s)));
  }

  async add(service: ServiceName): Promise<ServiceProcess> {
    const p = await startServiceProcess(service, envFor(service, this.natsUrl, this.pg));
    this.replicas.get(service)!.push(p);
    return p;
  }

  /** A replica's URL, taking turns so both serve traffic. */
  url(service: ServiceName): string {
    const list = this.replicas.get(service)!;
    return list[this.#turn++ % list.length]!.url;
  }

  /** SIGKILL one replica and remove it from rotation; returns it for its output. */
  async kill(service: ServiceName, index: number): Promise<ServiceProcess> {
    const list = this.replicas.get(service)!;
    const [victim] = list.splice(index, 1);
    await victim!.kill();
    return victim!;
  }

  /** Lines with a level of error or fatal in every replica's output (pino JSON: level >= 50). */
  errors(): string[] {
    return [...this.replicas.values()].flat().flatMap((p) => p.lines.filter((l) => /"level":(5|6)\d/.test(l)));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.replicas.values()].flat().map((p) => p.stop()));
  }
}
