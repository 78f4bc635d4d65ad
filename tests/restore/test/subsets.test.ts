/**
 * Deploying only what a region needs: each subset the issue names runs as processes behind Debian's
 * nginx rendered for exactly that subset, and a service whose peer is absent degrades as its README
 * says. One deployment (databases, streams, directory) carries through the subsets, as a region
 * that adds services over time would: social-intake first and alone (posts wait on the stream), then
 * complaints joins (the post becomes one report), complaints alone, official-rating alone (counter
 * ratings), licensing + official-rating, budgeting alone, and all five.
 */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@sinergi/testkit';
import { type Gateway, NGINX, send, startGateway } from '../../gateway/test/support.js';
import { startRecorder } from '../../e2e/test/support.js';
import { createDeployment, type Deployment, type ServiceName, SERVICES, streamedEvents } from './deployment.js';
import { closeReport, counterRating, issuePermit, permitInvitation, reportInvitation, submitReport } from './flows.js';

const haveNginx = existsSync(NGINX);
if (!haveNginx && process.env.CI === 'true')
  throw new Error(`${NGINX} is missing: CI must install Debian's nginx (apt-get install -y nginx)`);

const META_APP_SECRET = 'ops-meta-app-secret';
const IG_ACCOUNT = '17841400000000001'; // Dinas SDABM's Instagram in the demo directory
const COMMENT_ID = '17980000000000077';
/** A page of each service through the gateway, and what a browser gets when it is not deployed. */
const PAGES: Record<ServiceName, string> = {
  complaints: '/lapor/',
  licensing: '/api/licensing/v1/permit-types',
  'official-rating': '/api/official-rating/v1/public/questionnaire',
  budgeting: '/api/budgeting/health/ready',
  'social-intake': '/webhooks/meta?hub.mode=subscribe&hub.verify_token=ops-meta-verify-token&hub.challenge=42',
};

let d: Deployment;
let platform: Awaited<ReturnType<typeof startRecorder>>;
let gateway: Gateway | undefined;

beforeAll(async () => {
  d = await createDeployment('subsets');
  platform = await startRecorder();
});

afterAll(async () => {
  await gateway?.stop();
  await d?.cleanup();
  await platform?.close();
});

const start = (name: ServiceName) =>
  d.start(
    name,
    name === 'social-intake'
      ? { GRAPH_API_BASE_URL: platform.url, X_API_BASE_URL: platform.url, TELEGRAM_API_BASE_URL: platform.url }
      : {},
  );

/** Exactly `names` run; the gateway is rendered for them alone, as render.mjs does for a region. */
async function deploy(names: ServiceName[]): Promise<void> {
  for (const s of SERVICES) if (!names.includes(s)) await d.stop(s);
  await Promise.all(names.filter((s) => !d.running[s]).map(start));
  await gateway?.stop();
  gateway = undefined;
  if (!haveNginx) return;
  const upstreams = Object.fromEntries(
    names.map((s) => [`SINERGI_UPSTREAM_${s.toUpperCase().replace('-', '_')}`, new URL(d.running[s]!.url).host]),
  );
  gateway = await startGateway(upstreams);
}

const HOME_LINKS: Partial<Record<ServiceName, string>> = {
  complaints: 'href="/lapor/"',
  licensing: 'href="/izin/"',
  'official-rating': 'href="/nilai/"',
  budgeting: 'href="/anggaran/"',
};

/**
 * The home page offers exactly the deployed services; they answer through the gateway, and the
 * others get the 503 page or problem.
 */
async function checkGateway(names: ServiceName[]) {
  if (!gateway) return;
  const home = await send(`${gateway.url}/`, { headers: { accept: 'text/html' } });
  for (const [s, link] of Object.entries(HOME_LINKS))
    expect(home.body.includes(link), `${s} on the home page`).toBe(names.includes(s as ServiceName));
  for (const s of SERVICES) {
    const res = await send(`${gateway.url}${PAGES[s]}`, { headers: { accept: 'text/html' } });
    if (names.includes(s)) expect(res.status, `${s}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
    else {
      expect(res.status, s).toBe(503);
      if (PAGES[s].startsWith('/lapor/')) expect(res.body).toContain('sedang tidak tersedia');
      else expect(JSON.parse(res.body)).toMatchObject({ code: 'service_unavailable', status: 503 });
    }
  }
}

function instagramComment() {
  const body = JSON.stringify({
    object: 'instagram',
    entry: [
      {
        id: IG_ACCOUNT,
        time: Math.floor(Date.now() / 1000),
        changes: [
          {
            field: 'comments',
            value: {
              id: COMMENT_ID,
              text: 'Tolong pak jalan di Jl. Dipatiukur depan kampus rusak parah, banyak lubang besar, motor sering jatuh. Kec. Coblong',
              from: { id: 'ig-user-7', username: 'warga_bdg' },
              media: { id: 'media-7', media_product_type: 'FEED' },
            },
          },
        ],
      },
    ],
  });
  return {
    body,
    signature: `sha256=${createHmac('sha256', META_APP_SECRET).update(body).digest('hex')}`,
  };
}

const replies = () => platform.requests.filter((r) => r.path === `/v21.0/${COMMENT_ID}/replies`);
const socialReports = async () =>
  Number(
    (await d.query<{ n: string }>('complaints', `select count(*)::text as n from report where channel <> 'web'`))[0]!.n,
  );

describe('deploying subsets', () => {
  it('social-intake without complaints keeps the post; complaints, started later, makes one report of it', async () => {
    await deploy(['social-intake']);
    await checkGateway(['social-intake']);
    const { body, signature } = instagramComment();
    const res = await fetch(`${d.running['social-intake']!.url}/webhooks/meta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    // the hand-over waits on social-intake's stream: no reader yet, nothing lost
    const waiting = await waitFor(async () => {
      const events = await streamedEvents(d);
      const n = Object.entries(events).find(([k]) => k.startsWith('social-intake.') && k.includes('detected'));
      return n ? n[1] : undefined;
    }, 'the hand-over on the stream');
    expect(waiting).toBe(1);
    expect(replies()).toHaveLength(0);

    await deploy(['social-intake', 'complaints']);
    await checkGateway(['social-intake', 'complaints']);
    await waitFor(() => (replies().length > 0 ? true : undefined), 'the reply with the tracking id', 60_000);
    expect(await socialReports()).toBe(1);
    expect((replies()[0]!.json as { message: string }).message).toMatch(/LPR-/);
  });

  it('complaints alone takes reports; closing one waits for official-rating, which is not deployed', async () => {
    await deploy(['complaints']);
    await checkGateway(['complaints']);
    const report = await submitReport(d.running.complaints!);
    await closeReport(d.running.complaints!, report);
    const view = await fetch(`${d.running.complaints!.url}/v1/reports/${report.trackingId}/rating-invitation`, {
      headers: { 'x-report-secret': report.secret },
    });
    expect(view.status).toBe(404);
    expect(await socialReports()).toBe(1);
  });

  it('official-rating alone takes counter ratings; with licensing it invites a permit’s applicant', async () => {
    await deploy(['official-rating']);
    await checkGateway(['official-rating']);
    await counterRating(d.running['official-rating']!, 'A-0101');

    await deploy(['licensing', 'official-rating']);
    await checkGateway(['licensing', 'official-rating']);
    const permit = await issuePermit(d.running.licensing!);
    expect((await permitInvitation(d.running.licensing!, permit)).url).toMatch(/token=/);
  });

  it('budgeting alone serves its public API', async () => {
    await deploy(['budgeting']);
    await checkGateway(['budgeting']);
    // no year opened in this region yet: an empty budget, whatever else the region runs
    const year = await fetch(`${d.running.budgeting!.url}/v1/public/budgets/2026?tenant=32.73`);
    expect(year.status, await year.clone().text()).toBe(200);
    expect(await year.json()).toMatchObject({ year: 2026, total: '0', lines: [] });
  });

  it('all five: the report closed while official-rating was away gets its invitation, once', async () => {
    await deploy([...SERVICES]);
    await checkGateway([...SERVICES]);
    const [report] = await d.query<{ tracking_id: string }>(
      'complaints',
      `select tracking_id from report where status = 'closed'`,
    );
    expect(report).toBeDefined();
    const invitations = async () =>
      Number(
        (
          await d.query<{ n: string }>(
            'official-rating',
            `select count(*)::text as n from invitation where system = 'complaints'`,
          )
        )[0]!.n,
      );
    await waitFor(async () => ((await invitations()) === 1 ? true : undefined), 'the invitation', 60_000);
    const fresh = await submitReport(d.running.complaints!, 'Lampu jalan mati di Jl. Braga');
    await closeReport(d.running.complaints!, fresh);
    await reportInvitation(d.running.complaints!, fresh);
    expect(await invitations()).toBe(2);
    expect(replies()).toHaveLength(1);
    // budgeting, deployed alone before, reads what complaints said while it was away
    await waitFor(async () => {
      const [row] = await d.query<{ n: string }>('budgeting', 'select count(*)::text as n from citizen_report');
      return Number(row!.n) > 0 ? true : undefined;
    }, 'budgeting to count the complaints');
  });
});
