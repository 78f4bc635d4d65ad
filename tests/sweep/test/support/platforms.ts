/*
 * Webhook routes check a platform's signature before anything else, so an unsigned sweep would
 * never reach their parsers. Every request carries the headers a platform would send, computed over
 * its exact body with the service's development secrets; elsewhere they are ignored. The seeds are
 * minimal deliveries for the routes whose bodies have no schema in the OpenAPI document.
 */
import { createHmac } from 'node:crypto';

export function platformHeaders(
  env: Record<string, string>,
  body: string | Buffer | undefined,
): Record<string, string> {
  const bytes = body ?? '';
  const out: Record<string, string> = {};
  if (env.META_APP_SECRET)
    out['x-hub-signature-256'] = `sha256=${createHmac('sha256', env.META_APP_SECRET).update(bytes).digest('hex')}`;
  if (env.X_CONSUMER_SECRET)
    out['x-twitter-webhooks-signature'] =
      `sha256=${createHmac('sha256', env.X_CONSUMER_SECRET).update(bytes).digest('base64')}`;
  if (env.TELEGRAM_SECRET_TOKEN) out['x-telegram-bot-api-secret-token'] = env.TELEGRAM_SECRET_TOKEN;
  return out;
}

const now = () => Math.floor(Date.now() / 1000);

/** Example bodies by `METHOD /path`, for operations the document gives no body schema. */
export function seedBodies(text: string, name: string): Record<string, unknown[]> {
  return {
    'POST /webhooks/meta': [
      {
        object: 'instagram',
        entry: [
          {
            id: '17841400000000001',
            time: now(),
            changes: [
              {
                field: 'comments',
                value: {
                  id: '17980000000000099',
                  text,
                  from: { id: 'ig-user-9', username: 'warga_sweep', name },
                  media: { id: 'media-9' },
                },
              },
            ],
          },
        ],
      },
    ],
    'POST /webhooks/x': [
      {
        for_user_id: '1000000000000000001',
        tweet_create_events: [
          {
            id_str: '1800000000000000099',
            created_at: new Date().toUTCString(),
            text,
            user: { id_str: '2000000000000000099', screen_name: 'warga_sweep', name },
          },
        ],
      },
    ],
    'POST /webhooks/telegram/{bot}': [
      {
        update_id: 99,
        message: {
          message_id: 99,
          date: now(),
          chat: { id: 99, type: 'private', first_name: name },
          from: { id: 99, is_bot: false, first_name: name },
          text,
        },
      },
    ],
  };
}
