import { ConnectorErrorCodes } from '@logto/connector-kit';
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import {
  accessToken,
  answerTokenEndpoint,
  authorizationCode,
  clientId,
  clientSecret,
  codeVerifier,
  decodeBasicAuthorization,
  expectNoSecretsIn,
  failureOf,
  huggingFace,
  invalidClientError,
  invalidGrantError,
  invalidScopeError,
  mockNetworkForEachTest,
  redirectUri,
  refreshToken,
  thrownBy,
  tokenPath,
  tokenResponse,
} from './testing/fixtures.js';
import {
  basicCredentials,
  interpretTokenResponse,
  requestTokens,
  toTokenResponse,
  type TokenGrant,
} from './token.js';

const codeGrant: TokenGrant = {
  grant_type: 'authorization_code',
  code: authorizationCode,
  redirect_uri: redirectUri,
  code_verifier: codeVerifier,
};
const refreshGrant: TokenGrant = { grant_type: 'refresh_token', refresh_token: refreshToken };
const credentials = { clientId, clientSecret };
const basic = basicCredentials(credentials);

const exchange = (grant: TokenGrant = codeGrant, timeoutMs = 2000) =>
  requestTokens(`${huggingFace}${tokenPath}`, credentials, grant, timeoutMs);

/** What the token endpoint answered, decided without the network. */
const interpret = (status: number, json: unknown, grant: TokenGrant = codeGrant) =>
  interpretTokenResponse({ status, text: JSON.stringify(json) ?? '', json }, grant, []);

const failure = (status: number, json: unknown, grant: TokenGrant = codeGrant) =>
  thrownBy(() => interpret(status, json, grant));

const onlyAccessToken = {
  access_token: accessToken,
  token_type: undefined,
  expires_in: undefined,
  scope: undefined,
  id_token: undefined,
  refresh_token: undefined,
};

mockNetworkForEachTest();

describe('basicCredentials', () => {
  it('form-encodes the client id and secret before base64, as RFC 6749 §2.3.1 asks', () => {
    const encoded = basicCredentials({ clientId: 'my app', clientSecret: 'a+b:c d%e' });

    expect(Buffer.from(encoded, 'base64').toString()).toBe('my+app:a%2Bb%3Ac+d%25e');
  });

  it('lets Hugging Face decode odd characters exactly', () => {
    const odd = { clientId: 'id:with+odd chars', clientSecret: ' +:%é/?&=#clé-秘密-🔑' };

    expect(decodeBasicAuthorization(`Basic ${basicCredentials(odd)}`)).toMatchObject(odd);
  });
});

describe('requestTokens', () => {
  it('POSTs the code, redirect URI and PKCE verifier as a form with Basic client authentication', async () => {
    const { seen } = answerTokenEndpoint(200, tokenResponse);

    await expect(exchange()).resolves.toEqual({ ...tokenResponse, id_token: undefined });
    expect(seen[0]?.body).toEqual(codeGrant);
    expect(seen[0]?.headers).toMatchObject({
      accept: 'application/json',
      authorization: `Basic ${basic}`,
      'content-type': expect.stringContaining('application/x-www-form-urlencoded') as unknown,
    });
  });

  it('POSTs a refresh token grant with the same client authentication', async () => {
    const { seen } = answerTokenEndpoint(200, { ...tokenResponse, refresh_token: 'rotated' });

    await expect(exchange(refreshGrant)).resolves.toMatchObject({ refresh_token: 'rotated' });
    expect(seen[0]?.body).toEqual(refreshGrant);
    expect(seen[0]?.headers.authorization).toBe(`Basic ${basic}`);
  });

  it('names the token request when Hugging Face does not answer in time', async () => {
    nock(huggingFace).post(tokenPath).delay(1000).reply(200, tokenResponse);

    const error = await failureOf(exchange(codeGrant, 50));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({
      message:
        'Hugging Face did not answer the token request within 0.05 s. Hugging Face may be slow or unavailable; try signing in again in a moment.',
    });
  });

  it('blots out the client secret, Basic credential, code and verifier an error page echoes', async () => {
    answerTokenEndpoint(
      500,
      `grant_type=authorization_code&redirect_uri=${redirectUri}&code=${authorizationCode}&code_verifier=${codeVerifier}\nAuthorization: Basic ${basic}\n(secret ${clientSecret})`
    );

    const error = await failureOf(exchange());

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        "Hugging Face's token endpoint failed with HTTP 500. Hugging Face may be having trouble; try again in a moment.",
      status: 500,
      body: `grant_type=authorization_code&redirect_uri=${redirectUri}&code=[redacted]&code_verifier=[redacted] Authorization: Basic [redacted] (secret [redacted])`,
    });
    expectNoSecretsIn(error, [basic, clientSecret, authorizationCode, codeVerifier]);
  });

  it('blots out the refresh token an OAuth error echoes in its code or description', async () => {
    answerTokenEndpoint(400, {
      error: `bad_token:${refreshToken}`,
      error_description: `refresh_token=${refreshToken} auth=${basic}`,
    });

    const error = await failureOf(exchange(refreshGrant));

    expect(error.data).toMatchObject({
      error: 'bad_token:[redacted]',
      errorDescription: 'refresh_token=[redacted] auth=[redacted]',
    });
    expectNoSecretsIn(error, [refreshToken, basic, clientSecret]);
  });
});

describe('interpretTokenResponse', () => {
  it.each([200, 201, 299])('takes HTTP %i with an access token as success', (status) => {
    expect(interpret(status, { access_token: accessToken })).toEqual(onlyAccessToken);
  });

  it('reads optional fields that are null or of another type as absent, and expires_in as text', () => {
    const odd = { scope: ['profile'], token_type: 123, refresh_token: null, id_token: {} };

    expect(interpret(200, { access_token: accessToken, expires_in: '28800', ...odd })).toEqual({
      ...onlyAccessToken,
      expires_in: '28800',
    });
  });

  it.each([
    ['a body that is not JSON', undefined],
    ['JSON without access_token', { token_type: 'bearer' }],
    ['an empty access_token', { access_token: '' }],
    ['an access_token that is not text', { access_token: 12_345 }],
    ['a JSON array', [tokenResponse]],
    ['an OAuth error', invalidGrantError],
  ])('reports HTTP 200 with %s as invalid_response', (_kind, json) => {
    const error = failure(200, json);

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message:
        'Hugging Face answered the token request without an access token. This is unexpected; try again, and report it if it persists.',
      status: 200,
    });
  });

  it.each([199, 300, 302, 503])(
    'reports HTTP %i without an OAuth error as the token endpoint failing, with the body',
    (status) => {
      const error = failure(status, { access_token: accessToken });

      expect(error.code).toBe(ConnectorErrorCodes.General);
      expect(error.data).toEqual({
        message: `Hugging Face's token endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
        status,
        body: `{"access_token":"${accessToken}"}`,
      });
    }
  );

  it('says that the authorization code was rejected (invalid_grant)', () => {
    const error = failure(400, invalidGrantError);

    expect(error.code).toBe(ConnectorErrorCodes.SocialAuthCodeInvalid);
    expect(error.data).toEqual({
      message:
        'Hugging Face rejected the authorization code: it is wrong, already used or expired, or the redirect URI or PKCE verifier does not match. Start the sign-in again.',
      error: 'invalid_grant',
      errorDescription: 'Invalid code',
    });
  });

  it('says that the refresh token was rejected (invalid_grant)', () => {
    const error = failure(400, { error: 'invalid_grant' }, refreshGrant);

    expect(error.code).toBe(ConnectorErrorCodes.SocialAccessTokenInvalid);
    expect(error.data).toEqual({
      message:
        'Hugging Face rejected the refresh token: it expired, was already used or the app was revoked. The user must sign in with Hugging Face again.',
      error: 'invalid_grant',
    });
  });

  it('sends the operator to the OAuth app for a client it does not accept (invalid_client)', () => {
    const error = failure(401, invalidClientError);

    expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect(error.data).toEqual({
      message:
        'Hugging Face does not accept the client ID or client secret. Copy both again from your Hugging Face OAuth app (Settings → Connected applications) into the connector config; generate a new secret if needed.',
      error: 'invalid_client',
      errorDescription: 'Client not found',
      status: 401,
    });
  });

  it('names any other OAuth error and keeps its description', () => {
    const error = failure(400, invalidScopeError);

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        'Hugging Face refused the token request (invalid_scope). See the description for what to change.',
      error: 'invalid_scope',
      errorDescription: invalidScopeError.error_description,
      status: 400,
    });
  });

  it('leaves out a description that is not text', () => {
    expect(failure(400, { error: 'server_error', error_description: 42 }).data).toEqual({
      message:
        'Hugging Face refused the token request (server_error). See the description for what to change.',
      error: 'server_error',
      status: 400,
    });
  });
});

describe('toTokenResponse', () => {
  it('keeps the fields Hugging Face sent and leaves out absent ones', () => {
    const response = toTokenResponse({ ...onlyAccessToken, expires_in: 28_800 });

    expect(response).toStrictEqual({ access_token: accessToken, expires_in: 28_800 });
  });
});
