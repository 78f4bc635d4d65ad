/*
 * A service's part of the staff console, /staf/<part>/: sign-in and sign-out, the session check (no
 * session: 303 to sign-in and back), CSRF on every unsafe form, Indonesian error pages. The service
 * adds its pages with `routes(scope)`; inside them `request.principal` is the signed-in staff member
 * and `staffForm(request)` gives the hidden CSRF field its forms carry.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { button, formFields, html, messageForStatus, notice, page, textArea, type Interpolation } from '@sinergi/ui';
import type { BaseConfig } from '../config.js';
import type { App } from './app.js';
import type { Principal, TokenVerifier } from './auth.js';
import { problems } from './problem.js';
import { kitProblems } from '../problems/kit.js';
import { toProblemError } from './errors.js';
import { readCookie, safeReturnPath, SIGN_IN_COOKIE, STAFF_ROLES, type StaffSessions } from './staff-session.js';

export interface StaffConsoleContext {
  config: BaseConfig;
  verifyToken: TokenVerifier;
  staffSessions: StaffSessions;
  region(tenant: string): { name: string };
}

export interface StaffConsoleOptions {
  /** The path segment after /staf/: lapor, izin, anggaran, media. */
  part: string;
  /** The console's name in the header, e.g. "Konsol Staf LAPOR!". */
  title: string;
  nav?: readonly { href: string; label: string }[];
  /** The service's own refusals in staff words, by problem code (the kit's and messageForStatus otherwise). */
  messages?: Record<string, { title: string; detail: string }>;
  /** The service's pages; `render` answers with the console's layout (region, navigation, sign-out). */
  routes: (scope: App, render: StaffRender) => void;
}

export type StaffRender = (
  request: FastifyRequest,
  reply: FastifyReply,
  page: { status?: number; title: string; body: Interpolation },
) => FastifyReply;

const SIGN_IN_SECONDS = 600;
const Form = z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe('form fields');

/** Refusals staff meet, in their words. */
const TEXT: Record<string, { title: string; detail: string }> = {
  csrf_failed: {
    title: 'Formulir kedaluwarsa',
    detail:
      'Formulir ini tidak dikirim dari halaman staf yang sah, atau sesi Anda sudah berganti. Muat ulang halaman lalu coba lagi.',
  },
  sign_in_failed: {
    title: 'Gagal masuk',
    detail: 'Proses masuk tidak dapat diselesaikan atau sudah kedaluwarsa. Silakan masuk kembali.',
  },
  sign_in_unavailable: {
    title: 'Masuk staf belum diatur',
    detail: 'Penyedia identitas pemerintah daerah belum diatur untuk layanan ini. Hubungi pengelola sistem.',
  },
  forbidden_role: { title: 'Akses ditolak', detail: 'Akun Anda tidak memiliki peran petugas untuk halaman ini.' },
  forbidden_unit: { title: 'Akses ditolak', detail: 'Data ini milik unit kerja lain.' },
  unauthenticated: {
    title: 'Token tidak diterima',
    detail: 'Token yang ditempelkan tidak sah atau sudah kedaluwarsa.',
  },
};

/** The hidden field every unsafe staff form carries. */
export function staffForm(request: FastifyRequest, sessions: StaffSessions) {
  return request.staffSession
    ? html`<input type="hidden" name="_csrf" value="${sessions.csrfToken(request.staffSession)}">`
    : '';
}

export function staffConsole(app: App, ctx: StaffConsoleContext, o: StaffConsoleOptions): void {
  const base = `/staf/${o.part}`;
  const cfg = ctx.config;
  const sessions = ctx.staffSessions;
  const redirectUri = cfg.STAFF_SITE_URL ? new URL(`${base}/masuk/kembali`, cfg.STAFF_SITE_URL).href : undefined;
  let discovered: Promise<oidc.Configuration> | undefined;
  const provider = () => {
    if (!cfg.OIDC_ISSUER || !cfg.OIDC_CLIENT_ID) throw kitProblems.sign_in_unavailable('no provider');
    discovered ??= oidc
      .discovery(
        new URL(cfg.OIDC_ISSUER),
        cfg.OIDC_CLIENT_ID,
        cfg.OIDC_CLIENT_SECRET,
        cfg.OIDC_CLIENT_SECRET ? oidc.ClientSecretBasic(cfg.OIDC_CLIENT_SECRET) : oidc.None(),
        // config allows http only for a loopback issuer (a provider on this machine)
        cfg.OIDC_ISSUER.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        discovered = undefined;
        throw kitProblems.sign_in_unavailable('provider discovery failed', { cause: err });
      });
    return discovered;
  };

  const send: StaffRender = (request, reply, p) => {
    let region = 'Pemerintah Daerah';
    try {
      region = ctx.region(request.principal?.tenant ?? request.tenant).name;
    } catch {
      // an unknown region still gets its page
    }
    const signedIn = request.staffSession
      ? html`<form method="post" action="${base}/keluar" class="signout">${staffForm(request, sessions)}${button('Keluar', { secondary: true })}</form>`
      : '';
    return (
      reply
        .code(p.status ?? 200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        // not helmet's no-referrer: under it a browser sends `Origin: null` with every form, and the
        // console's forms must show their origin (their URLs carry no secrets)
        .header('referrer-policy', 'same-origin')
        .send(
          page({
            title: p.title,
            region,
            service: o.title,
            home: `${base}/`,
            nav: request.staffSession ? o.nav : [],
            body: html`${p.body}${signedIn}`,
          }),
        )
    );
  };

  const principalFrom = async (token: string): Promise<Principal> => {
    const principal = await ctx.verifyToken(token);
    if (!principal.roles.some((r) => STAFF_ROLES.includes(r)))
      throw problems.forbidden('forbidden_role', 'no staff role');
    return principal;
  };

  void app.register(
    async (plain) => {
      const scope = plain as App;
      await scope.register(fastifyFormbody);
      scope.setErrorHandler((error, request, reply) => {
        const problem = toProblemError(error);
        if (problem.status >= 500 && problem.code !== 'sign_in_unavailable')
          request.log.error({ err: error }, 'staff page failed');
        else if (problem.cause) request.log.warn({ err: problem.cause }, `staff sign-in: ${problem.code}`);
        const text = o.messages?.[problem.code] ?? TEXT[problem.code] ?? messageForStatus(problem.status);
        return send(request, reply, {
          status: problem.status,
          title: text.title,
          body: html`<h1>${text.title}</h1>${notice({ tone: 'bad', role: 'alert', body: html`<p>${text.detail}</p>` })}<p><a href="${base}/">Kembali ke halaman staf</a></p>`,
        });
      });
      scope.setNotFoundHandler((request, reply) => {
        const text = messageForStatus(404);
        return send(request, reply, {
          status: 404,
          title: text.title,
          body: html`<h1>${text.title}</h1><p>${text.detail}</p>`,
        });
      });

      // sign-in and sign-out: open to everyone (that is where a visitor without a session goes)
      scope.get(
        '/masuk',
        {
          schema: {
            hide: true,
            querystring: z.object({ kembali: z.string().max(500).optional(), keluar: z.string().max(5).optional() }),
          },
        },
        async (request, reply) => {
          const back = safeReturnPath(request.query.kembali, `${base}/`);
          const viaProvider = cfg.OIDC_ISSUER !== undefined;
          if (!viaProvider && !cfg.AUTH_DEV_KEYS) throw kitProblems.sign_in_unavailable('not configured');
          const start = `${base}/masuk/mulai?${new URLSearchParams({ kembali: back })}`;
          const dev = cfg.AUTH_DEV_KEYS
            ? html`<h2>Masuk pengembangan</h2><p>Hanya untuk komputer pengembang. Tempelkan token dari <code>npx sinergi token</code>.</p><form method="post" action="${base}/masuk/dev"><input type="hidden" name="kembali" value="${back}">${textArea({ name: 'token', label: 'Token', required: true, maxLength: 4000 })}${button('Masuk dengan token', { secondary: viaProvider })}</form>`
            : '';
          return send(request, reply, {
            title: 'Masuk halaman staf',
            body: html`<h1>Masuk halaman staf</h1>${request.query.keluar ? notice({ tone: 'ok', role: 'status', body: html`<p>Anda sudah keluar.</p>` }) : ''}<p>Halaman ini untuk petugas pemerintah daerah.</p>${viaProvider ? html`<p><a class="button" href="${start}">Masuk dengan akun pemerintah daerah</a></p>` : ''}${dev}`,
          });
        },
      );

      scope.get(
        '/masuk/mulai',
        { schema: { hide: true, querystring: z.object({ kembali: z.string().max(500).optional() }) } },
        async (request, reply) => {
          const config = await provider();
          const verifier = oidc.randomPKCECodeVerifier();
          const state = oidc.randomState();
          const nonce = oidc.randomNonce();
          const url = oidc.buildAuthorizationUrl(config, {
            redirect_uri: redirectUri!,
            scope: 'openid',
            code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
            state,
            nonce,
            ...(cfg.OIDC_RESOURCE ? { resource: cfg.OIDC_RESOURCE } : {}),
          });
          const back = safeReturnPath(request.query.kembali, `${base}/`);
          const flow = await sessions.seal('sign-in', { verifier, state, nonce, back }, SIGN_IN_SECONDS);
          reply.header(
            'set-cookie',
            sessions.cookie(SIGN_IN_COOKIE, flow, { path: `${base}/masuk`, maxAge: SIGN_IN_SECONDS }),
          );
          return reply.redirect(url.href, 303);
        },
      );

      scope.get(
        '/masuk/kembali',
        { schema: { hide: true, querystring: z.record(z.string(), z.string().max(4000)) } },
        async (request, reply) => {
          const config = await provider();
          const flow = await sessions.open('sign-in', readCookie(request, SIGN_IN_COOKIE));
          const failed = (cause?: unknown) => kitProblems.sign_in_failed('sign-in failed', { cause });
          if (!flow) throw failed(new Error('no sign-in in progress'));
          const current = new URL(redirectUri!);
          for (const [k, v] of Object.entries(request.query)) current.searchParams.set(k, v);
          let tokens;
          try {
            tokens = await oidc.authorizationCodeGrant(config, current, {
              pkceCodeVerifier: String(flow.verifier),
              expectedState: String(flow.state),
              expectedNonce: String(flow.nonce),
              idTokenExpected: true,
            });
          } catch (err) {
            throw failed(err);
          }
          const principal = await principalFrom(tokens.access_token);
          reply.header('set-cookie', sessions.cookie(SIGN_IN_COOKIE, '', { path: `${base}/masuk`, maxAge: 0 }));
          await sessions.create(reply, principal);
          return reply.redirect(safeReturnPath(flow.back, `${base}/`), 303);
        },
      );

      scope.post('/masuk/dev', { schema: { hide: true, body: Form } }, async (request, reply) => {
        if (!cfg.AUTH_DEV_KEYS) throw problems.notFound('route_not_found', 'no development sign-in');
        // no session yet, so no synchronizer token: a sign-in posted from another site is refused by its Origin
        if (!sameOrigin(request, true, cfg.STAFF_SITE_URL)) throw kitProblems.csrf_failed('cross-site sign-in');
        const v = formFields(request.body, 8000);
        const principal = await principalFrom((v.token ?? '').trim());
        await sessions.create(reply, principal);
        return reply.redirect(safeReturnPath(v.kembali, `${base}/`), 303);
      });

      scope.post('/keluar', { schema: { hide: true, body: Form.optional() } }, async (request, reply) => {
        if (request.staffSession) assertCsrf(request, sessions, cfg.STAFF_SITE_URL);
        sessions.clear(reply);
        return reply.redirect(`${base}/masuk?keluar=1`, 303);
      });

      // every other page needs a staff session; unsafe methods its CSRF token
      await scope.register(async (guarded) => {
        guarded.addHook('preHandler', async (request, reply) => {
          if (!request.principal) {
            const back = safeReturnPath(request.url, `${base}/`);
            return reply.redirect(`${base}/masuk?${new URLSearchParams({ kembali: back })}`, 303);
          }
          if (!request.principal.roles.some((r) => STAFF_ROLES.includes(r)))
            throw problems.forbidden('forbidden_role', 'no staff role');
          if (request.method !== 'GET' && request.method !== 'HEAD' && request.staffSession)
            assertCsrf(request, sessions, cfg.STAFF_SITE_URL);
          return undefined;
        });
        o.routes(guarded as App, send);
      });
    },
    { prefix: base },
  );
}

function assertCsrf(request: FastifyRequest, sessions: StaffSessions, site: string | undefined): void {
  const token = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (!sameOrigin(request, false, site) || !sessions.csrfMatches(request.staffSession!, token))
    throw kitProblems.csrf_failed('the form’s CSRF token or origin does not match');
}

/**
 * The Origin header, when sent, must be this site: STAFF_SITE_URL's origin, or a page of this host (a
 * gateway passes the host without its port, so the port is not compared; another site is another host).
 * `required`: it must be sent (browsers send it on every POST).
 */
function sameOrigin(request: FastifyRequest, required: boolean, site: string | undefined): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return !required;
  if (!URL.canParse(origin)) return false;
  if (site && new URL(site).origin === origin) return true;
  return new URL(origin).hostname === request.hostname;
}
