/**
 * A small browser stand-in: fetch with one cookie jar per host and manual redirects, so each
 * step of a sign-in (Logto's OIDC endpoints, the Experience API, the Hugging Face stand-in) can
 * be observed. HTTPS requests trust the test CA, as Logto core does with NODE_EXTRA_CA_CERTS.
 */
import { Agent, fetch, type Response } from 'undici';

export type JsonAnswer = { status: number; body: unknown; headers: Headers };

export type HttpClient = {
  request: (url: string, init?: RequestOptions) => Promise<Response>;
  json: (url: string, init?: RequestOptions) => Promise<JsonAnswer>;
  /** Follows redirects from `url` until one points at a location `stop` accepts; returns it. */
  followUntil: (url: string, stop: (location: URL) => boolean) => Promise<URL>;
};

export type RequestOptions = {
  method?: string;
  /** Sent as JSON unless it is URLSearchParams (then as a form). */
  body?: unknown;
  headers?: Record<string, string>;
};

const maxRedirects = 20;

export const createHttpClient = ({ ca }: { ca: string }): HttpClient => {
  const dispatcher = new Agent({ connect: { ca } });
  const jar = new Map<string, Map<string, string>>();

  const cookiesFor = (url: URL) =>
    [...(jar.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');

  const remember = (url: URL, response: Response) => {
    const cookies = jar.get(url.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1));
    }
    jar.set(url.host, cookies);
  };

  const request = async (target: string, init: RequestOptions = {}) => {
    const url = new URL(target);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = cookiesFor(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.body instanceof URLSearchParams) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = init.body.toString();
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    const response = await fetch(url, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      redirect: 'manual',
      dispatcher,
    });
    remember(url, response);

    return response;
  };

  const json = async (url: string, init?: RequestOptions): Promise<JsonAnswer> => {
    const response = await request(url, init);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: the text itself is the answer.
    }

    return { status: response.status, body, headers: response.headers as unknown as Headers };
  };

  const followUntil = async (start: string, stop: (location: URL) => boolean) => {
    let url = new URL(start);
    for (let hop = 0; hop < maxRedirects; hop += 1) {
      const response = await request(url.href);
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) {
        throw new Error(
          `${url.origin}${url.pathname} answered ${response.status} without a redirect`
        );
      }
      url = new URL(location, url);
      if (stop(url)) return url;
    }
    throw new Error(`more than ${maxRedirects} redirects from ${start}`);
  };

  return { request, json, followUntil };
};
