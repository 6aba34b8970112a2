import {
  ConnectorError,
  ConnectorErrorCodes,
  ConnectorType,
  socialUserInfoGuard,
  type SocialConnector,
} from '@logto/connector-kit';
import fc from 'fast-check';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';

import { challengeFor } from './authorization.js';
import { configSchema } from './config.js';
import { createHuggingFaceConnector, type HuggingFaceConnectorOptions } from './connector.js';
import { metadata } from './metadata.js';
import {
  accessToken,
  authorizationCode,
  authorizationRequest,
  callbackQuery,
  clientId,
  clientSecret,
  codeVerifier,
  configGetter,
  createSessionStore,
  decodeBasicAuthorization,
  emptyNameUserInfo,
  expectNoSecretsIn,
  failureOf,
  html502Page,
  htmlPageEchoing,
  huggingFace,
  invalidClientError,
  invalidGrantError,
  invalidScopeError,
  messageOf,
  recordAllRequests,
  redirectUri,
  signInSession,
  state,
  throwingConfigGetter,
  tokenPath,
  tokenResponse,
  unverifiedEmailUserInfo,
  userInfoPath,
  userInfoWithOrgs,
  validConfig,
  type SessionStore,
  answerTokenEndpoint,
  answerUserInfoEndpoint,
  mockNetworkForEachTest,
} from './testing/fixtures.js';

const connectorFor = async (
  config: unknown = validConfig,
  options: HuggingFaceConnectorOptions = {}
) =>
  createHuggingFaceConnector(options)({
    getConfig: configGetter(config),
  });

/** Runs getAuthorizationUri like Logto and returns the URL's query and the stored session. */
const startSignIn = async (connector: SocialConnector, store: SessionStore, scope?: string) => {
  const url = new URL(
    await connector.getAuthorizationUri(authorizationRequest(scope), store.setSession)
  );

  return { url, query: Object.fromEntries(url.searchParams), session: store.peek() };
};

type Answer = [status: number, body: string | object];
/** Hugging Face's token and userinfo endpoints, answering once each and recording what they got. */
const huggingFaceAnswers = ({
  token = [200, tokenResponse],
  userInfo = [200, userInfoWithOrgs],
}: { token?: Answer; userInfo?: Answer } = {}) => ({
  seen: {
    token: answerTokenEndpoint(...token).seen,
    userInfo: answerUserInfoEndpoint(...userInfo).seen,
  },
});

mockNetworkForEachTest();

describe('loading', () => {
  it('builds the connector without reading the config (Logto loads it with a getConfig that throws)', async () => {
    const connector = await createHuggingFaceConnector()({ getConfig: throwingConfigGetter });

    expect(connector.metadata).toBe(metadata);
    expect(connector.metadata.id).toBe('huggingface-oidc-universal');
    expect(connector.type).toBe(ConnectorType.Social);
    expect(connector.configGuard).toBe(configSchema);
  });

  it('does not call getConfig until a sign-in starts', async () => {
    const getConfig = configGetter();
    const connector = await createHuggingFaceConnector()({ getConfig });

    expect(getConfig).not.toHaveBeenCalled();

    await connector.getAuthorizationUri(authorizationRequest(), createSessionStore().setSession);

    expect(getConfig).toHaveBeenCalledTimes(1);
    expect(getConfig).toHaveBeenCalledWith(metadata.id);
  });

  it('reads the config anew on every call, so edits in the Admin Console apply at once', async () => {
    const configs = [
      { ...validConfig, scope: 'profile' },
      { ...validConfig, scope: 'profile email' },
    ];
    const getConfig = vi.fn(() => Promise.resolve(configs.shift()));
    const connector = await createHuggingFaceConnector()({ getConfig });

    const first = await startSignIn(connector, createSessionStore());
    const second = await startSignIn(connector, createSessionStore());

    expect(first.query.scope).toBe('profile');
    expect(second.query.scope).toBe('profile email');
  });
});

describe('invalid config', () => {
  const invalidConfigs: Array<[string, unknown, string]> = [
    [
      'a missing clientId',
      { clientSecret },
      "Client ID (clientId) is missing: copy it from your Hugging Face OAuth app's settings",
    ],
    [
      'an empty clientId',
      { ...validConfig, clientId: '' },
      "Client ID (clientId) is empty: copy it from your Hugging Face OAuth app's settings",
    ],
    [
      'a whitespace clientId',
      { ...validConfig, clientId: '   ' },
      "Client ID (clientId) is empty: copy it from your Hugging Face OAuth app's settings",
    ],
    [
      'a missing clientSecret',
      { clientId },
      "Client secret (clientSecret) is missing: copy it from your Hugging Face OAuth app's settings",
    ],
    [
      'an empty clientSecret',
      { ...validConfig, clientSecret: '' },
      "Client secret (clientSecret) is empty: copy it from your Hugging Face OAuth app's settings",
    ],
    [
      'a whitespace clientSecret',
      { ...validConfig, clientSecret: '\t ' },
      "Client secret (clientSecret) is empty: copy it from your Hugging Face OAuth app's settings",
    ],
    ['a scope that is not text', { ...validConfig, scope: 42 }, 'Scope (scope) must be text'],
    ['a scope with commas', { ...validConfig, scope: 'openid,profile' }, 'not commas'],
    ['null', null, 'not an object'],
    ['a string', 'clientId', 'not an object'],
  ];

  it.each(invalidConfigs)(
    'stops the sign-in start on %s with invalid_config, before storing a session or calling Hugging Face',
    async (_kind, config, expected) => {
      const network = recordAllRequests();
      const store = createSessionStore();
      const connector = await connectorFor(config);

      const error = await failureOf(
        connector.getAuthorizationUri(authorizationRequest(), store.setSession)
      );
      network.stop();

      expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
      expect(messageOf(error)).toContain(expected);
      expect(store.setSession).not.toHaveBeenCalled();
      expect(network.requests).toEqual([]);
    }
  );

  it.each(invalidConfigs)(
    'stops the callback on %s with invalid_config, before reading the session or calling Hugging Face',
    async (_kind, config, expected) => {
      const network = recordAllRequests();
      const store = createSessionStore(signInSession());
      const connector = await connectorFor(config);

      const error = await failureOf(connector.getUserInfo(callbackQuery(), store.getSession));
      network.stop();

      expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
      expect(messageOf(error)).toContain(expected);
      expect(store.getSession).not.toHaveBeenCalled();
      expect(network.requests).toEqual([]);
      expectNoSecretsIn(error, [clientSecret, authorizationCode, codeVerifier]);
    }
  );
});

describe('getAuthorizationUri', () => {
  it('sends the browser to Hugging Face’s authorize endpoint with a PKCE code request', async () => {
    const connector = await connectorFor();

    const { url, query } = await startSignIn(connector, createSessionStore());

    expect(`${url.origin}${url.pathname}`).toBe('https://huggingface.co/oauth/authorize');
    expect(query).toMatchObject({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      state,
      code_challenge_method: 'S256',
    });
  });

  it('never puts the client secret in the URL', async () => {
    const { url } = await startSignIn(await connectorFor(), createSessionStore());

    expect(url.toString()).not.toContain(clientSecret);
    expect(decodeURIComponent(url.toString())).not.toContain(clientSecret);
  });

  it('stores the session once, with the redirect URI, the state, the PKCE verifier and the scope', async () => {
    const store = createSessionStore();

    await startSignIn(await connectorFor(), store);

    expect(store.setSession).toHaveBeenCalledTimes(1);
    expect(store.setSession).toHaveBeenCalledWith({
      redirectUri,
      state,
      codeVerifier: expect.stringMatching(/^[\w-]{43,128}$/) as string,
      scope: 'profile',
    });
  });

  it('sends the S256 challenge of the verifier it stored', async () => {
    const store = createSessionStore();

    const { query, session } = await startSignIn(await connectorFor(), store);

    expect(query.code_challenge).toBe(challengeFor(session!.codeVerifier as string));
    expect(query.code_challenge).not.toBe(session!.codeVerifier);
  });

  it('creates a fresh verifier for every sign-in', async () => {
    const connector = await connectorFor();

    const first = await startSignIn(connector, createSessionStore());
    const second = await startSignIn(connector, createSessionStore());

    expect(first.session!.codeVerifier).not.toBe(second.session!.codeVerifier);
    expect(first.query.code_challenge).not.toBe(second.query.code_challenge);
  });

  it.each([
    [
      'the configured scope plus the request’s new ones',
      'openid email',
      'profile email',
      'profile email openid',
    ],
    [
      'profile plus the request’s scope when none is configured',
      'inference-api',
      undefined,
      'profile inference-api',
    ],
    ['the configured scope when the request has none', undefined, 'profile email', 'profile email'],
    [
      'the configured scope when the request’s scope is blank',
      ' ',
      'profile email',
      'profile email',
    ],
    ['`profile` when neither is set', undefined, undefined, 'profile'],
    ['`profile` when the configured scope is blank', undefined, '   ', 'profile'],
    ['normalised whitespace', '  profile\t\nemail  ', ' openid\t profile ', 'openid profile email'],
  ])('asks for %s', async (_kind, requestScope, configScope, expected) => {
    const connector = await connectorFor(
      configScope === undefined ? validConfig : { ...validConfig, scope: configScope }
    );

    const { query } = await startSignIn(connector, createSessionStore(), requestScope);

    expect(query.scope).toBe(expected);
  });

  it('calls Hugging Face only for the warm-up, and answers before it', async () => {
    const network = recordAllRequests();

    await startSignIn(await connectorFor(), createSessionStore());
    expect(network.requests).toEqual([]);
    await vi.waitFor(() => {
      expect(network.requests).toEqual(['GET /.well-known/openid-configuration']);
    });
    network.stop();
  });
});

describe('getUserInfo: the callback', () => {
  const declined = {
    error: 'access_denied',
    error_description: 'The user denied the request',
    state,
  };
  const rejectedCallbacks: Array<[string, unknown, ConnectorErrorCodes]> = [
    ['a declined consent (access_denied)', declined, ConnectorErrorCodes.AuthorizationFailed],
    [
      'another OAuth error',
      { error: 'invalid_scope', state },
      ConnectorErrorCodes.AuthorizationFailed,
    ],
    ['no code', { state, redirectUri }, ConnectorErrorCodes.InvalidRequestParameters],
    [
      'a non-string code',
      callbackQuery({ code: 1234 }),
      ConnectorErrorCodes.InvalidRequestParameters,
    ],
    [
      'an array code',
      callbackQuery({ code: [authorizationCode] }),
      ConnectorErrorCodes.InvalidRequestParameters,
    ],
    [
      'a mismatched state',
      callbackQuery({ state: 'forged' }),
      ConnectorErrorCodes.AuthorizationFailed,
    ],
    ['null data', null, ConnectorErrorCodes.InvalidRequestParameters],
    ['string data', `code=${authorizationCode}`, ConnectorErrorCodes.InvalidRequestParameters],
    ['number data', 7, ConnectorErrorCodes.InvalidRequestParameters],
  ];

  it.each(rejectedCallbacks)(
    'rejects %s without calling Hugging Face, reading the session once',
    async (_kind, data, code) => {
      const network = recordAllRequests();
      const store = createSessionStore(signInSession());

      const error = await failureOf((await connectorFor()).getUserInfo(data, store.getSession));
      network.stop();

      expect(error.code).toBe(code);
      expect(network.requests).toEqual([]);
      expect(store.getSession).toHaveBeenCalledTimes(1);
      expectNoSecretsIn(error, [clientSecret, authorizationCode, codeVerifier]);
    }
  );

  it('says that the user declined, and passes on Hugging Face’s error and description', async () => {
    const store = createSessionStore(signInSession());

    const error = await failureOf((await connectorFor()).getUserInfo(declined, store.getSession));

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(messageOf(error)).toMatch(/declined/);
    expect(error.data).toMatchObject({
      error: 'access_denied',
      errorDescription: 'The user denied the request',
    });
  });

  it.each([
    ['without redirect URI', signInSession({ redirectUri: undefined })],
    ['without PKCE verifier', { redirectUri, state }],
    ['that is gone (already used or expired)', undefined],
  ])('asks to restart the sign-in when the session is %s (general)', async (_kind, session) => {
    const network = recordAllRequests();
    const store = createSessionStore(session);

    const error = await failureOf(
      (await connectorFor()).getUserInfo(callbackQuery(), store.getSession)
    );
    network.stop();

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Start the sign-in with Hugging Face again');
    expect(store.getSession).toHaveBeenCalledTimes(1);
    expect(network.requests).toEqual([]);
  });

  it('reads the session exactly once on success', async () => {
    huggingFaceAnswers();
    const store = createSessionStore(signInSession());

    await (await connectorFor()).getUserInfo(callbackQuery(), store.getSession);

    expect(store.getSession).toHaveBeenCalledTimes(1);
  });

  it('cannot be replayed: the session is consumed by the first callback', async () => {
    huggingFaceAnswers();
    const store = createSessionStore(signInSession());
    const connector = await connectorFor();
    await connector.getUserInfo(callbackQuery(), store.getSession);

    const error = await failureOf(connector.getUserInfo(callbackQuery(), store.getSession));

    expect(error.code).toBe(ConnectorErrorCodes.General);
  });
});

describe('getUserInfo: the token exchange', () => {
  const signInWith = async (
    answers: Parameters<typeof huggingFaceAnswers>[0],
    options?: HuggingFaceConnectorOptions
  ) => {
    const network = huggingFaceAnswers(answers);
    const connector = await connectorFor(validConfig, options);
    const result = connector.getUserInfo(
      callbackQuery(),
      createSessionStore(signInSession()).getSession
    );

    return { network, result };
  };

  it('sends the code with the redirect URI and verifier of the session, not of the callback', async () => {
    const { seen } = huggingFaceAnswers();
    const connector = await connectorFor();

    await connector.getUserInfo(
      callbackQuery({ redirectUri: 'https://attacker.example/cb', code_verifier: 'forged' }),
      createSessionStore(signInSession()).getSession
    );

    expect(seen.token).toHaveLength(1);
    expect(seen.token[0]!.body).toEqual({
      grant_type: 'authorization_code',
      code: authorizationCode,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
    expect(seen.token[0]!.headers.accept).toBe('application/json');
    expect(decodeBasicAuthorization(seen.token[0]!.headers.authorization as string)).toMatchObject({
      clientId,
      clientSecret,
    });
  });

  it('authenticates with a secret full of special characters that Hugging Face decodes exactly', async () => {
    const oddSecret = 'a+b:c d%e/é€🔑';
    const network = huggingFaceAnswers();
    const connector = await connectorFor({ clientId, clientSecret: oddSecret });

    await connector.getUserInfo(callbackQuery(), createSessionStore(signInSession()).getSession);

    expect(
      decodeBasicAuthorization(network.seen.token[0]!.headers.authorization as string).clientSecret
    ).toBe(oddSecret);
  });

  it('signs in with a token response that holds nothing but an access token', async () => {
    const { network, result } = await signInWith({ token: [200, { access_token: accessToken }] });

    await expect(result).resolves.toMatchObject({ id: userInfoWithOrgs.sub });
    expect(network.seen.userInfo.map(({ headers }) => headers.authorization)).toEqual([
      `Bearer ${accessToken}`,
    ]);
  });

  const failures: Array<[string, Answer, ConnectorErrorCodes, Record<string, unknown>]> = [
    [
      'invalid_grant',
      [400, invalidGrantError],
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      { error: 'invalid_grant' },
    ],
    [
      'invalid_client with HTTP 401',
      [401, invalidClientError],
      ConnectorErrorCodes.InvalidConfig,
      { status: 401 },
    ],
    [
      'invalid_client with HTTP 400',
      [400, invalidClientError],
      ConnectorErrorCodes.InvalidConfig,
      { status: 400 },
    ],
    [
      'invalid_scope',
      [400, invalidScopeError],
      ConnectorErrorCodes.General,
      { error: 'invalid_scope', errorDescription: invalidScopeError.error_description },
    ],
    [
      'an HTML 500 page',
      [500, '<html><body>Internal Server Error</body></html>'],
      ConnectorErrorCodes.General,
      { status: 500 },
    ],
    ['an HTML 502 page', [502, html502Page], ConnectorErrorCodes.General, { status: 502 }],
    [
      'a non-JSON 200',
      [200, 'access_token=abc&token_type=bearer'],
      ConnectorErrorCodes.InvalidResponse,
      { status: 200 },
    ],
    [
      'a 200 without access_token',
      [200, { token_type: 'bearer' }],
      ConnectorErrorCodes.InvalidResponse,
      { status: 200 },
    ],
    [
      'a 200 JSON array',
      [200, [tokenResponse]],
      ConnectorErrorCodes.InvalidResponse,
      { status: 200 },
    ],
  ];

  it.each(failures)(
    'reports %s with the right code and stops before asking for the profile',
    async (_kind, token, code, data) => {
      const { network, result } = await signInWith({ token });

      const error = await failureOf(result);

      expect(error.code).toBe(code);
      expect(error.data).toMatchObject(data);
      expect(network.seen.token).toHaveLength(1);
      expect(network.seen.userInfo).toHaveLength(0);
    }
  );

  it('tells the operator to check the client id and secret on invalid_client', async () => {
    const { result } = await signInWith({ token: [401, invalidClientError] });

    expect(messageOf(await failureOf(result))).toMatch(/client ID or client secret/);
  });

  it('gives a short excerpt of an HTML error page', async () => {
    const { result } = await signInWith({ token: [502, html502Page] });

    const { body } = (await failureOf(result)).data as { body: string };

    expect(body).toContain('502 Bad Gateway');
    expect(body.length).toBeLessThanOrEqual(201);
  });

  it('reports a refused connection as general', async () => {
    nock(huggingFace).post(tokenPath).replyWithError({ code: 'ECONNREFUSED' });

    const error = await failureOf(
      (await connectorFor()).getUserInfo(
        callbackQuery(),
        createSessionStore(signInSession()).getSession
      )
    );

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Could not reach Hugging Face');
  });

  it('gives up on a token endpoint that does not answer within the timeout', async () => {
    nock(huggingFace).post(tokenPath).delay(1000).reply(200, tokenResponse);
    const connector = await connectorFor(validConfig, { timeoutMs: 50 });
    const started = Date.now();

    const error = await failureOf(
      connector.getUserInfo(callbackQuery(), createSessionStore(signInSession()).getSession)
    );

    expect(Date.now() - started).toBeLessThan(900);
    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Hugging Face did not answer the token request');
  });
});

describe('getUserInfo: the profile', () => {
  const signIn = async (userInfo: Answer, options?: HuggingFaceConnectorOptions) => {
    const network = huggingFaceAnswers({ userInfo });
    const connector = await connectorFor(validConfig, options);

    return {
      network,
      result: connector.getUserInfo(
        callbackQuery(),
        createSessionStore(signInSession()).getSession
      ),
    };
  };

  it('asks for the profile with the access token as a Bearer token', async () => {
    const { network, result } = await signIn([200, userInfoWithOrgs]);
    await result;

    expect(network.seen.userInfo.map(({ headers }) => headers.authorization)).toEqual([
      `Bearer ${tokenResponse.access_token}`,
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('returns the mapped profile with the userinfo body as rawData', async () => {
    const { result } = await signIn([200, userInfoWithOrgs]);

    const profile = await result;

    expect(profile).toEqual({
      id: userInfoWithOrgs.sub,
      name: 'Jane Doe',
      avatar: userInfoWithOrgs.picture,
      email: 'jane@example.com',
      rawData: userInfoWithOrgs,
    });
    expect(socialUserInfoGuard.safeParse(profile).success).toBe(true);
  });

  it('returns no email when Hugging Face has not verified it', async () => {
    const { result } = await signIn([200, unverifiedEmailUserInfo]);

    expect(await result).not.toHaveProperty('email');
  });

  it('uses the handle as name when the display name is empty', async () => {
    const { result } = await signIn([200, emptyNameUserInfo]);

    expect((await result).name).toBe('handle-only');
  });

  it.each([
    [
      'a rejected access token (401)',
      [401, ''],
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      { status: 401 },
    ],
    ['HTTP 403', [403, { error: 'forbidden' }], ConnectorErrorCodes.General, { status: 403 }],
    ['HTTP 500', [500, '<h1>500</h1>'], ConnectorErrorCodes.General, { status: 500 }],
    [
      'a body without sub',
      [200, { name: 'Jane' }],
      ConnectorErrorCodes.InvalidResponse,
      { status: 200 },
    ],
    [
      'an empty sub',
      [200, { ...userInfoWithOrgs, sub: '' }],
      ConnectorErrorCodes.InvalidResponse,
      { status: 200 },
    ],
    ['a non-JSON body', [200, 'Jane Doe'], ConnectorErrorCodes.InvalidResponse, { status: 200 }],
    [
      'a JSON array',
      [200, [userInfoWithOrgs]],
      ConnectorErrorCodes.InvalidResponse,
      { status: 200 },
    ],
  ] as Array<[string, Answer, ConnectorErrorCodes, object]>)(
    'reports %s with the right code',
    async (_kind, answer, code, data) => {
      const { result } = await signIn(answer);

      const error = await failureOf(result);

      expect(error.code).toBe(code);
      expect(error.data).toMatchObject(data);
    }
  );

  it('gives up on a userinfo endpoint that does not answer within the timeout', async () => {
    nock(huggingFace)
      .post(tokenPath)
      .reply(200, tokenResponse)
      .get(userInfoPath)
      .delay(1000)
      .reply(200, userInfoWithOrgs);
    const connector = await connectorFor(validConfig, { timeoutMs: 50 });

    const error = await failureOf(
      connector.getUserInfo(callbackQuery(), createSessionStore(signInSession()).getSession)
    );

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Hugging Face did not answer the user profile request');
  });
});

describe('no secret in any error', () => {
  const secrets = [clientSecret, authorizationCode, codeVerifier, accessToken];
  // The token endpoint can only echo what it was sent: the access token does not exist yet.
  const everythingSent = [clientSecret, authorizationCode, codeVerifier].join(' ');

  it.each([
    [
      'invalid_grant echoing the code',
      {
        token: [
          400,
          { error: 'invalid_grant', error_description: `Invalid code ${authorizationCode}` },
        ],
      },
    ],
    [
      'invalid_client echoing the secret',
      {
        token: [
          401,
          { error: 'invalid_client', error_description: `secret ${clientSecret} unknown` },
        ],
      },
    ],
    [
      'another OAuth error echoing everything',
      { token: [400, { error: 'invalid_request', error_description: everythingSent }] },
    ],
    [
      'an HTML 500 page echoing the request',
      { token: [500, htmlPageEchoing(500, authorizationCode, codeVerifier, clientSecret)] },
    ],
    [
      'a 502 JSON body echoing the request',
      { token: [502, { received: { code: authorizationCode, code_verifier: codeVerifier } }] },
    ],
    [
      'a userinfo 500 page echoing the access token',
      { userInfo: [500, htmlPageEchoing(500, `Bearer ${accessToken}`)] },
    ],
    [
      'a userinfo 403 echoing the access token',
      { userInfo: [403, { error: `token ${accessToken} lacks scope` }] },
    ],
  ] as Array<[string, { token?: Answer; userInfo?: Answer }]>)(
    'when Hugging Face answers with %s',
    async (_kind, answers) => {
      huggingFaceAnswers(answers);
      const connector = await connectorFor();

      const error = await failureOf(
        connector.getUserInfo(callbackQuery(), createSessionStore(signInSession()).getSession)
      );

      expectNoSecretsIn(error, secrets);
      expect(JSON.stringify(error.data)).toContain('[redacted]');
    }
  );

  it('when Hugging Face answers with a userinfo 200 without sub echoing the access token', async () => {
    huggingFaceAnswers({ userInfo: [200, { token: accessToken, email: 'jane@example.com' }] });
    const connector = await connectorFor();

    const error = await failureOf(
      connector.getUserInfo(callbackQuery(), createSessionStore(signInSession()).getSession)
    );

    expectNoSecretsIn(error, secrets);
    expect(error.data).not.toHaveProperty('body');
    expect(JSON.stringify(error.data)).not.toContain('jane@example.com');
  });

  it('when the connection fails or times out', async () => {
    nock(huggingFace).post(tokenPath).replyWithError(`connection to ${huggingFace} reset`);
    const refused = await failureOf(
      (await connectorFor()).getUserInfo(
        callbackQuery(),
        createSessionStore(signInSession()).getSession
      )
    );
    nock(huggingFace).post(tokenPath).delay(1000).reply(200, tokenResponse);
    const timedOut = await failureOf(
      (await connectorFor(validConfig, { timeoutMs: 50 })).getUserInfo(
        callbackQuery(),
        createSessionStore(signInSession()).getSession
      )
    );

    expectNoSecretsIn(refused, secrets);
    expectNoSecretsIn(timedOut, secrets);
  });
});

describe('any callback data (property)', () => {
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constant(''));
  const anyField = fc.oneof(text, fc.anything({ maxDepth: 1 }));
  const callbackLike = fc.record(
    {
      code: fc.oneof(fc.constant(authorizationCode), anyField),
      state: fc.oneof(fc.constant(state), anyField),
      error: fc.oneof(fc.constantFrom('access_denied', 'invalid_scope', 'server_error'), anyField),
      error_description: anyField,
      redirectUri: anyField,
    },
    { requiredKeys: [] }
  );

  it('yields a valid Logto profile or a ConnectorError, never anything else', async () => {
    nock(huggingFace)
      .persist()
      .post(tokenPath)
      .reply(200, tokenResponse)
      .get(userInfoPath)
      .reply(200, userInfoWithOrgs);
    const connector = await connectorFor();
    let signedIn = 0;

    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), callbackLike), async (data) => {
        const store = createSessionStore(signInSession());
        let profile: unknown;

        try {
          profile = await connector.getUserInfo(data, store.getSession);
        } catch (error: unknown) {
          expect(error).toBeInstanceOf(ConnectorError);
          expect(store.getSession).toHaveBeenCalledTimes(1);

          return;
        }

        signedIn += 1;
        expect(socialUserInfoGuard.safeParse(profile).success).toBe(true);
        expect(data).toMatchObject({ code: expect.any(String) as string, state });
      }),
      { numRuns: 200 }
    );

    // The generators do reach the success path, so both outcomes were exercised.
    expect(signedIn).toBeGreaterThan(0);
  });
});
