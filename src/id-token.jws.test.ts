/**
 * The parts of ID-token verification done with node:crypto: the compact JWS, its header, which
 * published key may verify it, and the registered claims. Tokens are signed by hand here, so that
 * headers and claims can be what no JWT library would produce.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { ConnectorErrorCodes } from '@logto/connector-kit';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';

import { forgetCachedKeySets, verifyIdToken } from './id-token.js';
import { failureOf, mockNetworkForEachTest } from './testing/fixtures.js';

const issuer = 'https://huggingface.co';
const clientId = 'client-id';
const nonce = 'nonce-0123456789abcdef0123456789abcdef';
const subject = '62f264b9f3c90f4b6514a269';
const expectations = { issuer, clientId, nonce, jwksUrl: `${issuer}/oauth/jwks`, timeoutMs: 2000 };
const kid = 'key-2026';

const rsaKey = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength });
const { privateKey, publicKey } = rsaKey(2048);
const publishedKey = (key: KeyObject = publicKey) => ({
  ...key.export({ format: 'jwk' }),
  kid,
  alg: 'RS256',
  use: 'sig',
});

const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const validClaims = () => ({
  iss: issuer,
  aud: clientId,
  sub: subject,
  nonce,
  iat: nowSeconds(),
  exp: nowSeconds() + 3600,
});

const signedToken = (
  header: Record<string, unknown>,
  payload: unknown,
  key: KeyObject = privateKey
) => {
  const signedPart = `${base64Url(header)}.${base64Url(payload)}`;

  return `${signedPart}.${sign('sha256', Buffer.from(signedPart), key).toString('base64url')}`;
};

const serveKeys = (...keys: object[]) => nock(issuer).get('/oauth/jwks').reply(200, { keys });

const checkOf = async (idToken: string) => {
  const error = await failureOf(verifyIdToken(idToken, expectations));
  expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);

  return (error.data as { check: string }).check;
};

mockNetworkForEachTest();

beforeEach(() => {
  forgetCachedKeySets();
});

describe('verifyIdToken: the compact JWS and its header', () => {
  it('accepts a hand-signed token and returns its subject', async () => {
    serveKeys(publishedKey());

    await expect(
      verifyIdToken(signedToken({ alg: 'RS256', kid }, validClaims()), expectations)
    ).resolves.toBe(subject);
  });

  it.each([
    ['four parts', `${signedToken({ alg: 'RS256', kid }, {})}.extra`],
    ['an empty header', `.${base64Url({})}.c2lnbmF0dXJl`],
    ['a header that is not JSON', `bm90IGpzb24.${base64Url({})}.c2lnbmF0dXJl`],
    ['a header that is a JSON array', `${base64Url(['RS256'])}.${base64Url({})}.c2lnbmF0dXJl`],
    ['a critical header extension', signedToken({ alg: 'RS256', kid, crit: ['exp'] }, {})],
    ['an unencoded payload (b64: false)', signedToken({ alg: 'RS256', kid, b64: false }, {})],
  ])('rejects %s as not a well-formed signed JWT, without downloading keys', async (_, token) => {
    await expect(checkOf(token)).resolves.toBe('it is not a well-formed signed JWT');
  });

  it('rejects an HS256 token without trying the published RSA key as an HMAC secret', async () => {
    await expect(checkOf(signedToken({ alg: 'HS256', kid }, validClaims()))).resolves.toBe(
      'it is not signed with RS256'
    );
  });

  it('never follows a key the token points to (jwk, jku, x5u): only the published keys count', async () => {
    const attacker = rsaKey(2048);
    serveKeys(publishedKey());
    const token = signedToken(
      {
        alg: 'RS256',
        kid,
        jwk: attacker.publicKey.export({ format: 'jwk' }),
        jku: 'https://evil.example/jwks',
        x5u: 'https://evil.example/cert.pem',
      },
      validClaims(),
      attacker.privateKey
    );

    await expect(checkOf(token)).resolves.toBe(
      'the signature does not match Hugging Face’s signing key'
    );
  });

  it('rejects a payload that is not a JSON object, even correctly signed', async () => {
    serveKeys(publishedKey());

    await expect(checkOf(signedToken({ alg: 'RS256', kid }, ['not', 'claims']))).resolves.toBe(
      'it is not a well-formed signed JWT'
    );
  });
});

describe('verifyIdToken: which published key verifies', () => {
  it.each([
    ['a key for encryption (use: enc)', { ...publishedKey(), use: 'enc' }],
    ['a key for another algorithm (alg: RS512)', { ...publishedKey(), alg: 'RS512' }],
    ['a key whose operations exclude verify', { ...publishedKey(), key_ops: ['encrypt'] }],
    ['a key of another type (EC)', { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid }],
  ])('does not verify with %s', async (_, key) => {
    serveKeys(key);

    await expect(checkOf(signedToken({ alg: 'RS256', kid }, validClaims()))).resolves.toBe(
      'it is signed with a key (kid) that Hugging Face does not publish'
    );
  });

  it('rejects a token that several published keys could verify, rather than guessing', async () => {
    serveKeys(publishedKey(), { ...publishedKey(rsaKey(2048).publicKey) });

    await expect(checkOf(signedToken({ alg: 'RS256', kid }, validClaims()))).resolves.toBe(
      'several of Hugging Face’s published keys match its key id (kid)'
    );
  });

  it('rejects a key shorter than 2048 bits (RFC 7518 §3.3)', async () => {
    const short = rsaKey(1024);
    serveKeys(publishedKey(short.publicKey));

    await expect(
      checkOf(signedToken({ alg: 'RS256', kid }, validClaims(), short.privateKey))
    ).resolves.toBe('its signing key is shorter than 2048 bits');
  });

  it('rejects a published key that cannot be read, and keeps saying so', async () => {
    serveKeys({ kty: 'RSA', kid });
    const token = signedToken({ alg: 'RS256', kid }, validClaims());
    const check = 'Hugging Face publishes its signing key in a form that cannot be read';

    await expect(checkOf(token)).resolves.toBe(check);
    await expect(checkOf(token)).resolves.toBe(check);
  });
});

describe('verifyIdToken: registered claims', () => {
  it.each([
    ['no issuer', { iss: undefined }, 'the issuer (iss) is not Hugging Face'],
    ['no audience', { aud: undefined }, 'the audience (aud) is not this connector’s client ID'],
    ['no issue time', { iat: undefined }, 'the issue time (iat) is invalid'],
    ['an issue time that is text', { iat: 'now' }, 'the issue time (iat) is invalid'],
    ['no expiry', { exp: undefined }, 'the exp claim is missing or invalid'],
    ['an expiry that is text', { exp: 'tomorrow' }, 'the exp claim is missing or invalid'],
    ['a subject that is a number', { sub: 42 }, 'the sub claim is missing or invalid'],
    ['an empty subject', { sub: '' }, 'the sub claim is missing or invalid'],
    [
      'a not-before an hour ahead',
      { nbf: nowSeconds() + 3600 },
      'the token is not valid yet (nbf)',
    ],
    ['a not-before that is text', { nbf: 'soon' }, 'the token is not valid yet (nbf)'],
  ])('rejects a token with %s', async (_, override, check) => {
    serveKeys(publishedKey());
    const claims = JSON.parse(JSON.stringify({ ...validClaims(), ...override })) as object;

    await expect(checkOf(signedToken({ alg: 'RS256', kid }, claims))).resolves.toBe(check);
  });

  it('accepts a not-before less than a minute ahead (clock skew)', async () => {
    serveKeys(publishedKey());
    const token = signedToken({ alg: 'RS256', kid }, { ...validClaims(), nbf: nowSeconds() + 30 });

    await expect(verifyIdToken(token, expectations)).resolves.toBe(subject);
  });
});
