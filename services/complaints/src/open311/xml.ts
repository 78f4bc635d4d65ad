/**
 * The small XML writer Open311 needs: plain elements, no attributes, no namespaces. Values are
 * escaped (& < > " ') and characters XML 1.0 cannot carry at all (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) are dropped, so whatever a citizen typed the document stays
 * well-formed UTF-8.
 */

export type XmlValue =
  string | number | boolean | null | undefined | readonly XmlValue[] | { readonly [name: string]: XmlValue };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

// XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
// these control characters are exactly what must go
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Escapes text for element content or attribute values. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function element(name: string, value: XmlValue, itemNames: Readonly<Record<string, string>>): string {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? 'item';
    return `<${name}>${(value as readonly XmlValue[]).map((v) => element(item, v, itemNames)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, XmlValue>)
      .map(([k, v]) => element(k, v, itemNames))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * A complete document: the declaration, then `root` holding `value`. An array becomes a list of
 * elements named by `itemNames[<the array's element name>]` (default `item`), e.g.
 * `xmlDocument('services', [...], { services: 'service' })` gives `<services><service>…`.
 * null and undefined become empty elements, as in the Open311 examples.
 */
export function xmlDocument(root: string, value: XmlValue, itemNames: Readonly<Record<string, string>> = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, itemNames)}\n`;
}
