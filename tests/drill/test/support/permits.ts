/**
 * Permit applications during a drill: made complete through licensing's API, then their
 * service-standard deadline moved into the past (as time would), so the replicas' deadline job
 * deems them granted (fiktif positif) while the fault happens. Each must be granted exactly once,
 * announced once, and turned into exactly one rating invitation that licensing keeps.
 */
import { randomUUID } from 'node:crypto';
import { bearer, mintToken } from '@sinergi/testkit';
import { database, type Fleet } from './fleet.js';
import type { OwnPostgres } from './postgres.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\nstartxref\n9\n%%EOF\n', 'latin1');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2), Buffer.from([0xff, 0xd9])]);
const FILES: Record<string, Buffer> = { ktp: PDF, str: PDF, 'rekomendasi-organisasi-profesi': PDF, 'pas-foto': JPEG };
const json = { 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Application {
  phase: string;
  registrationNumber: string;
  /** Its deadline was moved into the past: the deadline job owes it one grant. */
  due: boolean;
}

/** Tries `fn` until it returns a value (faults make single calls fail), for up to two minutes. */
async function retry<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + 120_000;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(300);
  }
  throw new Error(`${what} did not succeed in two minutes: ${String(last)}`);
}

export class Permits {
  readonly applications: Application[] = [];

  constructor(
    private readonly fleet: Fleet,
    private readonly pg: OwnPostgres,
  ) {}

  /** One application made complete and overdue; the deadline job grants it from then on. */
  async overdue(phase: string): Promise<void> {
    const officer = bearer(
      await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dinkes', sub: 'drill-dinkes' }),
    );
    const key = randomUUID();
    const url = () => this.fleet.url('licensing');
    const created = await retry('creating an application', async () => {
      const res = await fetch(`${url()}/v1/applications`, {
        method: 'POST',
        headers: { ...json, 'idempotency-key': key },
        body: JSON.stringify({
          permitType: 'sip-dokter',
          applicant: { name: 'Siti Rahmawati', nik: '3273024507900001', phone: '0812-3456-7890' },
          data: {
            'nomor-str': `STR-3273-${key.slice(0, 4)}`,
            'tempat-praktik': 'Klinik Sehat, Jl. Dago 1',
            'jenis-praktik': 'dokter-umum',
          },
        }),
      });
      return res.status === 201 ? ((await res.json()) as { registrationNumber: string; secret: string }) : undefined;
    });
    const reg = created.registrationNumber;
    const mine = { 'x-application-secret': created.secret };
    this.applications.push({ phase, registrationNumber: reg, due: false });
    for (const [requirement, file] of Object.entries(FILES))
      await retry(`uploading ${requirement}`, async () => {
        const res = await fetch(`${url()}/v1/applications/${reg}/documents/${requirement}`, {
          method: 'PUT',
          headers: { ...mine, 'content-type': 'application/octet-stream' },
          body: file,
        });
        return res.status < 300 ? true : undefined;
      });
    // submit, then complete: each step from the status the application has now
    await retry('making the application complete', async () => {
      const view = await fetch(`${url()}/v1/applications/${reg}`, { headers: mine });
      const status = ((await view.json()) as { status?: string }).status;
      if (status === 'complete') return true;
      if (status === 'draft') await fetch(`${url()}/v1/applications/${reg}/submit`, { method: 'POST', headers: mine });
      if (status === 'submitted')
        await fetch(`${url()}/v1/staff/applications/${reg}/complete`, {
          method: 'POST',
          headers: { ...json, ...officer },
          body: '{}',
        });
      return undefined;
    });
    await retry('moving the deadline', () =>
      this.pg.query(
        database('licensing'),
        `update application set decision_due = now() - interval '1 minute' where registration_number = $1`,
        [reg],
      ),
    );
    this.applications.at(-1)!.due = true;
  }
}
