/**
 * Webhook endpoints of the platforms. Each checks the platform's own proof over the RAW body before
 * anything is parsed or stored: a bad or missing signature stores nothing and emits nothing.
 */
import { storableJson } from '@sinergi/contracts';
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import {
  GenericIntakeBody,
  META_SIGNATURE_HEADER,
  normalizeGenericItems,
  parseMetaWebhook,
  parseTelegramUpdate,
  parseXWebhook,
  readXCrcToken,
  TELEGRAM_SECRET_HEADER,
  verifyMetaSignature,
  verifyMetaSubscription,
  verifyTelegramSecret,
  verifyXSignature,
  WebhookPayloadError,
  X_SIGNATURE_HEADER,
  xCrcResponse,
  type ParseResult,
} from '../platforms/index.js';
import type { Ctx } from '../context.js';
import type { Intake } from '../posts/intake.js';
import { P } from '../problems.js';

const Received = z.object({
  received: z.number().describe('items in the delivery'),
  stored: z.number().describe('new posts'),
  repeated: z.number().describe('items delivered before (platform retries)'),
  unknownAccount: z.number().describe('items for accounts no region owns'),
  skipped: z.number().describe('items that are not posts (receipts, echoes, edits ...)'),
});

const notConfigured = (platform: string) =>
  P.platform_not_configured(`${platform} webhooks are not configured on this deployment.`);

const signatureProblem = (verdict: 'missing' | 'malformed' | 'mismatch') =>
  verdict === 'mismatch'
    ? P.bad_signature('The signature does not match the body.')
    : P.missing_signature('The request carries no valid signature header.');

const PAYLOAD_PROBLEMS = { 'not-json': P.payload_not_json, 'unrecognized-root': P.payload_unrecognized_root } as const;

export function webhookRoutes(app: App, ctx: Ctx, intake: Intake): void {
  const hook = { config: { tenant: false }, schema: { tags: ['webhooks'] } } as const;
  const parseOptions = () => ({ now: new Date(), maxAgeMs: ctx.config.STATED_TIME_MAX_AGE_DAYS * 86_400_000 });

  const accept = async (parse: () => ParseResult) => {
    let parsed: ParseResult;
    try {
      parsed = parse();
    } catch (err) {
      if (err instanceof WebhookPayloadError) throw PAYLOAD_PROBLEMS[err.problem](err.message);
      throw err;
    }
    const r = await intake.receive(parsed.posts);
    return {
      received: r.received + parsed.skipped.length,
      stored: r.stored,
      repeated: r.repeated,
      unknownAccount: r.unknownAccount,
      skipped: parsed.skipped.length,
    };
  };

  // signatures are computed over the bytes the platform sent, so these routes keep the raw body
  app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: ctx.config.WEBHOOK_BODY_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );

    raw.get(
      '/webhooks/meta',
      { ...hook, schema: { ...hook.schema, summary: 'Meta subscription handshake (hub.challenge)' } },
      async (request, reply) => {
        if (!ctx.config.META_VERIFY_TOKEN) throw notConfigured('Meta');
        const check = verifyMetaSubscription(request.query as Record<string, unknown>, ctx.config.META_VERIFY_TOKEN);
        if (!check.ok) throw P.bad_verify_token('The verify token does not match.');
        return reply.type('text/plain').send(check.challenge);
      },
    );

    raw.post(
      '/webhooks/meta',
      {
        ...hook,
        schema: {
          ...hook.schema,
          summary: 'Facebook Page feed and Messenger, Instagram comments and DMs, WhatsApp Cloud API messages',
          response: { 200: Received },
        },
      },
      async (request) => {
        if (!ctx.config.META_APP_SECRET) throw notConfigured('Meta');
        const body = request.body as Buffer;
        const verdict = verifyMetaSignature(body, request.headers[META_SIGNATURE_HEADER], ctx.config.META_APP_SECRET);
        if (verdict !== 'ok') throw signatureProblem(verdict);
        return accept(() => parseMetaWebhook(body, parseOptions()));
      },
    );

    raw.get(
      '/webhooks/x',
      { ...hook, schema: { ...hook.schema, summary: 'X challenge-response check (crc_token)' } },
      async (request) => {
        if (!ctx.config.X_CONSUMER_SECRET) throw notConfigured('X');
        const token = readXCrcToken(request.query as Record<string, unknown>);
        if (!token) throw P.crc_token_required('The crc_token query parameter is missing.');
        return xCrcResponse(token, ctx.config.X_CONSUMER_SECRET);
      },
    );

    raw.post(
      '/webhooks/x',
      {
        ...hook,
        schema: { ...hook.schema, summary: 'X Account Activity: mentions and DMs', response: { 200: Received } },
      },
      async (request) => {
        if (!ctx.config.X_CONSUMER_SECRET) throw notConfigured('X');
        const body = request.body as Buffer;
        const verdict = verifyXSignature(body, request.headers[X_SIGNATURE_HEADER], ctx.config.X_CONSUMER_SECRET);
        if (verdict !== 'ok') throw signatureProblem(verdict);
        return accept(() => parseXWebhook(body, parseOptions()));
      },
    );

    raw.post(
      '/webhooks/telegram/:bot',
      {
        ...hook,
        schema: {
          ...hook.schema,
          summary: 'Telegram Bot API updates of one bot',
          params: z.object({ bot: z.string().regex(/^[A-Za-z0-9_]{3,64}$/) }),
          response: { 200: Received },
        },
      },
      async (request) => {
        if (!ctx.config.TELEGRAM_SECRET_TOKEN) throw notConfigured('Telegram');
        const verdict = verifyTelegramSecret(request.headers[TELEGRAM_SECRET_HEADER], ctx.config.TELEGRAM_SECRET_TOKEN);
        if (verdict !== 'ok') throw signatureProblem(verdict);
        const { bot } = request.params as { bot: string };
        return accept(() => parseTelegramUpdate(request.body as Buffer, bot, parseOptions()));
      },
    );
  });

  // A gateway relays what people typed: a NUL or a lone surrogate in one SMS is made storable here
  // (as for the platforms) instead of refusing the gateway's whole batch.
  app.register(async (scope) => {
    const generic = scope as unknown as App;
    const json = generic.getDefaultJsonParser('error', 'error');
    generic.removeContentTypeParser('application/json');
    generic.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
      json(request, body as string, (err, value) => (err ? done(err) : done(null, storableJson(value)))),
    );

    generic.post(
      '/webhooks/generic',
      {
        preHandler: requireRoles('integrator', 'admin'),
        schema: {
          tags: ['webhooks'],
          summary: 'SMS gateways and other channels (integrator token; the token’s region receives them)',
          security: [{ bearerAuth: [] }],
          body: GenericIntakeBody,
          response: { 200: Received },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        const parsed = normalizeGenericItems(request.body, parseOptions());
        const owned = parsed.posts.map((post) => ({
          post,
          tenant: request.tenant,
          unit: principal.unit ?? null,
          deliveredBy: principal.sub,
        }));
        const r = await intake.ingest(owned);
        return {
          received: r.received + parsed.skipped.length,
          stored: r.stored,
          repeated: r.repeated,
          unknownAccount: 0,
          skipped: parsed.skipped.length,
        };
      },
    );
  });
}
