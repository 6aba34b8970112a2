/**
 * The one browser imitation of the repository: Node's fetch with a cookie jar per host and manual
 * redirects, so each hop of a sign-in can be observed. HTTPS trusts what the process trusts; a
 * test CA comes in through NODE_EXTRA_CA_CERTS.
 */
export type JsonAnswer = { status: number; body: unknown };

export type RequestOptions = {
  method?: string;
  /** Sent as a form when it is URLSearchParams, otherwise as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
};

export const createCookieClient = () => {
  const jar = new Map<string, Map<string, string>>();

  const request = async (target: string | URL, { method, body, headers }: RequestOptions = {}) => {
    const url = new URL(target);
    const cookies = jar.get(url.host) ?? new Map<string, string>();
    jar.set(url.host, cookies);
    const isJson = body !== undefined && !(body instanceof URLSearchParams);
    const response = await fetch(url, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        ...headers,
        ...(isJson && { 'content-type': 'application/json' }),
        ...(cookies.size > 0 && { cookie: [...cookies].map((pair) => pair.join('=')).join('; ') }),
      },
      body: isJson ? JSON.stringify(body) : body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [, name, value = ''] = /^\s*([^=;\s]+)=([^;]*)/.exec(line) ?? [];
      if (name) cookies.set(name, value);
    }
    return response;
  };

  return {
    request,
    /** The answer's body parsed as JSON, or its text when it is not JSON. */
    async json(url: string | URL, options?: RequestOptions): Promise<JsonAnswer> {
      const response = await request(url, options);
      const text = await response.text();
      try {
        return { status: response.status, body: text ? JSON.parse(text) : undefined };
      } catch {
        return { status: response.status, body: text };
      }
    },
    /** Follows redirects from `start` until one points at a location `stop` accepts; returns it. */
    async followUntil(start: string | URL, stop: (location: URL) => boolean): Promise<URL> {
      let url = new URL(start);
      for (let hop = 0; hop < 20; hop += 1) {
        const response = await request(url);
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location) throw new Error(`${url.origin}${url.pathname} answered ${response.status}`);
        url = new URL(location, url);
        if (stop(url)) return url;
      }
      throw new Error(`more than 20 redirects from ${String(start)}`);
    },
  };
};
