/**
 * A real OpenID Connect provider for tests (panva's oidc-provider), on a free loopback port: the
 * authorization code flow with PKCE required, JWT access tokens for the `sinergi` audience carrying
 * the region's claims (tenant, roles, unit), and a login step that signs in whichever test account
 * `signInAs` names (the person at the keyboard). Services verify its tokens through its JWKS.
 */
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
  type IncomingMessage as Req,
  type ServerResponse as Res,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';

export interface TestAccount {
  sub: string;
  tenant: string;
  roles: string[];
  unit?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The resource (RFC 8707) whose access tokens carry `aud: sinergi`. */
  resource: string;
  /** The variables a service needs to sign staff in here and accept the access tokens. */
  env(siteUrl: string): Record<string, string>;
  /** Who the login step signs in next. */
  signInAs(account: TestAccount): void;
  /** Authorization requests received, as the provider saw their query (to check PKCE and nonce). */
  authorizations: URLSearchParams[];
  close(): Promise<void>;
}

export const TEST_OIDC_RESOURCE = 'urn:sinergi:api';

export async function startTestProvider(o: { redirectUris: string[] }): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-es256', alg: 'ES256', use: 'sig' };
  const accounts = new Map<string, TestAccount>();
  let next: TestAccount | undefined;
  const authorizations: URLSearchParams[] = [];
  const clientId = 'sinergi-staf';
  const clientSecret = 'rahasia-klien-uji-yang-cukup-panjang';

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // oidc-provider ships no types: the few calls made here are typed below
  const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderClass };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: o.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => TEST_OIDC_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'sinergi',
          audience: 'sinergi',
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
    // the region's claims ride in the access token, where the kit's verifier reads them
    extraTokenClaims: (_ctx: unknown, token: { accountId: string }) => {
      const a = accounts.get(token.accountId);
      return a ? { tenant: a.tenant, roles: a.roles, ...(a.unit ? { unit: a.unit } : {}) } : undefined;
    },
    // a first-party client: staff are not asked to consent to their own employer's console
    loadExistingGrant: async (ctx: ProviderContext) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid');
      grant.addResourceScope(TEST_OIDC_RESOURCE, 'sinergi');
      await grant.save();
      return grant;
    },
  });

  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/auth') authorizations.push(url.searchParams);
    if (!url.pathname.startsWith('/interaction/')) return void callback(req, res);
    void (async () => {
      await provider.interactionDetails(req, res);
      if (!next) {
        res.writeHead(403).end('nobody signs in');
        return;
      }
      accounts.set(next.sub, next);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: next.sub } },
        { mergeWithLastSubmission: false },
      );
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    resource: TEST_OIDC_RESOURCE,
    authorizations,
    env: (siteUrl) => ({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_RESOURCE: TEST_OIDC_RESOURCE,
      STAFF_SITE_URL: siteUrl,
      STAFF_SESSION_SECRET: 'rahasia-sesi-staf-untuk-pengujian-saja-0123456789',
      AUTH_JWKS_URL: `${issuer}/jwks`,
      // the provider's keys replace the testkit's fixed one (empty counts as unset)
      AUTH_PUBLIC_KEY: '',
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: 'sinergi',
      AUTH_ALGORITHMS: 'ES256',
    }),
    signInAs(account) {
      next = account;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ProviderContext {
  oidc: {
    result?: { consent?: { grantId?: string } };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    client: { clientId: string };
    provider: { Grant: GrantClass };
  };
}
interface GrantClass {
  new (o: { clientId: string; accountId: string }): {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  };
  find(id: string): Promise<unknown>;
}

interface ProviderClass {
  new (
    issuer: string,
    configuration: Record<string, unknown>,
  ): {
    callback(): (req: Req, res: Res) => void;
    interactionDetails(req: Req, res: Res): Promise<unknown>;
    interactionFinished(
      req: Req,
      res: Res,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  };
}
