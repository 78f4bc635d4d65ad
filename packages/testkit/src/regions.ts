import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { RegionProfile } from '@sinergi/contracts';
import type { TestEnvironment } from './environment.js';

/** Two small regions in different time zones: enough to test isolation and calendars. */
export const TEST_REGIONS = [
  {
    code: '32.73',
    name: 'Kota Bandung',
    timeZone: 'Asia/Jakarta',
    hostnames: ['bandung.test'],
    units: [
      { code: 'dsdabm', name: 'Dinas Sumber Daya Air dan Bina Marga', kind: 'dinas' },
      { code: 'dishub', name: 'Dinas Perhubungan', kind: 'dinas' },
    ],
  },
  {
    code: '72.71',
    name: 'Kota Palu',
    timeZone: 'Asia/Makassar',
    hostnames: ['palu.test'],
    units: [{ code: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas' }],
  },
];


/** Writes region profiles into the test file's directory bucket, keyed by region code as services read them. */
export async function applyDirectory(env: Pick<TestEnvironment, 'natsUrl' | 'directoryBucket'>, regions: unknown[] = TEST_REGIONS): Promise<void> {
  const nc = await connect({ servers: env.natsUrl });
  try {
    const kv = await new Kvm(nc).create(env.directoryBucket, { history: 5 });
    for (const r of regions) {
      const profile = RegionProfile.parse(r);
      await kv.put(profile.code, JSON.stringify(profile));
    }
  } finally {
    await nc.close();
  }
}
