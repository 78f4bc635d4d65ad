/**
 * Open311 GeoReport v2: discovery, services and service definitions, and the integrator keys that let an application post.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  c,
  admin,
  useOpen311Harness,
  createKey,
  post311,
  validFields,
  created,
  get,
  parseXml,
  fieldsOf,
  expectOpen311Error,
} from './open311-setup.js';

useOpen311Harness();

describe('discovery and services', () => {
  it('describes the endpoint in JSON and XML, at the URL the client used', async () => {
    const json = await get('/open311/v2/discovery.json', { host: 'pengaduan.example.id' });
    expect(json.statusCode, json.body).toBe(200);
    const d = json.json();
    expect(d.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(d.contact).toContain('Kota Bandung');
    expect(d.key_service).toContain('/v1/open311-keys');
    expect(d.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'http://pengaduan.example.id/open311/v2',
        changeset: d.changeset,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ]);

    const xml = await get('/open311/v2/discovery.xml', { host: 'pengaduan.example.id' });
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(xml.body);
    expect(root.name).toBe('discovery');
    const endpoint = root.children.find((n) => n.name === 'endpoints')!.children[0]!;
    expect(endpoint.name).toBe('endpoint');
    expect(fieldsOf(endpoint)).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://pengaduan.example.id/open311/v2',
      type: 'production',
    });
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
      expect.objectContaining({
        service_code: 'jalan-rusak',
        service_name: 'Jalan rusak',
        group: 'Dinas Pekerjaan Umum dan Penataan Ruang',
      }),
    ]);
    const unknown = await get('/open311/v2/services.xml?jurisdiction_id=99.99');
    expectOpen311Error(unknown, 404, 'xml', /99\.99 is not served/);
    expectOpen311Error(
      await get('/open311/v2/services.json?jurisdiction_id=99.99'),
      404,
      'json',
      /99\.99 is not served/,
    );
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
    for (const [path, method] of paths)
      expect(doc.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['open311']);
  });
});

describe('integrator keys', () => {
  it('are created by admins only, shown once, stored hashed, listed without the key and revoked idempotently', async () => {
    const k = await createKey(admin, 'Kanal SMS Dinas');
    expect(k.key).toMatch(/^s311_[A-Za-z0-9_-]{32}$/);
    expect(k.prefix).toBe(k.key.slice(0, 10));
    const stored = (
      await sql<{
        key_hash: string;
        key_prefix: string;
        created_by: string;
      }>`select key_hash, key_prefix, created_by from open311_key where id = ${k.id}`.execute(c.db)
    ).rows[0]!;
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.key_hash).not.toContain(k.key);
    expect(stored).toMatchObject({ key_prefix: k.prefix, created_by: 'admin-1' });

    const list = await get('/v1/open311-keys', admin);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(k.key);
    expect(list.body).not.toContain(stored.key_hash);
    expect(list.json().items).toContainEqual({
      id: k.id,
      name: 'Kanal SMS Dinas',
      prefix: k.prefix,
      createdAt: k.createdAt,
      createdBy: 'admin-1',
      revokedAt: null,
    });

    const first = await c.app.inject({ method: 'DELETE', url: `/v1/open311-keys/${k.id}`, headers: admin });
    expect(first.statusCode).toBe(204);
    const revokedAt = (await get('/v1/open311-keys', admin))
      .json()
      .items.find((i: { id: string }) => i.id === k.id).revokedAt;
    expect(revokedAt).toMatch(/^\d{4}-/);
    expect((await c.app.inject({ method: 'DELETE', url: `/v1/open311-keys/${k.id}`, headers: admin })).statusCode).toBe(
      204,
    );
    expect(
      (await get('/v1/open311-keys', admin)).json().items.find((i: { id: string }) => i.id === k.id).revokedAt,
    ).toBe(revokedAt);

    const missing = await c.app.inject({
      method: 'DELETE',
      url: '/v1/open311-keys/00000000-0000-4000-8000-000000000000',
      headers: admin,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('refuse other roles and anonymous callers, in problem+json', async () => {
    const officer = await c.app.inject({
      method: 'POST',
      url: '/v1/open311-keys',
      headers: await c.as.officer('dsdabm'),
      payload: { name: 'x-app' },
    });
    expect(officer.statusCode).toBe(403);
    expect(officer.json()).toMatchObject({ code: 'forbidden_role' });
    expect((await get('/v1/open311-keys', await c.as.integrator())).statusCode).toBe(403);
    expect((await get('/v1/open311-keys')).statusCode).toBe(401);
  });

  it('belong to one region: a Palu key posts to Palu only, and Bandung’s admin never sees it', async () => {
    const palu = await createKey(await c.as.admin({ tenant: '72.71' }), 'Aplikasi Palu');
    expect((await get('/v1/open311-keys', admin)).json().items.map((i: { id: string }) => i.id)).not.toContain(palu.id);

    expectOpen311Error(
      await post311(validFields({ api_key: palu.key })),
      403,
      'json',
      /not valid for this jurisdiction/,
    );
    expectOpen311Error(await post311(validFields(), 'json', '?jurisdiction_id=72.71'), 403, 'json', /not valid/);

    const inPalu = await created(
      validFields({ api_key: palu.key, description: 'Jalan rusak di Palu dekat pantai Talise, berlubang dalam.' }),
      '?jurisdiction_id=72.71',
    );
    expectOpen311Error(
      await post311(validFields({ api_key: palu.key, jurisdiction_id: '72.71' }), 'json', '?jurisdiction_id=32.73'),
      400,
      'json',
      /differs/,
    );
    // the jurisdiction may also come in the form itself
    const inForm = await created(
      validFields({ api_key: palu.key, jurisdiction_id: '72.71', description: 'Jalan rusak lain di Palu.' }),
    );

    const paluList = (await get('/open311/v2/requests.json?jurisdiction_id=72.71')).json() as {
      service_request_id: string;
      agency_responsible: string | null;
    }[];
    expect(paluList.map((r) => r.service_request_id).sort()).toEqual(
      [inPalu.service_request_id, inForm.service_request_id].sort(),
    );
    const bandungIds = ((await get('/open311/v2/requests.json')).json() as { service_request_id: string }[]).map(
      (r) => r.service_request_id,
    );
    expect(bandungIds).not.toContain(inPalu.service_request_id);
    expectOpen311Error(
      await get(`/open311/v2/requests/${inPalu.service_request_id}.json`),
      404,
      'json',
      /no service request/,
    );
    expect((await get(`/open311/v2/requests/${inPalu.service_request_id}.json?jurisdiction_id=72.71`)).statusCode).toBe(
      200,
    );
    expectOpen311Error(await get(`/open311/v2/tokens/${inPalu.token}.json`), 404, 'json', /token/);
  });
});
