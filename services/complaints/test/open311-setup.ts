/**
 * The Open311 tests' shared set-up: one complaints per test file with an integrator key (live
 * bindings: read them inside tests and hooks), form posts, and a strict reader of the XML we emit.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startComplaints, type Harness } from './fixtures.js';

export let c: Harness;
export let admin: Record<string, string>;
export let key: string;

/** Starts complaints for the calling test file, with an integrator key of Bandung. */
export function useOpen311Harness(): void {
  beforeAll(async () => {
    c = await startComplaints();
    admin = await c.as.admin();
    key = (await createKey(admin, 'Aplikasi Warga')).key;
  });
  afterAll(async () => c?.stop());
}

export async function createKey(headers: Record<string, string>, name: string) {
  const res = await c.app.inject({ method: 'POST', url: '/v1/open311-keys', headers, payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; key: string; prefix: string; createdAt: string };
}

/** Far-apart points (about 1.1 km), so test reports are never linked as duplicates by accident. */
let spot = 0;
export const nextSpot = () => {
  spot += 1;
  return { lat: (-6.85 - spot * 0.01).toFixed(5), long: (107.55 + spot * 0.01).toFixed(5) };
};

export type Fields = Record<string, string>;
export const post311 = (fields: Fields, format: 'json' | 'xml' = 'json', query = '') =>
  c.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}${query}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

export const validFields = (overrides: Fields = {}): Fields => ({
  api_key: key,
  service_code: 'jalan-rusak',
  ...nextSpot(),
  description: 'Jalan berlubang besar di depan sekolah, membahayakan anak-anak yang menyeberang.',
  ...overrides,
});

export async function created(fields: Fields, query = '') {
  const res = await post311(fields, 'json', query);
  expect(res.statusCode, res.body).toBe(200);
  const [item] = res.json() as {
    service_request_id: string;
    token: string;
    service_notice: string | null;
    account_id: string | null;
  }[];
  return item!;
}

export const get = (url: string, headers: Record<string, string> = {}) => c.app.inject({ method: 'GET', url, headers });

export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** A strict little parser for what Open311 emits: declaration, elements, text with the five entities. */
export function parseXml(doc: string): XmlNode {
  const decl = '<?xml version="1.0" encoding="utf-8"?>';
  if (!doc.startsWith(decl)) throw new Error('missing XML declaration');
  let i = decl.length;
  const skipSpace = () => {
    while (/\s/.test(doc[i] ?? '')) i++;
  };
  const unescape = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s)) throw new Error(`bare & in ${JSON.stringify(s)}`);
    if (/[>"']/.test(s)) throw new Error(`unescaped character in ${JSON.stringify(s)}`);
    return s.replace(
      /&(amp|lt|gt|quot|apos);/g,
      (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!,
    );
  };
  const element = (): XmlNode => {
    const open = /^<([A-Za-z_][\w.-]*)(\/?)>/.exec(doc.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${doc.slice(i, i + 30)}`);
    i += open[0].length;
    const node: XmlNode = { name: open[1]!, children: [], text: '' };
    if (open[2] === '/') return node;
    for (;;) {
      const close = `</${node.name}>`;
      if (doc.startsWith(close, i)) {
        i += close.length;
        return node;
      }
      if (doc.startsWith('</', i)) throw new Error(`mismatched closing tag at ${i}`);
      if (doc[i] === '<') {
        node.children.push(element());
        continue;
      }
      const next = doc.indexOf('<', i);
      if (next < 0) throw new Error(`unterminated <${node.name}>`);
      node.text += unescape(doc.slice(i, next));
      i = next;
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== doc.length) throw new Error('content after the root element');
  return root;
}

/** An element's leaf children as a record of texts. */
export const fieldsOf = (node: XmlNode) => Object.fromEntries(node.children.map((ch) => [ch.name, ch.text]));

export function expectOpen311Error(
  res: { statusCode: number; headers: Record<string, unknown>; body: string; json: () => unknown },
  status: number,
  format: 'json' | 'xml',
  pattern: RegExp,
) {
  expect(res.statusCode, res.body).toBe(status);
  if (format === 'json') {
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const errors = res.json() as { code: number; description: string }[];
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.code).toBe(status);
    expect(errors.map((e) => e.description).join(' | ')).toMatch(pattern);
  } else {
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(res.body);
    expect(root.name).toBe('errors');
    expect(root.children.length).toBeGreaterThan(0);
    for (const e of root.children) {
      expect(e.name).toBe('error');
      expect(fieldsOf(e).code).toBe(String(status));
    }
    expect(root.children.map((e) => fieldsOf(e).description).join(' | ')).toMatch(pattern);
  }
}
