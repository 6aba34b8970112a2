import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';

import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type * as ConnectorModule from '../../src/index.js';
import { ensureConnectorBuilt } from '../build.js';
import { createDevCertificate } from './dev-cert.js';
import {
  startHuggingFaceProvider,
  type HuggingFaceProvider,
  type ProviderOptions,
} from './index.js';

type Json = Record<string, unknown>;
type Params = Record<string, string>;

const JANE = '62f264b9f3c90f4b6514a269';
const PRIYA = '6481f0c2a9e3d75b1c0f4e8a';
const NAMELESS = '65b7e2d4c1a0f93e8d6b2c57';
const ACME = '652db071b62cf1f8463221e2';
const LAB = '64a1c3e9d7f2b5a8c0e4d613';
const CLIENT_ID = 'playground-client';
const REDIRECT_URI = 'http://localhost:3001/callback/huggingface';
const INVALID_CODE = { error: 'invalid_grant', error_description: 'Invalid code' };

// vitest types its asymmetric matchers as any.
const anyString = expect.any(String) as unknown;
const matching = (pattern: RegExp) => expect.stringMatching(pattern) as unknown;

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const CLIENT_AUTH = basic(CLIENT_ID, 'playground-secret');

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(provider: HuggingFaceProvider, params: Params = {}) {
  const url = new URL('/oauth/authorize', provider.origin);
  const defaults = { response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI };
  const all = { ...defaults, scope: 'openid profile email', state: 'state-123', ...params };
  for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value);
  return url;
}

/** GET /oauth/authorize without following the redirect. */
async function authorize(provider: HuggingFaceProvider, params: Params = {}) {
  const response = await fetch(authorizeUrl(provider, params), { redirect: 'manual' });
  const location = response.headers.get('location');
  return { response, location: location === null ? undefined : new URL(location) };
}

const codeOf = (url: URL | undefined) => url?.searchParams.get('code') ?? '';

async function postToken(
  provider: HuggingFaceProvider,
  params: Params,
  auth: string | null = CLIENT_AUTH
) {
  const response = await fetch(new URL('/oauth/token', provider.origin), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(auth !== null && { Authorization: auth }),
    },
    body: new URLSearchParams(params),
  });
  return { response, body: (await response.json()) as Json };
}

const codeGrant = (code: string) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: REDIRECT_URI,
});

const exchange = (provider: HuggingFaceProvider, code: string, extra: Params = {}) =>
  postToken(provider, { ...codeGrant(code), ...extra });

const refresh = (provider: HuggingFaceProvider, refreshToken: unknown, extra: Params = {}) =>
  postToken(provider, {
    grant_type: 'refresh_token',
    refresh_token: String(refreshToken),
    ...extra,
  });

async function callApi(provider: HuggingFaceProvider, path: string, accessToken?: unknown) {
  const headers: Params =
    typeof accessToken === 'string' ? { Authorization: `Bearer ${accessToken}` } : {};
  const response = await fetch(new URL(path, provider.origin), { headers });
  return { response, body: (await response.json()) as Json };
}

const userInfo = (provider: HuggingFaceProvider, token?: unknown) =>
  callApi(provider, '/oauth/userinfo', token);

/** Authorize (autoConsent answers) and exchange the code, with PKCE. */
async function signIn(provider: HuggingFaceProvider, params: Params = {}) {
  const { verifier, challenge } = pkce();
  const pkceParams = { code_challenge: challenge, code_challenge_method: 'S256' };
  const { location } = await authorize(provider, { ...pkceParams, ...params });
  const { response, body } = await exchange(provider, codeOf(location), {
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return body;
}

async function withProvider(
  options: ProviderOptions,
  run: (other: HuggingFaceProvider) => Promise<void>
) {
  const other = await startHuggingFaceProvider(options);
  try {
    await run(other);
  } finally {
    await other.close();
  }
}

const janeAllows = { userSub: JANE, decision: 'allow' } as const;
let provider: HuggingFaceProvider;

beforeAll(async () => {
  provider = await startHuggingFaceProvider({ autoConsent: janeAllows });
});
afterAll(() => provider.close());
afterEach(() => {
  provider.setAutoConsent(janeAllows);
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
    const key = { kty: 'RSA', use: 'sig', alg: 'RS256', kid: anyString, e: 'AQAB', n: anyString };
    expect(body.keys).toEqual([key]);
  });
});

describe('authorization code flow', () => {
  const janeProfile = () => ({
    sub: JANE,
    name: 'Jane Doe',
    preferred_username: 'janedoe',
    profile: `${provider.origin}/janedoe`,
    picture: `${provider.origin}/avatars/janedoe.svg`,
    website: 'https://janedoe.dev',
    email: 'jane@example.com',
    email_verified: true,
  });

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

    const token = await exchange(provider, codeOf(location), { code_verifier: verifier });
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
    const iat = payload.iat ?? 0;
    const claims = {
      iss: provider.issuer,
      aud: CLIENT_ID,
      nonce: 'nonce-abc',
      iat,
      exp: iat + 3_600,
    };
    expect(payload).toEqual({ ...claims, ...janeProfile() });

    const info = await userInfo(provider, token.body.access_token);
    expect(info.body).toEqual({ ...janeProfile(), isPro: false, canPay: true });
  });

  it('issues no ID token without openid, and userinfo still answers', async () => {
    const body = await signIn(provider, { scope: 'profile' });
    expect(body).not.toHaveProperty('id_token');
    expect(body.scope).toBe('profile');
    const withoutEmail = { ...janeProfile(), email: undefined, email_verified: undefined };
    expect((await userInfo(provider, body.access_token)).body).toEqual({
      ...withoutEmail,
      isPro: false,
      canPay: true,
    });
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
    const credentials = { client_id: CLIENT_ID, client_secret: 'playground-secret' };
    const { body } = await postToken(provider, { ...codeGrant(code), ...credentials }, null);
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
    for (const verifier of [{ code_verifier: pkce().verifier }, {} as Params]) {
      const pkceParams = { code_challenge: pkce().challenge, code_challenge_method: 'S256' };
      const { location } = await authorize(provider, pkceParams);
      const { response, body } = await exchange(provider, codeOf(location), verifier);
      expect(response.status).toBe(400);
      expect(body).toEqual(INVALID_CODE);
    }
  });

  it('accepts a code once and revokes the tokens of a replayed code', async () => {
    const code = codeOf((await authorize(provider)).location);
    const first = await exchange(provider, code);
    expect(first.response.status).toBe(200);
    expect((await exchange(provider, code)).body).toEqual(INVALID_CODE);
    expect((await userInfo(provider, first.body.access_token)).response.status).toBe(401);
  });

  it('rejects a code exchanged with another redirect_uri', async () => {
    const code = codeOf((await authorize(provider)).location);
    const otherUri = { redirect_uri: 'http://localhost:3002/callback/huggingface' };
    expect((await exchange(provider, code, otherUri)).body).toEqual(INVALID_CODE);
  });

  it('answers 401 invalid_client "Client not found" for a wrong secret or an unknown client', async () => {
    const code = codeOf((await authorize(provider)).location);
    const params = codeGrant(code);
    for (const auth of [basic(CLIENT_ID, 'wrong'), basic('nobody', 'playground-secret')]) {
      const { response, body } = await postToken(provider, params, auth);
      expect(response.status).toBe(401);
      expect(body).toEqual({ error: 'invalid_client', error_description: 'Client not found' });
    }
  });

  it('answers unsupported_grant_type, and invalid_request for a body that is not a form', async () => {
    expect((await postToken(provider, { grant_type: 'password' })).body.error).toBe(
      'unsupported_grant_type'
    );
    const json = await fetch(new URL('/oauth/token', provider.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: CLIENT_AUTH },
      body: '{"grant_type": ',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as Json).error).toBe('invalid_request');
  });

  it('expires access tokens after accessTokenTtlSeconds', async () => {
    await withProvider({ accessTokenTtlSeconds: 120, autoConsent: janeAllows }, async (timed) => {
      const { body } = await exchange(timed, codeOf((await authorize(timed)).location));
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
    const refreshed = await refresh(provider, first.refresh_token);
    expect(refreshed.body).toEqual({
      access_token: matching(/^hf_oauth_/),
      token_type: 'bearer',
      expires_in: 28_800,
      scope: 'openid profile email',
      id_token: anyString,
      refresh_token: matching(/^[A-Za-z0-9]{48}$/),
    });
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect((await userInfo(provider, refreshed.body.access_token)).response.status).toBe(200);

    const reused = await refresh(provider, first.refresh_token);
    const invalid = { error: 'invalid_grant', error_description: 'Invalid refresh token' };
    expect(reused.response.status).toBe(400);
    expect(reused.body).toEqual(invalid);
    // oidc-provider's reuse detection: a replayed refresh token ends the whole grant.
    expect((await refresh(provider, refreshed.body.refresh_token)).body).toEqual(invalid);
  });

  it('can narrow the scope but not widen it', async () => {
    const { refresh_token: refreshToken } = await signIn(provider, { scope: 'openid profile' });
    const wider = await refresh(provider, refreshToken, { scope: 'openid email' });
    expect(wider.body.error).toBe('invalid_scope');
    const narrower = await refresh(provider, refreshToken, { scope: 'profile' });
    expect(narrower.body.scope).toBe('profile');
    expect(narrower.body).not.toHaveProperty('id_token');
  });
});

describe('userinfo', () => {
  it('answers 401 invalid_token with WWW-Authenticate for a bad or missing token', async () => {
    const bad = await userInfo(provider, 'hf_oauth_not-a-real-token');
    const description = 'Invalid or expired access token';
    expect(bad.response.status).toBe(401);
    expect(bad.response.headers.get('www-authenticate')).toBe(
      `Bearer error="invalid_token", error_description="${description}"`
    );
    expect(bad.body).toEqual({ error: 'invalid_token', error_description: description });
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
        sub: LAB,
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
      expect([info.orgs, info.isPro]).toEqual([[], true]);
    });
  });

  it('gives an empty name and no website for a user without them', async () => {
    provider.setAutoConsent({ userSub: NAMELESS, decision: 'allow' });
    const body = await signIn(provider, { scope: 'profile' });
    const info = (await userInfo(provider, body.access_token)).body;
    expect([info.name, info.preferred_username]).toEqual(['', 'quiet-tensor']);
    expect(info).not.toHaveProperty('website');
  });
});

describe('whoami-v2', () => {
  it("answers in huggingface.co's shape for an OAuth access token", async () => {
    const scope = 'openid profile email read-memberships inference-api';
    const { access_token: accessToken } = await signIn(provider, { scope, orgIds: ACME });
    const { response, body } = await callApi(provider, '/api/whoami-v2', accessToken);
    expect(response.status).toBe(200);
    const auth = body.auth as { accessToken: { createdAt: string } };
    const createdAt = Date.parse(auth.accessToken.createdAt);
    expect(Math.abs(createdAt - Date.now())).toBeLessThan(60_000);
    const avatarUrl = (handle: string) => `${provider.origin}/avatars/${handle}.svg`;
    expect(body).toEqual({
      type: 'user',
      id: JANE,
      name: 'janedoe',
      fullname: 'Jane Doe',
      email: 'jane@example.com',
      emailVerified: true,
      avatarUrl: avatarUrl('janedoe'),
      isPro: false,
      canPay: true,
      orgs: [
        {
          type: 'org',
          id: ACME,
          name: 'acme',
          fullname: 'Acme Corp',
          avatarUrl: avatarUrl('acme'),
          roleInOrg: 'write',
        },
        {
          type: 'org',
          id: LAB,
          name: 'open-research-lab',
          fullname: 'Open Research Lab',
          avatarUrl: avatarUrl('open-research-lab'),
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
        scope,
      },
    });
  });

  it('answers 401 "Invalid credentials in Authorization header" without a valid token', async () => {
    for (const token of [undefined, 'hf_oauth_not-a-real-token']) {
      const { response, body } = await callApi(provider, '/api/whoami-v2', token);
      expect(response.status).toBe(401);
      expect(body).toEqual({ error: 'Invalid credentials in Authorization header' });
    }
  });
});

describe('avatars and profile pages', () => {
  it('serves every avatar and profile page it hands out, from its own origin', async () => {
    const body = await signIn(provider, { scope: 'profile read-memberships' });
    const info = (await userInfo(provider, body.access_token)).body;
    const orgPictures = (info.orgs as Json[]).map((org) => String(org.picture));
    for (const picture of [String(info.picture), ...orgPictures]) {
      expect(new URL(picture).origin).toBe(provider.origin);
      const response = await fetch(picture);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(await response.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
    const profile = await fetch(String(info.profile));
    expect(await profile.text()).toContain(
      '<img src="/avatars/janedoe.svg" alt="" width="48" height="48"> Jane Doe</h1>'
    );
  });

  it('answers 404 for anyone else', async () => {
    expect((await callApi(provider, '/avatars/nobody.svg')).response.status).toBe(404);
  });
});

describe('authorization request errors', () => {
  const page = async (response: Response) => {
    expect([response.status, response.headers.get('content-type')]).toEqual([
      400,
      'text/html; charset=utf-8',
    ]);
    return response.text();
  };

  it('shows a 400 page and does not redirect for an unregistered redirect_uri', async () => {
    const registered = 'https://logto.example.com/callback/hf';
    const clients = [{ clientId: 'app', clientSecret: 's', redirectUris: [registered] }];
    await withProvider({ clients, autoConsent: janeAllows }, async (other) => {
      const exact = await authorize(other, { client_id: 'app', redirect_uri: registered });
      expect(codeOf(exact.location)).not.toBe('');
      for (const redirectUri of [`${registered}/`, 'http://localhost:3001/callback/hf']) {
        const { response } = await authorize(other, {
          client_id: 'app',
          redirect_uri: redirectUri,
        });
        expect(await page(response)).toContain(
          `The redirect_uri &#34;${redirectUri}&#34; is not registered for the app &#34;app&#34;.`
        );
      }
    });
  });

  it('requires PKCE from an app without a secret, which then sends client_id alone', async () => {
    const clients = [{ clientId: 'spa', clientSecret: null }];
    await withProvider({ clients, autoConsent: janeAllows }, async (other) => {
      const withoutPkce = await authorize(other, { client_id: 'spa' });
      expect(withoutPkce.location?.searchParams.get('error')).toBe('invalid_request');

      const { verifier, challenge } = pkce();
      const pkceParams = { code_challenge: challenge, code_challenge_method: 'S256' };
      const { location } = await authorize(other, { client_id: 'spa', ...pkceParams });
      const params = { client_id: 'spa', code_verifier: verifier };
      const { body } = await postToken(other, { ...codeGrant(codeOf(location)), ...params }, null);
      expect(body.token_type).toBe('bearer');
    });
  });

  it('accepts any port for a registered loopback redirect URI', async () => {
    const clients = [
      { clientId: 'app', clientSecret: 's', redirectUris: ['http://127.0.0.1:3001/cb'] },
    ];
    await withProvider({ clients, autoConsent: janeAllows }, async (other) => {
      const at = (redirectUri: string) =>
        authorize(other, { client_id: 'app', redirect_uri: redirectUri });
      expect(codeOf((await at('http://127.0.0.1:49152/cb')).location)).not.toBe('');
      expect((await at('http://127.0.0.1:49152/other')).response.status).toBe(400);
    });
  });

  it('shows a 400 page for an unknown client', async () => {
    const { response } = await authorize(provider, { client_id: 'nobody' });
    expect(await page(response)).toContain(
      'Unknown client_id &#34;nobody&#34;: no OAuth app has this id.'
    );
  });

  it('redirects back with OAuth errors for other mistakes', async () => {
    const cases: [Params, string][] = [
      [{ scope: 'openid write-repos' }, 'invalid_scope'],
      [{ code_challenge: pkce().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const { location } = await authorize(provider, params);
      expect(location?.searchParams.get('error')).toBe(error);
      expect(location?.searchParams.get('state')).toBe('state-123');
    }
    // An implicit-flow request is answered in the fragment, as OAuth 2.0 says.
    const { location } = await authorize(provider, { response_type: 'token' });
    const fragment = new URLSearchParams(location?.hash.slice(1));
    expect(fragment.get('error')).toBe('unsupported_response_type');
  });
});

describe('consent page', () => {
  /** Follows redirects on the provider with its cookies, like a browser; stops at the app. */
  function createBrowser(origin: string) {
    const cookies = new Map<string, string>();
    return async (url: URL | string, form?: Params) => {
      let target = new URL(url, origin);
      let body = form && new URLSearchParams(form);
      for (;;) {
        const response = await fetch(target, {
          method: body ? 'POST' : 'GET',
          body,
          redirect: 'manual',
          headers: { cookie: [...cookies].map((pair) => pair.join('=')).join('; ') },
        });
        for (const line of response.headers.getSetCookie()) {
          const [name = '', value = ''] = line.split(';')[0]?.split('=') ?? [];
          cookies.set(name, value);
        }
        const location = response.headers.get('location');
        if (location === null) return { response, url: target };
        target = new URL(location, target);
        if (target.origin !== origin) return { response, url: target };
        body = undefined;
      }
    };
  }

  it('lets a person pick a user, see the organization asked for, and allow once', async () => {
    await withProvider({}, async (manual) => {
      const browser = createBrowser(manual.origin);
      const scope = 'openid profile read-memberships';
      const consent = await browser(authorizeUrl(manual, { scope, orgIds: ACME }));
      const html = await consent.response.text();
      expect(html).toContain(`<form method="post" action="${consent.url.pathname}">`);
      expect(html).toContain(
        `<input type="radio" id="user-0" name="user" value="${JANE}" checked>`
      );
      expect(html).toContain('See the organizations you belong to and your role in them');
      expect(html).toContain('also asks for access to <strong>Acme Corp</strong> (@acme).');

      for (const [form, message] of [
        [{ user: PRIYA, decision: 'maybe' }, 'Choose Allow or Deny.'],
        [{ user: 'nobody', decision: 'allow' }, 'Choose one of the listed accounts.'],
      ] as const) {
        const refused = await browser(consent.url, form);
        expect(refused.response.status).toBe(400);
        expect(await refused.response.text()).toContain(`<p role="alert">${message}</p>`);
      }
      const allowed = await browser(consent.url, { user: PRIYA, decision: 'allow' });
      expect(allowed.url.searchParams.get('state')).toBe('state-123');
      const { body } = await exchange(manual, codeOf(allowed.url));
      expect((await userInfo(manual, body.access_token)).body.sub).toBe(PRIYA);

      const again = await browser(consent.url, { user: PRIYA, decision: 'allow' });
      expect(again.response.status).toBe(400);
      expect(await again.response.text()).toContain('This sign-in request has expired');
    });
  });

  it('sends access_denied back when the person denies', async () => {
    await withProvider({}, async (manual) => {
      const browser = createBrowser(manual.origin);
      const consent = await browser(authorizeUrl(manual));
      const denied = await browser(consent.url, { decision: 'deny' });
      expect(denied.url.searchParams.get('error_description')).toBe('The user denied the request');
    });
  });

  it('answers prompt=none with login_required when nobody is signed in', async () => {
    await withProvider({}, async (manual) => {
      const { location } = await authorize(manual, { prompt: 'none' });
      expect(location?.searchParams.get('error')).toBe('login_required');
    });
  });

  it('is answered by autoConsent when the app forces it with prompt=consent', async () => {
    const browser = createBrowser(provider.origin);
    const { url } = await browser(authorizeUrl(provider, { scope: 'openid', prompt: 'consent' }));
    const { body } = await exchange(provider, codeOf(url));
    expect((await userInfo(provider, body.access_token)).body).toEqual({ sub: JANE });
  });
});

describe('connections', () => {
  const get = (agent: http.Agent, url: URL) =>
    new Promise<number | undefined>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      transport
        .get(url, { agent }, (res) => res.resume().on('end', () => resolve(res.statusCode)))
        .on('error', reject);
    });

  it('counts requests and connections, and resets the counters', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await withProvider({}, async (local) => {
      for (let i = 0; i < 3; i += 1) await get(agent, new URL('/oauth/jwks', local.origin));
      const counted = { requests: { '/oauth/jwks': 3 }, connections: 1, tlsHandshakes: 0 };
      expect(local.stats).toEqual(counted);
      local.resetStats();
      expect(local.stats).toEqual({ requests: {}, connections: 0, tlsHandshakes: 0 });
    });
    agent.destroy();
  });

  const hasOpenssl = (() => {
    try {
      return execFileSync('openssl', ['version']).length > 0;
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
        expect(await get(agent, new URL('/oauth/jwks', secure.origin))).toBe(200);
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
    const lib = new URL('../../lib/index.js', import.meta.url).href;
    const { createHuggingFaceConnector } = (await import(lib)) as typeof ConnectorModule;
    const config = {
      clientId: CLIENT_ID,
      clientSecret: 'playground-secret',
      scope: 'openid profile email read-memberships',
    };
    const connector = await createHuggingFaceConnector({ issuer: provider.issuer })({
      getConfig: () => Promise.resolve(config),
    });
    let session: unknown;
    const request = { state: 'logto-state', redirectUri: REDIRECT_URI, jti: 'jti', headers: {} };
    const ids = { connectorId: 'huggingface', connectorFactoryId: connector.metadata.id };
    const authorizationUri = await connector.getAuthorizationUri(
      { ...request, ...ids },
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
    const profile = { id: JANE, name: 'Jane Doe', email: 'jane@example.com' };
    expect(signedIn?.userInfo).toMatchObject(profile);

    const refreshToken = signedIn?.tokenResponse?.refresh_token;
    const refreshed = await connector.getAccessTokenByRefreshToken?.(String(refreshToken));
    expect(refreshed?.refresh_token).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(refreshed?.refresh_token).not.toBe(refreshToken);
    expect((await userInfo(provider, refreshed?.access_token)).body.sub).toBe(JANE);
  });
});
