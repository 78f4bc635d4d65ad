import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { RegionProfile } from '@sinergi/contracts';

type Profile = ReturnType<typeof RegionProfile.parse>;

/** The KV key of a region: its code, e.g. `32.73` (dots are legal in KV keys). */
export const directoryKey = (tenant: string) => tenant;

export async function openDirectoryBucket(nc: NatsConnection, bucket: string, replicas = 1): Promise<KV> {
  // create() opens the bucket when it exists already, so every service may call it
  return new Kvm(nc).create(bucket, { history: 5, replicas });
}

/** Stores a validated region profile; used by the CLI and by tests. */
export async function putRegionProfile(kv: KV, profile: unknown): Promise<Profile> {
  const parsed = RegionProfile.parse(profile);
  await kv.put(directoryKey(parsed.code), JSON.stringify(parsed));
  return parsed;
}

/**
 * The city directory as a service sees it: every region profile in memory, kept current by a
 * KV watch, so edits apply without a restart. Invalid entries are logged and the last good
 * profile is kept.
 */
export class DirectoryClient {
  readonly #profiles = new Map<string, { revision: number; profile: Profile }>();
  readonly #hosts = new Map<string, string>();
  /** `platform:accountId` -> the region and unit that own a social-media account. */
  readonly #accounts = new Map<string, { tenant: string; unit: string }>();
  readonly #listeners = new Set<(tenant: string) => void>();
  #kv: KV | undefined;
  #watch: Awaited<ReturnType<KV['watch']>> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly bucket: string,
    private readonly logger: Logger,
    /** Copies of the bucket if this client creates it (NATS_STREAM_REPLICAS). */
    private readonly replicas = 1,
  ) {}

  async start(): Promise<void> {
    const kv = await openDirectoryBucket(this.nc, this.bucket, this.replicas);
    this.#kv = kv;
    // the watch delivers every current value first (delta counts down to 0), then changes
    let markReady!: () => void;
    let fail!: (err: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (fail = reject)));
    this.#watch = await kv.watch();
    const watch = this.#watch;
    void (async () => {
      try {
        for await (const e of watch) {
          try {
            if (e.operation === 'PUT') this.#apply(e.key, e.revision, e.string());
            else this.#remove(e.key);
          } catch (err) {
            this.logger.error({ err, key: e.key }, 'directory update failed; keeping the previous profile');
          }
          if (e.delta === 0) markReady();
        }
      } catch (err) {
        this.logger.error({ err }, 'directory watch ended; profiles stop updating until restart');
        fail(err);
      }
    })();
    const status = await kv.status();
    if (status.values === 0) markReady();
    await ready;
  }

  stop(): void {
    this.#watch?.stop();
  }

  #apply(key: string, revision: number, json: string): void {
    const current = this.#profiles.get(key);
    if (current && current.revision >= revision) return;
    let profile: Profile;
    try {
      profile = RegionProfile.parse(JSON.parse(json));
    } catch (err) {
      this.logger.error({ err, key }, 'ignoring an invalid directory entry; keeping the last good one');
      return;
    }
    if (current) this.#unindex(current.profile);
    this.#profiles.set(key, { revision, profile });
    for (const h of profile.hostnames) this.#hosts.set(h, profile.code);
    for (const a of profile.socialAccounts)
      this.#accounts.set(`${a.platform}:${a.accountId}`, { tenant: profile.code, unit: a.unit });
    for (const l of this.#listeners) l(profile.code);
  }

  #remove(key: string): void {
    const current = this.#profiles.get(key);
    if (!current) return;
    this.#unindex(current.profile);
    this.#profiles.delete(key);
    for (const l of this.#listeners) l(key);
  }

  #unindex(profile: Profile): void {
    for (const h of profile.hostnames) this.#hosts.delete(h);
    for (const a of profile.socialAccounts) this.#accounts.delete(`${a.platform}:${a.accountId}`);
  }

  /** The region and unit owning a receiving account (page id, phone_number_id, X user id, bot). */
  accountOwner(platform: string, accountId: string): { tenant: string; unit: string } | undefined {
    return this.#accounts.get(`${platform}:${accountId}`);
  }

  get(tenant: string): Profile | undefined {
    return this.#profiles.get(directoryKey(tenant))?.profile;
  }

  has(tenant: string): boolean {
    return this.#profiles.has(directoryKey(tenant));
  }

  tenants(): string[] {
    return [...this.#profiles.values()].map((p) => p.profile.code).sort();
  }

  tenantForHost(hostname: string): string | undefined {
    return this.#hosts.get(hostname.toLowerCase().replace(/:\d+$/, ''));
  }

  /** Called with the tenant code whenever a profile changes. */
  onChange(listener: (tenant: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Writes a profile (CLI, tests); the watch then updates every service, this one included. */
  async put(profile: unknown): Promise<Profile> {
    if (!this.#kv) throw new Error('directory client not started');
    return putRegionProfile(this.#kv, profile);
  }
}
