/**
 * What the HTTP parser and the body limit answer, seen from a raw socket: requests a normal client
 * library would never send.
 */
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../testkit/src/environment.js';
import { startSample } from './helpers.js';

let env: TestEnvironment;
let svc: Awaited<ReturnType<typeof startSample>>;
let port: number;

beforeAll(async () => {
  env = await createTestEnvironment();
  svc = await startSample(env, { DEFAULT_TENANT: '32.73', BODY_LIMIT_BYTES: '65536' });
  await svc.app.listen({ host: '127.0.0.1', port: 0 });
  port = (svc.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await svc?.stop();
  await env?.cleanup();
});

/** Sends `parts` one after another, each after the previous was flushed, and returns all the server wrote. */
function exchange(parts: Array<string | Buffer>): Promise<{ text: string; error: string | undefined }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let error: string | undefined;
    socket.on('data', (c) => received.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ text: Buffer.concat(received).toString('latin1'), error }));
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) break;
        await new Promise<void>((done) => (socket.write(part) ? done() : socket.once('drain', done)));
        await new Promise((r) => setImmediate(r));
      }
      if (!socket.destroyed) socket.end();
    });
  });
}

/**
 * A raw client in its own process (in this one the test would read the answer before any reset
 * could drop it): writes a 1 MB body in 16 KB pieces, then reads whatever came back.
 */
function slowUploader(port: number, tries: number, chunked = false): Promise<string> {
  const script = `
    const net = require('node:net');
    const parse = (t) => { try { const [h, b] = t.split('\\r\\n\\r\\n'); return { status: Number(h.split(' ')[1]), code: JSON.parse(b).code }; } catch { return { status: 0 }; } };
    const once = () => new Promise((resolve) => {
      const s = net.connect(${port}, '127.0.0.1');
      const got = []; let error;
      s.on('data', (c) => got.push(c));
      s.on('error', (e) => (error = e.code));
      s.on('close', () => resolve({ ...parse(Buffer.concat(got).toString()), error }));
      s.on('connect', async () => {
        const chunked = ${chunked};
        s.write('POST /v1/notes HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\nContent-Type: application/json\\r\\n' + (chunked ? 'Transfer-Encoding: chunked' : 'Content-Length: 1048576') + '\\r\\n\\r\\n');
        const data = Buffer.alloc(16384, 97);
        const piece = chunked ? Buffer.concat([Buffer.from('4000\\r\\n'), data, Buffer.from('\\r\\n')]) : data;
        for (let i = 0; i < 64 && !s.destroyed; i++) {
          await new Promise((r) => (s.write(piece) ? setImmediate(r) : s.once('drain', r)));
        }
        if (!s.destroyed) s.end(chunked ? '0\\r\\n\\r\\n' : undefined);
      });
    });
    (async () => { const out = []; for (let i = 0; i < ${tries}; i++) out.push(await once()); process.stdout.write(JSON.stringify(out)); })();`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { timeout: 60_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
}

const parse = (text: string) => {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine?.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined };
};

describe('malformed HTTP gets problem+json', () => {
  const cases: Array<[string, string, number, string]> = [
    ['a bad request line', 'GARBAGE\r\n\r\n', 400, 'malformed_request'],
    ['NUL in the path', 'GET /v1/whoami\u0000x HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'malformed_request'],
    [
      'Transfer-Encoding with Content-Length',
      'POST /v1/limited HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
      'malformed_request',
    ],
    [
      'a bad chunk',
      'POST /v1/limited HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
      400,
      'malformed_request',
    ],
    [
      'oversized headers',
      `GET /v1/whoami HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'headers_too_large',
    ],
  ];
  for (const [what, request, status, code] of cases) {
    it(`when the request has ${what}, then ${status} ${code} as problem+json and the connection closes`, async () => {
      const { text } = await exchange([request]);
      const res = parse(text);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers.connection).toBe('close');
      expect(res.body).toMatchObject({ status, code, type: `urn:sinergi:problem:${code}` });
    });
  }
});

describe('a body over the limit', () => {
  it('when a client in another process keeps sending a body larger than the limit, then it reads the 413 problem+json every time', async () => {
    const results = JSON.parse(await slowUploader(port, 15)) as Array<{
      status: number;
      code: unknown;
      error?: string;
    }>;
    expect(results).toEqual(
      Array.from({ length: 15 }, () => expect.objectContaining({ status: 413, code: 'body_too_large' })),
    );
  });

  it('when a chunked body outgrows the limit while the client keeps sending, then the 413 arrives too', async () => {
    const results = JSON.parse(await slowUploader(port, 15, true)) as Array<{
      status: number;
      code: unknown;
      error?: string;
    }>;
    expect(results).toEqual(
      Array.from({ length: 15 }, () => expect.objectContaining({ status: 413, code: 'body_too_large' })),
    );
  });
});
