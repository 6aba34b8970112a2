/**
 * Every check of the ID-token verifier, each with the sentence an operator reads: the token's
 * shape, the key Hugging Face publishes for it, and each registered claim at its boundary.
 */
import { generateKeyPairSync, KeyObject, sign, type JsonWebKey } from 'node:crypto';

import { ConnectorErrorCodes } from '@logto/connector-kit';
import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { forgetCachedKeySets, verifiedIdTokenOrUndefined, verifyIdToken } from './id-token.js';
import { failureOf, mockNetworkForEachTest } from './testing/fixtures.js';
import { createSigningKey, type SigningKey } from './testing/signing-keys.js';

const issuer = 'https://huggingface.co';
const clientId = 'client-id';
const nonce = 'nonce-0123456789abcdef0123456789abcdef';
const subject = '62f264b9f3c90f4b6514a269';
const jwksUrl = `${issuer}/oauth/jwks`;
const expectations = { issuer, clientId, nonce, jwksUrl, timeoutMs: 2000 };
const kid = 'key-2026';

let privateKey: KeyObject;
let publicJwk: JsonWebKey;

beforeAll(async () => {
  const key: SigningKey = await createSigningKey(kid);
  const { privateKey: signingKey } = key;
  privateKey =
    signingKey instanceof KeyObject ? signingKey : KeyObject.from(signingKey as CryptoKey);
  publicJwk = key.publicJwk;
});

mockNetworkForEachTest();

beforeEach(() => {
  forgetCachedKeySets();
});

afterEach(() => {
  vi.useRealTimers();
});

const segment = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const nowSeconds = () => Math.floor(Date.now() / 1000);

const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: issuer,
  aud: clientId,
  sub: subject,
  nonce,
  iat: nowSeconds(),
  exp: nowSeconds() + 3600,
  ...overrides,
});

/** A compact JWS over any header and payload, signed RS256 with the given key. */
const signed = (
  payload: unknown,
  header: Record<string, unknown> = { alg: 'RS256', kid },
  key: KeyObject = privateKey
) => {
  const signedPart = `${segment(header)}.${segment(payload)}`;

  return `${signedPart}.${sign('sha256', Buffer.from(signedPart), key).toString('base64url')}`;
};

const serveKeys = (...keys: unknown[]) => nock(issuer).get('/oauth/jwks').reply(200, { keys });

const checkFailed = async (idToken: string, check: string) => {
  const error = await failureOf(verifyIdToken(idToken, expectations));

  expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
  expect(error.data).toEqual({
    message: `Hugging Face's ID token failed verification: ${check}. Start the sign-in again; if it keeps failing, check the server clock and the connector's client ID.`,
    check,
  });
};

const malformed = 'it is not a well-formed signed JWT';

describe('the shape of the token', () => {
  beforeEach(() => {
    nock(issuer)
      .get('/oauth/jwks')
      .optionally()
      .reply(200, { keys: [publicJwk] });
  });

  it.each([
    ['four segments', () => `${signed(claims())}.extra`],
    ['an empty header', () => `.${signed(claims()).split('.').slice(1).join('.')}`],
    ['an empty payload', () => `${segment({ alg: 'RS256', kid })}..signature`],
    ['a header that is not JSON', () => `${segment('not json')}.${segment(claims())}.c2ln`],
    [
      'a header that is a JSON array',
      () => signed(claims(), [] as unknown as Record<string, never>),
    ],
    ['a critical header extension', () => signed(claims(), { alg: 'RS256', kid, crit: ['exp'] })],
    ['an unencoded payload (b64 false)', () => signed(claims(), { alg: 'RS256', kid, b64: false })],
    ['a payload that is a JSON array', () => signed([claims()])],
    ['a payload that is not JSON', () => signed('not json')],
    ['a header that is a JSON string', () => `${segment('"RS256"')}.${segment(claims())}.c2ln`],
    ['a header that is JSON null', () => `${segment('null')}.${segment(claims())}.c2ln`],
    ['a payload that is a JSON number', () => signed(42)],
    ['nothing but a header', () => segment({ alg: 'RS256', kid })],
  ])('rejects %s as not a well-formed signed JWT', async (_kind, makeToken) => {
    await checkFailed(makeToken(), malformed);
  });

  it('accepts a b64 header of true, the default', async () => {
    await expect(
      verifyIdToken(signed(claims(), { alg: 'RS256', kid, b64: true }), expectations)
    ).resolves.toBe(subject);
  });

  it('rejects an unsigned token (alg none, empty signature) as not signed with RS256', async () => {
    const [header, payload] = [segment({ alg: 'none', kid }), segment(claims())];

    await checkFailed(`${header}.${payload}.`, 'it is not signed with RS256');
  });

  it.each([
    ['an empty signature', (header: string, payload: string) => `${header}.${payload}.`],
    ['no signature segment at all', (header: string, payload: string) => `${header}.${payload}`],
  ])('rejects a token with the right header and %s', async (_kind, join) => {
    const [header = '', payload = ''] = signed(claims()).split('.');

    await checkFailed(
      join(header, payload),
      'the signature does not match Hugging Face’s signing key'
    );
  });
});

describe('the key Hugging Face publishes for the token', () => {
  const withoutKid = () =>
    Object.fromEntries(Object.entries(publicJwk).filter(([name]) => name !== 'kid'));

  it.each([
    ['another key type (EC)', () => ({ ...generateEcJwk(), kid })],
    ['another algorithm (RS384)', () => ({ ...publicJwk, alg: 'RS384' })],
    ['an encryption key (use enc)', () => ({ ...publicJwk, use: 'enc' })],
    ['a key without verify among its operations', () => ({ ...publicJwk, key_ops: ['encrypt'] })],
    ['another key id', () => ({ ...publicJwk, kid: 'key-2025' })],
  ])('finds no key when the only published key has %s', async (_kind, makeJwk) => {
    serveKeys(makeJwk());

    await checkFailed(
      signed(claims()),
      'it is signed with a key (kid) that Hugging Face does not publish'
    );
  });

  it.each([
    ['no alg, use or key_ops', () => withoutKid()],
    ['alg RS256, use sig and key_ops verify', () => ({ ...publicJwk, key_ops: ['verify'] })],
  ])('accepts the key of a token without kid when it has %s', async (_kind, makeJwk) => {
    serveKeys(makeJwk());

    await expect(verifyIdToken(signed(claims(), { alg: 'RS256' }), expectations)).resolves.toBe(
      subject
    );
  });

  it('refuses to guess between two published keys with the same key id', async () => {
    serveKeys(publicJwk, { ...publicJwk });

    await checkFailed(
      signed(claims()),
      'several of Hugging Face’s published keys match its key id (kid)'
    );
  });

  it('refuses a published key shorter than 2048 bits, even with a valid signature', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    serveKeys({ ...weak.publicKey.export({ format: 'jwk' }), kid });

    await checkFailed(
      signed(claims(), { alg: 'RS256', kid }, weak.privateKey),
      'its signing key is shorter than 2048 bits'
    );
  });

  it('says so when the published key cannot be read', async () => {
    serveKeys({ kty: 'RSA', kid, n: publicJwk.n });

    await checkFailed(
      signed(claims()),
      'Hugging Face publishes its signing key in a form that cannot be read'
    );
  });

  it('reports the same unreadable key on every sign-in', async () => {
    serveKeys({ kty: 'RSA', kid, n: publicJwk.n });
    const check = 'Hugging Face publishes its signing key in a form that cannot be read';

    await checkFailed(signed(claims()), check);
    await checkFailed(signed(claims()), check);
  });
});

const generateEcJwk = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });

describe('the registered claims, each at its boundary', () => {
  beforeEach(() => {
    // A fixed clock on a whole second, so that each boundary is exact.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T05:00:00.000Z'));
    nock(issuer)
      .get('/oauth/jwks')
      .optionally()
      .reply(200, { keys: [publicJwk] });
  });

  const without = (claim: string) => {
    const payload: Record<string, unknown> = claims();
    delete payload[claim];

    return payload;
  };

  it.each([
    ['iss', 'the issuer (iss) is not Hugging Face'],
    ['aud', 'the audience (aud) is not this connector’s client ID'],
    ['iat', 'the issue time (iat) is invalid'],
    ['exp', 'the exp claim is missing or invalid'],
    ['sub', 'the sub claim is missing or invalid'],
  ])('rejects a token without %s', async (claim, check) => {
    await checkFailed(signed(without(claim)), check);
  });

  /** Claims relative to the moment the test runs: seconds added to now. */
  const atNow = (offsets: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(offsets).map(([claim, offset]) => [claim, nowSeconds() + offset])
    );

  it.each([
    ['an exp that is not a number', { exp: 'tomorrow' }, 'the exp claim is missing or invalid'],
    ['an nbf that is not a number', { nbf: 'now' }, 'the token is not valid yet (nbf)'],
    ['an empty sub', { sub: '' }, 'the sub claim is missing or invalid'],
    ['a numeric sub', { sub: 42 }, 'the sub claim is missing or invalid'],
    [
      'an audience list without this client',
      { aud: ['other'] },
      'the audience (aud) is not this connector’s client ID',
    ],
  ])('rejects %s', async (_kind, overrides, check) => {
    await checkFailed(signed(claims(overrides)), check);
  });

  it.each([
    ['an nbf 61 s ahead', { nbf: 61 }, 'the token is not valid yet (nbf)'],
    ['an exp 60 s ago', { exp: -60 }, 'the token has expired (exp)'],
    ['an iat 61 s ahead', { iat: 61 }, 'the issue time (iat) is in the future'],
  ])('rejects %s, beyond the clock tolerance', async (_kind, offsets, check) => {
    await checkFailed(signed(claims(atNow(offsets))), check);
  });

  it.each([
    ['an nbf 60 s ahead', { nbf: 60 }],
    ['an exp 59 s ago', { exp: -59 }],
    ['an iat 60 s ahead', { iat: 60 }],
  ])('accepts %s, within the clock tolerance', async (_kind, offsets) => {
    await expect(verifyIdToken(signed(claims(atNow(offsets))), expectations)).resolves.toBe(
      subject
    );
  });

  it('reports a missing claim before a wrong one, as jose did', async () => {
    const payload: Record<string, unknown> = claims({ iss: 'https://evil.example' });
    delete payload.exp;

    await checkFailed(signed(payload), 'the exp claim is missing or invalid');
  });

  it('reports the first fault in the order issuer, audience, issue time, expiry', async () => {
    await checkFailed(
      signed(claims({ iss: 'https://evil.example', aud: 'other', exp: 0 })),
      'the issuer (iss) is not Hugging Face'
    );
    await checkFailed(
      signed(claims({ aud: 'other', iat: 'x' })),
      'the audience (aud) is not this connector’s client ID'
    );
  });

  it('passes on an error that is not a failed check, such as unreachable keys', async () => {
    nock.cleanAll();
    nock(issuer).get('/oauth/jwks').reply(503, 'down');

    const error = await failureOf(verifyIdToken(signed(claims()), expectations));

    expect(error.code).toBe(ConnectorErrorCodes.General);
  });
});

describe('verifiedIdTokenOrUndefined', () => {
  it('downloads nothing when there is no ID token', async () => {
    const keys = nock(issuer)
      .get('/oauth/jwks')
      .reply(200, { keys: [publicJwk] });

    await expect(verifiedIdTokenOrUndefined(undefined, expectations)).resolves.toBeUndefined();
    expect(keys.isDone()).toBe(false);
  });

  it('returns undefined for an empty ID token', async () => {
    await expect(verifiedIdTokenOrUndefined('', expectations)).resolves.toBeUndefined();
  });
});

describe('the key set cache', () => {
  it('lets a sign-in that arrives during the download wait for it instead of downloading again', async () => {
    const keys = nock(issuer)
      .get('/oauth/jwks')
      .delay(50)
      .reply(200, { keys: [publicJwk] });
    const first = verifyIdToken(signed(claims()), expectations);
    await new Promise((resolve) => setTimeout(resolve, 10));

    const second = verifyIdToken(signed(claims()), expectations);

    await expect(Promise.all([first, second])).resolves.toEqual([subject, subject]);
    expect(keys.isDone()).toBe(true);
  });

  it('forgets a download that finishes after the cache was cleared', async () => {
    nock(issuer)
      .get('/oauth/jwks')
      .delay(50)
      .reply(200, { keys: [publicJwk] });
    const pending = verifyIdToken(signed(claims()), expectations);
    await new Promise((resolve) => setTimeout(resolve, 10));
    forgetCachedKeySets();
    await pending;

    const again = nock(issuer)
      .get('/oauth/jwks')
      .reply(200, { keys: [publicJwk] });
    await expect(verifyIdToken(signed(claims()), expectations)).resolves.toBe(subject);
    expect(again.isDone()).toBe(true);
  });
});
