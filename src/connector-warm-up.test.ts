import type { SocialConnector } from '@logto/connector-kit';
import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { createHuggingFaceConnector } from './connector.js';
import { forgetCachedKeySets, prepareKeySet, verifyIdToken } from './id-token.js';
import {
  authorizationRequest,
  createSessionStore,
  mockNetworkForEachTest,
} from './testing/fixtures.js';
import { createSigningKey, jwksOf, signIdToken, type SigningKey } from './testing/signing-keys.js';

const issuer = 'https://huggingface.co';
const clientId = 'hf-client-id';
const discovery = '/.well-known/openid-configuration';

let oldKey: SigningKey;
let newKey: SigningKey;

beforeAll(async () => {
  [oldKey, newKey] = await Promise.all([createSigningKey('old'), createSigningKey('new')]);
});

mockNetworkForEachTest();

beforeEach(() => {
  forgetCachedKeySets();
});

afterEach(() => {
  vi.useRealTimers();
});

const connectorWith = async (scope: string, timeoutMs = 10_000) =>
  createHuggingFaceConnector({ timeoutMs })({
    getConfig: () => Promise.resolve({ clientId, clientSecret: 'hf-client-secret', scope }),
  });

const authorize = async (connector: SocialConnector) =>
  connector.getAuthorizationUri(authorizationRequest(), createSessionStore().setSession);

/** Lets a request the warm-up may still send reach nock. */
const settled = async () => new Promise((resolve) => setTimeout(resolve, 100));

/** Counts the requests that reach each path of Hugging Face while the test runs. */
const countRequests = (keys = [oldKey]) => {
  const counts: Record<string, number> = {};
  const count = (path: string) => {
    counts[path] = (counts[path] ?? 0) + 1;
  };
  nock(issuer)
    .persist()
    .get(discovery)
    .reply(() => (count(`GET ${discovery}`), [200]))
    .get('/oauth/jwks')
    .reply(() => (count('GET /oauth/jwks'), [200, jwksOf(...keys)]));

  return counts;
};

describe('the warm-up while the user consents', () => {
  it('sends one GET of the discovery document for a sign-in without openid', async () => {
    const counts = countRequests();

    await authorize(await connectorWith('profile email'));

    await vi.waitFor(() => {
      expect(counts).toEqual({ [`GET ${discovery}`]: 1 });
    });
  });

  it('downloads the signing keys instead when openid is requested and none are cached', async () => {
    const counts = countRequests();
    const connector = await connectorWith('openid profile');

    await authorize(connector);
    await vi.waitFor(() => {
      expect(counts).toEqual({ 'GET /oauth/jwks': 1 });
    });
    // Joins the download if it is still being read; requests nothing.
    await prepareKeySet(`${issuer}/oauth/jwks`, 10_000);
    await settled();
    expect(counts).toEqual({ 'GET /oauth/jwks': 1 });

    await authorize(connector);
    await vi.waitFor(() => {
      expect(counts).toEqual({ 'GET /oauth/jwks': 1, [`GET ${discovery}`]: 1 });
    });
    await settled();
    expect(counts).toEqual({ 'GET /oauth/jwks': 1, [`GET ${discovery}`]: 1 });
  });

  it('downloads the keys once for a burst of 100 sign-ins at a cold start', async () => {
    const counts = countRequests();
    const connector = await connectorWith('openid profile');

    await Promise.all(Array.from({ length: 100 }, async () => authorize(connector)));
    await vi.waitFor(() => {
      expect(counts['GET /oauth/jwks']).toBe(1);
    });
  });

  it('never delays the authorization URL, and fails silently at the deadline when Hugging Face hangs', async () => {
    nock(issuer).get(discovery).delay(2000).reply(200);
    const started = performance.now();

    const url = await authorize(await connectorWith('profile', 200));

    expect(performance.now() - started).toBeLessThan(100);
    expect(new URL(url).pathname).toBe('/oauth/authorize');
    // Vitest fails the run on an unhandled rejection: the deadline's error must be swallowed.
    await new Promise((resolve) => setTimeout(resolve, 400));
  });
});

describe('signing keys under a burst', () => {
  it('download once for 100 concurrent sign-ins whose token names an unknown key', async () => {
    const counts = countRequests();
    const expectations = {
      issuer,
      clientId,
      nonce: undefined,
      jwksUrl: `${issuer}/oauth/jwks`,
      timeoutMs: 10_000,
    };
    const oldToken = await signIdToken(oldKey, { iss: issuer, aud: clientId, sub: 'user' });
    await verifyIdToken(oldToken, expectations);
    // A minute later Hugging Face has rotated its key.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    nock.cleanAll();
    const rotated = countRequests([oldKey, newKey]);
    const newToken = await signIdToken(newKey, { iss: issuer, aud: clientId, sub: 'user' });

    const results = await Promise.all(
      Array.from({ length: 100 }, async () => verifyIdToken(newToken, expectations))
    );

    expect(counts).toEqual({ 'GET /oauth/jwks': 1 });
    expect(rotated).toEqual({ 'GET /oauth/jwks': 1 });
    expect(results.every(({ sub }) => sub === 'user')).toBe(true);
  });
});
