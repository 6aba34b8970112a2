/**
 * The built lib/index.js against a provider on 127.0.0.1 that drips or floods its answers. The
 * bundler once dropped every deadline check from lib/ while the tests of src/ passed: only a test
 * of the built file notices that.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ConnectorErrorCodes } from '@logto/connector-kit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type * as connectorPackage from '../src/index.js';
import { failureOf } from '../src/testing/fixtures.js';
import { createConnectorSessionStore } from '../tooling/logto-session.js';

type Library = typeof connectorPackage;

const builtLibrary = new URL('../lib/index.js', import.meta.url);
const timeoutMs = 600;
const redirectUri = 'http://127.0.0.1/callback';

let library: Library;
let server: Server | undefined;
let dripTimer: NodeJS.Timeout | undefined;

beforeAll(async () => {
  if (!existsSync(builtLibrary)) {
    throw new Error('lib/index.js is missing: run npm run build (npm test does it first)');
  }

  library = (await import(builtLibrary.href)) as Library;
});

afterEach(async () => {
  clearInterval(dripTimer);
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

type Handler = (response: ServerResponse) => void;

const tokenAnswer = JSON.stringify({ access_token: 'hf_oauth_access', token_type: 'bearer' });

/** A provider whose token and userinfo endpoints answer as the handlers say. */
const serveProvider = async (handlers: { token?: Handler; userInfo?: Handler }) => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    const handler = request.url?.startsWith('/oauth/token') ? handlers.token : handlers.userInfo;

    if (handler) {
      handler(response);
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end(tokenAnswer);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** One byte every 100 ms, forever: headers arrive at once, the body never ends. */
const drip: Handler = (response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{');
  dripTimer = setInterval(() => response.write(' '), 100);
};

/** 1 MB and one byte more, chunked, without a content-length announcing it. */
const flood: Handler = (response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(Buffer.alloc(1024 * 1024 + 1, ' '));
};

/** Runs a whole sign-in through the built connector, as Logto drives it. */
const signInAgainst = async (issuer: string) => {
  const createConnector = library.createHuggingFaceConnector({ issuer, timeoutMs });
  const connector = await createConnector({
    getConfig: () =>
      Promise.resolve({ clientId: 'hf-client-id', clientSecret: 'hf-client-secret' }),
  });
  const store = createConnectorSessionStore();
  const url = new URL(
    await connector.getAuthorizationUri(
      {
        state: 'state-1',
        redirectUri,
        connectorId: 'id',
        connectorFactoryId: 'factory',
        jti: 'jti',
        headers: {},
      },
      store.setSession
    )
  );

  return connector.getUserInfo(
    { code: 'code-1', state: url.searchParams.get('state'), redirectUri },
    store.getSession
  );
};

describe('the built connector (lib/) against a hostile provider', () => {
  it('gives up on a token answer that drips one byte every 100 ms, with the timeout error', async () => {
    const issuer = await serveProvider({ token: drip });

    const error = await failureOf(signInAgainst(issuer));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        'Hugging Face did not answer the token request within 0.6 s. Hugging Face may be slow or unavailable; try signing in again in a moment.',
      endpoint: `${issuer}/oauth/token`,
    });
  });

  it('gives up on a profile that drips one byte every 100 ms, with the timeout error', async () => {
    const issuer = await serveProvider({ userInfo: drip });

    const error = await failureOf(signInAgainst(issuer));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        'Hugging Face did not answer the user profile request within 0.6 s. Hugging Face may be slow or unavailable; try signing in again in a moment.',
      endpoint: `${issuer}/oauth/userinfo`,
    });
  });

  it('stops reading a profile larger than 1 MB, with the oversized error', async () => {
    const issuer = await serveProvider({ userInfo: flood });

    const error = await failureOf(signInAgainst(issuer));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message:
        'Hugging Face sent an oversized answer to the user profile request: more than 1 MB, the most this connector reads. This is unexpected; try again, and report it if it persists.',
      endpoint: `${issuer}/oauth/userinfo`,
      maxBytes: 1024 * 1024,
    });
  });
});
