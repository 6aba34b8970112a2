/**
 * sendRequest against a real socket on 127.0.0.1 that answers like a hostile or broken provider:
 * oversized, endless and dripping bodies, with garbage collection forced during the read.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { ConnectorErrorCodes } from '@logto/connector-kit';
import { afterEach, describe, expect, it } from 'vitest';

import { maxResponseBytes, sendRequest, type HttpRequest } from './http.js';
import { failureOf } from './testing/fixtures.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server | undefined;
/** Bytes of body the provider managed to hand to its socket, and whether its socket closed. */
let provider = { bytesWritten: 0, closed: false };

const serve = async (handler: Handler) => {
  provider = { bytesWritten: 0, closed: false };
  server = createServer((request, response) => {
    response.on('close', () => {
      provider.closed = true;
    });
    handler(request, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/userinfo`;
};

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const request = (url: string, timeoutMs = 2000): HttpRequest => ({
  url,
  method: 'GET',
  headers: { accept: 'application/json' },
  purpose: 'user profile request',
  timeoutMs,
});

const chunk = Buffer.alloc(64 * 1024, 'a');

/** Writes `total` bytes (or forever) as fast as the connector reads them. */
const pump = (response: ServerResponse, total = Number.POSITIVE_INFINITY) => {
  const write = () => {
    while (!response.destroyed && provider.bytesWritten < total) {
      const part = chunk.subarray(0, Math.min(chunk.length, total - provider.bytesWritten));
      provider.bytesWritten += part.length;

      if (!response.write(part)) {
        response.once('drain', write);

        return;
      }
    }

    if (!response.destroyed) {
      response.end();
    }
  };
  write();
};

const oversizedMessage =
  'Hugging Face sent an oversized answer to the user profile request: more than 1 MB, the most this connector reads. This is unexpected; try again, and report it if it persists.';

/**
 * The process-wide `gc` from --expose-gc, or, where that flag is refused (Stryker runs tests in
 * worker threads), one taken from a fresh context after turning the flag on at run time.
 */
const forcedGc = (): NonNullable<typeof globalThis.gc> => {
  const { gc } = globalThis;

  if (typeof gc === 'function') {
    return gc;
  }

  setFlagsFromString('--expose-gc');
  const contextGc: unknown = runInNewContext('gc');

  // Without it this file would pass without testing anything: fail loudly instead.
  if (typeof contextGc !== 'function') {
    throw new TypeError('gc is missing: run the tests with --expose-gc');
  }

  return contextGc as NonNullable<typeof globalThis.gc>;
};

/** Forces a full garbage collection every few milliseconds until stopped. */
const collectGarbageContinuously = () => {
  const gc = forcedGc();
  const timer = setInterval(() => gc(), 5);

  return () => clearInterval(timer);
};

describe('sendRequest caps the body at 1 MB', () => {
  it('reads a body of exactly 1 MB', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': String(maxResponseBytes) });
      pump(response, maxResponseBytes);
    });

    const result = await sendRequest(request(url));

    expect(result.status).toBe(200);
    expect(result.text).toHaveLength(maxResponseBytes);
  });

  it('rejects a Content-Length over the cap before reading the body', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      pump(response, 50 * 1024 * 1024);
    });

    const error = await failureOf(sendRequest(request(url)));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({ message: oversizedMessage, endpoint: url, maxBytes: 1_048_576 });
    // The connection is dropped: the provider could not push its 50 MB through.
    await expect.poll(() => provider.closed).toBe(true);
    expect(provider.bytesWritten).toBeLessThan(8 * 1024 * 1024);
  });

  it('rejects a chunked body one byte over the cap', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200);
      pump(response, maxResponseBytes + 1);
    });

    const error = await failureOf(sendRequest(request(url)));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({ message: oversizedMessage, endpoint: url, maxBytes: 1_048_576 });
  });

  it('stops reading an endless body at the cap, with memory bounded', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      pump(response);
    });

    const error = await failureOf(sendRequest(request(url, 10_000)));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toMatchObject({ message: oversizedMessage });
    await expect.poll(() => provider.closed).toBe(true);
    // The connector cannot hold more than the provider could send before the connection closed.
    expect(provider.bytesWritten).toBeLessThan(8 * 1024 * 1024);
  });

  it('decodes UTF-8 split across chunks once, whole', async () => {
    const url = await serve((_request, response) => {
      const text = Buffer.from('{"name":"Jérôme"}');
      response.writeHead(200);
      response.write(text.subarray(0, 12));
      setTimeout(() => response.end(text.subarray(12)), 20);
    });

    await expect(sendRequest(request(url))).resolves.toMatchObject({ json: { name: 'Jérôme' } });
  });
});

describe('sendRequest keeps its deadline while garbage is collected (Node issue #57736)', () => {
  const timeoutMs = 300;
  // Only the deadline's message proves that it fired; this bounds how late, generously, because a
  // garbage collection every 5 ms on a shared, loaded machine (a mutation run) delays every timer.
  const margin = 2000;
  // Without a working deadline the read would go on for ever: fail well before vitest's 20 s.
  const failFastMs = 5000;
  const timeoutMessage =
    'Hugging Face did not answer the user profile request within 0.3 s. Hugging Face may be slow or unavailable; try signing in again in a moment.';

  it(
    'gives up on a body that drips one byte at a time, and closes the connection',
    async () => {
      const url = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const drip = setInterval(() => response.write(' '), 10);
        response.on('close', () => clearInterval(drip));
      });
      const stopGc = collectGarbageContinuously();
      const started = performance.now();

      const error = await failureOf(sendRequest(request(url, timeoutMs))).finally(stopGc);

      expect(performance.now() - started).toBeLessThan(timeoutMs + margin);
      expect(error.code).toBe(ConnectorErrorCodes.General);
      expect(error.data).toEqual({ message: timeoutMessage, endpoint: url });
      await expect.poll(() => provider.closed).toBe(true);
    },
    failFastMs
  );

  it(
    'gives up on headers that never come',
    async () => {
      const url = await serve(() => {
        // Never answers.
      });
      const stopGc = collectGarbageContinuously();
      const started = performance.now();

      const error = await failureOf(sendRequest(request(url, timeoutMs))).finally(stopGc);

      expect(performance.now() - started).toBeLessThan(timeoutMs + margin);
      expect(error.code).toBe(ConnectorErrorCodes.General);
      expect(error.data).toEqual({ message: timeoutMessage, endpoint: url });
      await expect.poll(() => provider.closed).toBe(true);
    },
    failFastMs
  );
});
