/**
 * Open311's pure parts: the XML writer, titles from descriptions, the requests' time window.
 */
import { describe, expect, it } from 'vitest';
import { escapeXml, xmlDocument } from '../../src/open311/xml.js';
import { requestWindow } from '../../src/open311/requests.js';
import { titleFor } from '../../src/open311/mapping.js';
import { parseXml } from '../open311-setup.js';

describe('the XML writer', () => {
  it('escapes the five special characters and drops characters XML cannot carry', () => {
    expect(escapeXml(`<script>&"'`)).toBe('&lt;script&gt;&amp;&quot;&apos;');
    expect(escapeXml('a\u0000b\u0007c\u001Fd\tx\ny')).toBe('abcd\tx\ny');
    expect(escapeXml('jalan 🚧 rusak')).toBe('jalan 🚧 rusak');
    expect(escapeXml('lone \uD83D surrogate')).toBe('lone  surrogate');
  });

  it('itemises lists by name, writes null as an empty element, and starts with the declaration', () => {
    const doc = xmlDocument('service_requests', [{ id: 'A&B', lat: -6.9, address: null, ok: true }], {
      service_requests: 'request',
    });
    expect(doc).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><id>A&amp;B</id><lat>-6.9</lat><address/><ok>true</ok></request></service_requests>\n',
    );
    expect(parseXml(doc).children[0]!.name).toBe('request');
  });

  it('refuses element names that would break the document', () => {
    expect(() => xmlDocument('x', { 'a b': 1 })).toThrow(/element name/);
  });
});

describe('pure rules', () => {
  it('takes the title from the start of the description, or the service name', () => {
    expect(titleFor(undefined, 'Sampah menumpuk')).toBe('Sampah menumpuk');
    expect(titleFor('  Lampu   mati  ', 'X')).toBe('Lampu mati');
    const long =
      'Saluran air di gang kami tersumbat sampah plastik sejak minggu lalu sehingga air meluap ke rumah warga setiap hujan.';
    const title = titleFor(long, 'X');
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(81);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
  });

  it('defaults to the last 90 days and refuses a wider or inverted range', () => {
    const now = new Date('2026-06-30T00:00:00Z');
    expect(requestWindow(undefined, undefined, now)).toEqual({ start: new Date('2026-04-01T00:00:00Z'), end: now });
    expect(requestWindow('2026-01-01T00:00:00Z', undefined)).toEqual({
      start: new Date('2026-01-01T00:00:00Z'),
      end: new Date('2026-04-01T00:00:00Z'),
    });
    expect(requestWindow('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual({
      start: new Date('2026-01-01T00:00:00Z'),
      end: new Date('2026-04-01T00:00:00Z'),
    });
    expect(requestWindow('2026-01-01T00:00:00Z', '2026-04-01T00:00:01Z')).toEqual({
      error: expect.stringMatching(/90 days/),
    });
    expect(requestWindow('2026-02-01', '2026-01-01')).toEqual({ error: expect.stringMatching(/before/) });
  });
});
