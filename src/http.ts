import { setImmediate as nextTurn } from 'node:timers/promises';

import ky, { type Options } from 'ky';

import { ConnectorError, connectorError, ConnectorErrorCodes } from './errors.js';

export type HttpRequest = {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: URLSearchParams;
  /** What the request is for, in words an operator understands ("token request"). */
  purpose: string;
  timeoutMs: number;
};

/** Any HTTP status; `json` is `undefined` when the body is not JSON. */
export type HttpResult = { status: number; text: string; json: unknown };

/** Generous for a token answer, a profile or a key set alike; anything larger is hostile. */
export const maxResponseBytes = 1024 * 1024;

/**
 * Hugging Face sends no Keep-Alive hint, so Node's default pool drops a connection after 4 s idle,
 * before the user is back from the consent page. Ours keeps it a little under the 60 s after which
 * common load balancers close idle connections.
 */
export const keepAliveMs = 50_000;

type Dispatcher = { constructor: new (options: object) => object };

/**
 * The connector's own pool, made with the constructor of Node's global dispatcher: it is the undici
 * bundled with Node's fetch (an npm undici Agent breaks on newer Node), and when Node routes fetch
 * through an egress proxy (NODE_USE_ENV_PROXY, HTTPS_PROXY, NO_PROXY) it is a proxy agent reading
 * the same settings. Node 26 keeps its own dispatcher under `.2` and a compatibility wrapper under
 * `.1`; earlier versions have `.1` only.
 */
const createPool = () => {
  // Reading `Response` makes Node load its undici, which installs the global dispatcher.
  void Response;
  const global = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  const { constructor: Pool } =
    global[Symbol.for('undici.globalDispatcher.2')] ??
    global[Symbol.for('undici.globalDispatcher.1')]!;

  try {
    return new Pool({ keepAliveTimeout: keepAliveMs, keepAliveMaxTimeout: keepAliveMs });
  } catch {
    // A dispatcher of the host's this connector cannot copy: Node's default pool serves.
    return undefined;
  }
};

/** Created once per process; `dispatcher` stays undefined when the host's cannot be copied. */
let pool: { dispatcher: object | undefined } | undefined;

const client = ky.create({ retry: 0, throwHttpErrors: false, redirect: 'manual', timeout: false });

const timeoutError = ({ url, purpose, timeoutMs }: HttpRequest) =>
  connectorError(
    ConnectorErrorCodes.General,
    `Hugging Face did not answer the ${purpose} within ${timeoutMs / 1000} s. Hugging Face may be slow or unavailable; try signing in again in a moment.`,
    { endpoint: url }
  );

const oversizedError = ({ url, purpose }: HttpRequest) =>
  connectorError(
    ConnectorErrorCodes.InvalidResponse,
    `Hugging Face sent an oversized answer to the ${purpose}: more than ${maxResponseBytes / 1024 / 1024} MB, the most this connector reads. This is unexpected; try again, and report it if it persists.`,
    { endpoint: url, maxBytes: maxResponseBytes }
  );

/** Only a system error code (ECONNREFUSED…) is kept of a network failure, never a message. */
const unreachableError = ({ url, purpose }: HttpRequest, error: unknown) => {
  const code: unknown = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;

  return connectorError(
    ConnectorErrorCodes.General,
    `Could not reach Hugging Face for the ${purpose}. Check that the Logto server can reach ${new URL(url).host} over HTTPS (DNS, firewall, proxy), then try again.`,
    {
      endpoint: url,
      cause: typeof code === 'string' && /^E[A-Z\d_]{1,40}$/.test(code) ? code : undefined,
    }
  );
};

/**
 * At most `maxResponseBytes` of the body. The deadline cancels the reader itself: the abort handed
 * to ky may not reach the fetch (see `sendRequest`), and an unread body holds its connection.
 */
const readCappedBody = async (response: Response, request: HttpRequest, deadline: AbortSignal) => {
  if (Number(response.headers.get('content-length')) > maxResponseBytes) {
    await response.body?.cancel();
    throw oversizedError(request);
  }

  const reader = response.body?.getReader();
  const cancel = () => void reader?.cancel().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let received = 0;
  deadline.addEventListener('abort', cancel);

  // Stryker disable next-line all: headers after the deadline come only when the abort did not reach the fetch (Node #57736), which no test can force
  if (deadline.aborted) {
    cancel();
  }

  // A cancelled reader ends as done; the deadline has then already answered the caller.
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    received += read.value.byteLength;

    if (received > maxResponseBytes) {
      cancel();
      throw oversizedError(request);
    }

    chunks.push(read.value);
  }

  return Buffer.concat(chunks).toString('utf8');
};

const parseJsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const exchange = async (request: HttpRequest, signal: AbortSignal): Promise<HttpResult> => {
  pool ??= { dispatcher: createPool() };
  const { url, method = 'GET', headers, body } = request;
  const options: Options & { dispatcher?: object } = {
    method,
    headers,
    body,
    signal,
    dispatcher: pool.dispatcher,
  };
  const response = await client(url, options);
  const text = await readCappedBody(response, request, signal);
  // Node's fetch returns the connection to the pool one turn after the body ends: a request sent
  // before that opens a second connection, a whole TLS handshake more.
  await nextTurn();

  return { status: response.status, text, json: parseJsonOrUndefined(text) };
};

/**
 * Sends one request with ky through the connector's pool and reads its body, within `timeoutMs`
 * for headers and body together. Redirects are not followed. A network failure, the deadline or an
 * oversized body throws, always as a `ConnectorError`. The deadline is our timer racing the
 * exchange, not an abort signal: ky joins signals with `AbortSignal.any`, which after a garbage
 * collection may no longer pass an abort on (Node issue #57736). The abort only frees the socket.
 */
export const sendRequest = async (request: HttpRequest): Promise<HttpResult> => {
  const controller = new AbortController();
  let deadline: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    deadline = setTimeout(() => {
      reject(timeoutError(request));
      controller.abort();
    }, request.timeoutMs);
  });
  const answer = exchange(request, controller.signal);
  // After the deadline nobody waits for the exchange: its late failure is expected.
  answer.catch(() => undefined);

  try {
    return await Promise.race([answer, expired]);
  } catch (error: unknown) {
    throw error instanceof ConnectorError ? error : unreachableError(request, error);
  } finally {
    clearTimeout(deadline);
  }
};
