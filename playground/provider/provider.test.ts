import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';

import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type * as ConnectorModule from '../../src/index.js';
import { ensureConnectorBuilt } from '../build.js';
import { createDevCertificate } from './dev-cert.js';
import { startHuggingFaceProvider, type HuggingFaceProvider } from './index.js';

type ConnectorPackage = typeof ConnectorModule;
type Json = Record<string, unknown>;

const JANE = '62f264b9f3c90f4b6514a269';
const PRIYA = '6481f0c2a9e3d75b1c0f4e8a';
const NAMELESS = '65b7e2d4c1a0f93e8d6b2c57';
const ACME = '652db071b62cf1f8463221e2';
const OPEN_RESEARCH_LAB = '64a1c3e9d7f2b5a8c0e4d613';
const CLIENT_ID = 'playground-client';
const CLIENT_SECRET = 'playground-secret';
const REDIRECT_URI = 'http://localhost:3001/callback/huggingface';

// vitest types its asymmetric matchers as any.
const anyString = expect.any(String) as unknown;
const anyNumber = expect.any(Number) as unknown;
const matching = (pattern: RegExp) => expect.stringMatching(pattern) as unknown;

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(provider: HuggingFaceProvider, params: Record<string, string> = {}) {
  const url = new URL('/oauth/authorize', provider.origin);
  const all = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    state: 'state-123',
    ...params,
  };
  for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value);
  return url;
}

/** GET /oauth/authorize without following the redirect. */
async function authorize(provider: HuggingFaceProvider, params: Record<string, string> = {}) {
  const response = await fetch(authorizeUrl(provider, params), { redirect: 'manual' });
  const location = response.headers.get('location');
  return { response, location: location === null ? undefined : new URL(location, provider.origin) };
}

const redirectedCode = (location: URL | undefined) => location?.searchParams.get('code') ?? '';

async function postToken(
  provider: HuggingFaceProvider,
  params: Record<string, string>,
  authorization: string | null = basic(CLIENT_ID, CLIENT_SECRET)
) {
  const response = await fetch(new URL('/oauth/token', provider.origin), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(authorization !== null && { Authorization: authorization }),
    },
    body: new URLSearchParams(params),
  });
  return { response, body: (await response.json()) as Json };
}

async function callApi(provider: HuggingFaceProvider, path: string, accessToken?: unknown) {
  const token = typeof accessToken === 'string' ? accessToken : undefined;
  const response = await fetch(new URL(path, provider.origin), {
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
  return { response, body: (await response.json()) as Json };
}

const userInfo = (provider: HuggingFaceProvider, token?: unknown) =>
  callApi(provider, '/oauth/userinfo', token);
const whoAmI = (provider: HuggingFaceProvider, token?: unknown) =>
  callApi(provider, '/api/whoami-v2', token);

/** Authorize (autoConsent on) and exchange the code, with PKCE. */
async function signIn(provider: HuggingFaceProvider, params: Record<string, string> = {}) {
  const { verifier, challenge } = pkce();
  const { location } = await authorize(provider, {
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  const { response, body } = await postToken(provider, {
    grant_type: 'authorization_code',
    code: redirectedCode(location),
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return body;
}

async function withProvider(
  options: Parameters<typeof startHuggingFaceProvider>[0],
  run: (provider: HuggingFaceProvider) => Promise<void>
) {
  const provider = await startHuggingFaceProvider(options);
  try {
    await run(provider);
  } finally {
    await provider.close();
  }
}

let provider: HuggingFaceProvider;

beforeAll(async () => {
  provider = await startHuggingFaceProvider({ autoConsent: { userSub: JANE, decision: 'allow' } });
});
afterAll(() => provider.close());
afterEach(() => {
  provider.setAutoConsent({ userSub: JANE, decision: 'allow' });
  vi.useRealTimers();
});

describe('discovery and keys', () => {
  it("publishes huggingface.co's discovery document under its issuer", async () => {
    const { body } = await callApi(provider, '/.well-known/openid-configuration');
    const issuer = provider.origin;
    expect(provider.issuer).toBe(issuer);
    expect(body).toEqual({
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      userinfo_endpoint: `${issuer}/oauth/userinfo`,
      jwks_uri: `${issuer}/oauth/jwks`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
  });

  it('uses a configured issuer while listening on its own origin', async () => {
    await withProvider({ issuer: 'https://huggingface.co/' }, async (other) => {
      expect(other.issuer).toBe('https://huggingface.co');
      const { body } = await callApi(other, '/.well-known/openid-configuration');
      expect(body.token_endpoint).toBe('https://huggingface.co/oauth/token');
    });
  });

  it('publishes one public RS256 signing key', async () => {
    const { body } = await callApi(provider, '/oauth/jwks');
    expect(body.keys).toEqual([
      {
        kty: 'RSA',
        use: 'sig',
        alg: 'RS256',
        kid: anyString,
        e: 'AQAB',
        n: anyString,
      },
    ]);
  });
});

describe('authorization code flow', () => {
  it('signs in with PKCE: code, tokens, a verified ID token and userinfo', async () => {
    const { verifier, challenge } = pkce();
    const { response, location } = await authorize(provider, {
      code_challenge: challenge,
      code_challenge_method: 'S256',
      nonce: 'nonce-abc',
    });
    expect(response.status).toBe(303);
    expect(`${location?.origin}${location?.pathname}`).toBe(REDIRECT_URI);
    expect(location?.searchParams.get('state')).toBe('state-123');

    const token = await postToken(provider, {
      grant_type: 'authorization_code',
      code: redirectedCode(location),
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(token.response.headers.get('cache-control')).toBe('no-store');
    expect(token.body).toEqual({
      access_token: matching(/^hf_oauth_[A-Za-z0-9]{34}$/),
      token_type: 'bearer',
      expires_in: 28_800,
      scope: 'openid profile email',
      id_token: anyString,
      refresh_token: matching(/^[A-Za-z0-9]{48}$/),
    });

    const jwks = createRemoteJWKSet(new URL('/oauth/jwks', provider.origin));
    const { payload } = await jwtVerify(String(token.body.id_token), jwks, {
      issuer: provider.issuer,
      audience: CLIENT_ID,
      algorithms: ['RS256'],
    });
    expect(payload).toEqual({
      iss: provider.issuer,
      aud: CLIENT_ID,
      sub: JANE,
      nonce: 'nonce-abc',
      iat: anyNumber,
      exp: (payload.iat ?? 0) + 3_600,
      name: 'Jane Doe',
      preferred_username: 'janedoe',
      profile: `${provider.origin}/janedoe`,
      picture: `${provider.origin}/avatars/janedoe.svg`,
      website: 'https://janedoe.dev',
      email: 'jane@example.com',
      email_verified: true,
    });

    const info = await userInfo(provider, token.body.access_token);
    expect(info.body).toEqual({
      sub: JANE,
      name: 'Jane Doe',
      preferred_username: 'janedoe',
      profile: `${provider.origin}/janedoe`,
      picture: `${provider.origin}/avatars/janedoe.svg`,
      website: 'https://janedoe.dev',
      email: 'jane@example.com',
      email_verified: true,
      isPro: false,
      canPay: true,
    });
  });

  it('issues no ID token without openid, and userinfo still answers', async () => {
    const body = await signIn(provider, { scope: 'profile' });
    expect(body.id_token).toBeUndefined();
    expect(body.scope).toBe('profile');
    const info = await userInfo(provider, body.access_token);
    expect(info.body.preferred_username).toBe('janedoe');
    expect(info.body).not.toHaveProperty('email');
  });

  it('shows only sub in userinfo without profile and email', async () => {
    const body = await signIn(provider, { scope: 'openid' });
    expect((await userInfo(provider, body.access_token)).body).toEqual({ sub: JANE });
  });

  it('accepts client_secret_post and codes made with createAuthorizationCode', async () => {
    const code = await provider.createAuthorizationCode({
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      scope: 'openid email',
      userSub: PRIYA,
    });
    const { response, body } = await postToken(
      provider,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      },
      null
    );
    expect(response.status).toBe(200);
    expect((await userInfo(provider, body.access_token)).body).toEqual({
      sub: PRIYA,
      email: 'priya@example.org',
      email_verified: false,
    });
  });

  it('redirects back with access_denied when the user denies', async () => {
    provider.setAutoConsent({ userSub: JANE, decision: 'deny' });
    const { location } = await authorize(provider);
    expect(Object.fromEntries(location?.searchParams ?? [])).toEqual({
      error: 'access_denied',
      error_description: 'The user denied the request',
      state: 'state-123',
      iss: provider.issuer,
    });
  });

  it('answers invalid_grant "Invalid code" for a wrong or missing code_verifier', async () => {
    for (const verifier of [{ code_verifier: pkce().verifier }, {} as Record<string, string>]) {
      const { location } = await authorize(provider, {
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      });
      const params = { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI };
      const { response, body } = await postToken(provider, {
        ...params,
        code: redirectedCode(location),
        ...verifier,
      });
      expect(response.status).toBe(400);
      expect(body).toEqual({ error: 'invalid_grant', error_description: 'Invalid code' });
    }
  });

  it('accepts a code once and revokes the tokens of a replayed code', async () => {
    const { location } = await authorize(provider);
    const params = {
      grant_type: 'authorization_code',
      code: redirectedCode(location),
      redirect_uri: REDIRECT_URI,
    };
    const first = await postToken(provider, params);
    expect(first.response.status).toBe(200);
    const second = await postToken(provider, params);
    expect(second.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid code' });
    expect((await userInfo(provider, first.body.access_token)).response.status).toBe(401);
  });

  it('rejects a code exchanged with another redirect_uri', async () => {
    const { location } = await authorize(provider);
    const { body } = await postToken(provider, {
      grant_type: 'authorization_code',
      code: redirectedCode(location),
      redirect_uri: 'http://localhost:3002/callback/huggingface',
    });
    expect(body).toEqual({ error: 'invalid_grant', error_description: 'Invalid code' });
  });

  it('answers 401 invalid_client "Client not found" for a wrong secret or an unknown client', async () => {
    const code = await provider.createAuthorizationCode({
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      scope: 'openid',
      userSub: JANE,
    });
    const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI };
    for (const authorization of [basic(CLIENT_ID, 'wrong'), basic('nobody', CLIENT_SECRET)]) {
      const { response, body } = await postToken(provider, params, authorization);
      expect(response.status).toBe(401);
      expect(body).toEqual({ error: 'invalid_client', error_description: 'Client not found' });
    }
  });

  it('answers unsupported_grant_type, and invalid_request for a body that is not a form', async () => {
    const password = await postToken(provider, { grant_type: 'password' });
    expect(password.body.error).toBe('unsupported_grant_type');

    const json = await fetch(new URL('/oauth/token', provider.origin), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: basic(CLIENT_ID, CLIENT_SECRET),
      },
      body: '{"grant_type": ',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as Json).error).toBe('invalid_request');
  });

  it('expires access tokens after accessTokenTtlSeconds', async () => {
    await withProvider({ accessTokenTtlSeconds: 120 }, async (timed) => {
      const code = await timed.createAuthorizationCode({
        clientId: CLIENT_ID,
        redirectUri: REDIRECT_URI,
        scope: 'profile',
        userSub: JANE,
      });
      const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI };
      const { body } = await postToken(timed, params);
      expect(body.expires_in).toBe(120);
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      vi.advanceTimersByTime(119_000);
      expect((await userInfo(timed, body.access_token)).response.status).toBe(200);
      // oidc-provider allows 15 seconds of clock skew.
      vi.advanceTimersByTime(17_000);
      expect((await userInfo(timed, body.access_token)).response.status).toBe(401);
    });
  });
});

describe('refresh tokens', () => {
  it('come without offline_access and rotate: the old one then gets invalid_grant', async () => {
    const first = await signIn(provider);
    const params = { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) };
    const refreshed = await postToken(provider, params);
    expect(refreshed.body).toEqual({
      access_token: matching(/^hf_oauth_/),
      token_type: 'bearer',
      expires_in: 28_800,
      scope: 'openid profile email',
      id_token: anyString,
      refresh_token: anyString,
    });
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect((await userInfo(provider, refreshed.body.access_token)).response.status).toBe(200);

    const reused = await postToken(provider, params);
    expect(reused.response.status).toBe(400);
    expect(reused.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid refresh token',
    });
  });

  it('can narrow the scope but not widen it', async () => {
    const { refresh_token: refreshToken } = await signIn(provider, { scope: 'openid profile' });
    const params = { grant_type: 'refresh_token', refresh_token: String(refreshToken) };
    const wider = await postToken(provider, { ...params, scope: 'openid email' });
    expect(wider.body.error).toBe('invalid_scope');
    const narrower = await postToken(provider, { ...params, scope: 'profile' });
    expect(narrower.body.scope).toBe('profile');
    expect(narrower.body.id_token).toBeUndefined();
  });
});

describe('userinfo', () => {
  it('answers 401 invalid_token with WWW-Authenticate for a bad or missing token', async () => {
    const bad = await userInfo(provider, 'hf_oauth_not-a-real-token');
    expect(bad.response.status).toBe(401);
    expect(bad.response.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", error_description="Invalid or expired access token"'
    );
    expect(bad.body).toEqual({
      error: 'invalid_token',
      error_description: 'Invalid or expired access token',
    });
    expect((await userInfo(provider)).body.error_description).toBe('Missing access token');
  });

  it('lists orgs only with read-memberships, with roleInOrg for the one granted by orgIds', async () => {
    const without = await signIn(provider, { scope: 'openid profile' });
    expect((await userInfo(provider, without.access_token)).body).not.toHaveProperty('orgs');

    const granted = await signIn(provider, { scope: 'profile read-memberships', orgIds: ACME });
    expect((await userInfo(provider, granted.access_token)).body.orgs).toEqual([
      {
        sub: ACME,
        name: 'Acme Corp',
        preferred_username: 'acme',
        picture: `${provider.origin}/avatars/acme.svg`,
        plan: 'team',
        roleInOrg: 'write',
      },
      {
        sub: OPEN_RESEARCH_LAB,
        name: 'Open Research Lab',
        preferred_username: 'open-research-lab',
        picture: `${provider.origin}/avatars/open-research-lab.svg`,
        plan: 'free',
      },
    ]);
  });

  it('lists orgs with profile alone when orgsRequireScope is null', async () => {
    const autoConsent = { userSub: PRIYA, decision: 'allow' } as const;
    await withProvider({ orgsRequireScope: null, autoConsent }, async (other) => {
      const body = await signIn(other, { scope: 'openid profile' });
      const info = (await userInfo(other, body.access_token)).body;
      expect(info.orgs).toEqual([]);
      expect(info.isPro).toBe(true);
    });
  });

  it('gives an empty name and no website for a user without them', async () => {
    provider.setAutoConsent({ userSub: NAMELESS, decision: 'allow' });
    const body = await signIn(provider, { scope: 'profile' });
    const info = (await userInfo(provider, body.access_token)).body;
    expect(info.name).toBe('');
    expect(info.preferred_username).toBe('quiet-tensor');
    expect(info).not.toHaveProperty('website');
  });
});

describe('whoami-v2', () => {
  it("answers in huggingface.co's shape for an OAuth access token", async () => {
    const body = await signIn(provider, {
      scope: 'openid profile email read-memberships inference-api',
      orgIds: ACME,
    });
    const { response, body: whoami } = await whoAmI(provider, body.access_token);
    expect(response.status).toBe(200);
    const createdAt = Date.parse(
      String((whoami.auth as { accessToken: Json }).accessToken.createdAt)
    );
    expect(whoami).toEqual({
      type: 'user',
      id: JANE,
      name: 'janedoe',
      fullname: 'Jane Doe',
      email: 'jane@example.com',
      emailVerified: true,
      avatarUrl: `${provider.origin}/avatars/janedoe.svg`,
      isPro: false,
      canPay: true,
      orgs: [
        {
          type: 'org',
          id: ACME,
          name: 'acme',
          fullname: 'Acme Corp',
          avatarUrl: `${provider.origin}/avatars/acme.svg`,
          roleInOrg: 'write',
        },
        {
          type: 'org',
          id: OPEN_RESEARCH_LAB,
          name: 'open-research-lab',
          fullname: 'Open Research Lab',
          avatarUrl: `${provider.origin}/avatars/open-research-lab.svg`,
        },
      ],
      auth: {
        type: 'oauth',
        accessToken: {
          displayName: 'Hugging Face connector playground',
          role: 'fineGrained',
          createdAt: new Date(createdAt).toISOString(),
        },
        expiresAt: new Date(createdAt + 28_800_000).toISOString(),
        scope: 'openid profile email read-memberships inference-api',
      },
    });
    expect(Math.abs(createdAt - Date.now())).toBeLessThan(60_000);
  });

  it('answers 401 "Invalid credentials in Authorization header" without a valid token', async () => {
    for (const token of [undefined, 'hf_oauth_not-a-real-token']) {
      const { response, body } = await whoAmI(provider, token);
      expect(response.status).toBe(401);
      expect(body).toEqual({ error: 'Invalid credentials in Authorization header' });
    }
  });
});

describe('avatars', () => {
  it('serves every avatar it hands out, as SVG from its own origin', async () => {
    const body = await signIn(provider, { scope: 'profile read-memberships' });
    const info = (await userInfo(provider, body.access_token)).body;
    const orgs = info.orgs as Json[];
    const pictures = [info.picture, ...orgs.map((org) => org.picture)].map(String);
    expect(pictures).toHaveLength(3);
    for (const picture of pictures) {
      expect(new URL(picture).origin).toBe(provider.origin);
      const response = await fetch(picture);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(await response.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
  });

  it('answers 404 for anyone else', async () => {
    const { response } = await callApi(provider, '/avatars/nobody.svg');
    expect(response.status).toBe(404);
  });
});

describe('authorization request errors', () => {
  it('shows a 400 page and does not redirect for an unregistered redirect_uri', async () => {
    const registered = 'https://logto.example.com/callback/hf';
    const clients = [{ clientId: 'app', clientSecret: 's', redirectUris: [registered] }];
    const autoConsent = { userSub: JANE, decision: 'allow' } as const;
    await withProvider({ clients, autoConsent }, async (other) => {
      const exact = await authorize(other, { client_id: 'app', redirect_uri: registered });
      expect(exact.location?.searchParams.has('code')).toBe(true);
      for (const redirectUri of [`${registered}/`, 'http://localhost:3001/callback/hf']) {
        const { response, location } = await authorize(other, {
          client_id: 'app',
          redirect_uri: redirectUri,
        });
        expect(response.status).toBe(400);
        expect(location).toBeUndefined();
        expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(await response.text()).toContain(
          `The redirect_uri &#34;${redirectUri}&#34; is not registered for the app &#34;app&#34;.`
        );
      }
    });
  });

  it('accepts any port for a registered loopback redirect URI', async () => {
    const clients = [
      { clientId: 'app', clientSecret: 's', redirectUris: ['http://127.0.0.1:3001/cb'] },
    ];
    const autoConsent = { userSub: JANE, decision: 'allow' } as const;
    await withProvider({ clients, autoConsent }, async (other) => {
      const otherPort = await authorize(other, {
        client_id: 'app',
        redirect_uri: 'http://127.0.0.1:49152/cb',
      });
      expect(otherPort.response.status).toBe(303);
      const otherPath = await authorize(other, {
        client_id: 'app',
        redirect_uri: 'http://127.0.0.1:49152/x',
      });
      expect(otherPath.response.status).toBe(400);
    });
  });

  it('shows a 400 page for an unknown client', async () => {
    const { response, location } = await authorize(provider, { client_id: 'nobody' });
    expect(response.status).toBe(400);
    expect(location).toBeUndefined();
    expect(await response.text()).toContain(
      'Unknown client_id &#34;nobody&#34;: no OAuth app has this id.'
    );
  });

  it('redirects back with OAuth errors for other mistakes', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ scope: 'openid write-repos' }, 'invalid_scope'],
      [{ code_challenge: pkce().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const { response, location } = await authorize(provider, params);
      expect(response.status).toBe(303);
      expect(location?.searchParams.get('error')).toBe(error);
      expect(location?.searchParams.get('state')).toBe('state-123');
    }
    // An implicit-flow request is answered in the fragment, as OAuth 2.0 says.
    const { location } = await authorize(provider, { response_type: 'token' });
    expect(new URLSearchParams(location?.hash.slice(1)).get('error')).toBe(
      'unsupported_response_type'
    );
  });
});

describe('consent page', () => {
  /** Follows redirects on the provider with its cookies, like a browser; stops at the app. */
  function createBrowser(origin: string) {
    const cookies = new Map<string, string>();
    return async (url: URL | string, init: RequestInit = {}) => {
      let target = new URL(url, origin);
      let response: Response;
      let method = init.method ?? 'GET';
      let body = init.body;
      for (;;) {
        const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
        response = await fetch(target, {
          ...init,
          method,
          body,
          redirect: 'manual',
          headers: { ...(init.headers as Record<string, string>), cookie },
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const [name = '', value = ''] = pair.split('=');
          cookies.set(name, value);
        }
        const location = response.headers.get('location');
        if (location === null) return { response, url: target };
        target = new URL(location, target);
        if (target.origin !== origin) return { response, url: target };
        [method, body] = ['GET', undefined];
      }
    };
  }

  const decide = (browser: ReturnType<typeof createBrowser>, action: string, form: Json) =>
    browser(action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form as Record<string, string>),
    });

  it('lets a person pick a user, see the organization asked for, and allow once', async () => {
    await withProvider({}, async (manual) => {
      const browser = createBrowser(manual.origin);
      const scope = 'openid profile read-memberships';
      const page = await browser(authorizeUrl(manual, { scope, orgIds: ACME }));
      expect(page.response.status).toBe(200);
      const html = await page.response.text();
      const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1] ?? '';
      expect(action).toBe(page.url.pathname);
      expect(html).toContain(
        `<input type="radio" id="user-0" name="user" value="${JANE}" checked>`
      );
      expect(html).toContain('See the organizations you belong to and your role in them');
      expect(html).toContain('also asks for access to <strong>Acme Corp</strong> (@acme).');

      const allowed = await decide(browser, action, { user: PRIYA, decision: 'allow' });
      expect(allowed.url.searchParams.get('state')).toBe('state-123');
      const { body } = await postToken(manual, {
        grant_type: 'authorization_code',
        code: redirectedCode(allowed.url),
        redirect_uri: REDIRECT_URI,
      });
      expect((await userInfo(manual, body.access_token)).body.sub).toBe(PRIYA);

      const again = await decide(browser, action, { user: PRIYA, decision: 'allow' });
      expect(again.response.status).toBe(400);
      expect(await again.response.text()).toContain('This sign-in request has expired');
    });
  });

  it('sends access_denied back when the person denies', async () => {
    await withProvider({}, async (manual) => {
      const browser = createBrowser(manual.origin);
      const page = await browser(authorizeUrl(manual));
      const denied = await decide(browser, page.url.pathname, { decision: 'deny' });
      expect(denied.url.searchParams.get('error')).toBe('access_denied');
      expect(denied.url.searchParams.get('error_description')).toBe('The user denied the request');
    });
  });

  it('answers prompt=none with login_required when nobody is signed in', async () => {
    await withProvider({}, async (manual) => {
      const { location } = await authorize(manual, { prompt: 'none' });
      expect(location?.searchParams.get('error')).toBe('login_required');
    });
  });
});

describe('connections', () => {
  function requestWith(agent: http.Agent, url: URL) {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<number | undefined>((resolve, reject) => {
      transport
        .get(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        })
        .on('error', reject);
    });
  }

  it('counts requests and connections, and resets the counters', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await withProvider({}, async (local) => {
      for (let i = 0; i < 3; i += 1) {
        await requestWith(agent, new URL('/oauth/jwks', local.origin));
      }
      expect(local.stats).toEqual({
        requests: { '/oauth/jwks': 3 },
        connections: 1,
        tlsHandshakes: 0,
      });
      local.resetStats();
      expect(local.stats).toEqual({ requests: {}, connections: 0, tlsHandshakes: 0 });
    });
    agent.destroy();
  });

  const hasOpenssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasOpenssl)('keeps one TLS connection alive over HTTPS', async () => {
    const tls = createDevCertificate();
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: tls.cert });
    await withProvider({ tls, issuer: 'https://huggingface.co' }, async (secure) => {
      expect(secure.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      for (let i = 0; i < 3; i += 1) {
        expect(await requestWith(agent, new URL('/oauth/jwks', secure.origin))).toBe(200);
      }
      expect(secure.stats).toMatchObject({ connections: 1, tlsHandshakes: 1 });
    });
    agent.destroy();
  });
});

describe("the connector's built lib/ against the provider", () => {
  beforeAll(async () => {
    await ensureConnectorBuilt();
  }, 120_000);

  it('signs in with the ID token verified, then refreshes with rotation', async () => {
    const { createHuggingFaceConnector } = (await import(
      new URL('../../lib/index.js', import.meta.url).href
    )) as ConnectorPackage;
    const config = {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scope: 'openid profile email read-memberships',
      orgIds: ACME,
    };
    const connector = await createHuggingFaceConnector({ issuer: provider.issuer })({
      getConfig: () => Promise.resolve(config),
    });
    let session: unknown;
    const authorizationUri = await connector.getAuthorizationUri(
      {
        state: 'logto-state',
        redirectUri: REDIRECT_URI,
        connectorId: 'huggingface',
        connectorFactoryId: connector.metadata.id,
        jti: 'jti',
        headers: {},
      },
      (value) => {
        session = value;
        return Promise.resolve();
      }
    );
    const callback = await fetch(authorizationUri, { redirect: 'manual' });
    const query = Object.fromEntries(new URL(callback.headers.get('location') ?? '').searchParams);
    const signedIn = await connector.getTokenResponseAndUserInfo?.(
      { ...query, redirectUri: REDIRECT_URI },
      () => Promise.resolve(session as never)
    );
    expect(signedIn?.userInfo).toMatchObject({
      id: JANE,
      name: 'Jane Doe',
      email: 'jane@example.com',
    });

    const refreshToken = String(signedIn?.tokenResponse?.refresh_token);
    const refreshed = await connector.getAccessTokenByRefreshToken?.(refreshToken);
    expect(refreshed?.refresh_token).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(refreshed?.refresh_token).not.toBe(refreshToken);
    expect((await userInfo(provider, refreshed?.access_token)).body.sub).toBe(JANE);
  });
});
