import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { escapeXml, xmlDocument } from '../src/open311/xml.js';
import { requestWindow, titleFor } from '../src/open311/requests.js';
import { as, aReport, startComplaints } from './support.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let admin: Record<string, string>;
let key: string;
beforeAll(async () => {
  c = await startComplaints();
  admin = await as.admin();
  key = (await createKey(admin, 'Aplikasi Warga')).key;
});
afterAll(async () => c?.stop());

// ---- helpers -------------------------------------------------------------------------------------

async function createKey(headers: Record<string, string>, name: string) {
  const res = await c.app.inject({ method: 'POST', url: '/v1/open311-keys', headers, payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; key: string; prefix: string; createdAt: string };
}

/** Far-apart points (about 1.1 km), so test reports are never linked as duplicates by accident. */
let spot = 0;
const nextSpot = () => {
  spot += 1;
  return { lat: (-6.85 - spot * 0.01).toFixed(5), long: (107.55 + spot * 0.01).toFixed(5) };
};

type Fields = Record<string, string>;
const post311 = (fields: Fields, format: 'json' | 'xml' = 'json', query = '') =>
  c.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}${query}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

const validFields = (overrides: Fields = {}): Fields => ({
  api_key: key,
  service_code: 'jalan-rusak',
  ...nextSpot(),
  description: 'Jalan berlubang besar di depan sekolah, membahayakan anak-anak yang menyeberang.',
  ...overrides,
});

async function created(fields: Fields, query = '') {
  const res = await post311(fields, 'json', query);
  expect(res.statusCode, res.body).toBe(200);
  const [item] = res.json() as { service_request_id: string; token: string; service_notice: string | null; account_id: string | null }[];
  return item!;
}

const get = (url: string, headers: Record<string, string> = {}) => c.app.inject({ method: 'GET', url, headers });

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** A strict little parser for what Open311 emits: declaration, elements, text with the five entities. */
function parseXml(doc: string): XmlNode {
  const decl = '<?xml version="1.0" encoding="utf-8"?>';
  if (!doc.startsWith(decl)) throw new Error('missing XML declaration');
  let i = decl.length;
  const skipSpace = () => {
    while (/\s/.test(doc[i] ?? '')) i++;
  };
  const unescape = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s)) throw new Error(`bare & in ${JSON.stringify(s)}`);
    if (/[>"']/.test(s)) throw new Error(`unescaped character in ${JSON.stringify(s)}`);
    return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
  };
  const element = (): XmlNode => {
    const open = /^<([A-Za-z_][\w.-]*)(\/?)>/.exec(doc.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${doc.slice(i, i + 30)}`);
    i += open[0].length;
    const node: XmlNode = { name: open[1]!, children: [], text: '' };
    if (open[2] === '/') return node;
    for (;;) {
      const close = `</${node.name}>`;
      if (doc.startsWith(close, i)) {
        i += close.length;
        return node;
      }
      if (doc.startsWith('</', i)) throw new Error(`mismatched closing tag at ${i}`);
      if (doc[i] === '<') {
        node.children.push(element());
        continue;
      }
      const next = doc.indexOf('<', i);
      if (next < 0) throw new Error(`unterminated <${node.name}>`);
      node.text += unescape(doc.slice(i, next));
      i = next;
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== doc.length) throw new Error('content after the root element');
  return root;
}

/** An element's leaf children as a record of texts. */
const fieldsOf = (node: XmlNode) => Object.fromEntries(node.children.map((ch) => [ch.name, ch.text]));

function expectOpen311Error(res: { statusCode: number; headers: Record<string, unknown>; body: string; json: () => unknown }, status: number, format: 'json' | 'xml', pattern: RegExp) {
  expect(res.statusCode, res.body).toBe(status);
  if (format === 'json') {
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const errors = res.json() as { code: number; description: string }[];
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.code).toBe(status);
    expect(errors.map((e) => e.description).join(' | ')).toMatch(pattern);
  } else {
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(res.body);
    expect(root.name).toBe('errors');
    expect(root.children.length).toBeGreaterThan(0);
    for (const e of root.children) {
      expect(e.name).toBe('error');
      expect(fieldsOf(e).code).toBe(String(status));
    }
    expect(root.children.map((e) => fieldsOf(e).description).join(' | ')).toMatch(pattern);
  }
}

// ---- the XML writer ------------------------------------------------------------------------------

describe('the XML writer', () => {
  it('escapes the five special characters and drops characters XML cannot carry', () => {
    expect(escapeXml(`<script>&"'`)).toBe('&lt;script&gt;&amp;&quot;&apos;');
    expect(escapeXml('a\u0000b\u0007c\u001Fd\tx\ny')).toBe('abcd\tx\ny');
    expect(escapeXml('jalan 🚧 rusak')).toBe('jalan 🚧 rusak');
    expect(escapeXml('lone \uD83D surrogate')).toBe('lone  surrogate');
  });

  it('itemises lists by name, writes null as an empty element, and starts with the declaration', () => {
    const doc = xmlDocument('service_requests', [{ id: 'A&B', lat: -6.9, address: null, ok: true }], { service_requests: 'request' });
    expect(doc).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><id>A&amp;B</id><lat>-6.9</lat><address/><ok>true</ok></request></service_requests>\n');
    expect(parseXml(doc).children[0]!.name).toBe('request');
  });

  it('refuses element names that would break the document', () => {
    expect(() => xmlDocument('x', { 'a b': 1 })).toThrow(/element name/);
  });
});

describe('pure rules', () => {
  it('takes the title from the start of the description, or the service name', () => {
    expect(titleFor(undefined, 'Sampah menumpuk')).toBe('Sampah menumpuk');
    expect(titleFor('  Lampu   mati  ', 'X')).toBe('Lampu mati');
    const long = 'Saluran air di gang kami tersumbat sampah plastik sejak minggu lalu sehingga air meluap ke rumah warga setiap hujan.';
    const title = titleFor(long, 'X');
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(81);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
  });

  it('defaults to the last 90 days and refuses a wider or inverted range', () => {
    const now = new Date('2026-06-30T00:00:00Z');
    expect(requestWindow(undefined, undefined, now)).toEqual({ start: new Date('2026-04-01T00:00:00Z'), end: now });
    expect(requestWindow('2026-01-01T00:00:00Z', undefined)).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') });
    expect(requestWindow('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') });
    expect(requestWindow('2026-01-01T00:00:00Z', '2026-04-01T00:00:01Z')).toEqual({ error: expect.stringMatching(/90 days/) });
    expect(requestWindow('2026-02-01', '2026-01-01')).toEqual({ error: expect.stringMatching(/before/) });
  });
});

// ---- discovery and services --------------------------------------------------------------------

describe('discovery and services', () => {
  it('describes the endpoint in JSON and XML, at the URL the client used', async () => {
    const json = await get('/open311/v2/discovery.json', { host: 'pengaduan.example.id' });
    expect(json.statusCode, json.body).toBe(200);
    const d = json.json();
    expect(d.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(d.contact).toContain('Kota Bandung');
    expect(d.key_service).toContain('/v1/open311-keys');
    expect(d.endpoints).toEqual([
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://pengaduan.example.id/open311/v2', changeset: d.changeset, type: 'production', formats: ['application/json', 'text/xml'] },
    ]);

    const xml = await get('/open311/v2/discovery.xml', { host: 'pengaduan.example.id' });
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(xml.body);
    expect(root.name).toBe('discovery');
    const endpoint = root.children.find((n) => n.name === 'endpoints')!.children[0]!;
    expect(endpoint.name).toBe('endpoint');
    expect(fieldsOf(endpoint)).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://pengaduan.example.id/open311/v2', type: 'production' });
    expect(endpoint.children.find((n) => n.name === 'formats')!.children.map((f) => [f.name, f.text])).toEqual([
      ['format', 'application/json'],
      ['format', 'text/xml'],
    ]);
  });

  it('lists one service per complaint category of the region, grouped by the default unit', async () => {
    const res = await get('/open311/v2/services.json');
    expect(res.statusCode, res.body).toBe(200);
    const services = res.json() as Record<string, unknown>[];
    expect(services).toHaveLength(20);
    expect(services.find((s) => s.service_code === 'jalan-rusak')).toEqual({
      service_code: 'jalan-rusak',
      service_name: 'Jalan dan trotoar rusak',
      description: 'Jalan dan trotoar rusak. Ditangani oleh Dinas Sumber Daya Air dan Bina Marga, Kota Bandung.',
      metadata: false,
      type: 'realtime',
      keywords: 'jalan,rusak',
      group: 'Dinas Sumber Daya Air dan Bina Marga',
    });

    const xml = parseXml((await get('/open311/v2/services.xml')).body);
    expect(xml.name).toBe('services');
    expect(xml.children).toHaveLength(20);
    expect(xml.children.every((n) => n.name === 'service')).toBe(true);
    expect(fieldsOf(xml.children.find((n) => fieldsOf(n).service_code === 'sampah')!)).toMatchObject({
      service_name: 'Sampah menumpuk atau tidak terangkut',
      metadata: 'false',
      type: 'realtime',
      group: 'Dinas Lingkungan Hidup',
    });
  });

  it('serves the region named by jurisdiction_id', async () => {
    const res = await get('/open311/v2/services.json?jurisdiction_id=72.71');
    expect(res.json()).toEqual([
      expect.objectContaining({ service_code: 'jalan-rusak', service_name: 'Jalan rusak', group: 'Dinas Pekerjaan Umum dan Penataan Ruang' }),
    ]);
    const unknown = await get('/open311/v2/services.xml?jurisdiction_id=99.99');
    expectOpen311Error(unknown, 404, 'xml', /99\.99 is not served/);
    expectOpen311Error(await get('/open311/v2/services.json?jurisdiction_id=99.99'), 404, 'json', /99\.99 is not served/);
  });

  it('defines a service with no attributes, and 404s an unknown one', async () => {
    const json = await get('/open311/v2/services/sampah.json');
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual({ service_code: 'sampah', attributes: [] });
    const xml = parseXml((await get('/open311/v2/services/sampah.xml')).body);
    expect(xml.name).toBe('service_definition');
    expect(xml.children.map((n) => [n.name, n.text, n.children.length])).toEqual([
      ['service_code', 'sampah', 0],
      ['attributes', '', 0],
    ]);
    expectOpen311Error(await get('/open311/v2/services/kebakaran.json'), 404, 'json', /no service kebakaran/);
    expectOpen311Error(await get('/open311/v2/services/kebakaran.xml'), 404, 'xml', /no service kebakaran/);
    // Palu has jalan-rusak but not sampah
    expectOpen311Error(await get('/open311/v2/services/sampah.json?jurisdiction_id=72.71'), 404, 'json', /Kota Palu/);
  });

  it('answers unknown Open311 paths and bad format suffixes in Open311 form', async () => {
    expectOpen311Error(await get('/open311/v2/nothing.xml'), 404, 'xml', /There is no GET/);
    expectOpen311Error(await get('/open311/v2/services.csv'), 400, 'json', /format/);
  });

  it('documents every Open311 route in OpenAPI under the open311 tag', async () => {
    const doc = (await get('/openapi.json')).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const paths = [
      ['/open311/v2/discovery.{format}', 'get'],
      ['/open311/v2/services.{format}', 'get'],
      ['/open311/v2/services/{service_code}.{format}', 'get'],
      ['/open311/v2/requests.{format}', 'get'],
      ['/open311/v2/requests.{format}', 'post'],
      ['/open311/v2/requests/{service_request_id}.{format}', 'get'],
      ['/open311/v2/tokens/{token}.{format}', 'get'],
      ['/v1/open311-keys', 'post'],
      ['/v1/open311-keys', 'get'],
      ['/v1/open311-keys/{id}', 'delete'],
    ] as const;
    for (const [path, method] of paths) expect(doc.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['open311']);
  });
});

// ---- submitting -----------------------------------------------------------------------------------

describe('POST requests', () => {
  it('creates an anonymous public report, trackable by ID, by token and on the public API, with no reporter data in Open311', async () => {
    const fields = validFields({
      address_string: 'Jl. Setiabudi No. 45, Bandung',
      media_url: 'https://example.org/lubang.jpg',
      first_name: 'Budi',
      last_name: 'Santoso',
      phone: '0812-3456-7890',
      email: 'budi.santoso@example.com',
      device_id: 'device-42',
      account_id: 'akun-7',
      attribute_ignored: 'x',
    });
    const res = await post311(fields);
    expect(res.statusCode, res.body).toBe(200);
    const [item] = res.json();
    expect(item.service_request_id).toMatch(/^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(item.token).toMatch(/^[0-9a-f]{32}$/);
    expect(item.account_id).toBe('akun-7');
    expect(item.service_notice).toMatch(/paling lambat .* \(3 hari kerja\)/);

    const one = await get(`/open311/v2/requests/${item.service_request_id}.json`);
    expect(one.statusCode, one.body).toBe(200);
    const pub = (await get(`/v1/reports/${item.service_request_id}`)).json();
    expect(pub).toMatchObject({ channel: 'open311', anonim: true, rahasia: false, reporter: null, category: 'jalan-rusak', status: 'submitted' });
    expect(pub.title).toBe('Jalan berlubang besar di depan sekolah, membahayakan anak-anak yang menyeberang.');
    expect(one.json()).toEqual([
      {
        service_request_id: item.service_request_id,
        status: 'open',
        status_notes: 'Belum terverifikasi',
        service_name: 'Jalan dan trotoar rusak',
        service_code: 'jalan-rusak',
        description: fields.description,
        agency_responsible: null,
        service_notice: item.service_notice,
        requested_datetime: pub.submittedAt,
        updated_datetime: pub.updatedAt,
        expected_datetime: pub.deadline.due,
        address: 'Jl. Setiabudi No. 45, Bandung',
        address_id: null,
        zipcode: null,
        lat: Number(fields.lat),
        long: Number(fields.long),
        media_url: 'https://example.org/lubang.jpg',
      },
    ]);
    for (const secret of ['Budi', 'Santoso', '3456', 'budi.santoso', 'device-42']) {
      expect(one.body).not.toContain(secret);
      expect((await get(`/open311/v2/requests/${item.service_request_id}.xml`)).body).not.toContain(secret);
    }

    // staff get the contact, normalized; the source names the key, never the device
    const row = (
      await sql<{ reporter_name: string; reporter_phone: string; reporter_email: string; source_system: string; source_id: string; open311_token: string }>`
        select reporter_name, reporter_phone, reporter_email, source_system, source_id, open311_token from report where tracking_id = ${item.service_request_id}`.execute(c.db)
    ).rows[0]!;
    expect(row).toMatchObject({ reporter_name: 'Budi Santoso', reporter_phone: '+6281234567890', reporter_email: 'budi.santoso@example.com', source_system: 'open311', open311_token: item.token });
    expect(row.source_id).toBe(`${key.slice(0, 10)}:${item.token}`);

    const token = await get(`/open311/v2/tokens/${item.token}.json`);
    expect(token.json()).toEqual([{ service_request_id: item.service_request_id, token: item.token }]);
    const tokenXml = parseXml((await get(`/open311/v2/tokens/${item.token}.xml`)).body);
    expect(tokenXml.name).toBe('service_requests');
    expect(fieldsOf(tokenXml.children[0]!)).toEqual({ service_request_id: item.service_request_id, token: item.token });
    expectOpen311Error(await get('/open311/v2/tokens/0123456789abcdef0123456789abcdef.json'), 404, 'json', /token/);
    expectOpen311Error(await get('/open311/v2/tokens/0123456789abcdef0123456789abcdef.xml'), 404, 'xml', /token/);
  });

  it('answers in XML when posted to requests.xml, and takes the title from the service name without a description', async () => {
    const res = await post311({ api_key: key, service_code: 'sampah', address_string: 'Pasar Kosambi' }, 'xml');
    expect(res.statusCode, res.body).toBe(200);
    const root = parseXml(res.body);
    expect(root.name).toBe('service_requests');
    const item = fieldsOf(root.children[0]!);
    expect(item.service_request_id).toMatch(/^LPR-/);
    expect(item.account_id).toBe('');
    const pub = (await get(`/v1/reports/${item.service_request_id}`)).json();
    expect(pub).toMatchObject({ title: 'Sampah menumpuk atau tidak terangkut', address: 'Pasar Kosambi', location: null });
  });

  it('accepts address_id alone as the location', async () => {
    const r = await created({ api_key: key, service_code: 'sampah', address_id: 'ADDR-77', description: 'Tumpukan sampah di ujung gang belum diangkut.' });
    expect((await get(`/v1/reports/${r.service_request_id}`)).json().address).toBe('address_id ADDR-77');
  });

  it('refuses bad input with Open311 errors in both formats', async () => {
    const { service_code: _s, ...noService } = validFields();
    expectOpen311Error(await post311(noService, 'json'), 400, 'json', /service_code/);
    expectOpen311Error(await post311(noService, 'xml'), 400, 'xml', /service_code/);

    const noLocation = { api_key: key, service_code: 'sampah', description: 'Tanpa lokasi sama sekali.' };
    expectOpen311Error(await post311(noLocation, 'json'), 400, 'json', /location is required/);
    expectOpen311Error(await post311(noLocation, 'xml'), 400, 'xml', /location is required/);
    expectOpen311Error(await post311({ ...noLocation, lat: '-6.9', long: '' }, 'json'), 400, 'json', /long: lat and long must be given together/);
    expectOpen311Error(await post311({ ...noLocation, lat: 'abc', long: '107.6' }, 'json'), 400, 'json', /lat/);

    expectOpen311Error(await post311(validFields({ service_code: 'kebakaran' }), 'json'), 400, 'json', /service_code: kebakaran is not a service of Kota Bandung/);
    expectOpen311Error(await post311(validFields({ service_code: 'kebakaran' }), 'xml'), 400, 'xml', /not a service/);

    expectOpen311Error(await post311(validFields({ phone: '021-555-1234' }), 'json'), 400, 'json', /phone: only mobile numbers/);
    expectOpen311Error(await post311(validFields({ phone: '12345' }), 'xml'), 400, 'xml', /phone/);
    expectOpen311Error(await post311(validFields({ email: 'not-an-email' }), 'json'), 400, 'json', /email/);
    expectOpen311Error(await post311(validFields({ media_url: 'javascript:alert(1)' }), 'json'), 400, 'json', /media_url/);
    expectOpen311Error(await post311(validFields({ description: 'x'.repeat(4001) }), 'json'), 400, 'json', /description: must be at most 4000/);

    const before = (await sql<{ n: number }>`select count(*)::int as n from report`.execute(c.db)).rows[0]!.n;
    expect(before).toBeGreaterThan(0);
    // a description of exactly 4000 characters is fine
    await created(validFields({ description: 'y'.repeat(4000) }));
    expect((await sql<{ n: number }>`select count(*)::int as n from report`.execute(c.db)).rows[0]!.n).toBe(before + 1);
  });

  it('refuses a missing, unknown or revoked api_key with 403, before anything else', async () => {
    const { api_key: _k, ...noKey } = validFields();
    expectOpen311Error(await post311(noKey, 'json'), 403, 'json', /api_key is required/);
    expectOpen311Error(await post311({ ...noKey, api_key: 's311_not-a-real-key' }, 'json'), 403, 'json', /not valid/);
    expectOpen311Error(await post311({ ...noKey, api_key: 's311_not-a-real-key' }, 'xml'), 403, 'xml', /not valid/);
    // a bad key is 403 even when the rest is bad too
    expectOpen311Error(await post311({ api_key: 's311_nope' }, 'json'), 403, 'json', /not valid/);
    const empty = await c.app.inject({ method: 'POST', url: '/open311/v2/requests.xml' });
    expectOpen311Error(empty, 403, 'xml', /api_key is required/);

    const second = await createKey(admin, 'Aplikasi lama');
    await created(validFields({ api_key: second.key }));
    const del = await c.app.inject({ method: 'DELETE', url: `/v1/open311-keys/${second.id}`, headers: admin });
    expect(del.statusCode, del.body).toBe(204);
    expectOpen311Error(await post311(validFields({ api_key: second.key }), 'json'), 403, 'json', /revoked/);
    expectOpen311Error(await post311(validFields({ api_key: second.key }), 'xml'), 403, 'xml', /revoked/);
    // the first key still works
    await created(validFields());
  });
});

// ---- integrator keys ------------------------------------------------------------------------------

describe('integrator keys', () => {
  it('are created by admins only, shown once, stored hashed, listed without the key and revoked idempotently', async () => {
    const k = await createKey(admin, 'Kanal SMS Dinas');
    expect(k.key).toMatch(/^s311_[A-Za-z0-9_-]{32}$/);
    expect(k.prefix).toBe(k.key.slice(0, 10));
    const stored = (await sql<{ key_hash: string; key_prefix: string; created_by: string }>`select key_hash, key_prefix, created_by from open311_key where id = ${k.id}`.execute(c.db)).rows[0]!;
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.key_hash).not.toContain(k.key);
    expect(stored).toMatchObject({ key_prefix: k.prefix, created_by: 'admin-1' });

    const list = await get('/v1/open311-keys', admin);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(k.key);
    expect(list.body).not.toContain(stored.key_hash);
    expect(list.json().items).toContainEqual({ id: k.id, name: 'Kanal SMS Dinas', prefix: k.prefix, createdAt: k.createdAt, createdBy: 'admin-1', revokedAt: null });

    const first = await c.app.inject({ method: 'DELETE', url: `/v1/open311-keys/${k.id}`, headers: admin });
    expect(first.statusCode).toBe(204);
    const revokedAt = (await get('/v1/open311-keys', admin)).json().items.find((i: { id: string }) => i.id === k.id).revokedAt;
    expect(revokedAt).toMatch(/^\d{4}-/);
    expect((await c.app.inject({ method: 'DELETE', url: `/v1/open311-keys/${k.id}`, headers: admin })).statusCode).toBe(204);
    expect((await get('/v1/open311-keys', admin)).json().items.find((i: { id: string }) => i.id === k.id).revokedAt).toBe(revokedAt);

    const missing = await c.app.inject({ method: 'DELETE', url: '/v1/open311-keys/00000000-0000-4000-8000-000000000000', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('refuse other roles and anonymous callers, in problem+json', async () => {
    const officer = await c.app.inject({ method: 'POST', url: '/v1/open311-keys', headers: await as.officer('dsdabm'), payload: { name: 'x-app' } });
    expect(officer.statusCode).toBe(403);
    expect(officer.json()).toMatchObject({ code: 'forbidden_role' });
    expect((await get('/v1/open311-keys', await as.integrator())).statusCode).toBe(403);
    expect((await get('/v1/open311-keys')).statusCode).toBe(401);
  });

  it('belong to one region: a Palu key posts to Palu only, and Bandung’s admin never sees it', async () => {
    const palu = await createKey(await as.admin('72.71'), 'Aplikasi Palu');
    expect((await get('/v1/open311-keys', admin)).json().items.map((i: { id: string }) => i.id)).not.toContain(palu.id);

    expectOpen311Error(await post311(validFields({ api_key: palu.key })), 403, 'json', /not valid for this jurisdiction/);
    expectOpen311Error(await post311(validFields(), 'json', '?jurisdiction_id=72.71'), 403, 'json', /not valid/);

    const inPalu = await created(validFields({ api_key: palu.key, description: 'Jalan rusak di Palu dekat pantai Talise, berlubang dalam.' }), '?jurisdiction_id=72.71');
    expectOpen311Error(await post311(validFields({ api_key: palu.key, jurisdiction_id: '72.71' }), 'json', '?jurisdiction_id=32.73'), 400, 'json', /differs/);
    // the jurisdiction may also come in the form itself
    const inForm = await created(validFields({ api_key: palu.key, jurisdiction_id: '72.71', description: 'Jalan rusak lain di Palu.' }));

    const paluList = (await get('/open311/v2/requests.json?jurisdiction_id=72.71')).json() as { service_request_id: string; agency_responsible: string | null }[];
    expect(paluList.map((r) => r.service_request_id).sort()).toEqual([inPalu.service_request_id, inForm.service_request_id].sort());
    const bandungIds = ((await get('/open311/v2/requests.json')).json() as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(bandungIds).not.toContain(inPalu.service_request_id);
    expectOpen311Error(await get(`/open311/v2/requests/${inPalu.service_request_id}.json`), 404, 'json', /no service request/);
    expect((await get(`/open311/v2/requests/${inPalu.service_request_id}.json?jurisdiction_id=72.71`)).statusCode).toBe(200);
    expectOpen311Error(await get(`/open311/v2/tokens/${inPalu.token}.json`), 404, 'json', /token/);
  });
});

// ---- reading requests -----------------------------------------------------------------------------

describe('GET requests', () => {
  let road: { service_request_id: string; token: string };
  let trash: { service_request_id: string; token: string };
  let archived: { service_request_id: string; token: string };
  let secretReport: { trackingId: string };

  beforeAll(async () => {
    road = await created(validFields({ description: 'Aspal mengelupas sepanjang 20 meter di Jl. Pasteur.' }));
    trash = await created(validFields({ service_code: 'sampah', description: 'Sampah tidak diangkut tiga hari di TPS Cicadas.' }));
    archived = await created(validFields({ service_code: 'parkir-liar', description: 'Iklan pinjaman online, bukan laporan.' }));
    const arch = await c.app.inject({ method: 'POST', url: `/v1/staff/reports/${archived.service_request_id}/archive`, headers: admin, payload: { reason: 'spam' } });
    expect(arch.statusCode, arch.body).toBe(200);
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/reports',
      payload: aReport({ rahasia: true, category: 'jalan-rusak', location: { lat: -6.1, lon: 106.1 }, description: 'Laporan rahasia tentang jalan yang rusak parah sekali.' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    secretReport = res.json();
  });

  const ids = async (query: string) => {
    const res = await get(`/open311/v2/requests.json${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { service_request_id: string }[]).map((r) => r.service_request_id);
  };

  it('lists public requests newest first, without rahasia reports, in JSON and XML', async () => {
    const res = await get('/open311/v2/requests.json');
    const list = res.json() as { service_request_id: string; requested_datetime: string }[];
    expect(list.length).toBeGreaterThanOrEqual(3);
    const times = list.map((r) => r.requested_datetime);
    expect([...times].sort().reverse()).toEqual(times);
    expect(list.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([road.service_request_id, trash.service_request_id, archived.service_request_id]));
    expect(list.map((r) => r.service_request_id)).not.toContain(secretReport.trackingId);
    expect(res.body).not.toContain('Laporan rahasia');

    const xml = parseXml((await get('/open311/v2/requests.xml')).body);
    expect(xml.name).toBe('service_requests');
    expect(xml.children.every((n) => n.name === 'request')).toBe(true);
    expect(xml.children.map((n) => fieldsOf(n).service_request_id)).toEqual(list.map((r) => r.service_request_id));
    const trashXml = fieldsOf(xml.children.find((n) => fieldsOf(n).service_request_id === trash.service_request_id)!);
    expect(trashXml).toMatchObject({ status: 'open', service_code: 'sampah', address_id: '', zipcode: '', description: 'Sampah tidak diangkut tiga hari di TPS Cicadas.' });
  });

  it('hides a rahasia report by ID, by token and in an ID list', async () => {
    expectOpen311Error(await get(`/open311/v2/requests/${secretReport.trackingId}.json`), 404, 'json', /no service request/);
    expectOpen311Error(await get(`/open311/v2/requests/${secretReport.trackingId}.xml`), 404, 'xml', /no service request/);
    expect(await ids(`?service_request_id=${secretReport.trackingId},${road.service_request_id}`)).toEqual([road.service_request_id]);

    // a report an admin later marks rahasia disappears from Open311 too, token included
    const hidden = await created(validFields({ description: 'Nanti dirahasiakan oleh admin karena menyebut nama.' }));
    expect((await get(`/open311/v2/tokens/${hidden.token}.json`)).statusCode).toBe(200);
    const privacy = await c.app.inject({ method: 'PATCH', url: `/v1/staff/reports/${hidden.service_request_id}/privacy`, headers: admin, payload: { rahasia: true } });
    expect(privacy.statusCode, privacy.body).toBe(200);
    expect((await get(`/open311/v2/tokens/${hidden.token}.json`)).statusCode).toBe(404);
    expect((await get(`/open311/v2/requests/${hidden.service_request_id}.json`)).statusCode).toBe(404);
    expect(await ids('')).not.toContain(hidden.service_request_id);
  });

  it('404s an unknown ID in both formats', async () => {
    expectOpen311Error(await get('/open311/v2/requests/LPR-0000-0000.json'), 404, 'json', /LPR-0000-0000/);
    expectOpen311Error(await get('/open311/v2/requests/LPR-0000-0000.xml'), 404, 'xml', /LPR-0000-0000/);
    expectOpen311Error(await get('/open311/v2/requests/bukan-id.json'), 404, 'json', /no service request/);
  });

  it('filters by status', async () => {
    const closed = await ids('?status=closed');
    expect(closed).toContain(archived.service_request_id);
    expect(closed).not.toContain(road.service_request_id);
    const open = await ids('?status=open');
    expect(open).toEqual(expect.arrayContaining([road.service_request_id, trash.service_request_id]));
    expect(open).not.toContain(archived.service_request_id);
    expect((await ids('?status=open,closed')).sort()).toEqual((await ids('')).sort());
    const one = (await get(`/open311/v2/requests/${archived.service_request_id}.json`)).json()[0];
    expect(one).toMatchObject({ status: 'closed', status_notes: 'Arsip', expected_datetime: null, service_notice: null });
    expectOpen311Error(await get('/open311/v2/requests.json?status=pending'), 400, 'json', /status/);
  });

  it('filters by service_code, also a comma list', async () => {
    expect(await ids('?service_code=sampah')).toContain(trash.service_request_id);
    expect(await ids('?service_code=sampah')).not.toContain(road.service_request_id);
    const both = await ids('?service_code=sampah,parkir-liar');
    expect(both).toEqual(expect.arrayContaining([trash.service_request_id, archived.service_request_id]));
    expect(both).not.toContain(road.service_request_id);
    expect(await ids('?service_code=kebakaran')).toEqual([]);
  });

  it('takes a comma list of IDs that overrides the other filters', async () => {
    const list = await ids(`?service_request_id=${road.service_request_id},${trash.service_request_id}&service_code=parkir-liar&status=closed&start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z`);
    expect(list.sort()).toEqual([road.service_request_id, trash.service_request_id].sort());
    // typed the way people type it: lower case, no dashes
    expect(await ids(`?service_request_id=${road.service_request_id.toLowerCase().replaceAll('-', '')}`)).toEqual([road.service_request_id]);
  });

  it('filters by date and refuses a span over 90 days, in both formats', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await ids(`?start_date=${iso(now - 3_600_000)}&end_date=${iso(now + 3_600_000)}`)).toContain(road.service_request_id);
    expect(await ids(`?start_date=${iso(now - 30 * 86_400_000)}&end_date=${iso(now - 29 * 86_400_000)}`)).toEqual([]);
    expect(await ids(`?start_date=${iso(now + 86_400_000)}`)).toEqual([]);
    expectOpen311Error(await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-15T00:00:00Z'), 400, 'json', /at most 90 days/);
    expectOpen311Error(await get('/open311/v2/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-04-15T00:00:00Z'), 400, 'xml', /at most 90 days/);
    expectOpen311Error(await get('/open311/v2/requests.json?start_date=kemarin'), 400, 'json', /start_date/);
  });

  it('names the responsible unit, the follow-up deadline and the resolution as the case moves on', async () => {
    const r = await created(validFields({ service_code: 'lampu-jalan-mati', description: 'Lampu PJU mati di sepanjang Jl. Riau sejak kemarin malam.' }));
    const disposed = await c.app.inject({ method: 'POST', url: `/v1/staff/reports/${r.service_request_id}/dispose`, headers: admin, payload: {} });
    expect(disposed.statusCode, disposed.body).toBe(200);
    const afterDispose = (await get(`/open311/v2/requests/${r.service_request_id}.json`)).json()[0];
    expect(afterDispose).toMatchObject({ status: 'open', agency_responsible: 'Dinas Perhubungan', status_notes: 'Terdisposisi, belum ditindaklanjuti', expected_datetime: disposed.json().deadline.due });
    expect(afterDispose.service_notice).toMatch(/5 hari kerja/);

    const officer = await as.officer('dishub');
    const followed = await c.app.inject({ method: 'POST', url: `/v1/staff/reports/${r.service_request_id}/follow-up`, headers: officer, payload: { resolution: 'Lampu sudah diganti oleh petugas.' } });
    expect(followed.statusCode, followed.body).toBe(200);
    const afterFollowUp = (await get(`/open311/v2/requests/${r.service_request_id}.json`)).json()[0];
    expect(afterFollowUp).toMatchObject({ status: 'open', status_notes: 'Sudah ditindaklanjuti. Lampu sudah diganti oleh petugas.', expected_datetime: followed.json().deadline.due });
  });

  it('folds a nearby duplicate into the case it supports: out of lists, but readable by ID with that case’s status', async () => {
    const place = nextSpot();
    const first = await created(validFields({ ...place, service_code: 'pohon-taman', description: 'Pohon besar miring hampir tumbang ke jalan.' }));
    const second = await created(validFields({ ...place, service_code: 'pohon-taman', description: 'Pohon di tempat yang sama makin miring.' }));
    expect(second.service_notice).toContain(first.service_request_id);
    expect(await ids('')).toContain(first.service_request_id);
    expect(await ids('')).not.toContain(second.service_request_id);
    const one = (await get(`/open311/v2/requests/${second.service_request_id}.json`)).json()[0];
    expect(one).toMatchObject({ service_request_id: second.service_request_id, status: 'open', status_notes: `Mendukung laporan ${first.service_request_id}: Belum terverifikasi` });
    expect(await ids(`?service_request_id=${second.service_request_id}`)).toEqual([second.service_request_id]);
  });

  it('escapes a description full of markup in XML and keeps it intact in JSON', async () => {
    const description = `Ada <script>alert("x")</script> & 'kutip' di papan pengumuman RW 05 </description><status>closed</status>`;
    const r = await created(validFields({ service_code: 'informasi-publik', description }));
    const raw = (await get(`/open311/v2/requests/${r.service_request_id}.xml`)).body;
    expect(raw).not.toContain('<script>');
    expect(raw).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;kutip&apos;');
    const root = parseXml(raw);
    expect(root.children).toHaveLength(1);
    const item = fieldsOf(root.children[0]!);
    expect(item.description).toBe(description);
    expect(item.status).toBe('open');
    expect((await get(`/open311/v2/requests/${r.service_request_id}.json`)).json()[0].description).toBe(description);
  });
});
