/*
 * A real HTTP server standing in for the platforms in the outbound clients' tests: it records every request it
 * receives and answers as the running test says.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}
type Answer = { status: number; body: string; delayMs?: number };

const ok = (): Answer => ({ status: 200, body: '{}' });

/** The requests of the running test, and how the stand-in answers them (a test sets `answer`). */
export const received: Received[] = [];
export const standIn: { base: string; answer: (request: Received) => Answer } = { base: '', answer: ok };

/** Starts the stand-in for the calling test file; each test starts with no requests and the default answer. */
export function useStandIn() {
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep the text
        }
        const request: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        received.push(request);
        const { status, body: out, delayMs } = standIn.answer(request);
        const send = () => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(out);
        };
        if (delayMs === undefined) send();
        else setTimeout(send, delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standIn.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
    standIn.answer = ok;
  });
}

export const only = (): Received => {
  expect(received).toHaveLength(1);
  return received[0] as Received;
};

export const PAGE_TOKEN = 'EAAGpagetoken123';
export const WA_TOKEN = 'EAAGwatoken456';
export const X_TOKEN = 'x-user-token-789';
export const BOT_TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

export const graph = () => ({ baseUrl: standIn.base, version: 'v21.0', accessToken: PAGE_TOKEN });
export const whatsapp = () => ({
  baseUrl: `${standIn.base}/`,
  version: 'v21.0',
  accessToken: WA_TOKEN,
  template: { name: 'status_laporan', language: 'id' },
});
export const xApi = () => ({ baseUrl: standIn.base, bearerToken: X_TOKEN });
export const telegram = () => ({ baseUrl: standIn.base, botToken: BOT_TOKEN });
