import { checkAnswer, describeRequest, type Caller, type Failure, type SentRequest } from './checks.js';
import type { Shape } from './hostile.js';
import type { Operation } from './operations.js';
import { carriesPersonal, type Planted } from './personal.js';
import { platformHeaders } from './platforms.js';
import type { Pool } from './schema-arbitrary.js';

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CREDENTIAL_KEY = /secret|token|key/i;
/** Lone surrogates cannot be percent-encoded; in a URL they become U+FFFD as a browser sends them. */
const wellFormed = (v: string) =>
  v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Sends requests to one running service, checks every answer, and learns ids and secrets from the good ones. */
export class Sweeper {
  readonly failures: Failure[] = [];
  readonly byRequestId = new Map<string, SentRequest>();
  readonly pool: Pool = new Map();
  /** Secrets handed to a requester (a reporter's secret, a rating token): whoever sends one is their owner. */
  readonly credentials = new Set<string>();
  requests = 0;
  /** Milliseconds spent per kind of request, to keep the sweep inside its time budget. */
  readonly timeByLabel: Record<string, number> = {};
  /** Answers by operation and status: shows how deep the generated input got (2xx) for the run's record. */
  readonly statuses: Record<string, Record<string, number>> = {};

  constructor(private readonly o: { url: string; env: Record<string, string>; planted: Planted }) {}

  /** Strings by their key and by `parent.key` (`complaintCategories.code`), so `category` finds category codes. */
  learn(value: unknown, key = '', parent = ''): void {
    if (Array.isArray(value)) return value.forEach((v) => this.learn(v, key, parent));
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.learn(v, k, key);
      return;
    }
    // planted personal data sent back as an id or a secret would turn every later request into an echo
    if (typeof value !== 'string' || value.length === 0 || value.length > 200 || carriesPersonal(value, this.o.planted))
      return;
    for (const k of parent ? [key, `${parent}.${key}`] : [key]) {
      const set = this.pool.get(k) ?? new Set<string>();
      if (set.size < 40) set.add(value);
      this.pool.set(k, set);
    }
    if (CREDENTIAL_KEY.test(key) && value.length >= 10) this.credentials.add(value);
  }

  url(op: Operation, s: Shape): string {
    const encode = (v: string) => (s.rawPath ? v : encodeURIComponent(wellFormed(v)));
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encode(s.path[name] ?? 'x'));
    const query = new URLSearchParams(s.query).toString();
    return `${this.o.url}${path}${query ? `?${query}` : ''}`;
  }

  async send(
    op: Operation,
    s: Shape,
    caller: Caller,
    accept?: string,
  ): Promise<{ status: number; json?: unknown } | undefined> {
    const url = this.url(op, s);
    const body = s.body === undefined ? undefined : Buffer.isBuffer(s.body) ? s.body : Buffer.from(s.body, 'utf8');
    const id = `sweep-${(this.requests + 1).toString().padStart(6, '0')}`;
    const headers: Record<string, string> = {
      ...Object.fromEntries(Object.entries(s.headers).filter(([, v]) => HEADER_VALUE.test(v))),
      ...caller.headers,
      'x-request-id': id,
      ...(accept ? { accept } : {}),
      ...(s.contentType ? { 'content-type': s.contentType } : {}),
      ...(body ? platformHeaders(this.o.env, body) : {}),
    };
    const sent: SentRequest = {
      operation: op.key,
      label: s.label,
      method: op.method,
      url: url.slice(this.o.url.length),
      headers,
      ...(s.body === undefined ? {} : { body: s.body }),
      caller,
      owner: [...this.credentials].some(
        (c) => url.includes(encodeURIComponent(c)) || Object.values(headers).includes(c),
      ),
    };
    this.requests++;
    this.byRequestId.set(id, sent);
    let answer: { status: number; headers: Headers; text: string };
    const started = performance.now();
    try {
      const res = await fetch(url, {
        method: op.method,
        headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      answer = { status: res.status, headers: res.headers, text: await res.text() };
      this.timeByLabel[s.label] = (this.timeByLabel[s.label] ?? 0) + performance.now() - started;
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      this.failures.push({
        kind: 'no-answer',
        operation: op.key,
        request: `(${s.label}) ${op.method} ${sent.url.slice(0, 300)} as ${caller.name}`,
        answer: `${(err as Error).message}: ${cause?.code ?? cause?.message ?? ''}`,
      });
      return undefined;
    }
    // SWEEP_TRACE=<part of an operation> prints its exchanges, to see why input stops at a validator
    if (process.env.SWEEP_TRACE && op.key.includes(process.env.SWEEP_TRACE))
      console.warn(`${describeRequest(sent)}\n  -> ${answer.status} ${answer.text.slice(0, 300)}`);
    const seen = (this.statuses[op.key] ??= {});
    seen[answer.status] = (seen[answer.status] ?? 0) + 1;
    this.failures.push(...checkAnswer(sent, answer, this.o.planted, op));
    let json: unknown;
    if (answer.status < 300 && (answer.headers.get('content-type') ?? '').includes('json')) {
      try {
        json = JSON.parse(answer.text);
        this.learn(json);
      } catch {
        // a 2xx that says JSON but is not: the content checks above already saw it
      }
    }
    return { status: answer.status, json };
  }
}
