import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/**
 * A local HTTP server standing in for the Graph API, X and Telegram: it records every request and
 * answers like the platform (or with the status `failWith` returns for a request).
 */
export async function startRecorder() {
  const requests: Recorded[] = [];
  let failWith: (r: Recorded) => number | undefined = () => undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const r: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json };
      requests.push(r);
      const fail = failWith(r);
      res.setHeader('content-type', 'application/json');
      if (fail !== undefined) {
        res.statusCode = fail;
        res.end(JSON.stringify({ error: { message: 'stand-in failure', code: 2 } }));
        return;
      }
      const n = requests.length;
      if (r.path.includes('/sendMessage')) {
        // like the Bot API, the answer is the sent Message, text included
        const sent = r.json as { chat_id?: unknown; text?: unknown } | undefined;
        res.end(
          JSON.stringify({ ok: true, result: { message_id: 7000 + n, chat: { id: sent?.chat_id }, text: sent?.text } }),
        );
      } else if (r.path.includes('/2/tweets')) res.end(JSON.stringify({ data: { id: `19${n}`, text: 'ok' } }));
      else if (
        r.path.endsWith('/messages') &&
        (r.json as { messaging_product?: string } | undefined)?.messaging_product === 'whatsapp'
      ) {
        res.end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: `wamid.out${n}` }] }));
      } else res.end(JSON.stringify({ id: `reply-${n}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    failWhen(fn: (r: Recorded) => number | undefined) {
      failWith = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
