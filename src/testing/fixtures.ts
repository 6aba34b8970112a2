/** Realistic Hugging Face answers and Logto's side of a sign-in (see huggingface-protocol.md). */
import { inspect } from 'node:util';

import {
  ConnectorError,
  type ConnectorSession,
  type GetConnectorConfig,
  type GetSession,
  type SetSession,
} from '@logto/connector-kit';
import nock from 'nock';
import { afterEach, beforeEach, expect, vi } from 'vitest';

import { createConnectorSessionStore } from '../../tooling/logto-session.js';

export const huggingFace = 'https://huggingface.co';
export const tokenPath = '/oauth/token';
export const userInfoPath = '/oauth/userinfo';

export const clientId = '4f0c6a2e-9b1d-4c3e-8a7f-2d5e6b1c9a04';
export const clientSecret = 'hf_app_secret_7d3e1f0a5c2b4e8d9f6a1b0c';

/** A config as the Admin Console saves it: id and secret only, no scope. */
export const validConfig = { clientId, clientSecret };

/** What Logto passes as `getConfig`: returns the stored config of the connector. */
export const configGetter = (config: unknown = validConfig): GetConnectorConfig =>
  vi.fn<GetConnectorConfig>(() => Promise.resolve(config as Record<string, unknown>));

/** The `getConfig` Logto's loader passes at start-up: any read fails. */
export const throwingConfigGetter: GetConnectorConfig = () =>
  Promise.reject(new Error('getConfig must not be called while the connector is being loaded'));

export const redirectUri = 'https://auth.example.com/callback/huggingface-connector';
export const state = 'logto-state-5mK2pQ9xR7';
export const authorizationCode = 'hf-authorization-code-Q3v8Zr1LmW5t';
export const codeVerifier = 'pkce-verifier-Hq7Yw2Lr9Vt4Bn6Xc1Zk8Jm3Ps5Df0Ga';
export const accessToken = 'hf_oauth_access_9Kd2LmQp7ZxV4tRb8Nc1';
export const refreshToken = 'hf_oauth_refresh_3Fg6HjK9LmN2pQ5s';

/** The payload Logto passes to `getAuthorizationUri` (a scope only when the app asked for one). */
export const authorizationRequest = (scope?: string) => ({
  state,
  redirectUri,
  connectorId: 'k2v9p1x7',
  connectorFactoryId: 'huggingface-oidc-universal',
  jti: 'jti-8f7e6d',
  headers: { userAgent: 'Mozilla/5.0' },
  ...(scope !== undefined && { scope }),
});

/** A session as `getAuthorizationUri` leaves it (without `openid`, so no nonce). */
export const signInSession = (overrides: Partial<ConnectorSession> = {}): ConnectorSession => ({
  redirectUri,
  state,
  codeVerifier,
  ...overrides,
});

/** The query the browser brings back to Logto's callback after consent. */
export const callbackQuery = (overrides: Record<string, unknown> = {}) => ({
  code: authorizationCode,
  state,
  redirectUri,
  ...overrides,
});

export const tokenResponse = {
  access_token: accessToken,
  token_type: 'bearer',
  expires_in: 28_800,
  scope: 'profile email',
  refresh_token: refreshToken,
};

export const janeDoeSub = '62f264b9f3c90f4b6514a269';

/** Userinfo for scope `openid profile email`, with one granted organization. */
export const userInfoWithOrgs = {
  sub: janeDoeSub,
  name: 'Jane Doe',
  preferred_username: 'janedoe',
  profile: 'https://huggingface.co/janedoe',
  picture:
    'https://cdn-avatars.huggingface.co/v1/production/uploads/62f264b9f3c90f4b6514a269/avatar.png',
  website: 'https://janedoe.dev',
  email: 'jane@example.com',
  email_verified: true,
  isPro: false,
  canPay: true,
  orgs: [
    {
      sub: '652db071b62cf1f8463221e2',
      name: 'Acme Corp',
      preferred_username: 'acme',
      picture: 'https://cdn-avatars.huggingface.co/v1/production/uploads/652db071/acme.png',
      plan: 'team',
      roleInOrg: 'write',
    },
  ],
  hardwareItems: [{ sku: ['Gpu', 'Nvidia', 'RTX 4090'], num: 1 }],
};

/** What Logto should receive for `userInfoWithOrgs`: its verified email, and the body as rawData. */
export const janeDoeProfile = {
  id: userInfoWithOrgs.sub,
  name: userInfoWithOrgs.name,
  avatar: userInfoWithOrgs.picture,
  email: userInfoWithOrgs.email,
  rawData: userInfoWithOrgs,
};

export const unverifiedEmailUserInfo = {
  sub: '5f8a1c2e3d4b5a6978695a4b',
  name: 'Sam Unverified',
  preferred_username: 'samu',
  picture: 'https://cdn-avatars.huggingface.co/v1/production/uploads/5f8a1c2e/sam.png',
  email: 'sam@example.org',
  email_verified: false,
  isPro: false,
  orgs: [],
};

/** A user who never set a display name: only the handle identifies them. */
export const emptyNameUserInfo = {
  sub: '6a1b2c3d4e5f60718293a4b5',
  name: '',
  preferred_username: 'handle-only',
  picture: 'https://cdn-avatars.huggingface.co/v1/production/uploads/6a1b2c3d/default.png',
  isPro: true,
};

export const invalidGrantError = { error: 'invalid_grant', error_description: 'Invalid code' };
export const invalidClientError = {
  error: 'invalid_client',
  error_description: 'Client not found',
};
export const invalidScopeError = {
  error: 'invalid_scope',
  error_description: 'The requested scope is not allowed for this app',
};

/** What a proxy in front of huggingface.co answers when the backend is down. */
export const html502Page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>502 Bad Gateway</title></head>
<body><h1>502 Bad Gateway</h1>
<p>The server encountered a temporary error and could not complete your request. Please try again in 30 seconds.</p>
<hr><address>cloudfront</address></body></html>`;

/** An error page that echoes what it was sent: every secret in it must be redacted. */
export const htmlPageEchoing = (status: number, ...echoed: string[]) =>
  `<html><head><title>${status} Internal Server Error</title></head>
<body><pre>request failed: ${echoed.join(' ')}</pre></body></html>`;

/** Registers hooks so that each test of the calling file reaches only nock, and leaves no mock behind. */
export const mockNetworkForEachTest = () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });
};

/** One endpoint of Hugging Face answering once, recording the form body and headers it got. */
const answerOnce =
  (method: 'get' | 'post', path: string) => (status: number, body: string | object) => {
    const seen: { body: Record<string, string>; headers: Record<string, unknown> }[] = [];
    const scope = nock(huggingFace)
      [method](path)
      .reply(function (_uri, requestBody) {
        const form = typeof requestBody === 'string' ? requestBody : '';
        seen.push({
          body: Object.fromEntries(new URLSearchParams(form)),
          headers: this.req.headers,
        });

        return [status, typeof body === 'string' ? body : JSON.stringify(body)];
      });

    return { seen, scope };
  };

export const answerTokenEndpoint = answerOnce('post', tokenPath);
export const answerUserInfoEndpoint = answerOnce('get', userInfoPath);

/** Records every request to Hugging Face (answered 500) or elsewhere, to prove that none was sent. */
export const recordAllRequests = () => {
  const requests: string[] = [];
  const record = (method: string) =>
    function (uri: string): [number, string] {
      requests.push(`${method} ${uri}`);

      return [500, 'unexpected request'];
    };
  nock(huggingFace).persist().post(/.*/).reply(record('POST')).get(/.*/).reply(record('GET'));
  const onNoMatch = ({ method, href, path }: { method?: string; href?: string; path?: string }) => {
    requests.push(`${method ?? '?'} ${href ?? path ?? '?'}`);
  };
  nock.emitter.on('no match', onNoMatch);

  return { requests, stop: () => nock.emitter.removeListener('no match', onNoMatch) };
};

/** Decodes `Basic base64(form(id):form(secret))` back into the id and secret. */
export const decodeBasicAuthorization = (header: string | undefined) => {
  expect(header).toMatch(/^Basic [\d+/A-Za-z]+=*$/);
  // Form-encoding leaves no colon in either part: the one colon left is the separator.
  const [id = '', secret = ''] = Buffer.from(header!.slice(6), 'base64').toString().split(':');
  const formDecode = (value: string) => new URLSearchParams(`v=${value}`).get('v');

  return { clientId: formDecode(id), clientSecret: formDecode(secret) };
};

/** Logto's connector session (see tooling/logto-session.ts), with calls recorded. */
export const createSessionStore = (initial?: ConnectorSession) => {
  const store = createConnectorSessionStore();

  if (initial) {
    void store.setSession({ ...initial });
  }

  return {
    ...store,
    setSession: vi.fn<SetSession>(store.setSession),
    getSession: vi.fn<GetSession>(store.getSession),
  };
};

export type SessionStore = ReturnType<typeof createSessionStore>;

/** Markdown that Logto would show literally: a code span, bold, or a link. */
const markdown = /`|\*\*|\[[^\]]*\]\([^)]*\)/;

/** Fails on text an operator reads that carries Markdown. */
export const expectPlainText = (text: string) => {
  expect(text, 'user-facing text must not contain Markdown').not.toMatch(markdown);
};

/** Every error a test captures passes here: its message is what an operator reads. */
const checked = (error: unknown) => {
  expect(error).toBeInstanceOf(ConnectorError);
  const { message } = ((error as ConnectorError).data ?? {}) as { message?: unknown };

  if (typeof message === 'string') {
    expectPlainText(message);
  }

  return error as ConnectorError;
};

/** Awaits a promise that must reject with a `ConnectorError`, and returns that error. */
export const failureOf = async (promise: Promise<unknown>): Promise<ConnectorError> =>
  promise.then(
    (value: unknown) => {
      throw new Error(`expected a ConnectorError, got a result: ${JSON.stringify(value)}`);
    },
    (error: unknown) => checked(error)
  );

/** Runs a function that must throw a `ConnectorError` synchronously, and returns that error. */
export const thrownBy = (run: () => unknown): ConnectorError => {
  try {
    run();
  } catch (error: unknown) {
    return checked(error);
  }

  throw new Error('expected a ConnectorError to be thrown');
};

/** The `data.message` every error of this package carries. */
export const messageOf = (error: ConnectorError): string => {
  const { message } = error.data as { message?: unknown };
  expect(typeof message).toBe('string');

  return message as string;
};

/** No surface a host may show or log of an error contains any of the secrets. */
export const expectNoSecretsIn = (error: ConnectorError, secrets: readonly string[]) => {
  const surfaces = {
    message: error.message,
    data: JSON.stringify(error.data),
    cause: String(error.cause),
    inspect: inspect(error, { depth: Infinity, showHidden: true }),
    json: JSON.stringify(error),
  };

  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(0);

    for (const [surface, text] of Object.entries(surfaces)) {
      expect(text, `${surface} must not contain a secret`).not.toContain(secret);
    }
  }
};
