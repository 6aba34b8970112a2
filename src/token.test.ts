import { ConnectorErrorCodes } from '@logto/connector-kit';
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import {
  accessToken,
  authorizationCode,
  clientId,
  clientSecret,
  codeVerifier,
  decodeBasicAuthorization,
  expectNoSecretsIn,
  failureOf,
  html502Page,
  htmlPageEchoing,
  huggingFace,
  invalidClientError,
  invalidGrantError,
  invalidScopeError,
  messageOf,
  redirectUri,
  refreshToken,
  thrownBy,
  tokenPath,
  tokenResponse,
  answerTokenEndpoint,
  mockNetworkForEachTest,
} from './testing/fixtures.js';
import type { HttpResult } from './http.js';
import {
  basicAuthorization,
  interpretTokenResponse,
  requestTokens,
  toTokenResponse,
  type TokenGrant,
} from './token.js';

const codeGrant: TokenGrant = {
  grantType: 'authorization_code',
  code: authorizationCode,
  redirectUri,
  codeVerifier,
};
const refreshGrant: TokenGrant = { grantType: 'refresh_token', refreshToken };
const credentials = { clientId, clientSecret };
const secrets = [clientSecret, authorizationCode, codeVerifier];

/** What the token endpoint answered to a code exchange, as sendRequest hands it over. */
const codeExchangeResult = (status: number, json: unknown): HttpResult => ({
  status,
  text: JSON.stringify(json) ?? '',
  json,
  request: {
    url: `${huggingFace}${tokenPath}`,
    method: 'POST',
    headers: { accept: 'application/json', authorization: basicAuthorization(credentials) },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: authorizationCode,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    }),
    purpose: 'token request',
    timeoutMs: 2000,
  },
});

const exchange = (grant: TokenGrant = codeGrant, timeoutMs = 2000) =>
  requestTokens({
    tokenEndpoint: `${huggingFace}${tokenPath}`,
    credentials,
    grant,
    timeoutMs,
  });

mockNetworkForEachTest();

describe('basicAuthorization', () => {
  it('encodes the client id and secret as RFC 6749 §2.3.1 asks (form-encode, then base64)', () => {
    const header = basicAuthorization({ clientId: 'my app', clientSecret: 'a+b:c d%e' });

    expect(decodeBasicAuthorization(header).raw).toBe('my+app:a%2Bb%3Ac+d%25e');
  });

  it.each([
    ['a plus sign', 'abc+def'],
    ['a colon', 'abc:def'],
    ['a space', 'abc def'],
    ['a percent sign', '100%sure'],
    ['non-ASCII characters', 'clé-секрет-秘密-🔑'],
    ['all of them', ' +:%é/?&=#'],
  ])('lets Hugging Face decode a secret containing %s exactly', (_kind, secret) => {
    const decoded = decodeBasicAuthorization(
      basicAuthorization({ clientId: 'id:with+odd chars', clientSecret: secret })
    );

    expect(decoded.clientSecret).toBe(secret);
    expect(decoded.clientId).toBe('id:with+odd chars');
    // Exactly one raw colon: the separator is unambiguous.
    expect(decoded.raw.split(':')).toHaveLength(2);
  });
});

describe('requestTokens with an authorization code', () => {
  it('POSTs the code, redirect URI and PKCE verifier as a form with Basic client authentication', async () => {
    const { seen, scope } = answerTokenEndpoint(200, tokenResponse);

    await exchange();

    expect(scope.isDone()).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toEqual({
      grant_type: 'authorization_code',
      code: authorizationCode,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
    expect(seen[0]!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(seen[0]!.headers.accept).toBe('application/json');
    expect(decodeBasicAuthorization(seen[0]!.headers.authorization as string)).toMatchObject({
      clientId,
      clientSecret,
    });
  });

  it('does not put the client secret in the body when it is sent in the header', async () => {
    const { seen } = answerTokenEndpoint(200, tokenResponse);

    await exchange();

    expect(Object.values(seen[0]!.body)).not.toContain(clientSecret);
  });

  it('returns the tokens Hugging Face sent', async () => {
    answerTokenEndpoint(200, tokenResponse);

    await expect(exchange()).resolves.toEqual({ ...tokenResponse, id_token: undefined });
  });

  it('needs only an access token', async () => {
    answerTokenEndpoint(200, { access_token: accessToken });

    await expect(exchange()).resolves.toMatchObject({ access_token: accessToken });
  });

  it('tolerates null optional fields and expires_in sent as text', async () => {
    answerTokenEndpoint(200, {
      access_token: accessToken,
      token_type: null,
      expires_in: '28800',
      refresh_token: null,
    });

    const tokens = await exchange();

    expect(tokens.expires_in).toBe('28800');
    expect(tokens.token_type).toBeUndefined();
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('reports a wrong, used or expired code (invalid_grant) as social_auth_code_invalid', async () => {
    answerTokenEndpoint(400, invalidGrantError);

    const error = await failureOf(exchange());

    expect(error.code).toBe(ConnectorErrorCodes.SocialAuthCodeInvalid);
    expect(error.data).toMatchObject({ error: 'invalid_grant', errorDescription: 'Invalid code' });
    expect(messageOf(error)).toContain('Start the sign-in again');
  });

  it.each([401, 400])(
    'reports a wrong client id or secret (invalid_client, HTTP %i) as invalid_config',
    async (status) => {
      answerTokenEndpoint(status, invalidClientError);

      const error = await failureOf(exchange());

      expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
      expect(messageOf(error)).toMatch(/client ID or client secret/);
      expect(error.data).toMatchObject({
        error: 'invalid_client',
        errorDescription: 'Client not found',
        status,
      });
    }
  );

  it('reports a scope the app does not allow (invalid_scope) as general with Hugging Face’s words', async () => {
    answerTokenEndpoint(400, invalidScopeError);

    const error = await failureOf(exchange());

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('invalid_scope');
    expect(error.data).toMatchObject({
      error: 'invalid_scope',
      errorDescription: invalidScopeError.error_description,
      status: 400,
    });
  });

  it('reports any other OAuth error as general, even without a description', async () => {
    answerTokenEndpoint(400, { error: 'unsupported_grant_type', error_description: 42 });

    const error = await failureOf(exchange());

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({ error: 'unsupported_grant_type', status: 400 });
    expect(error.data).not.toHaveProperty('errorDescription');
  });

  it.each([
    [500, '<html><body><h1>500 Internal Server Error</h1></body></html>'],
    [502, html502Page],
  ])(
    'reports an HTML page with HTTP %i as general with the status and a short excerpt',
    async (status, page) => {
      answerTokenEndpoint(status, page);

      const error = await failureOf(exchange());
      const { body } = error.data as { body: string };

      expect(error.code).toBe(ConnectorErrorCodes.General);
      expect(error.data).toMatchObject({ status });
      expect(messageOf(error)).toContain(`HTTP ${status}`);
      expect(body.length).toBeLessThanOrEqual(201);
      expect(body).not.toContain('\n');
      expect(page.replaceAll(/\s+/g, ' ')).toContain(body.replace(/…$/, ''));
    }
  );

  it('reports an error status with a JSON body that is not an OAuth error as general', async () => {
    answerTokenEndpoint(503, { message: 'Service Unavailable' });

    const error = await failureOf(exchange());

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toMatchObject({ status: 503, body: '{"message":"Service Unavailable"}' });
  });

  it.each([
    ['a body that is not JSON', 'OK'],
    ['JSON without access_token', { token_type: 'bearer', expires_in: 28_800 }],
    ['an empty access_token', { access_token: '' }],
    ['an access_token that is not text', { access_token: 12_345 }],
    ['a JSON array', [tokenResponse]],
    ['JSON null', 'null'],
    ['an OAuth error with HTTP 200', invalidGrantError],
  ])('reports HTTP 200 with %s as invalid_response', async (_kind, body) => {
    answerTokenEndpoint(200, body);

    const error = await failureOf(exchange());

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toMatchObject({ status: 200 });
  });

  it('reports a refused connection as general', async () => {
    nock(huggingFace).post(tokenPath).replyWithError({ code: 'ECONNREFUSED' });

    const error = await failureOf(exchange());

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Could not reach Hugging Face for the token request');
  });

  it('reports a token endpoint that does not answer in time as general', async () => {
    nock(huggingFace).post(tokenPath).delay(1000).reply(200, tokenResponse);

    const error = await failureOf(exchange(codeGrant, 50));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Hugging Face did not answer the token request');
  });

  describe('never leaks the client secret, the code or the verifier', () => {
    it.each([
      [
        'an error description echoing them',
        400,
        {
          error: 'invalid_grant',
          error_description: `Invalid code ${authorizationCode} for verifier ${codeVerifier} (secret ${clientSecret})`,
        },
      ],
      [
        'an invalid_client description echoing the secret',
        401,
        { error: 'invalid_client', error_description: `Client secret ${clientSecret} is wrong` },
      ],
      [
        'an unknown error echoing them',
        400,
        {
          error: 'server_error',
          error_description: `code=${authorizationCode}&code_verifier=${codeVerifier}`,
        },
      ],
      [
        'an error code that itself echoes the code',
        400,
        { error: `invalid_code:${authorizationCode}`, error_description: `secret ${clientSecret}` },
      ],
      [
        'an HTML page echoing them',
        500,
        htmlPageEchoing(500, authorizationCode, codeVerifier, clientSecret),
      ],
      [
        'a JSON body that is not an OAuth error',
        502,
        {
          request: {
            code: authorizationCode,
            code_verifier: codeVerifier,
            client_secret: clientSecret,
          },
        },
      ],
    ])('in %s', async (_kind, status, body) => {
      answerTokenEndpoint(status, body);

      const error = await failureOf(exchange());

      expectNoSecretsIn(error, secrets);
      expect(JSON.stringify(error.data)).toContain('[redacted]');
    });
  });
});

describe('requestTokens with a refresh token', () => {
  it('POSTs the refresh token grant with the same client authentication', async () => {
    const { seen } = answerTokenEndpoint(200, { ...tokenResponse, refresh_token: 'rotated' });

    await expect(exchange(refreshGrant)).resolves.toMatchObject({ refresh_token: 'rotated' });
    expect(seen[0]!.body).toEqual({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(decodeBasicAuthorization(seen[0]!.headers.authorization as string)).toMatchObject({
      clientId,
      clientSecret,
    });
  });

  it('reports a rejected refresh token as social_invalid_access_token without leaking it', async () => {
    answerTokenEndpoint(400, { error: 'invalid_grant', error_description: `bad ${refreshToken}` });

    const error = await failureOf(exchange(refreshGrant));

    expect(error.code).toBe(ConnectorErrorCodes.SocialAccessTokenInvalid);
    expectNoSecretsIn(error, [refreshToken, clientSecret]);
  });
});

describe('interpretTokenResponse', () => {
  it('decides on the status and body alone, without the network', () => {
    const error = thrownBy(() =>
      interpretTokenResponse(codeExchangeResult(400, invalidGrantError), codeGrant)
    );

    expect(error.code).toBe(ConnectorErrorCodes.SocialAuthCodeInvalid);
  });

  it('reads optional fields of an odd type as absent instead of failing the sign-in', () => {
    const tokens = interpretTokenResponse(
      codeExchangeResult(200, {
        access_token: accessToken,
        scope: ['profile'],
        token_type: 123,
        refresh_token: null,
        expires_in: '28800',
      }),
      codeGrant
    );

    expect(tokens).toEqual({
      access_token: accessToken,
      token_type: undefined,
      scope: undefined,
      refresh_token: undefined,
      id_token: undefined,
      expires_in: '28800',
    });
  });

  it('treats every 2xx status as success', () => {
    expect(
      interpretTokenResponse(codeExchangeResult(201, { access_token: accessToken }), codeGrant)
    ).toMatchObject({ access_token: accessToken });
  });
});

describe('toTokenResponse', () => {
  it('keeps the fields Hugging Face sent and leaves out absent ones', () => {
    const response = toTokenResponse({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: 28_800,
      scope: undefined,
      id_token: undefined,
      refresh_token: undefined,
    });

    expect(response).toEqual({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: 28_800,
    });
    expect(Object.keys(response)).toEqual(['access_token', 'token_type', 'expires_in']);
  });
});

describe('redaction of what the token request carried', () => {
  const basic = basicAuthorization(credentials);
  const basicCredential = basic.slice('Basic '.length);
  const everySecret = [basic, basicCredential, `${clientId}:${clientSecret}`, ...secrets];

  it('blots out the Authorization header an error page echoes, in every form, on every surface', async () => {
    answerTokenEndpoint(
      500,
      `<pre>Authorization: ${basic}\ncredential ${basicCredential}\npair ${clientId}:${clientSecret}\ncode=${authorizationCode}&code_verifier=${codeVerifier}</pre>`
    );

    const error = await failureOf(exchange());

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        "Hugging Face's token endpoint failed with HTTP 500. Hugging Face may be having trouble; try again in a moment.",
      status: 500,
      body: `<pre>Authorization: [redacted] credential [redacted] pair [redacted] code=[redacted]&code_verifier=[redacted]</pre>`,
    });
    expectNoSecretsIn(error, everySecret);
  });

  it('blots out the Basic credential a JSON error description echoes', async () => {
    answerTokenEndpoint(400, {
      error: 'invalid_request',
      error_description: `bad header "${basic}"`,
    });

    const error = await failureOf(exchange());

    expect(error.data).toMatchObject({ errorDescription: 'bad header "[redacted]"' });
    expectNoSecretsIn(error, everySecret);
  });

  it('blots out the refresh token and the Basic credential echoed after a refresh', async () => {
    answerTokenEndpoint(400, {
      error: 'invalid_grant',
      error_description: `refresh_token=${refreshToken} auth=${basic}`,
    });

    const error = await failureOf(exchange(refreshGrant));

    expect(error.code).toBe(ConnectorErrorCodes.SocialAccessTokenInvalid);
    expect(error.data).toEqual({
      message:
        'Hugging Face rejected the refresh token: it expired, was already used or the app was revoked. The user must sign in with Hugging Face again.',
      error: 'invalid_grant',
      errorDescription: 'refresh_token=[redacted] auth=[redacted]',
    });
    expectNoSecretsIn(error, [refreshToken, basic, basicCredential, clientSecret]);
  });
});

describe('token endpoint redirects and boundary statuses', () => {
  it.each([300, 302, 307])(
    'reports HTTP %i as general even with tokens in the body',
    async (status) => {
      answerTokenEndpoint(status, tokenResponse);

      const error = await failureOf(exchange());

      expect(error.code).toBe(ConnectorErrorCodes.General);
      expect(error.data).toMatchObject({
        message: `Hugging Face's token endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
        status,
      });
    }
  );

  it('treats HTTP 299 as success and HTTP 199 as failure', () => {
    expect(
      interpretTokenResponse(codeExchangeResult(299, { access_token: accessToken }), codeGrant)
    ).toMatchObject({ access_token: accessToken });
    expect(
      thrownBy(() =>
        interpretTokenResponse(codeExchangeResult(199, { access_token: accessToken }), codeGrant)
      ).code
    ).toBe(ConnectorErrorCodes.General);
  });
});

describe('interpretTokenResponse: what the operator reads', () => {
  const failure = (status: number, json: unknown, grant: TokenGrant = codeGrant) =>
    thrownBy(() => interpretTokenResponse(codeExchangeResult(status, json), grant));

  it.each([200, 201, 299])('takes HTTP %i with an access token as success', (status) => {
    expect(
      interpretTokenResponse(codeExchangeResult(status, { access_token: accessToken }), codeGrant)
    ).toEqual({
      access_token: accessToken,
      token_type: undefined,
      expires_in: undefined,
      scope: undefined,
      id_token: undefined,
      refresh_token: undefined,
    });
  });

  it.each([199, 300])('takes HTTP %i with an access token as a failure', (status) => {
    const error = failure(status, { access_token: accessToken });

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message: `Hugging Face's token endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
      status,
      body: JSON.stringify({ access_token: accessToken }),
    });
  });

  it('says that a 200 answer has no access token', () => {
    const error = failure(200, { token_type: 'bearer' });

    expect(error.code).toBe(ConnectorErrorCodes.InvalidResponse);
    expect(error.data).toEqual({
      message:
        'Hugging Face answered the token request without an access token. This is unexpected; try again, and report it if it persists.',
      status: 200,
    });
  });

  it('says that the authorization code was rejected', () => {
    const error = failure(400, invalidGrantError);

    expect(error.code).toBe(ConnectorErrorCodes.SocialAuthCodeInvalid);
    expect(error.data).toEqual({
      message:
        'Hugging Face rejected the authorization code: it is wrong, already used or expired, or the redirect URI or PKCE verifier does not match. Start the sign-in again.',
      error: 'invalid_grant',
      errorDescription: 'Invalid code',
    });
  });

  it('says that the refresh token was rejected, with Hugging Face’s words', () => {
    const error = failure(400, invalidGrantError, refreshGrant);

    expect(error.code).toBe(ConnectorErrorCodes.SocialAccessTokenInvalid);
    expect(error.data).toEqual({
      message:
        'Hugging Face rejected the refresh token: it expired, was already used or the app was revoked. The user must sign in with Hugging Face again.',
      error: 'invalid_grant',
      errorDescription: 'Invalid code',
    });
  });

  it('sends the operator to the OAuth app for a client it does not accept', () => {
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

  it('reports an error status whose body is no OAuth error with the status and the body', () => {
    const error = failure(503, { message: 'Service Unavailable' });

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        "Hugging Face's token endpoint failed with HTTP 503. Hugging Face may be having trouble; try again in a moment.",
      status: 503,
      body: '{"message":"Service Unavailable"}',
    });
  });
});
