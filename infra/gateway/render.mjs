#!/usr/bin/env node
/**
 * Renders the gateway (nginx.conf, the home page and the 503 answers) from the environment:
 *
 *   SINERGI_UPSTREAM_COMPLAINTS=127.0.0.1:3003 node infra/gateway/render.mjs /etc/sinergi-gateway
 *
 * A service is deployed when its SINERGI_UPSTREAM_<NAME> is set and not empty; everything else is
 * answered with the 503 page, so a city that deploys only complaints gets only Lapor. No dependencies:
 * it runs in any Node.js 20+ (compose renders with the official node image, the tests with theirs).
 * See README.md in this folder for every variable.
 */
import console from 'node:console';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { homePage, notFoundPage, problemJson, tooLargePage, unavailablePage } from './pages.mjs';

/**
 * What the gateway knows about each service: its page prefix (kept as-is) and its API prefix (stripped).
 * `staff` is its part of the staff console, `/staf/<part>/` (kept as-is), once the service serves one;
 * the rest of /staf/ answers 503. Parts: lapor (complaints), izin (licensing), anggaran (budgeting),
 * media (social-intake).
 */
export const SERVICES = [
  {
    name: 'complaints',
    env: 'SINERGI_UPSTREAM_COMPLAINTS',
    page: '/lapor/',
    extra: ['/open311/'],
    staff: '/staf/lapor/',
  },
  {
    name: 'licensing',
    env: 'SINERGI_UPSTREAM_LICENSING',
    page: '/izin/',
    extra: [],
    upload: true,
    staff: '/staf/izin/',
  },
  { name: 'official-rating', env: 'SINERGI_UPSTREAM_OFFICIAL_RATING', page: '/nilai/', extra: [] },
  { name: 'budgeting', env: 'SINERGI_UPSTREAM_BUDGETING', page: '/anggaran/', extra: [], staff: '/staf/anggaran/' },
  { name: 'social-intake', env: 'SINERGI_UPSTREAM_SOCIAL_INTAKE', page: undefined, extra: ['/webhooks/'] },
];

const HOST_PORT = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;
const SIZE = /^\d+[km]?$/;

/** The settings the environment gives, checked: a bad value stops the render with one line naming it. */
export function gatewaySettings(env) {
  const bad = [];
  const upstreams = {};
  for (const s of SERVICES) {
    const value = (env[s.env] ?? '').trim();
    if (!value) continue;
    if (!HOST_PORT.test(value))
      bad.push(`${s.env} must be host:port (e.g. 127.0.0.1:3003), got ${JSON.stringify(value)}`);
    else upstreams[s.name] = value;
  }
  const listen = (env.SINERGI_GATEWAY_LISTEN ?? '').trim() || '8080';
  if (!/^(?:\d{1,5}|(?:[0-9.]+|\[[0-9a-fA-F:]+\]):\d{1,5})$/.test(listen))
    bad.push(`SINERGI_GATEWAY_LISTEN must be a port or address:port, got ${JSON.stringify(listen)}`);
  const maxBody = (env.SINERGI_GATEWAY_MAX_BODY ?? '').trim() || '6m';
  const maxUpload = (env.SINERGI_GATEWAY_MAX_UPLOAD ?? '').trim() || '11m';
  for (const [name, v] of [
    ['SINERGI_GATEWAY_MAX_BODY', maxBody],
    ['SINERGI_GATEWAY_MAX_UPLOAD', maxUpload],
  ]) {
    if (!SIZE.test(v)) bad.push(`${name} must be an nginx size like 6m, got ${JSON.stringify(v)}`);
  }
  const resolver = (env.SINERGI_GATEWAY_RESOLVER ?? '').trim();
  if (resolver && !/^[0-9A-Za-z.:[\] -]+$/.test(resolver))
    bad.push(`SINERGI_GATEWAY_RESOLVER must be DNS server addresses, got ${JSON.stringify(resolver)}`);
  const accessLog = (env.SINERGI_GATEWAY_ACCESS_LOG ?? '').trim();
  if (accessLog && !/^(?:off|\/[\w./-]+)$/.test(accessLog))
    bad.push(`SINERGI_GATEWAY_ACCESS_LOG must be an absolute path or off, got ${JSON.stringify(accessLog)}`);
  const user = (env.SINERGI_GATEWAY_USER ?? '').trim();
  if (user && !/^[a-z_][a-z0-9_-]*$/.test(user))
    bad.push(`SINERGI_GATEWAY_USER must be a user name, got ${JSON.stringify(user)}`);
  const tls = tlsSettings(env, listen, bad);
  if (bad.length) throw new Error(bad.join('\n'));
  return {
    tls,
    upstreams,
    listen,
    maxBody,
    maxUpload,
    resolver,
    user,
    city: (env.SINERGI_CITY_NAME ?? '').trim(),
    runtimeDir: (env.SINERGI_GATEWAY_RUNTIME_DIR ?? '').trim(),
    accessLog: (env.SINERGI_GATEWAY_ACCESS_LOG ?? '').trim() || '/dev/stdout',
  };
}

/**
 * TLS (README, "TLS"): on when SINERGI_GATEWAY_TLS_CERT and SINERGI_GATEWAY_TLS_KEY name the certificate
 * chain and its key. The site is then served on SINERGI_GATEWAY_TLS_LISTEN (default 8443), and
 * SINERGI_GATEWAY_LISTEN only redirects to it (and answers ACME http-01 challenges from
 * SINERGI_GATEWAY_ACME_ROOT when set). SINERGI_GATEWAY_HTTPS_PORT is the port people reach (443 unless
 * said otherwise: compose publishes 8443 as 443); SINERGI_GATEWAY_HSTS_MAX_AGE the HSTS lifetime.
 */
export function tlsSettings(env, httpListen, bad) {
  const cert = (env.SINERGI_GATEWAY_TLS_CERT ?? '').trim();
  const key = (env.SINERGI_GATEWAY_TLS_KEY ?? '').trim();
  if (!cert && !key) return undefined;
  const file = /^\/[\w./-]+$/;
  if (!file.test(cert))
    bad.push(
      `SINERGI_GATEWAY_TLS_CERT must be the absolute path of a PEM certificate chain, got ${JSON.stringify(cert)}`,
    );
  if (!file.test(key))
    bad.push(`SINERGI_GATEWAY_TLS_KEY must be the absolute path of its PEM key, got ${JSON.stringify(key)}`);
  const listen = (env.SINERGI_GATEWAY_TLS_LISTEN ?? '').trim() || '8443';
  if (!/^(?:\d{1,5}|(?:[0-9.]+|\[[0-9a-fA-F:]+\]):\d{1,5})$/.test(listen))
    bad.push(`SINERGI_GATEWAY_TLS_LISTEN must be a port or address:port, got ${JSON.stringify(listen)}`);
  else if (listen === httpListen) bad.push('SINERGI_GATEWAY_TLS_LISTEN must differ from SINERGI_GATEWAY_LISTEN');
  const httpsPort = (env.SINERGI_GATEWAY_HTTPS_PORT ?? '').trim() || '443';
  if (!/^\d{1,5}$/.test(httpsPort))
    bad.push(`SINERGI_GATEWAY_HTTPS_PORT must be a port, got ${JSON.stringify(httpsPort)}`);
  const hstsMaxAge = (env.SINERGI_GATEWAY_HSTS_MAX_AGE ?? '').trim() || '31536000';
  if (!/^\d{1,9}$/.test(hstsMaxAge))
    bad.push(`SINERGI_GATEWAY_HSTS_MAX_AGE must be seconds, got ${JSON.stringify(hstsMaxAge)}`);
  const acmeRoot = (env.SINERGI_GATEWAY_ACME_ROOT ?? '').trim();
  if (acmeRoot && !file.test(acmeRoot))
    bad.push(`SINERGI_GATEWAY_ACME_ROOT must be an absolute path, got ${JSON.stringify(acmeRoot)}`);
  return { cert, key, listen, httpsPort, hstsMaxAge, acmeRoot };
}

/** Mozilla's "intermediate" profile: TLS 1.2 with forward-secret AEAD ciphers, and TLS 1.3. */
const TLS_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** HSTS only over TLS: $sinergi_hsts is empty otherwise, and nginx then adds no header. */
function hstsMap(settings) {
  const on = settings.tls ? `\n    on "max-age=${settings.tls.hstsMaxAge}";` : '';
  return `  map $https $sinergi_hsts {\n    default "";${on}\n  }`;
}

/** The site's listen directive: plain HTTP, or TLS with its certificate and the gateway's HSTS. */
function siteListen(settings) {
  const tls = settings.tls;
  if (!tls) return `    listen ${settings.listen};`;
  return `    listen ${tls.listen} ssl;
    ssl_certificate ${tls.cert};
    ssl_certificate_key ${tls.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ${TLS_CIPHERS};
    ssl_prefer_server_ciphers off;
    ssl_session_timeout 1d;
    ssl_session_cache shared:SinergiTLS:10m;
    ssl_session_tickets off;
    # one HSTS header, the gateway's: the services' own (helmet) is dropped
    proxy_hide_header Strict-Transport-Security;
    add_header Strict-Transport-Security $sinergi_hsts always;`;
}

/** With TLS: the plain-HTTP port only redirects to HTTPS (and answers ACME http-01 challenges). */
function redirectServer(settings) {
  const tls = settings.tls;
  if (!tls) return '';
  const port = tls.httpsPort === '443' ? '' : `:${tls.httpsPort}`;
  const acme = tls.acmeRoot ? `    location /.well-known/acme-challenge/ {\n      root ${tls.acmeRoot};\n    }\n` : '';
  return `  server {
    listen ${settings.listen};
    server_name _;
${acme}    location / {
      return 301 https://$host${port}$request_uri;
    }
  }

`;
}

const varName = (service) => `$sinergi_${service.replace(/-/g, '_')}`;

/** One proxied location; `rewrite` strips or maps the prefix (proxy_pass has no URI part, so the rewritten one goes). */
function proxied(service, upstream, { match, rewrite, upload, resolver }) {
  return [
    `    location ${match} {`,
    // with a resolver, the name is looked up per request (a container not started is a 503); without
    // one, nginx resolves it once at start, which also suits localhost and IP addresses
    ...(resolver ? [`      set ${varName(service)} ${upstream};`] : []),
    ...(rewrite ? [`      rewrite ${rewrite} break;`] : []),
    ...(upload ? [`      client_max_body_size ${upload};`] : []),
    `      proxy_pass http://${resolver ? varName(service) : upstream};`,
    '    }',
  ].join('\n');
}

const unavailable = (match) => `    location ${match} {\n      return 503;\n    }`;

/** The locations of one service: proxied when deployed, 503 when not. */
function serviceLocations(s, settings) {
  const upstream = settings.upstreams[s.name];
  const api = `/api/${s.name}/`;
  const upload = s.upload ? settings.maxUpload : undefined;
  const resolver = Boolean(settings.resolver);
  if (!upstream) return [api, ...(s.page ? [s.page] : []), ...(s.staff ? [s.staff] : []), ...s.extra].map(unavailable);
  const out = [
    // /metrics is for the operator's scraper on the inside, not for the public site
    `    location = /api/${s.name}/metrics {\n      return 404;\n    }`,
    proxied(s.name, upstream, { match: api, rewrite: `^/api/${s.name}(/.*)$ $1`, upload, resolver }),
  ];
  if (s.page) out.push(proxied(s.name, upstream, { match: s.page, upload, resolver }));
  if (s.staff) out.push(proxied(s.name, upstream, { match: s.staff, resolver }));
  // official-rating's form is at /r today (the links in invitations point there); the site shows it at /nilai/r
  if (s.name === 'official-rating')
    out.push(proxied(s.name, upstream, { match: '= /nilai/r', rewrite: '^ /r', resolver }));
  for (const prefix of s.extra) out.push(proxied(s.name, upstream, { match: prefix, resolver }));
  return out;
}

/**
 * The gateway's own answer for `status`, as a page or as problem+json ($sinergi_answer_type). One exact
 * location per status: a regex capture would be overwritten by the map's own regex.
 */
const answerLocation = (status) => `    location = /_answer/${status} {
      internal;
      etag off;
      add_header Cache-Control "no-store" always;
${status === 503 ? '      add_header Retry-After "60" always;\n' : ''}      add_header X-Content-Type-Options "nosniff" always;
      add_header Content-Security-Policy "${OWN_CSP}" always;
      add_header Referrer-Policy "no-referrer" always;
      add_header Strict-Transport-Security $sinergi_hsts always;
      try_files /${status}.$sinergi_answer_type =500;
    }`;

/** For the gateway's own pages only; proxied answers keep the services' own headers. */
const OWN_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** nginx.conf for the gateway whose pages live in `htmlDir`. */
export function renderConfig(settings, htmlDir) {
  const run = settings.runtimeDir || path.dirname(htmlDir);
  return `# Generated by infra/gateway/render.mjs: edit the generator or the environment, not this file.
${settings.user ? `user ${settings.user};\n` : ''}worker_processes auto;
pid ${run}/nginx.pid;
error_log stderr warn;

events {
  worker_connections 1024;
}

http {
  server_tokens off;
  # Location: /lapor/ rather than http://<the address nginx listens on>/lapor/
  absolute_redirect off;
  charset utf-8;
  default_type application/octet-stream;
  types {
    text/html html;
    application/problem+json json;
  }
  client_body_temp_path ${run}/client_body;
  proxy_temp_path ${run}/proxy;
  fastcgi_temp_path ${run}/fastcgi;
  uwsgi_temp_path ${run}/uwsgi;
  scgi_temp_path ${run}/scgi;

  # the path without its query: rating, report and application links carry secrets in the query
  map $request_uri $sinergi_logged_path {
    "~^(?<path>[^?]*)" $path;
  }
  log_format sinergi '$remote_addr [$time_iso8601] "$request_method $sinergi_logged_path" $status $body_bytes_sent $request_time "$http_user_agent"';
  access_log ${settings.accessLog === 'off' ? 'off' : `${settings.accessLog} sinergi`};
${settings.resolver ? `  resolver ${settings.resolver} valid=10s ipv6=off;\n  resolver_timeout 5s;\n` : ''}
  client_max_body_size ${settings.maxBody};
  client_header_timeout 15s;
  client_body_timeout 30s;
  send_timeout 60s;
  keepalive_timeout 30s;

  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $host;
  # the gateway is the edge: what a client sends as X-Forwarded-For is replaced, never trusted
  proxy_set_header X-Forwarded-For $remote_addr;
  proxy_set_header X-Forwarded-Proto $scheme;
  proxy_set_header X-Forwarded-Host $host;
  proxy_connect_timeout 5s;
  proxy_send_timeout 60s;
  proxy_read_timeout 60s;
  # uploads stream through instead of being spooled to disk first
  proxy_request_buffering off;
  proxy_redirect off;

  # API clients (by path, or asking for JSON and not HTML) get problem+json, browsers the page
  map $request_uri $sinergi_api_path {
    default 0;
    ~^/(api|open311|webhooks)/ 1;
  }
  map "$sinergi_api_path:$http_accept" $sinergi_answer_type {
    default html;
    ~^1: json;
    "~*^0:(?!.*text/html).*json" json;
  }
${hstsMap(settings)}

${redirectServer(settings)}  server {
${siteListen(settings)}
    server_name _;
    root ${htmlDir};

    # not deployed (return 503), unreachable (502) or too slow (504): the same 503 answer; the
    # services' own errors pass through untouched (proxy_intercept_errors stays off)
    error_page 502 503 504 =503 /_answer/503;
    error_page 404 /_answer/404;
    error_page 413 /_answer/413;

${[503, 404, 413].map(answerLocation).join('\n\n')}

    # the gateway's own pages; proxied answers keep the services' own security headers
    location = / {
      add_header Cache-Control "no-cache" always;
      add_header X-Content-Type-Options "nosniff" always;
      add_header Content-Security-Policy "${OWN_CSP}" always;
      add_header Referrer-Policy "no-referrer" always;
      add_header X-Frame-Options "DENY" always;
      add_header Strict-Transport-Security $sinergi_hsts always;
      try_files /index.html =404;
    }

    # the staff console's parts that no deployed service serves (each service's own part is proxied below)
    location /staf/ {
      return 503;
    }

    # what people type: /lapor, /izin, ... lead to the page
${['/staf', ...SERVICES.flatMap((s) => (s.page ? [s.page.slice(0, -1)] : []))].map((p) => `    location = ${p} {\n      return 301 ${p}/;\n    }`).join('\n')}

${SERVICES.flatMap((s) => serviceLocations(s, settings)).join('\n\n')}

    location / {
      return 404;
    }
  }
}
`;
}

/** Writes nginx.conf and html/ into `outDir`; returns the settings used. */
export function renderGateway(env, outDir) {
  const settings = gatewaySettings(env);
  const htmlDir = path.resolve(outDir, 'html');
  mkdirSync(htmlDir, { recursive: true });
  writeFileSync(path.join(htmlDir, 'index.html'), homePage(settings));
  writeFileSync(path.join(htmlDir, '503.html'), unavailablePage(settings));
  writeFileSync(path.join(htmlDir, '404.html'), notFoundPage());
  writeFileSync(path.join(htmlDir, '413.html'), tooLargePage());
  for (const status of [503, 404, 413]) writeFileSync(path.join(htmlDir, `${status}.json`), problemJson(status));
  writeFileSync(path.join(path.resolve(outDir), 'nginx.conf'), renderConfig(settings, htmlDir));
  return settings;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error(
      'usage: node infra/gateway/render.mjs <output directory>   (SINERGI_UPSTREAM_<SERVICE>=host:port for each deployed service)',
    );
    process.exit(2);
  }
  try {
    const settings = renderGateway(process.env, outDir);
    const deployed = Object.keys(settings.upstreams);
    console.error(
      `gateway: ${path.resolve(outDir)}/nginx.conf, deployed: ${deployed.length ? deployed.join(', ') : 'none'}`,
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(78);
  }
}
