import ky from 'ky';

import { ConnectorError, connectorError, ConnectorErrorCodes } from './errors.js';

export type HttpRequest = {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: URLSearchParams;
  /** What the request is for, in words an operator understands ("token request"). */
  purpose: string;
  timeoutMs: number;
};

export type HttpResult = {
  status: number;
  text: string;
  /** The parsed body, or `undefined` when the body is not JSON. */
  json: unknown;
  /** The request this answers, so that error excerpts can blot out everything secret it carried. */
  request: HttpRequest;
};

/** Generous for a token answer, a profile or a key set alike; anything larger is hostile. */
export const maxResponseBytes = 1024 * 1024;

const utf8 = new TextDecoder();

const parseJsonOrUndefined = (text: string): unknown => {
  try {
    // Stryker disable BlockStatement: an empty catch block returns undefined as well
    return JSON.parse(text);
  } catch {
    // Stryker restore BlockStatement
    return undefined;
  }
};

/** Form fields a request may carry that are not secret; every other field value is. */
const publicFormFields = new Set(['grant_type', 'redirect_uri', 'client_id', 'scope']);

const formDecode = (value: string) => {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return value;
  }
};

/**
 * Everything secret a request carries: the Authorization value, its credential alone, and for
 * Basic the decoded `id:secret` pair and the secret; every non-public form field (code, verifier,
 * refresh token, client secret). Computed only when an error needs an excerpt.
 */
export const secretsCarriedBy = ({ headers, body }: HttpRequest): string[] => {
  const secrets: string[] = [];

  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'authorization') {
      continue;
    }

    // Stryker disable next-line StringLiteral: split always yields a first element, so the scheme default is never used
    const [scheme = '', credential = ''] = value.split(' ', 2);
    secrets.push(value, credential);

    if (scheme.toLowerCase() === 'basic') {
      const pair = Buffer.from(credential, 'base64').toString('utf8');
      const secret = pair.slice(pair.indexOf(':') + 1);
      secrets.push(pair, secret, formDecode(secret));
    }
  }

  for (const [name, value] of body ?? []) {
    if (!publicFormFields.has(name)) {
      secrets.push(value);
    }
  }

  return secrets;
};

/** Node reports network failures with a system code; only a code of that shape is ever kept. */
const systemErrorCode = /^E[A-Z\d_]{1,40}$/;

/** The system error code (ECONNREFUSED, ENOTFOUND…) behind a failure; never a message. */
const causeCode = (error: unknown): string | undefined => {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code: unknown =
    typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;

  return typeof code === 'string' && systemErrorCode.test(code) ? code : undefined;
};

/**
 * The connector's own deadline. It is a plain timer held by this request and cleared by it, not a
 * signal handed to ky: ky combines signals with `AbortSignal.any`, and after a garbage collection
 * such a combined signal may no longer pass a timeout on (Node issue #57736).
 */
type Exchange = {
  expired: boolean;
  /** Rejects the wait for headers; set while headers are awaited. */
  rejectHeaders: ((reason: unknown) => void) | undefined;
  /** The body being read; cancelled when the deadline fires. */
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
};

const deadlineReached = new Error('deadline reached');

const ignore = () => undefined;

const expire = (exchange: Exchange) => {
  exchange.expired = true;
  exchange.rejectHeaders?.(deadlineReached);
  exchange.reader?.cancel().catch(ignore);
};

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

const unreachableError = ({ url, purpose }: HttpRequest, error: unknown) =>
  connectorError(
    ConnectorErrorCodes.General,
    `Could not reach Hugging Face for the ${purpose}. Check that the Logto server can reach ${new URL(url).host} over HTTPS (DNS, firewall, proxy), then try again.`,
    { endpoint: url, cause: causeCode(error) }
  );

/** Built once: the options every request shares. */
const client = ky.create({ retry: 0, throwHttpErrors: false, redirect: 'manual' });

/** Headers within the deadline, or a rejection when it fires, whatever ky does. */
const awaitHeaders = (request: HttpRequest, exchange: Exchange) =>
  new Promise<Response>((resolve, reject) => {
    exchange.rejectHeaders = reject;
    // ky's own timeout, armed just after the deadline, aborts the fetch when headers are late: a
    // signal of ours would cost an `AbortSignal.any` per request (about 15 µs, and weak
    // references for the GC), and is no longer needed for the deadline.
    client(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      timeout: request.timeoutMs,
    }).then((response) => {
      /* v8 ignore next 4 -- headers between our deadline and ky's timeout, a few µs apart */
      // Stryker disable next-line ConditionalExpression,BlockStatement: expire() has already rejected this promise, so resolving it changes nothing; only the socket is released later
      if (exchange.expired) {
        // Too late: free the connection instead of leaving the body unread.
        response.body?.cancel().catch(ignore);
      } else {
        resolve(response);
      }
    }, reject);
  });

/** The body, at most `maxResponseBytes` of it, decoded once as UTF-8. */
const readBody = async (response: Response, request: HttpRequest, exchange: Exchange) => {
  const announced = Number(response.headers.get('content-length'));

  if (announced > maxResponseBytes) {
    response.body?.cancel().catch(ignore);
    throw oversizedError(request);
  }

  if (!response.body) {
    return '';
  }

  // Headers and this line are separated by microtasks only: the deadline cannot have fired yet.
  const reader = response.body.getReader();
  exchange.reader = reader;
  const chunks: Uint8Array[] = [];
  let received = 0;

  for (;;) {
    const { done, value } = await reader.read();

    // A cancelled read ends as `done`: only the flag tells a deadline from a complete body.
    if (exchange.expired) {
      throw timeoutError(request);
    }

    if (done) {
      break;
    }

    received += value.byteLength;

    if (received > maxResponseBytes) {
      reader.cancel().catch(ignore);
      throw oversizedError(request);
    }

    chunks.push(value);
  }

  // Stryker disable next-line ConditionalExpression,EqualityOperator: concatenating one chunk (or none) decodes to the same text; the shortcut only saves a copy
  return utf8.decode(chunks.length > 1 ? Buffer.concat(chunks, received) : chunks[0]);
};

const toConnectorError = (error: unknown, request: HttpRequest, exchange: Exchange) => {
  if (exchange.expired) {
    return timeoutError(request);
  }

  if (error instanceof ConnectorError) {
    return error;
  }

  return unreachableError(request, error);
};

/**
 * Sends one request and reads its body, at most `maxResponseBytes`, within `timeoutMs` for headers
 * and body together. Any HTTP status is a result (redirects are not followed); a network failure,
 * the deadline or an oversized body throws, and then always as a `ConnectorError`.
 */
export const sendRequest = async (request: HttpRequest): Promise<HttpResult> => {
  const exchange: Exchange = {
    expired: false,
    rejectHeaders: undefined,
    reader: undefined,
  };
  // A closure, not setTimeout's extra argument: the bundler's tree-shaking does not see that
  // setTimeout hands `exchange` to `expire`, takes `expired` for always false and drops every
  // check of it from lib/ (seen with tsup 8.5 / rollup 4.67).
  const deadline = setTimeout(() => expire(exchange), request.timeoutMs);

  try {
    const response = await awaitHeaders(request, exchange);
    exchange.rejectHeaders = undefined;
    const text = await readBody(response, request, exchange);

    return { status: response.status, text, json: parseJsonOrUndefined(text), request };
  } catch (error: unknown) {
    throw toConnectorError(error, request, exchange);
  } finally {
    clearTimeout(deadline);
  }
};
