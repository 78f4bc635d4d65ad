/*
 * Requests fetch() cannot send: malformed HTTP on a raw socket, and a body over the limit written
 * while the server answers. Each must still get an answer, in problem+json.
 */
import { connect } from 'node:net';
import type { Answer } from './checks.js';

export interface RawCase {
  label: string;
  bytes: () => Buffer[];
}

export function rawCases(path: string, bodyLimit: number): RawCase[] {
  const h = (s: string) => [Buffer.from(s, 'latin1')];
  return [
    { label: 'a malformed request line', bytes: () => h('GET /health/live HTTP/1.1 extra\r\nHost: x\r\n\r\n') },
    { label: 'NUL in the path', bytes: () => [Buffer.from('GET /v1/\u0000x HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')] },
    {
      label: 'Transfer-Encoding with Content-Length',
      bytes: () =>
        h(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
        ),
    },
    {
      label: 'a bad chunk',
      bytes: () =>
        h(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        ),
    },
    {
      label: 'a 40 KB header',
      bytes: () => h(`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`),
    },
    {
      label: 'a body over the limit, still being sent',
      bytes: () => {
        const size = bodyLimit * 2;
        const head = Buffer.from(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`,
          'latin1',
        );
        return [head, ...Array.from({ length: size / 65_536 }, () => Buffer.alloc(65_536, 0x20))];
      },
    },
  ];
}

/** Writes the bytes (in chunks, as a slow client would) and reads whatever answer arrives. */
export function sendRaw(url: string, c: RawCase): Promise<Answer | { error: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (v: Answer | { error: string }) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(10_000, () =>
      done(chunks.length ? parse(Buffer.concat(chunks)) : { error: 'timeout without an answer' }),
    );
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) =>
      done(chunks.length ? parse(Buffer.concat(chunks)) : { error: `${e.code ?? e.message} before any answer` }),
    );
    socket.on('end', () => done(chunks.length ? parse(Buffer.concat(chunks)) : { error: 'closed without an answer' }));
    socket.on('connect', async () => {
      for (const part of c.bytes()) {
        if (socket.destroyed) return;
        if (!socket.write(part)) await new Promise((r) => socket.once('drain', r));
      }
    });
  });
}

function parse(raw: Buffer): Answer | { error: string } {
  const text = raw.toString('utf8');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!m) return { error: `not HTTP: ${text.slice(0, 200)}` };
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = rest.join('\r\n\r\n');
  if (/chunked/i.test(headers['transfer-encoding'] ?? ''))
    body = body.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '');
  return { status: Number(m[1]), headers, text: body };
}
