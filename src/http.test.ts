import { ConnectorErrorCodes } from '@logto/connector-kit';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { sendRequest, type HttpRequest } from './http.js';
import {
  failureOf,
  html502Page,
  huggingFace,
  messageOf,
  mockNetworkForEachTest,
} from './testing/fixtures.js';

const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  url: `${huggingFace}/oauth/userinfo`,
  method: 'GET',
  headers: { accept: 'application/json' },
  purpose: 'user profile request',
  timeoutMs: 2000,
  ...overrides,
});

mockNetworkForEachTest();

describe('sendRequest', () => {
  it('returns status, text and parsed JSON of a JSON answer', async () => {
    const scope = nock(huggingFace).get('/oauth/userinfo').reply(200, { sub: 'abc' });

    await expect(sendRequest(request())).resolves.toEqual({
      status: 200,
      text: '{"sub":"abc"}',
      json: { sub: 'abc' },
    });
    expect(scope.isDone()).toBe(true);
  });

  it('returns an error status as a result instead of throwing', async () => {
    nock(huggingFace).get('/oauth/userinfo').reply(502, html502Page);

    const result = await sendRequest(request());

    expect(result.status).toBe(502);
    expect(result.text).toBe(html502Page);
    expect(result.json).toBeUndefined();
  });

  it('returns an empty text for an answer without a body (HTTP 204)', async () => {
    nock(huggingFace).get('/oauth/userinfo').reply(204);

    await expect(sendRequest(request())).resolves.toMatchObject({
      status: 204,
      text: '',
      json: undefined,
    });
  });

  it('returns a redirect as a result instead of following it', async () => {
    nock(huggingFace)
      .get('/oauth/userinfo')
      .reply(302, '', { location: 'https://elsewhere.example/login' });

    await expect(sendRequest(request())).resolves.toMatchObject({ status: 302 });
  });

  it('sends the method, headers and form body it is given', async () => {
    let seen: { body: unknown; contentType: unknown; custom: unknown } | undefined;
    nock(huggingFace)
      .post('/oauth/token')
      .reply(function (_uri, body) {
        seen = {
          body,
          contentType: this.req.headers['content-type'],
          custom: this.req.headers['x-custom'],
        };

        return [200, '{}'];
      });

    await sendRequest(
      request({
        url: `${huggingFace}/oauth/token`,
        method: 'POST',
        headers: { 'x-custom': 'yes' },
        body: new URLSearchParams({ a: '1 2', b: '&' }),
      })
    );

    expect(seen).toEqual({
      body: 'a=1+2&b=%26',
      contentType: expect.stringContaining('application/x-www-form-urlencoded') as unknown,
      custom: 'yes',
    });
  });

  it('does not retry a failed request', async () => {
    const scope = nock(huggingFace).get('/oauth/userinfo').times(2).reply(503, 'busy');

    await sendRequest(request());

    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('turns a refused connection into a general error naming the host and the cause', async () => {
    // undici reports network failures as TypeError('fetch failed') with the system error as cause.
    const refused = Object.assign(new Error('connect ECONNREFUSED 18.244.202.60:443'), {
      code: 'ECONNREFUSED',
    });
    nock(huggingFace)
      .get('/oauth/userinfo')
      .replyWithError(new TypeError('fetch failed', { cause: refused }));

    const error = await failureOf(sendRequest(request()));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Could not reach Hugging Face for the user profile request');
    expect(messageOf(error)).toContain('huggingface.co');
    expect(error.data).toMatchObject({
      endpoint: `${huggingFace}/oauth/userinfo`,
      cause: 'ECONNREFUSED',
    });
  });

  it('never copies an error message into the cause, only a system error code', async () => {
    nock(huggingFace)
      .get('/oauth/userinfo')
      .replyWithError('socket hang up: Authorization Basic c2VjcmV0');

    const error = await failureOf(sendRequest(request()));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).not.toHaveProperty('cause');
  });

  it.each([
    ['Bearer hf_oauth_access_token', undefined],
    ['xECONNREFUSED', undefined],
    ['ECONNREFUSED hf_oauth_access_token', undefined],
    ['Econnrefused', undefined],
    ['E2BIG', 'E2BIG'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_WRONG_VERSION_NUMBER'],
  ])(
    'keeps a cause code %j only when it is shaped like a system error code',
    async (code, kept) => {
      const cause = Object.assign(new Error('odd'), { code });
      nock(huggingFace)
        .get('/oauth/userinfo')
        .replyWithError(new TypeError('fetch failed', { cause }));

      const error = await failureOf(sendRequest(request()));

      expect((error.data as { cause?: string }).cause).toBe(kept);
    }
  );

  it('reports a failure that is not even an Error without a cause', async () => {
    nock(huggingFace).get('/oauth/userinfo').replyWithError({ code: 'ECONNRESET' });

    const error = await failureOf(sendRequest(request()));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).not.toHaveProperty('cause');
  });

  it('gives up when Hugging Face sends no answer in time', async () => {
    nock(huggingFace).get('/oauth/userinfo').delay(1000).reply(200, { sub: 'late' });
    const started = Date.now();

    const error = await failureOf(sendRequest(request({ timeoutMs: 50 })));

    expect(Date.now() - started).toBeLessThan(900);
    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain(
      'Hugging Face did not answer the user profile request within 0.05 s'
    );
    expect(error.data).toMatchObject({ endpoint: `${huggingFace}/oauth/userinfo` });
  });

  it('gives up when the headers arrive in time but the body does not', async () => {
    nock(huggingFace).get('/oauth/userinfo').delayBody(1000).reply(200, { sub: 'late' });
    const started = Date.now();

    const error = await failureOf(sendRequest(request({ timeoutMs: 50 })));

    expect(Date.now() - started).toBeLessThan(900);
    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('did not answer');
  });
});

describe('sendRequest: what the operator reads', () => {
  const endpoint = `${huggingFace}/oauth/userinfo`;

  it('names the request, the host and the system error of a refused connection', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    nock(huggingFace)
      .get('/oauth/userinfo')
      .replyWithError(new TypeError('fetch failed', { cause: refused }));

    const error = await failureOf(sendRequest(request()));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        'Could not reach Hugging Face for the user profile request. Check that the Logto server can reach huggingface.co over HTTPS (DNS, firewall, proxy), then try again.',
      endpoint,
      cause: 'ECONNREFUSED',
    });
  });

  it.each([
    ['headers', { delay: 1000 }],
    ['body', { delayBody: 1000 }],
  ])('names the request and the deadline when the %s come late', async (_part, lateness) => {
    const interceptor = nock(huggingFace).get('/oauth/userinfo');
    const delayed =
      'delay' in lateness
        ? interceptor.delay(lateness.delay)
        : interceptor.delayBody(lateness.delayBody);
    delayed.reply(200, { sub: 'late' });

    const error = await failureOf(sendRequest(request({ timeoutMs: 50 })));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        'Hugging Face did not answer the user profile request within 0.05 s. Hugging Face may be slow or unavailable; try signing in again in a moment.',
      endpoint,
    });
  });

  it('says how much it reads of an answer announced as larger than 1 MB', async () => {
    nock(huggingFace)
      .get('/oauth/userinfo')
      .reply(200, '{}', { 'content-length': String(1024 * 1024 + 1) });

    const error = await failureOf(sendRequest(request()));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message:
        'Hugging Face sent an oversized answer to the user profile request: more than 1 MB, the most this connector reads. This is unexpected; try again, and report it if it persists.',
      endpoint,
      maxBytes: 1024 * 1024,
    });
  });
});

describe('sendRequest: odd failures and what it leaves behind', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reports a failure whose cause is null as unreachable, without a cause', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed', { cause: null }));

    const error = await failureOf(sendRequest(request()));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        'Could not reach Hugging Face for the user profile request. Check that the Logto server can reach huggingface.co over HTTPS (DNS, firewall, proxy), then try again.',
      endpoint: `${huggingFace}/oauth/userinfo`,
    });
  });

  it('leaves no timer running once the answer is read', async () => {
    // A forgotten 60 s timer per request would keep Logto's event loop busy long after sign-in.
    const timeoutMs = 60_000;
    const armed = vi.spyOn(globalThis, 'setTimeout');
    const cleared = vi.spyOn(globalThis, 'clearTimeout');
    nock(huggingFace).get('/oauth/userinfo').reply(200, { sub: 'x' });

    await sendRequest(request({ timeoutMs }));

    const deadlines = armed.mock.calls.flatMap(([, delay], index) =>
      delay === timeoutMs ? [armed.mock.results[index]?.value as unknown] : []
    );
    expect(deadlines.length).toBeGreaterThan(0);
    expect(cleared.mock.calls.map(([handle]) => handle as unknown)).toEqual(
      expect.arrayContaining(deadlines)
    );
  });
});

const globalDispatcherSymbols = [
  Symbol.for('undici.globalDispatcher.2'),
  Symbol.for('undici.globalDispatcher.1'),
];

const optionsOf = (dispatcher: object) => {
  const options = Object.getOwnPropertySymbols(dispatcher).find(
    (symbol) => symbol.description === 'options'
  );

  return options && (dispatcher as Record<symbol, unknown>)[options];
};

describe('sendRequest: the connector’s own connection pool', () => {
  beforeEach(() => {
    vi.resetModules();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends every request through one pool of its own, like Node’s global dispatcher, kept alive 50 s', async () => {
    const fetching = vi.spyOn(globalThis, 'fetch');
    nock(huggingFace).get('/oauth/userinfo').times(2).reply(200, {});
    const { sendRequest: sendWithFreshPool } = await import('./http.js');

    await sendWithFreshPool(request());
    await sendWithFreshPool(request());

    const [first, second] = fetching.mock.calls.map(
      ([, init]) => (init as { dispatcher?: object } | undefined)?.dispatcher
    );
    const global = globalDispatcherSymbols
      .map((symbol) => (globalThis as unknown as Record<symbol, object | undefined>)[symbol])
      .find(Boolean)!;
    expect(first).toBeInstanceOf(global.constructor);
    expect(first).not.toBe(global);
    expect(second).toBe(first);
    expect(optionsOf(first!)).toMatchObject({
      keepAliveTimeout: 50_000,
      keepAliveMaxTimeout: 50_000,
    });
  });

  it('falls back to Node’s own pool when the host’s dispatcher cannot be copied', async () => {
    const global = globalThis as unknown as Record<symbol, unknown>;
    const saved = globalDispatcherSymbols.map((symbol) => global[symbol]);
    class Uncopyable {
      constructor() {
        throw new Error('needs arguments this connector does not have');
      }
    }
    const fetching = vi.spyOn(globalThis, 'fetch');
    nock(huggingFace).get('/oauth/userinfo').reply(200, { sub: 'abc' });

    try {
      for (const symbol of globalDispatcherSymbols) {
        global[symbol] = Object.create(Uncopyable.prototype) as object;
      }
      const { sendRequest: sendWithFreshPool } = await import('./http.js');

      await expect(sendWithFreshPool(request())).resolves.toMatchObject({ status: 200 });
    } finally {
      globalDispatcherSymbols.forEach((symbol, index) => {
        global[symbol] = saved[index];
      });
    }

    expect((fetching.mock.calls[0]?.[1] as { dispatcher?: object }).dispatcher).toBeUndefined();
  });
});
