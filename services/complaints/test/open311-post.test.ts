/**
 * Open311 `POST requests`: a form post becomes an anonymous public report; bad input and bad keys get Open311 errors.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  c,
  admin,
  key,
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
    expect(pub).toMatchObject({
      channel: 'open311',
      anonim: true,
      rahasia: false,
      reporter: null,
      category: 'jalan-rusak',
      status: 'submitted',
    });
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
      await sql<{
        reporter_name: string;
        reporter_phone: string;
        reporter_email: string;
        source_system: string;
        source_id: string;
        open311_token: string;
      }>`
        select reporter_name, reporter_phone, reporter_email, source_system, source_id, open311_token from report where tracking_id = ${item.service_request_id}`.execute(
        c.db,
      )
    ).rows[0]!;
    expect(row).toMatchObject({
      reporter_name: 'Budi Santoso',
      reporter_phone: '+6281234567890',
      reporter_email: 'budi.santoso@example.com',
      source_system: 'open311',
      open311_token: item.token,
    });
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
    expect(pub).toMatchObject({
      title: 'Sampah menumpuk atau tidak terangkut',
      address: 'Pasar Kosambi',
      location: null,
    });
  });

  it('accepts address_id alone as the location', async () => {
    const r = await created({
      api_key: key,
      service_code: 'sampah',
      address_id: 'ADDR-77',
      description: 'Tumpukan sampah di ujung gang belum diangkut.',
    });
    expect((await get(`/v1/reports/${r.service_request_id}`)).json().address).toBe('address_id ADDR-77');
  });

  it('refuses bad input with Open311 errors in both formats', async () => {
    const { service_code: _s, ...noService } = validFields();
    expectOpen311Error(await post311(noService, 'json'), 400, 'json', /service_code/);
    expectOpen311Error(await post311(noService, 'xml'), 400, 'xml', /service_code/);

    const noLocation = { api_key: key, service_code: 'sampah', description: 'Tanpa lokasi sama sekali.' };
    expectOpen311Error(await post311(noLocation, 'json'), 400, 'json', /location is required/);
    expectOpen311Error(await post311(noLocation, 'xml'), 400, 'xml', /location is required/);
    expectOpen311Error(
      await post311({ ...noLocation, lat: '-6.9', long: '' }, 'json'),
      400,
      'json',
      /long: lat and long must be given together/,
    );
    expectOpen311Error(await post311({ ...noLocation, lat: 'abc', long: '107.6' }, 'json'), 400, 'json', /lat/);

    expectOpen311Error(
      await post311(validFields({ service_code: 'kebakaran' }), 'json'),
      400,
      'json',
      /service_code: kebakaran is not a service of Kota Bandung/,
    );
    expectOpen311Error(await post311(validFields({ service_code: 'kebakaran' }), 'xml'), 400, 'xml', /not a service/);

    expectOpen311Error(
      await post311(validFields({ phone: '021-555-1234' }), 'json'),
      400,
      'json',
      /phone: only mobile numbers/,
    );
    expectOpen311Error(await post311(validFields({ phone: '12345' }), 'xml'), 400, 'xml', /phone/);
    expectOpen311Error(await post311(validFields({ email: 'not-an-email' }), 'json'), 400, 'json', /email/);
    expectOpen311Error(
      await post311(validFields({ media_url: 'javascript:alert(1)' }), 'json'),
      400,
      'json',
      /media_url/,
    );
    expectOpen311Error(
      await post311(validFields({ description: 'x'.repeat(4001) }), 'json'),
      400,
      'json',
      /description: must be at most 4000/,
    );

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
