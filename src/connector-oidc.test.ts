import { ConnectorErrorCodes, type SocialConnector } from '@logto/connector-kit';
import nock from 'nock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createHuggingFaceConnector } from './connector.js';
import { forgetCachedKeySets } from './id-token.js';
import {
  createSessionStore,
  failureOf,
  mockNetworkForEachTest,
  recordAllRequests,
} from './testing/fixtures.js';
import { createSigningKey, jwksOf, signIdToken, type SigningKey } from './testing/signing-keys.js';

const issuer = 'https://huggingface.co';
const clientId = 'hf-client-id';
const clientSecret = 'hf-client-secret';
const redirectUri = 'https://auth.example.com/callback/hf';
const subject = '62f264b9f3c90f4b6514a269';
const userInfo = {
  sub: subject,
  name: 'Jane Doe',
  preferred_username: 'janedoe',
  email: 'jane@example.com',
  email_verified: true,
  orgs: [{ sub: '652db071b62cf1f8463221e2', name: 'Acme Corp', preferred_username: 'acme' }],
};

let signingKey: SigningKey;

const connectorWith = async (config: Record<string, unknown>) =>
  createHuggingFaceConnector()({
    getConfig: () => Promise.resolve({ clientId, clientSecret, ...config }),
  });

/** Starts a sign-in like Logto does and returns the callback's session reader. */
const startSignIn = async (connector: SocialConnector, state = 'state-1') => {
  const store = createSessionStore();
  const url = new URL(
    await connector.getAuthorizationUri(
      {
        state,
        redirectUri,
        connectorId: 'id',
        connectorFactoryId: 'factory',
        jti: 'jti',
        headers: {},
      },
      store.setSession
    )
  );

  return { url, session: store.peek()!, getSession: store.getSession };
};

beforeAll(async () => {
  signingKey = await createSigningKey('hf-key-1');
});

mockNetworkForEachTest();

beforeEach(() => {
  forgetCachedKeySets();
});

describe('sign-in with the openid scope', () => {
  it('sends a fresh nonce of at least 128 bits and keeps it in the one session write', async () => {
    const connector = await connectorWith({ scope: 'openid profile' });
    const first = await startSignIn(connector);
    const second = await startSignIn(connector);
    const nonce = first.url.searchParams.get('nonce');

    expect(nonce).toMatch(/^[\w-]{22,}$/);
    expect(Buffer.from(nonce!, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(first.session).toMatchObject({ nonce });
    expect(second.url.searchParams.get('nonce')).not.toBe(nonce);
  });

  it('sends no nonce without openid', async () => {
    const { url, session } = await startSignIn(await connectorWith({ scope: 'profile email' }));

    expect(url.searchParams.has('nonce')).toBe(false);
    expect(session).not.toHaveProperty('nonce');
  });

  it('verifies the ID token and signs the user in', async () => {
    const connector = await connectorWith({ scope: 'openid profile email' });
    const { session, getSession } = await startSignIn(connector);
    const idToken = await signIdToken(signingKey, {
      iss: issuer,
      aud: clientId,
      sub: subject,
      nonce: session.nonce,
    });
    nock(issuer)
      .post('/oauth/token')
      .reply(200, { access_token: 'hf_oauth_access', token_type: 'bearer', id_token: idToken })
      .get('/oauth/jwks')
      .reply(200, jwksOf(signingKey))
      .get('/oauth/userinfo')
      .reply(200, userInfo);

    await expect(
      connector.getUserInfo({ code: 'code', state: 'state-1' }, getSession)
    ).resolves.toMatchObject({
      id: subject,
      email: 'jane@example.com',
    });
    expect(nock.isDone()).toBe(true);
  });

  it('rejects a profile that belongs to another user than the ID token', async () => {
    const connector = await connectorWith({ scope: 'openid profile' });
    const { session, getSession } = await startSignIn(connector);
    const idToken = await signIdToken(signingKey, {
      iss: issuer,
      aud: clientId,
      sub: subject,
      nonce: session.nonce,
    });
    nock(issuer)
      .post('/oauth/token')
      .reply(200, { access_token: 'hf_oauth_access', id_token: idToken })
      .get('/oauth/jwks')
      .reply(200, jwksOf(signingKey))
      .get('/oauth/userinfo')
      .reply(200, { ...userInfo, sub: '5e67bd5b1009063689407478' });

    const error = await failureOf(
      connector.getUserInfo({ code: 'code', state: 'state-1' }, getSession)
    );

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(error.data).toMatchObject({
      check: 'the ID token’s sub differs from the user profile’s sub',
    });
  });

  it('rejects a token response without an ID token before asking for the profile', async () => {
    const connector = await connectorWith({ scope: 'openid profile' });
    const { getSession } = await startSignIn(connector);
    nock(issuer).post('/oauth/token').reply(200, { access_token: 'hf_oauth_access' });

    const error = await failureOf(
      connector.getUserInfo({ code: 'code', state: 'state-1' }, getSession)
    );

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(nock.isDone()).toBe(true);
  });

  it('rejects an ID token replayed from another sign-in (nonce mismatch)', async () => {
    const connector = await connectorWith({ scope: 'openid profile' });
    const { getSession } = await startSignIn(connector);
    const idToken = await signIdToken(signingKey, {
      iss: issuer,
      aud: clientId,
      sub: subject,
      nonce: 'old',
    });
    nock(issuer)
      .post('/oauth/token')
      .reply(200, { access_token: 'hf_oauth_access', id_token: idToken })
      .get('/oauth/jwks')
      .reply(200, jwksOf(signingKey));

    const error = await failureOf(
      connector.getUserInfo({ code: 'code', state: 'state-1' }, getSession)
    );

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(error.message).toContain('nonce');
  });
});

describe('token storage', () => {
  it('is advertised to Logto', async () => {
    const connector = await connectorWith({});

    expect(connector.metadata.isTokenStorageSupported).toBe(true);
  });

  it('returns the token response with the profile, leaving out fields Hugging Face did not send', async () => {
    const connector = await connectorWith({ scope: 'profile inference-api' });
    const { getSession } = await startSignIn(connector);
    nock(issuer)
      .post('/oauth/token')
      .reply(200, {
        access_token: 'hf_oauth_access',
        token_type: 'bearer',
        expires_in: 28_800,
        scope: 'profile inference-api',
        refresh_token: null,
      })
      .get('/oauth/userinfo')
      .reply(200, userInfo);

    const result = await connector.getTokenResponseAndUserInfo!(
      { code: 'code', state: 'state-1' },
      getSession
    );

    expect(result.tokenResponse).toStrictEqual({
      access_token: 'hf_oauth_access',
      token_type: 'bearer',
      expires_in: 28_800,
      scope: 'profile inference-api',
    });
    expect(result.userInfo).toMatchObject({ id: subject, name: 'Jane Doe' });
  });

  it('includes the refresh and ID tokens when Hugging Face sends them', async () => {
    const connector = await connectorWith({ scope: 'openid profile' });
    const { session, getSession } = await startSignIn(connector);
    const idToken = await signIdToken(signingKey, {
      iss: issuer,
      aud: clientId,
      sub: subject,
      nonce: session.nonce,
    });
    nock(issuer)
      .post('/oauth/token')
      .reply(200, {
        access_token: 'hf_oauth_access',
        token_type: 'bearer',
        expires_in: 28_800,
        refresh_token: 'hf_refresh',
        id_token: idToken,
      })
      .get('/oauth/jwks')
      .reply(200, jwksOf(signingKey))
      .get('/oauth/userinfo')
      .reply(200, userInfo);

    const { tokenResponse } = await connector.getTokenResponseAndUserInfo!(
      { code: 'code', state: 'state-1' },
      getSession
    );

    expect(tokenResponse).toMatchObject({ refresh_token: 'hf_refresh', id_token: idToken });
  });

  it('applies the same callback checks as getUserInfo', async () => {
    const connector = await connectorWith({});
    const { getSession } = await startSignIn(connector);

    const error = await failureOf(
      connector.getTokenResponseAndUserInfo!({ code: 'code', state: 'forged' }, getSession)
    );

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
  });
});

describe('getAccessTokenByRefreshToken', () => {
  const expectRefreshRequest = () =>
    nock(issuer)
      .post('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'hf_refresh_old' })
      .matchHeader(
        'authorization',
        `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
      );

  it('returns new tokens including a rotated refresh token', async () => {
    const connector = await connectorWith({});
    expectRefreshRequest().reply(200, {
      access_token: 'hf_oauth_new',
      token_type: 'bearer',
      expires_in: 28_800,
      refresh_token: 'hf_refresh_new',
    });

    await expect(connector.getAccessTokenByRefreshToken!('hf_refresh_old')).resolves.toStrictEqual({
      access_token: 'hf_oauth_new',
      token_type: 'bearer',
      expires_in: 28_800,
      refresh_token: 'hf_refresh_new',
    });
  });

  it('hands back the presented refresh token when Hugging Face does not rotate it', async () => {
    const connector = await connectorWith({});
    expectRefreshRequest().reply(200, {
      access_token: 'hf_oauth_new',
      token_type: 'bearer',
      expires_in: 28_800,
    });

    await expect(connector.getAccessTokenByRefreshToken!('hf_refresh_old')).resolves.toStrictEqual({
      access_token: 'hf_oauth_new',
      token_type: 'bearer',
      expires_in: 28_800,
      refresh_token: 'hf_refresh_old',
    });
  });

  it('asks the user to sign in again when Hugging Face rejects the refresh token', async () => {
    const connector = await connectorWith({});
    expectRefreshRequest().reply(400, {
      error: 'invalid_grant',
      error_description: 'Invalid refresh token',
    });

    const error = await failureOf(connector.getAccessTokenByRefreshToken!('hf_refresh_old'));

    expect(error.code).toBe(ConnectorErrorCodes.SocialAccessTokenInvalid);
    expect(error.data).toEqual({
      message:
        'Hugging Face rejected the refresh token: it expired, was already used or the app was revoked. The user must sign in with Hugging Face again.',
      error: 'invalid_grant',
      errorDescription: 'Invalid refresh token',
    });
  });

  it('reports wrong client credentials as invalid_config', async () => {
    const connector = await connectorWith({});
    expectRefreshRequest().reply(401, {
      error: 'invalid_client',
      error_description: 'Client not found',
    });

    const error = await failureOf(connector.getAccessTokenByRefreshToken!('hf_refresh_old'));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
  });

  it('reports a Hugging Face outage as general with the status', async () => {
    const connector = await connectorWith({});
    expectRefreshRequest().reply(503, 'upstream hf_refresh_old unavailable');

    const error = await failureOf(connector.getAccessTokenByRefreshToken!('hf_refresh_old'));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({ status: 503 });
    expect(JSON.stringify(error.data)).not.toContain('hf_refresh_old');
  });

  it.each([
    ['an empty refresh token', ''],
    ['no refresh token (undefined)', undefined],
    ['a null refresh token', null],
    ['a refresh token that is not text', 42],
  ])('refuses %s with the clear error, without calling Hugging Face', async (_kind, token) => {
    const connector = await connectorWith({});
    const network = recordAllRequests();

    const error = await failureOf(
      connector.getAccessTokenByRefreshToken!(token as unknown as string)
    );
    network.stop();

    expect(error.code).toBe(ConnectorErrorCodes.InvalidRequestParameters);
    expect(error.data).toEqual({
      message:
        'No Hugging Face refresh token is stored for this user. The user must sign in with Hugging Face again.',
    });
    expect(network.requests).toEqual([]);
  });
});

describe('organization access', () => {
  it('asks Hugging Face for the configured organization', async () => {
    const { url } = await startSignIn(await connectorWith({ orgIds: '652db071b62cf1f8463221e2' }));

    expect(url.searchParams.get('orgIds')).toBe('652db071b62cf1f8463221e2');
  });

  it('does not send orgIds when none is configured', async () => {
    const { url } = await startSignIn(await connectorWith({}));

    expect(url.searchParams.has('orgIds')).toBe(false);
  });

  it('signs in a member of an allowed organization and refuses anyone else', async () => {
    const allowed = await connectorWith({
      scope: 'profile read-memberships',
      allowedOrganizations: 'acme',
    });
    const refused = await connectorWith({
      scope: 'profile read-memberships',
      allowedOrganizations: 'bigscience',
    });

    for (const [connector, outcome] of [
      [allowed, 'allowed'],
      [refused, 'refused'],
    ] as const) {
      const { getSession } = await startSignIn(connector);
      nock(issuer)
        .post('/oauth/token')
        .reply(200, { access_token: 'hf_oauth_access' })
        .get('/oauth/userinfo')
        .reply(200, userInfo);
      const result = connector.getUserInfo({ code: 'code', state: 'state-1' }, getSession);

      if (outcome === 'allowed') {
        await expect(result).resolves.toMatchObject({ id: subject });
      } else {
        const error = await failureOf(result);
        expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
        expect(error.message).toContain('bigscience');
      }
    }
  });
});
