import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { ConnectorErrorCodes } from '@logto/connector-kit';
import { CompactSign } from 'jose';
import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  assertSameSubject,
  forgetCachedKeySets,
  verifiedIdTokenOrUndefined,
  verifyIdToken,
} from './id-token.js';
import { failureOf, mockNetworkForEachTest, thrownBy } from './testing/fixtures.js';
import { createSigningKey, jwksOf, signIdToken, type SigningKey } from './testing/signing-keys.js';

const issuer = 'https://huggingface.co';
const clientId = 'client-id';
const nonce = 'nonce-0123456789abcdef0123456789abcdef';
const subject = '62f264b9f3c90f4b6514a269';
const expectations = { issuer, clientId, nonce, jwksUrl: `${issuer}/oauth/jwks`, timeoutMs: 2000 };

let currentKey: SigningKey;
let otherKey: SigningKey;

const validClaims = () => ({ iss: issuer, aud: clientId, sub: subject, nonce });

const serveJwks = (...keys: SigningKey[]) =>
  nock(issuer)
    .get('/oauth/jwks')
    .reply(200, jwksOf(...keys));

beforeAll(async () => {
  currentKey = await createSigningKey('key-2026');
  otherKey = await createSigningKey('key-other');
});

mockNetworkForEachTest();

beforeEach(() => {
  forgetCachedKeySets();
});

afterEach(() => {
  vi.useRealTimers();
});

const moveClockForward = (milliseconds: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + milliseconds);
};

describe('verifyIdToken', () => {
  it('accepts a token signed by Hugging Face’s published key and returns its subject', async () => {
    serveJwks(currentKey);
    const idToken = await signIdToken(currentKey, validClaims());

    await expect(verifyIdToken(idToken, expectations)).resolves.toMatchObject({ sub: subject });
  });

  it.each([
    ['no token at all', () => Promise.resolve(undefined), 'no ID token'],
    [
      'a token that is not a JWT',
      () => Promise.resolve('not-a-jwt'),
      'not a well-formed signed JWT',
    ],
    [
      'a token from another issuer',
      async () => signIdToken(currentKey, { ...validClaims(), iss: 'https://evil.example' }),
      'issuer (iss)',
    ],
    [
      'a token for another client',
      async () => signIdToken(currentKey, { ...validClaims(), aud: 'someone-else' }),
      'audience (aud)',
    ],
    [
      'an expired token (beyond the 60 s clock tolerance)',
      async () =>
        signIdToken(currentKey, validClaims(), {
          issuedAtSeconds: Math.floor(Date.now() / 1000) - 7200,
          expiresInSeconds: 3600,
        }),
      'expired (exp)',
    ],
    [
      'a token with another nonce',
      async () => signIdToken(currentKey, { ...validClaims(), nonce: 'replayed-nonce' }),
      'nonce does not match',
    ],
    [
      'a token without a subject',
      async () => signIdToken(currentKey, { iss: issuer, aud: clientId, nonce }),
      'the sub claim is missing or invalid',
    ],
    [
      'a token without a nonce',
      async () => signIdToken(currentKey, { iss: issuer, aud: clientId, sub: subject }),
      'nonce does not match',
    ],
  ])('rejects %s with social_invalid_id_token naming the check', async (_, makeToken, check) => {
    nock(issuer).get('/oauth/jwks').optionally().reply(200, jwksOf(currentKey));

    const error = await failureOf(verifyIdToken(await makeToken(), expectations));

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(error.message).toContain(check);
  });

  it('accepts a key set whose only key carries no key id', async () => {
    const withoutKid = { ...currentKey.publicJwk, kid: undefined };
    nock(issuer)
      .get('/oauth/jwks')
      .reply(200, { keys: [withoutKid] });
    const idToken = await signIdToken({ ...currentKey, kid: undefined }, validClaims());

    await expect(verifyIdToken(idToken, expectations)).resolves.toMatchObject({ sub: subject });
  });

  it('tolerates a token that expired less than a minute ago (clock skew)', async () => {
    serveJwks(currentKey);
    const idToken = await signIdToken(currentKey, validClaims(), {
      issuedAtSeconds: Math.floor(Date.now() / 1000) - 3630,
      expiresInSeconds: 3600,
    });

    await expect(verifyIdToken(idToken, expectations)).resolves.toMatchObject({ sub: subject });
  });

  it('rejects a token signed with a key Hugging Face does not publish', async () => {
    serveJwks(currentKey);
    const forged = await signIdToken({ ...otherKey, kid: currentKey.kid }, validClaims());

    const error = await failureOf(verifyIdToken(forged, expectations));

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(error.message).toContain('signature does not match');
  });

  it('rejects a token whose key id Hugging Face does not publish', async () => {
    serveJwks(currentKey);
    const unknownKid = await signIdToken(otherKey, validClaims());

    const error = await failureOf(verifyIdToken(unknownKid, expectations));

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(error.message).toContain('does not publish');
  });

  it('rejects a token that is not signed with RS256', async () => {
    serveJwks(currentKey);
    const [header, payload] = (await signIdToken(currentKey, validClaims())).split('.');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', kid: currentKey.kid })).toString(
      'base64url'
    );

    const error = await failureOf(verifyIdToken(`${noneHeader}.${payload}.`, expectations));

    expect(header).toBeDefined();
    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
  });

  it('downloads the key set once for many sign-ins, concurrent ones included', async () => {
    const jwks = serveJwks(currentKey);
    const tokens = await Promise.all(
      Array.from({ length: 20 }, async () => signIdToken(currentKey, validClaims()))
    );

    await Promise.all(tokens.map(async (token) => verifyIdToken(token, expectations)));
    await verifyIdToken(tokens[0], expectations);

    expect(jwks.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('follows a key rotation: an unknown key id triggers one new download', async () => {
    serveJwks(currentKey);
    await verifyIdToken(await signIdToken(currentKey, validClaims()), expectations);
    moveClockForward(61_000);

    const rotated = await createSigningKey('key-2027');
    const refetch = serveJwks(currentKey, rotated);

    await expect(
      verifyIdToken(await signIdToken(rotated, validClaims()), expectations)
    ).resolves.toMatchObject({ sub: subject });
    await expect(
      verifyIdToken(await signIdToken(currentKey, validClaims()), expectations)
    ).resolves.toMatchObject({ sub: subject });
    expect(refetch.isDone()).toBe(true);
  });

  it('does not download the key set again within a minute of the last download', async () => {
    serveJwks(currentKey);
    await verifyIdToken(await signIdToken(currentKey, validClaims()), expectations);
    const rotated = await createSigningKey('key-2027');
    await verifyIdToken(await signIdToken(rotated, validClaims()), expectations).catch(
      () => undefined
    );

    const second = nock(issuer).get('/oauth/jwks').reply(200, jwksOf(currentKey, rotated));
    const error = await failureOf(
      verifyIdToken(await signIdToken(rotated, validClaims()), expectations)
    );

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(second.isDone()).toBe(false);
  });

  it('reports an unreachable key set as general and retries on the next sign-in', async () => {
    nock(issuer).get('/oauth/jwks').reply(503, '<html>Service Unavailable</html>');
    const idToken = await signIdToken(currentKey, validClaims());

    const error = await failureOf(verifyIdToken(idToken, expectations));
    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({ status: 503 });

    serveJwks(currentKey);
    await expect(verifyIdToken(idToken, expectations)).resolves.toMatchObject({ sub: subject });
  });

  it('reports a key set that is not JSON as general', async () => {
    nock(issuer).get('/oauth/jwks').reply(200, 'not json');

    const error = await failureOf(
      verifyIdToken(await signIdToken(currentKey, validClaims()), expectations)
    );

    expect(error.code).toBe(ConnectorErrorCodes.General);
  });
});

describe('verifyIdToken reuses the cached signing keys', () => {
  it('downloads nothing for a token whose key id it already knows, however old the cache is', async () => {
    serveJwks(currentKey);
    await verifyIdToken(await signIdToken(currentKey, validClaims()), expectations);
    moveClockForward(10 * 60_000);
    const refetch = nock(issuer).get('/oauth/jwks').reply(200, jwksOf(currentKey));

    await expect(
      verifyIdToken(await signIdToken(currentKey, validClaims()), expectations)
    ).resolves.toMatchObject({ sub: subject });
    expect(refetch.isDone()).toBe(false);
  });

  it('signs a user in while the key endpoint is down, with the key it already has', async () => {
    serveJwks(currentKey);
    await verifyIdToken(await signIdToken(currentKey, validClaims()), expectations);
    moveClockForward(10 * 60_000);
    nock(issuer).get('/oauth/jwks').reply(503, '<html>Service Unavailable</html>');

    await expect(
      verifyIdToken(await signIdToken(currentKey, validClaims()), expectations)
    ).resolves.toMatchObject({ sub: subject });
  });
});

describe('verifyIdToken: the check an operator reads', () => {
  const message = (check: string) =>
    `Hugging Face's ID token failed verification: ${check}. Start the sign-in again; if it keeps failing, check the server clock and the connector's client ID.`;

  /** Signs any payload as it is, even claims SignJWT would refuse to set. */
  const signPayload = async (payload: object) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'RS256', kid: currentKey.kid })
      .sign(currentKey.privateKey);

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it.each([
    [
      'no token at all',
      () => Promise.resolve(undefined),
      'Hugging Face sent no ID token although the openid scope was requested',
    ],
    [
      'a token that is not a JWT',
      () => Promise.resolve('not-a-jwt'),
      'it is not a well-formed signed JWT',
    ],
    [
      'a token from another issuer',
      async () => signIdToken(currentKey, { ...validClaims(), iss: 'https://evil.example' }),
      'the issuer (iss) is not Hugging Face',
    ],
    [
      'a token for another client',
      async () => signIdToken(currentKey, { ...validClaims(), aud: 'someone-else' }),
      'the audience (aud) is not this connector’s client ID',
    ],
    [
      'an expired token',
      async () =>
        signIdToken(currentKey, validClaims(), {
          issuedAtSeconds: nowSeconds() - 7200,
          expiresInSeconds: 3600,
        }),
      'the token has expired (exp)',
    ],
    [
      'a token with an issue time that is not a number',
      async () => signPayload({ ...validClaims(), iat: 'yesterday', exp: nowSeconds() + 3600 }),
      'the issue time (iat) is invalid',
    ],
    [
      'a token that is not valid for another hour',
      async () =>
        signPayload({
          ...validClaims(),
          iat: nowSeconds(),
          nbf: nowSeconds() + 3600,
          exp: nowSeconds() + 7200,
        }),
      'the token is not valid yet (nbf)',
    ],
    [
      'a token without a subject',
      async () => signIdToken(currentKey, { iss: issuer, aud: clientId, nonce }),
      'the sub claim is missing or invalid',
    ],
    [
      'a token signed with HS256 (a shared secret, not Hugging Face’s key)',
      async () => {
        const payload = (await signIdToken(currentKey, validClaims())).split('.')[1];
        const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: currentKey.kid }));

        return `${header.toString('base64url')}.${payload}.${Buffer.from('mac').toString('base64url')}`;
      },
      'it is not signed with RS256',
    ],
    [
      'a token whose key id Hugging Face does not publish',
      async () => signIdToken(otherKey, validClaims()),
      'it is signed with a key (kid) that Hugging Face does not publish',
    ],
    [
      'a token signed by another key under Hugging Face’s key id',
      async () => signIdToken({ ...otherKey, kid: currentKey.kid }, validClaims()),
      'the signature does not match Hugging Face’s signing key',
    ],
    [
      'a token with an empty subject',
      async () =>
        signPayload({ ...validClaims(), sub: '', iat: nowSeconds(), exp: nowSeconds() + 3600 }),
      'the sub claim is missing or invalid',
    ],
    [
      'a token whose subject is a number',
      async () =>
        signPayload({ ...validClaims(), sub: 42, iat: nowSeconds(), exp: nowSeconds() + 3600 }),
      'the sub claim is missing or invalid',
    ],
    [
      'a token without an expiry',
      async () => signPayload({ ...validClaims(), iat: nowSeconds() }),
      'the exp claim is missing or invalid',
    ],
    [
      'a token without an issue time',
      async () => signPayload({ ...validClaims(), exp: nowSeconds() + 3600 }),
      'the issue time (iat) is invalid',
    ],
    [
      'a token with another nonce',
      async () => signIdToken(currentKey, { ...validClaims(), nonce: 'replayed-nonce' }),
      'the nonce does not match the one sent for this sign-in',
    ],
  ])(
    'rejects %s with social_invalid_id_token, the sentence and its check',
    async (_, makeToken, check) => {
      nock(issuer).get('/oauth/jwks').optionally().reply(200, jwksOf(currentKey));

      const error = await failureOf(verifyIdToken(await makeToken(), expectations));

      expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
      expect(error.data).toEqual({ message: message(check), check });
    }
  );

  it('rejects a profile of another user with the sentence and its check', () => {
    const check = 'the ID token’s sub differs from the user profile’s sub';

    const error = thrownBy(() => assertSameSubject(subject, '000000000000000000000000'));

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(error.data).toEqual({ message: message(check), check });
  });
});

describe('signing keys (JWKS): answers that are not a key set', () => {
  const keysUnavailable = (status: number) => ({
    message: `Could not load Hugging Face's signing keys (HTTP ${status}) to check the ID token. Try again in a moment, or remove openid from the scope to sign in without an ID token.`,
    status,
    endpoint: `${issuer}/oauth/jwks`,
  });

  it.each([
    ['the JSON null', 200, 'null'],
    ['a body that is not JSON', 200, 'not json'],
    ['a JSON array', 200, '[]'],
    ['an object without keys', 200, '{}'],
    ['keys that are not a list', 200, '{"keys":{}}'],
  ])('reports %s as the clear general error', async (_kind, status, body) => {
    nock(issuer).get('/oauth/jwks').reply(status, body);

    const error = await failureOf(
      verifyIdToken(await signIdToken(currentKey, validClaims()), expectations)
    );

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual(keysUnavailable(status));
  });

  it.each([201, 299, 300, 500])(
    'rejects a key set answered with HTTP %i and does not cache it',
    async (status) => {
      nock(issuer).get('/oauth/jwks').reply(status, jwksOf(currentKey));
      const idToken = await signIdToken(currentKey, validClaims());

      const error = await failureOf(verifyIdToken(idToken, expectations));

      expect(error.code).toBe(ConnectorErrorCodes.General);
      expect(error.data).toEqual(keysUnavailable(status));

      const retry = serveJwks(currentKey);
      await expect(verifyIdToken(idToken, expectations)).resolves.toMatchObject({ sub: subject });
      expect(retry.isDone()).toBe(true);
    }
  );
});

describe('assertSameSubject', () => {
  it('passes when the ID token and the profile name the same user', () => {
    expect(() => assertSameSubject(subject, subject)).not.toThrow();
  });

  it('rejects a profile of another user with social_invalid_id_token', () => {
    expect(() => assertSameSubject(subject, '000000000000000000000000')).toThrow(
      expect.objectContaining({ code: ConnectorErrorCodes.SocialIdTokenInvalid })
    );
  });
});

describe('verifyIdToken: audience, authorized party and issue time (OIDC Core 3.1.3.7)', () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it.each([
    ['a single audience in an array', { aud: [clientId] }],
    ['an authorized party equal to the client id', { aud: [clientId], azp: clientId }],
  ])('accepts %s', async (_kind, claims) => {
    serveJwks(currentKey);
    const idToken = await signIdToken(currentKey, { ...validClaims(), ...claims });

    await expect(verifyIdToken(idToken, expectations)).resolves.toMatchObject({ sub: subject });
  });

  it('accepts a token issued exactly a minute in the future, not a second more', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.floor(Date.now() / 1000) * 1000);
    serveJwks(currentKey);
    const atTheLimit = await signIdToken(currentKey, validClaims(), {
      issuedAtSeconds: nowSeconds() + 60,
    });
    const beyond = await signIdToken(currentKey, validClaims(), {
      issuedAtSeconds: nowSeconds() + 61,
    });

    await expect(verifyIdToken(atTheLimit, expectations)).resolves.toMatchObject({ sub: subject });
    await expect(failureOf(verifyIdToken(beyond, expectations))).resolves.toMatchObject({
      data: { check: 'the issue time (iat) is in the future' },
    });
  });

  it('accepts a token issued less than a minute in the future (clock skew)', async () => {
    serveJwks(currentKey);
    const idToken = await signIdToken(currentKey, validClaims(), {
      issuedAtSeconds: nowSeconds() + 50,
    });

    await expect(verifyIdToken(idToken, expectations)).resolves.toMatchObject({ sub: subject });
  });

  it.each([
    [
      'an audience array naming another client with no azp',
      { aud: [clientId, 'other-client'] },
      {},
      'the audience (aud) names other clients besides this connector',
    ],
    [
      'an audience array naming another client, even with azp equal to the client id',
      { aud: [clientId, 'other-client'], azp: clientId },
      {},
      'the audience (aud) names other clients besides this connector',
    ],
    [
      'an authorized party (azp) naming another client',
      { azp: 'other-client' },
      {},
      'the authorized party (azp) is not this connector’s client ID',
    ],
    [
      'an issue time a year in the future',
      {},
      { issuedAtSeconds: Math.floor(Date.now() / 1000) + 365 * 24 * 3600 },
      'the issue time (iat) is in the future',
    ],
  ])('rejects %s', async (_kind, claims, lifetime, check) => {
    serveJwks(currentKey);
    const idToken = await signIdToken(currentKey, { ...validClaims(), ...claims }, lifetime);

    const error = await failureOf(verifyIdToken(idToken, expectations));

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(error.data).toEqual({
      message: `Hugging Face's ID token failed verification: ${check}. Start the sign-in again; if it keeps failing, check the server clock and the connector's client ID.`,
      check,
    });
  });

  it('checks no nonce when none is expected (a refreshed ID token)', async () => {
    serveJwks(currentKey);
    const idToken = await signIdToken(currentKey, { iss: issuer, aud: clientId, sub: subject });

    await expect(
      verifyIdToken(idToken, { ...expectations, nonce: undefined })
    ).resolves.toMatchObject({ sub: subject });
  });
});

describe('verifiedIdTokenOrUndefined', () => {
  it('returns the token when it passes every check', async () => {
    serveJwks(currentKey);
    const idToken = await signIdToken(currentKey, validClaims());

    await expect(verifiedIdTokenOrUndefined(idToken, expectations)).resolves.toBe(idToken);
  });

  it('returns undefined for a token that fails a check, and for no token', async () => {
    serveJwks(currentKey);
    const forged = await signIdToken({ ...otherKey, kid: currentKey.kid }, validClaims());

    await expect(verifiedIdTokenOrUndefined(forged, expectations)).resolves.toBeUndefined();
    await expect(verifiedIdTokenOrUndefined(undefined, expectations)).resolves.toBeUndefined();
  });
});

describe('signing keys (JWKS) download', () => {
  it.each([
    ['null', null],
    ['keys that are not objects', { keys: [null, 1] }],
  ])('reports a key set of %s as the clear general error', async (_kind, body) => {
    nock(issuer)
      .get('/oauth/jwks')
      .reply(200, body as object);
    const idToken = await signIdToken(currentKey, validClaims());

    const error = await failureOf(verifyIdToken(idToken, expectations));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        "Could not load Hugging Face's signing keys (HTTP 200) to check the ID token. Try again in a moment, or remove openid from the scope to sign in without an ID token.",
      status: 200,
      endpoint: `${issuer}/oauth/jwks`,
    });
  });

  it('reads the key set through the bounded reader: an oversized one is invalid_response', async () => {
    nock(issuer)
      .get('/oauth/jwks')
      .reply(200, 'x', { 'content-length': String(2 * 1024 * 1024) });
    const idToken = await signIdToken(currentKey, validClaims());

    const error = await failureOf(verifyIdToken(idToken, expectations));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toMatchObject({
      message:
        'Hugging Face sent an oversized answer to the signing keys (JWKS) request: more than 1 MB, the most this connector reads. This is unexpected; try again, and report it if it persists.',
    });
  });
});

describe('signing keys (JWKS): the download', () => {
  it('asks for JSON', async () => {
    const keys = nock(issuer, { reqheaders: { accept: 'application/json' } })
      .get('/oauth/jwks')
      .reply(200, jwksOf(currentKey));

    await expect(
      verifyIdToken(await signIdToken(currentKey, validClaims()), expectations)
    ).resolves.toMatchObject({ sub: subject });
    expect(keys.isDone()).toBe(true);
  });

  it('rejects a key set with one entry that is not an object, instead of failing on it later', async () => {
    nock(issuer)
      .get('/oauth/jwks')
      .reply(200, { keys: [currentKey.publicJwk, null] });

    const error = await failureOf(
      verifyIdToken(await signIdToken(currentKey, validClaims()), expectations)
    );

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({ status: 200, endpoint: `${issuer}/oauth/jwks` });
  });

  it('downloads again for an unknown key id exactly one minute after the last download', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    serveJwks(currentKey);
    await verifyIdToken(await signIdToken(currentKey, validClaims()), expectations);
    vi.setSystemTime(Date.now() + 60_000);
    const rotated = await createSigningKey('key-2027');
    const refetch = serveJwks(currentKey, rotated);

    await expect(
      verifyIdToken(await signIdToken(rotated, validClaims()), expectations)
    ).resolves.toMatchObject({ sub: subject });
    expect(refetch.isDone()).toBe(true);
  });

  it('accepts a refreshed ID token that carries a nonce when none is expected', async () => {
    serveJwks(currentKey);
    const idToken = await signIdToken(currentKey, { ...validClaims(), nonce: 'from-sign-in' });

    await expect(
      verifyIdToken(idToken, { ...expectations, nonce: undefined })
    ).resolves.toMatchObject({ sub: subject });
  });
});

describe('signing keys (JWKS): keys that cannot verify RS256', () => {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  /** Signed with node:crypto: jose itself refuses to sign RS256 with a key under 2048 bits. */
  const signWith = (privateKey: KeyObject, kid: string) => {
    const signed = `${part({ alg: 'RS256', kid })}.${part({ ...validClaims(), iat: now, exp: now + 3600 })}`;

    return `${signed}.${sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;
  };

  it.each([
    ['a 1024-bit key', 1024, {}, 'its signing key is shorter than 2048 bits'],
    [
      'a key without its modulus',
      2048,
      { n: undefined },
      'Hugging Face publishes its signing key in a form that cannot be read',
    ],
  ])(
    'rejects a token verified by %s, naming the key',
    async (_kind, modulusLength, change, check) => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
      const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'weak', ...change };
      nock(issuer)
        .get('/oauth/jwks')
        .reply(200, { keys: [jwk] });

      const error = await failureOf(verifyIdToken(signWith(privateKey, 'weak'), expectations));

      expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
      expect(error.data).toMatchObject({ check });
    }
  );
});
