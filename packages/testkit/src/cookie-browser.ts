/**
 * An HTTP client that behaves like a browser without JavaScript for what sign-in needs: follows
 * redirects across hosts, keeps cookies (by name and path, removed at Max-Age=0), sends Origin on
 * POST. Enough to walk a real OpenID Connect sign-in from the first page to the session.
 */

export interface Visit {
  url: string;
  status: number;
  body: string;
  headers: Headers;
  /** Every URL passed through, the first request's included. */
  trail: string[];
}

interface Cookie {
  value: string;
  path: string;
  attributes: string[];
}

export class CookieBrowser {
  private readonly jar = new Map<string, Cookie>();

  /** Cookies set so far, with their attributes as sent (`HttpOnly`, `SameSite=Lax`, ...). */
  cookie(name: string): Cookie | undefined {
    return this.jar.get(name);
  }

  setCookie(name: string, value: string, path = '/'): void {
    this.jar.set(name, { value, path, attributes: [] });
  }

  private cookieHeader(url: URL): string {
    return [...this.jar]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([n, c]) => `${n}=${c.value}`)
      .join('; ');
  }

  private keep(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const maxAge = attrs.find((a) => /^max-age=/i.test(a));
      const expired =
        (maxAge && Number(maxAge.slice(8)) <= 0) || attrs.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) this.jar.delete(name);
      else this.jar.set(name, { value: pair.slice(eq + 1), path, attributes: attrs });
    }
  }

  /** One request, then its redirects (at most `maxRedirects`); a 303 or 302 turns into GET. */
  async go(
    url: string,
    init: { method?: string; form?: Record<string, string>; origin?: string; maxRedirects?: number } = {},
  ): Promise<Visit> {
    let current = new URL(url);
    let method = init.method ?? (init.form ? 'POST' : 'GET');
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    const trail: string[] = [];
    for (let hop = 0; ; hop++) {
      trail.push(current.href);
      const headers: Record<string, string> = { accept: 'text/html' };
      const cookies = this.cookieHeader(current);
      if (cookies) headers.cookie = cookies;
      if (body !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        headers.origin = init.origin ?? current.origin;
      }
      const res = await fetch(current, { method, headers, body, redirect: 'manual' });
      this.keep(res.headers);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location && hop < (init.maxRedirects ?? 20)) {
        await res.arrayBuffer();
        current = new URL(location, current);
        if (res.status === 303 || res.status === 302) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      return { url: current.href, status: res.status, body: await res.text(), headers: res.headers, trail };
    }
  }
}
