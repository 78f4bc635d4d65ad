/*
 * What the sweep refuses in an answer, a log line or an event. Every failure carries enough to
 * replay it by hand: the operation, the request (cut), the status, the answer's first 500 bytes.
 */
import type { Operation } from './operations.js';
import { carriesPersonal, findPersonal, type Planted } from './personal.js';

export type FailureKind =
  | '5xx'
  | 'not-problem-json'
  | 'no-answer'
  | 'leak-stack'
  | 'leak-sql'
  | 'leak-path'
  | 'leak-library'
  | 'bad-token-accepted'
  | 'pii-answer'
  | 'weak-mask-answer'
  | 'pii-log'
  | 'pii-event'
  | 'weak-mask-event'
  | 'error-log';

export interface Failure {
  kind: FailureKind;
  operation: string;
  request: string;
  status?: number;
  answer: string;
  note?: string;
}

export interface SentRequest {
  operation: string;
  /** Which hostile variant (or `generated`). */
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Who asks: decides whether personal data may come back. */
  caller: Caller;
  /** Whether the request named a secret the sweep collected (a reporter's own view). */
  owner: boolean;
}

export interface Caller {
  name: string;
  headers: Record<string, string>;
  /** A forged, expired, unsigned or otherwise invalid token: anything but 401 is a failure. */
  mustRefuse?: boolean;
  /** Anonymous or auditor: personal data must come back masked. */
  public?: boolean;
}

export interface Answer {
  status: number;
  headers: Headers | Record<string, string>;
  text: string;
}

const header = (h: Answer['headers'], name: string) => (h instanceof Headers ? h.get(name) : (h[name] ?? null)) ?? '';

/** Internals an answer must never show; a match that the request itself carried is an echo, not a leak. */
export const LEAKS: Array<[FailureKind, RegExp]> = [
  ['leak-stack', /\n\s+at \S|^\s{4}at \S|node:internal/m],
  ['leak-sql', /(?<![<\w])select\s+[\w"*(]|insert into|syntax error at|relation "/i],
  ['leak-path', /\/work\/|\/home\/|node_modules|\.ts:\d|\.js:\d/],
  ['leak-library', /\bkysely\b|\bfastify\b|\bzod\b|postgresql|pg-protocol|\bnats\b/i],
];

export function describeRequest(r: SentRequest): string {
  const headers = Object.entries(r.headers)
    .map(([k, v]) => `${k}: ${v.length > 60 ? `${v.slice(0, 60)}…` : v}`)
    .join('; ');
  const body = r.body === undefined ? '' : ` body(${r.body.length} B)=${String(r.body).slice(0, 300)}`;
  const url = r.url.length > 300 ? `${r.url.slice(0, 300)}…(${r.url.length} chars)` : r.url;
  return `(${r.label}) ${r.method} ${url} as ${r.caller.name} [${headers}]${body}`;
}

/**
 * Errors are problem+json, with two exceptions an operation declares itself: a protocol whose errors
 * it documents with their own body (Open311's `[{code, description}]`, or its XML twin), and an HTML route
 * (a 200 documented without a schema, like a form a link opens) answering with an HTML page.
 */
function documentedError(op: Operation | undefined, status: number, type: string): boolean {
  if (!op) return false;
  const ownFormat = Object.entries(op.responses).some(([s, types]) => /^4/.test(s) && types.length > 0);
  if (ownFormat && status < 500 && /json|xml/.test(type) && !type.startsWith('application/problem+json')) return true;
  const html = op.method !== 'DELETE' && (op.responses['200'] ?? op.responses['201'] ?? ['x']).length === 0;
  return html && type.startsWith('text/html');
}

export function checkAnswer(r: SentRequest, a: Answer, planted: Planted, op?: Operation): Failure[] {
  const out: Failure[] = [];
  const fail = (kind: FailureKind, note?: string) =>
    out.push({
      kind,
      operation: r.operation,
      request: describeRequest(r),
      status: a.status,
      answer: a.text.slice(0, 500),
      ...(note ? { note } : {}),
    });
  const type = header(a.headers, 'content-type');
  const problem = parseProblem(type, a.text);
  const wantsHtml = (r.headers.accept ?? '').includes('text/html');

  if (a.status >= 500 && !(a.status === 503 && problem && header(a.headers, 'retry-after'))) fail('5xx');
  if (
    a.status >= 400 &&
    !problem &&
    !(wantsHtml && type.startsWith('text/html')) &&
    !documentedError(op, a.status, type)
  ) {
    fail(
      'not-problem-json',
      `content-type "${type}"${type.startsWith('application/problem+json') ? ' without type, title, status and code' : ''}`,
    );
  }
  const sent = `${r.url}\n${r.body === undefined ? '' : String(r.body)}`;
  for (const [kind, re] of LEAKS) {
    const m = re.exec(a.text);
    if (m && !sent.toLowerCase().includes(m[0].toLowerCase())) fail(kind, `matched "${m[0]}"`);
  }
  if (r.caller.mustRefuse && a.status < 400) fail('bad-token-accepted');
  if (r.caller.public && !r.owner && !carriesPersonal(sent, planted)) {
    for (const s of findPersonal(a.text, planted))
      fail(s.how === 'unmasked' ? 'pii-answer' : 'weak-mask-answer', `${s.what}: …${s.excerpt}…`);
  }
  return out;
}

function parseProblem(type: string, text: string): boolean {
  if (!type.startsWith('application/problem+json')) return false;
  try {
    const p = JSON.parse(text) as Record<string, unknown>;
    return (
      typeof p.type === 'string' &&
      typeof p.title === 'string' &&
      typeof p.status === 'number' &&
      typeof p.code === 'string'
    );
  } catch {
    return false;
  }
}

/** A process's output: ERROR lines (pino level 50+) and any planted value, attributed to the request by its id. */
export function checkLogs(lines: string[], planted: Planted, byRequestId: Map<string, SentRequest>): Failure[] {
  const out: Failure[] = [];
  for (const line of lines) {
    let entry: { level?: number; reqId?: string; msg?: string } = {};
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      // not pino JSON (a crash on stderr): checked for personal data below like every line
    }
    const cause = entry.reqId ? byRequestId.get(entry.reqId) : undefined;
    const base = {
      operation: cause?.operation ?? '(no request id)',
      request: cause ? describeRequest(cause) : '',
      answer: line.slice(0, 500),
    };
    if ((entry.level ?? 0) >= 50) out.push({ kind: 'error-log', ...base });
    for (const s of findPersonal(line, planted))
      if (s.how === 'unmasked') out.push({ kind: 'pii-log', ...base, note: `${s.what}: …${s.excerpt}…` });
  }
  return out;
}

export function checkEvents(events: Array<{ subject: string; data: string }>, planted: Planted): Failure[] {
  return events.flatMap((e) =>
    findPersonal(e.data, planted).map((s) => ({
      kind: s.how === 'unmasked' ? ('pii-event' as const) : ('weak-mask-event' as const),
      operation: e.subject,
      request: '',
      answer: e.data.slice(0, 500),
      note: `${s.what}: …${s.excerpt}…`,
    })),
  );
}
