/**
 * No ID token reaches Logto's vault unless it was verified: at sign-in without openid, and on
 * refresh, where Logto gives the connector no earlier ID token to compare with.
 */
import nock from 'nock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createHuggingFaceConnector } from './connector.js';
import { forgetCachedKeySets } from './id-token.js';
import { createSessionStore, mockNetworkForEachTest } from './testing/fixtures.js';
import {
  createSigningKey,
  jwksOf,
  signIdToken,
  type IdTokenClaims,
  type SigningKey,
} from './testing/signing-keys.js';

const issuer = 'https://huggingface.co';
const clientId = 'hf-client-id';
const subject = '62f264b9f3c90f4b6514a269';
const refreshedTokens = { access_token: 'hf_oauth_new', token_type: 'bearer', expires_in: 28_800 };

let signingKey: SigningKey;
let strangerKey: SigningKey;

beforeAll(async () => {
  signingKey = await createSigningKey('hf-key-1');
  strangerKey = await createSigningKey('hf-key-1');
});

mockNetworkForEachTest();

beforeEach(() => {
  forgetCachedKeySets();
});

const connectorWith = async (scope: string) =>
  createHuggingFaceConnector()({
    getConfig: () => Promise.resolve({ clientId, clientSecret: 'hf-client-secret', scope }),
  });

const refreshClaims: IdTokenClaims = { iss: issuer, aud: clientId, sub: subject };

describe('getTokenResponseAndUserInfo', () => {
  it('leaves out an ID token Hugging Face sends although openid was not requested', async () => {
    const connector = await connectorWith('profile');
    const store = createSessionStore();
    await connector.getAuthorizationUri(
      {
        state: 'state-1',
        redirectUri: 'https://auth.example.com/callback/hf',
        connectorId: 'id',
        connectorFactoryId: 'factory',
        jti: 'jti',
        headers: {},
      },
      store.setSession
    );
    const unverified = await signIdToken(strangerKey, { ...refreshClaims, sub: 'someone-else' });
    nock(issuer)
      .post('/oauth/token')
      .reply(200, { ...refreshedTokens, id_token: unverified })
      .get('/oauth/userinfo')
      .reply(200, { sub: subject, name: 'Jane Doe' });

    const { tokenResponse } = await connector.getTokenResponseAndUserInfo!(
      { code: 'code', state: 'state-1' },
      store.getSession
    );

    expect(tokenResponse).toStrictEqual(refreshedTokens);
  });
});

describe('getAccessTokenByRefreshToken with an ID token in the answer', () => {
  const refreshAnswering = async (idToken: string, jwksStatus = 200) => {
    nock(issuer)
      .post('/oauth/token')
      .reply(200, { ...refreshedTokens, refresh_token: 'hf_refresh_new', id_token: idToken })
      .get('/oauth/jwks')
      .reply(jwksStatus, jwksOf(signingKey));

    return (await connectorWith('openid profile')).getAccessTokenByRefreshToken!('hf_refresh_old');
  };

  it('keeps an ID token that passes every check (no nonce on refresh)', async () => {
    const idToken = await signIdToken(signingKey, refreshClaims);

    await expect(refreshAnswering(idToken)).resolves.toStrictEqual({
      ...refreshedTokens,
      refresh_token: 'hf_refresh_new',
      id_token: idToken,
    });
  });

  it.each([
    [
      'signed with a key Hugging Face does not publish',
      () => signIdToken(strangerKey, refreshClaims),
    ],
    [
      'for another audience too',
      () => signIdToken(signingKey, { ...refreshClaims, aud: [clientId, 'other-client'] }),
    ],
    [
      'from another issuer',
      () => signIdToken(signingKey, { ...refreshClaims, iss: 'https://evil.example' }),
    ],
    [
      'issued in the future',
      () =>
        signIdToken(signingKey, refreshClaims, {
          issuedAtSeconds: Math.floor(Date.now() / 1000) + 3600,
        }),
    ],
  ])('leaves out an ID token %s and still refreshes', async (_kind, sign) => {
    await expect(refreshAnswering(await sign())).resolves.toStrictEqual({
      ...refreshedTokens,
      refresh_token: 'hf_refresh_new',
    });
  });

  it('leaves out the ID token when the signing keys cannot be loaded', async () => {
    const idToken = await signIdToken(signingKey, refreshClaims);

    await expect(refreshAnswering(idToken, 503)).resolves.toStrictEqual({
      ...refreshedTokens,
      refresh_token: 'hf_refresh_new',
    });
  });
});
