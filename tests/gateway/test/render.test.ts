/**
 * infra/gateway/render.mjs on its own: what it writes for a city's choice of services, and how it
 * refuses a bad value. Needs no nginx.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from './support.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sinergi-render-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('render.mjs', () => {
  it('gives a city that deploys only complaints only Lapor, and 503 for every other service', () => {
    const dir = fresh();
    const result = render({ SINERGI_UPSTREAM_COMPLAINTS: '127.0.0.1:3003', SINERGI_UPSTREAM_LICENSING: '' }, dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('deployed: complaints');
    const home = readFileSync(path.join(dir, 'html/index.html'), 'utf8');
    expect(home).toContain('href="/lapor/"');
    for (const other of ['/izin/', '/nilai/', '/anggaran/', 'Media sosial']) expect(home).not.toContain(other);

    const conf = readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
    expect(conf).toContain('proxy_pass http://127.0.0.1:3003;');
    expect(conf).toContain('rewrite ^/api/complaints(/.*)$ $1 break;');
    expect(conf).toMatch(/location \/izin\/ \{\s+return 503;/);
    expect(conf).toMatch(/location \/staf\/lapor\/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:3003;/);
    expect(conf).toMatch(/location \/staf\/ \{\s+return 503;/);
    expect(conf).toMatch(/location \/staf\/anggaran\/ \{\s+return 503;/);
    // licensing is not deployed: its part of the staff console is 503 as well
    expect(conf).toMatch(/location \/staf\/izin\/ \{\s+return 503;/);
    expect(conf).toMatch(/location \/api\/licensing\/ \{\s+return 503;/);
    expect(conf).toMatch(/location \/webhooks\/ \{\s+return 503;/);
    expect(conf).toContain('server_tokens off;');
    expect(conf).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(conf).not.toContain('resolver');

    const problem = JSON.parse(readFileSync(path.join(dir, 'html/503.json'), 'utf8')) as unknown;
    expect(problem).toMatchObject({ status: 503, code: 'service_unavailable' });
  });

  it('takes /staf/anggaran/ to budgeting’s staff console where budgeting is deployed', () => {
    const dir = fresh();
    expect(render({ SINERGI_UPSTREAM_BUDGETING: '127.0.0.1:3001' }, dir).status).toBe(0);
    const conf = readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
    expect(conf).toMatch(/location \/staf\/anggaran\/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:3001;/);
    expect(conf).toMatch(/location \/staf\/ \{\s+return 503;/);
  });

  it('takes /staf/izin/ to licensing once licensing is deployed, prefix kept, as /staf/lapor/ goes to complaints', () => {
    const dir = fresh();
    const result = render({ SINERGI_UPSTREAM_LICENSING: '127.0.0.1:3002' }, dir);
    expect(result.status, result.stderr).toBe(0);
    const conf = readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
    expect(conf).toMatch(/location \/staf\/izin\/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:3002;/);
    expect(conf).not.toMatch(/location \/staf\/izin\/ \{\s+return 503;/);
    expect(conf).toMatch(/location \/staf\/lapor\/ \{\s+return 503;/);
  });

  it('says when nothing is deployed', () => {
    const dir = fresh();
    expect(render({}, dir).status).toBe(0);
    expect(readFileSync(path.join(dir, 'html/index.html'), 'utf8')).toContain('Belum ada layanan');
  });

  it('escapes the city name and resolves host names at request time when given a resolver (compose)', () => {
    const dir = fresh();
    const result = render(
      {
        SINERGI_UPSTREAM_SOCIAL_INTAKE: 'social-intake:3004',
        SINERGI_CITY_NAME: 'Kota <b>Uji</b>',
        SINERGI_GATEWAY_RESOLVER: '127.0.0.11',
      },
      dir,
    );
    expect(result.status, result.stderr).toBe(0);
    const home = readFileSync(path.join(dir, 'html/index.html'), 'utf8');
    expect(home).toContain('Kota &lt;b&gt;Uji&lt;/b&gt;');
    expect(home).toContain('Media sosial');
    const conf = readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
    expect(conf).toContain('resolver 127.0.0.11 valid=10s ipv6=off;');
    expect(conf).toMatch(/location \/webhooks\/ \{\s+set \$sinergi_social_intake social-intake:3004;/);
  });

  it('refuses a bad value with one line naming the variable, and writes nothing', () => {
    const dir = fresh();
    const result = render(
      { SINERGI_UPSTREAM_COMPLAINTS: 'http://complaints:3003', SINERGI_GATEWAY_MAX_BODY: 'lots' },
      dir,
    );
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('SINERGI_UPSTREAM_COMPLAINTS must be host:port');
    expect(result.stderr).toContain('SINERGI_GATEWAY_MAX_BODY');
    expect(result.stderr).not.toContain('    at ');
    expect(() => readFileSync(path.join(dir, 'nginx.conf'))).toThrow();
  });

  it('serves plain HTTP without TLS settings, and with them HTTPS on its own port while HTTP only redirects', () => {
    const plain = fresh();
    expect(render({ SINERGI_UPSTREAM_COMPLAINTS: '127.0.0.1:3003' }, plain).status).toBe(0);
    const http = readFileSync(path.join(plain, 'nginx.conf'), 'utf8');
    expect(http).not.toMatch(/ssl|return 301 https/);
    expect(http).toMatch(/map \$https \$sinergi_hsts \{\s+default "";\s+\}/);

    const dir = fresh();
    const result = render(
      {
        SINERGI_UPSTREAM_COMPLAINTS: '127.0.0.1:3003',
        SINERGI_GATEWAY_TLS_CERT: '/etc/letsencrypt/live/lapor.example.go.id/fullchain.pem',
        SINERGI_GATEWAY_TLS_KEY: '/etc/letsencrypt/live/lapor.example.go.id/privkey.pem',
        SINERGI_GATEWAY_ACME_ROOT: '/var/www/acme',
      },
      dir,
    );
    expect(result.status, result.stderr).toBe(0);
    const conf = readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
    expect(conf).toMatch(
      /listen 8080;\s+server_name _;\s+location \/\.well-known\/acme-challenge\/ \{\s+root \/var\/www\/acme;/,
    );
    // people reach 443 (compose publishes the container's 8443 there): no port in the redirect
    expect(conf).toContain('return 301 https://$host$request_uri;');
    expect(conf).toContain('listen 8443 ssl;');
    expect(conf).toContain('ssl_certificate /etc/letsencrypt/live/lapor.example.go.id/fullchain.pem;');
    expect(conf).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(conf).toContain('on "max-age=31536000";');
  });

  it('refuses half a TLS configuration and a TLS port equal to the plain one', () => {
    const half = render({ SINERGI_GATEWAY_TLS_CERT: '/tls/cert.pem' }, fresh());
    expect(half.status).toBe(78);
    expect(half.stderr).toContain('SINERGI_GATEWAY_TLS_KEY');
    const same = render(
      { SINERGI_GATEWAY_TLS_CERT: '/c.pem', SINERGI_GATEWAY_TLS_KEY: '/k.pem', SINERGI_GATEWAY_TLS_LISTEN: '8080' },
      fresh(),
    );
    expect(same.status).toBe(78);
    expect(same.stderr).toContain('SINERGI_GATEWAY_TLS_LISTEN must differ');
  });
});
