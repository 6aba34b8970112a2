import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';

import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ExpiringStore } from './expiring-store.js';
import { startHuggingFaceProvider } from './index.js';

const JANE = '62f264b9f3c90f4b6514a269';
const PRIYA = '6481f0c2a9e3d75b1c0f4e8a';
const NAMELESS = '65b7e2d4c1a0f93e8d6b2c57';
const ACME = '652db071b62cf1f8463221e2';
const CLIENT_ID = 'playground-client';
const CLIENT_SECRET = 'playground-secret';
const REDIRECT_URI = 'http://localhost:3001/callback/huggingface';

const basic = (id, secret) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** @param {import('./index.js').Provider} provider */
function authorizeUrl(provider, params = {}) {
  const url = new URL('/oauth/authorize', provider.origin);
  const all = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    state: 'state-123',
    ...params,
  };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** GET /oauth/authorize without following the redirect. */
async function authorize(provider, params) {
  const response = await fetch(authorizeUrl(provider, params), { redirect: 'manual' });
  const location = response.headers.get('location');
  return { response, location: location ? new URL(location) : undefined };
}

async function postToken(provider, params, { authorization = basic(CLIENT_ID, CLIENT_SECRET) } = {}) {
  const response = await fetch(new URL('/oauth/token', provider.origin), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(authorization ? { Authorization: authorization } : {}),
    },
    body: new URLSearchParams(params),
  });
  return { response, body: await response.json() };
}

async function userInfo(provider, accessToken) {
  const response = await fetch(new URL('/oauth/userinfo', provider.origin), {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return { response, body: await response.json() };
}

/** Authorize (with autoConsent on) and exchange the code, with PKCE. */
async function signIn(provider, params = {}) {
  const { verifier, challenge } = pkce();
  const { location } = await authorize(provider, { code_challenge: challenge, code_challenge_method: 'S256', ...params });
  const code = location.searchParams.get('code');
  expect(code).toBeTruthy();
  const { response, body } = await postToken(provider, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return body;
}

/** One request over a given agent (to count connections). */
function requestWith(agent, url, { method = 'GET', headers = {}, body } = {}) {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Hugging Face test provider', () => {
  /** @type {import('./index.js').Provider} */
  let provider;

  beforeAll(async () => {
    provider = await startHuggingFaceProvider({ autoConsent: { userSub: JANE, decision: 'allow' } });
  });
  afterAll(() => provider.close());

  describe('discovery and keys', () => {
    it('publishes the discovery document of huggingface.co under its issuer', async () => {
      const response = await fetch(new URL('/.well-known/openid-configuration', provider.origin));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      const document = await response.json();
      expect(document).toMatchObject({
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/oauth/authorize`,
        token_endpoint: `${provider.issuer}/oauth/token`,
        userinfo_endpoint: `${provider.issuer}/oauth/userinfo`,
        jwks_uri: `${provider.issuer}/oauth/jwks`,
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        subject_types_supported: ['public'],
      });
      expect(provider.issuer).toBe(provider.origin);
    });

    it('uses a configured issuer in discovery while listening on its own origin', async () => {
      const other = await startHuggingFaceProvider({ issuer: 'https://huggingface.co/' });
      try {
        expect(other.issuer).toBe('https://huggingface.co');
        const document = await (await fetch(new URL('/.well-known/openid-configuration', other.origin))).json();
        expect(document.issuer).toBe('https://huggingface.co');
        expect(document.token_endpoint).toBe('https://huggingface.co/oauth/token');
      } finally {
        await other.close();
      }
    });

    it('publishes RS256 signing keys as a JWKS', async () => {
      const { keys } = await (await fetch(new URL('/oauth/jwks', provider.origin))).json();
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
        expect(key.kid).toEqual(expect.any(String));
        expect(key.d).toBeUndefined();
      }
    });

    it('answers unknown paths with a JSON 404', async () => {
      const response = await fetch(new URL('/api/whoami-v2', provider.origin));
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect((await response.json()).error).toBe('not_found');
    });
  });

  describe('authorization code flow', () => {
    it('signs in with PKCE: code, tokens, verified ID token and userinfo', async () => {
      const { verifier, challenge } = pkce();
      const { response, location } = await authorize(provider, {
        code_challenge: challenge,
        code_challenge_method: 'S256',
        nonce: 'nonce-abc',
      });
      expect(response.status).toBe(302);
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      expect(location.searchParams.get('state')).toBe('state-123');
      const code = location.searchParams.get('code');

      const token = await postToken(provider, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      });
      expect(token.response.status).toBe(200);
      expect(token.response.headers.get('content-type')).toBe('application/json');
      expect(token.response.headers.get('cache-control')).toBe('no-store');
      expect(token.body).toMatchObject({
        token_type: 'bearer',
        expires_in: 28_800,
        scope: 'openid profile email',
        access_token: expect.stringMatching(/^hf_oauth_[A-Za-z0-9]+$/),
        refresh_token: expect.any(String),
        id_token: expect.any(String),
      });

      const jwks = createRemoteJWKSet(new URL('/oauth/jwks', provider.origin));
      const { payload, protectedHeader } = await jwtVerify(token.body.id_token, jwks, {
        issuer: provider.issuer,
        audience: CLIENT_ID,
        algorithms: ['RS256'],
      });
      expect(protectedHeader.kid).toEqual(expect.any(String));
      expect(payload).toMatchObject({
        sub: JANE,
        nonce: 'nonce-abc',
        name: 'Jane Doe',
        preferred_username: 'janedoe',
        profile: 'https://huggingface.co/janedoe',
        website: 'https://janedoe.dev',
        email: 'jane@example.com',
        email_verified: true,
      });
      expect(payload.exp - payload.iat).toBe(3_600);
      expect(payload.auth_time).toEqual(expect.any(Number));
      for (const claim of ['isPro', 'canPay', 'orgs']) expect(payload).not.toHaveProperty(claim);

      const info = await userInfo(provider, token.body.access_token);
      expect(info.response.status).toBe(200);
      expect(info.body).toEqual({
        sub: JANE,
        name: 'Jane Doe',
        preferred_username: 'janedoe',
        profile: 'https://huggingface.co/janedoe',
        picture: expect.stringMatching(/^https:\/\/cdn-avatars\.huggingface\.co\//),
        website: 'https://janedoe.dev',
        email: 'jane@example.com',
        email_verified: true,
        isPro: false,
        canPay: true,
      });
    });

    it('leaves the ID token out without the openid scope', async () => {
      const body = await signIn(provider, { scope: 'profile' });
      expect(body.id_token).toBeUndefined();
      expect(body.scope).toBe('profile');
      const info = await userInfo(provider, body.access_token);
      expect(info.body.email).toBeUndefined();
      expect(info.body.preferred_username).toBe('janedoe');
    });

    it('shows only sub in userinfo without profile and email', async () => {
      const body = await signIn(provider, { scope: 'openid' });
      expect((await userInfo(provider, body.access_token)).body).toEqual({ sub: JANE });
    });

    it('accepts client_secret_post and codes made with createAuthorizationCode', async () => {
      const code = provider.createAuthorizationCode({
        clientId: CLIENT_ID,
        redirectUri: REDIRECT_URI,
        scope: 'openid email',
        userSub: PRIYA,
        nonce: 'n-1',
      });
      const { response, body } = await postToken(
        provider,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
        { authorization: null }
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
      try {
        const { response, location } = await authorize(provider);
        expect(response.status).toBe(302);
        expect(location.searchParams.get('error')).toBe('access_denied');
        expect(location.searchParams.get('error_description')).toBe('The user denied the request');
        expect(location.searchParams.get('state')).toBe('state-123');
        expect(location.searchParams.has('code')).toBe(false);
        expect(location.search).toContain('error_description=The+user+denied+the+request');
      } finally {
        provider.setAutoConsent({ userSub: JANE, decision: 'allow' });
      }
    });

    it('rejects a wrong or missing code_verifier with invalid_grant', async () => {
      for (const verifierParams of [{ code_verifier: pkce().verifier }, {}]) {
        const { challenge } = pkce();
        const { location } = await authorize(provider, { code_challenge: challenge, code_challenge_method: 'S256' });
        const { response, body } = await postToken(provider, {
          grant_type: 'authorization_code',
          code: location.searchParams.get('code'),
          redirect_uri: REDIRECT_URI,
          ...verifierParams,
        });
        expect(response.status).toBe(400);
        expect(body.error).toBe('invalid_grant');
        expect(body.error_description).toMatch(/code_verifier/);
      }
    });

    it('accepts a code only once and revokes the tokens of a replayed code', async () => {
      const { verifier, challenge } = pkce();
      const { location } = await authorize(provider, { code_challenge: challenge, code_challenge_method: 'S256' });
      const params = {
        grant_type: 'authorization_code',
        code: location.searchParams.get('code'),
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      };
      const first = await postToken(provider, params);
      expect(first.response.status).toBe(200);
      const second = await postToken(provider, params);
      expect(second.response.status).toBe(400);
      expect(second.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid code' });
      expect((await userInfo(provider, first.body.access_token)).response.status).toBe(401);
    });

    it('rejects a code exchanged with another redirect_uri', async () => {
      const { location } = await authorize(provider);
      const { response, body } = await postToken(provider, {
        grant_type: 'authorization_code',
        code: location.searchParams.get('code'),
        redirect_uri: 'http://localhost:3002/callback/huggingface',
      });
      expect(response.status).toBe(400);
      expect(body).toEqual({ error: 'invalid_grant', error_description: 'Invalid code' });
    });

    it('answers 401 invalid_client for a wrong secret or an unknown client', async () => {
      for (const authorization of [basic(CLIENT_ID, 'wrong-secret'), basic('no-such-client', CLIENT_SECRET)]) {
        const code = provider.createAuthorizationCode({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scope: 'openid', userSub: JANE });
        const { response, body } = await postToken(
          provider,
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
          { authorization }
        );
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(body).toEqual({ error: 'invalid_client', error_description: 'Client not found' });
      }
      const { response } = await postToken(provider, { grant_type: 'authorization_code', code: 'x' }, { authorization: null });
      expect(response.status).toBe(401);
    });

    it('form-urldecodes Basic credentials (RFC 6749 §2.3.1)', async () => {
      const clientId = 'app:with special/chars';
      const clientSecret = 's3cr3t+with:colon%and space';
      const other = await startHuggingFaceProvider({
        clients: [{ clientId, clientSecret, redirectUris: [REDIRECT_URI], allowedScopes: ['openid'] }],
      });
      try {
        const code = other.createAuthorizationCode({ clientId, redirectUri: REDIRECT_URI, scope: 'openid', userSub: JANE });
        const { response } = await postToken(
          other,
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
          { authorization: basic(clientId, clientSecret) }
        );
        expect(response.status).toBe(200);
      } finally {
        await other.close();
      }
    });

    it('answers unsupported_grant_type and rejects bodies that are not forms', async () => {
      const { response, body } = await postToken(provider, { grant_type: 'password', username: 'a', password: 'b' });
      expect(response.status).toBe(400);
      expect(body.error).toBe('unsupported_grant_type');

      const json = await fetch(new URL('/oauth/token', provider.origin), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: basic(CLIENT_ID, CLIENT_SECRET) },
        body: '{"grant_type": ',
      });
      expect(json.status).toBe(400);
      expect((await json.json()).error).toBe('invalid_request');
    });
  });

  describe('refresh tokens', () => {
    it('rotates the refresh token and invalidates the old one', async () => {
      const first = await signIn(provider, { nonce: 'first-nonce' });
      const refreshed = await postToken(provider, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expect(refreshed.response.status).toBe(200);
      expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
      expect(refreshed.body.access_token).not.toBe(first.access_token);
      expect(refreshed.body.scope).toBe('openid profile email');
      const { payload } = await jwtVerify(
        refreshed.body.id_token,
        createRemoteJWKSet(new URL('/oauth/jwks', provider.origin)),
        { issuer: provider.issuer, audience: CLIENT_ID }
      );
      expect(payload.nonce).toBeUndefined();
      expect((await userInfo(provider, refreshed.body.access_token)).response.status).toBe(200);

      const reused = await postToken(provider, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expect(reused.response.status).toBe(400);
      expect(reused.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });

      const again = await postToken(provider, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token });
      expect(again.response.status).toBe(200);
    });

    it('can narrow the scope but not widen it', async () => {
      const { refresh_token: refreshToken } = await signIn(provider, { scope: 'openid profile' });
      const wider = await postToken(provider, { grant_type: 'refresh_token', refresh_token: refreshToken, scope: 'openid email' });
      expect(wider.body.error).toBe('invalid_scope');
      const narrower = await postToken(provider, { grant_type: 'refresh_token', refresh_token: refreshToken, scope: 'profile' });
      expect(narrower.body.scope).toBe('profile');
      expect(narrower.body.id_token).toBeUndefined();
    });
  });

  describe('userinfo', () => {
    it('answers 401 invalid_token with WWW-Authenticate for a bad or missing token', async () => {
      const bad = await userInfo(provider, 'hf_oauth_not-a-real-token');
      expect(bad.response.status).toBe(401);
      expect(bad.response.headers.get('content-type')).toBe('application/json');
      expect(bad.response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(bad.body.error).toBe('invalid_token');

      const missing = await fetch(new URL('/oauth/userinfo', provider.origin));
      expect(missing.status).toBe(401);
    });

    it('lists orgs only with read-memberships, with roleInOrg for the org granted by orgIds', async () => {
      const without = await signIn(provider, { scope: 'openid profile' });
      expect((await userInfo(provider, without.access_token)).body).not.toHaveProperty('orgs');

      const withOrgs = await signIn(provider, { scope: 'openid profile read-memberships', orgIds: ACME });
      const { orgs } = (await userInfo(provider, withOrgs.access_token)).body;
      expect(orgs).toHaveLength(2);
      expect(orgs[0]).toEqual({
        sub: ACME,
        name: 'Acme Corp',
        preferred_username: 'acme',
        picture: expect.any(String),
        plan: 'team',
        roleInOrg: 'write',
      });
      expect(orgs[1]).not.toHaveProperty('roleInOrg');
    });

    it('lists orgs with profile alone when orgsRequireScope is null', async () => {
      const other = await startHuggingFaceProvider({
        orgsRequireScope: null,
        autoConsent: { userSub: PRIYA, decision: 'allow' },
      });
      try {
        const body = await signIn(other, { scope: 'openid profile' });
        const info = (await userInfo(other, body.access_token)).body;
        expect(info.orgs).toEqual([]);
        expect(info.isPro).toBe(true);
      } finally {
        await other.close();
      }
    });

    it('gives an empty name for a user without a display name', async () => {
      provider.setAutoConsent({ userSub: NAMELESS, decision: 'allow' });
      try {
        const body = await signIn(provider, { scope: 'profile' });
        const info = (await userInfo(provider, body.access_token)).body;
        expect(info.name).toBe('');
        expect(info.preferred_username).toBe('quiet-tensor');
        expect(info).not.toHaveProperty('website');
      } finally {
        provider.setAutoConsent({ userSub: JANE, decision: 'allow' });
      }
    });

    it('rejects every token after revokeTokens (the user revoked the app)', async () => {
      const body = await signIn(provider);
      expect(provider.revokeTokens({ userSub: JANE })).toBeGreaterThan(0);
      expect((await userInfo(provider, body.access_token)).response.status).toBe(401);
      const refreshed = await postToken(provider, { grant_type: 'refresh_token', refresh_token: body.refresh_token });
      expect(refreshed.body.error).toBe('invalid_grant');
    });
  });

  describe('authorization request errors', () => {
    it('shows a 400 page and does not redirect for an unregistered redirect_uri', async () => {
      const other = await startHuggingFaceProvider({
        clients: [{ clientId: 'app', clientSecret: 's', redirectUris: ['https://logto.example.com/callback/hf'] }],
        autoConsent: { userSub: JANE, decision: 'allow' },
      });
      try {
        const exact = await authorize(other, { client_id: 'app', redirect_uri: 'https://logto.example.com/callback/hf' });
        expect(exact.response.status).toBe(302);

        for (const redirectUri of ['https://logto.example.com/callback/hf/', 'https://evil.example.com/callback/hf', 'http://localhost:3001/callback/hf']) {
          const { response, location } = await authorize(other, { client_id: 'app', redirect_uri: redirectUri });
          expect(response.status).toBe(400);
          expect(location).toBeUndefined();
          expect(response.headers.get('content-type')).toMatch(/^text\/html/);
          expect(await response.text()).toContain('is not registered');
        }
      } finally {
        await other.close();
      }
    });

    it('accepts any port for a registered loopback redirect URI', async () => {
      const other = await startHuggingFaceProvider({
        clients: [{ clientId: 'app', clientSecret: 's', redirectUris: ['http://127.0.0.1:3001/callback'] }],
        autoConsent: { userSub: JANE, decision: 'allow' },
      });
      try {
        expect((await authorize(other, { client_id: 'app', redirect_uri: 'http://127.0.0.1:49152/callback' })).response.status).toBe(302);
        expect((await authorize(other, { client_id: 'app', redirect_uri: 'http://127.0.0.1:49152/other' })).response.status).toBe(400);
      } finally {
        await other.close();
      }
    });

    it('shows a 400 page for an unknown client', async () => {
      const { response, location } = await authorize(provider, { client_id: 'nobody' });
      expect(response.status).toBe(400);
      expect(location).toBeUndefined();
      expect(await response.text()).toContain('Unknown client_id');
    });

    it('redirects back with OAuth errors for other mistakes', async () => {
      const cases = [
        [{ response_type: 'token' }, 'unsupported_response_type'],
        [{ scope: 'openid write-repos' }, 'invalid_scope'],
        [{ scope: 'openid offline_access' }, 'invalid_scope'],
        [{ code_challenge: pkce().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
        [{ prompt: 'none' }, 'login_required'],
      ];
      for (const [params, error] of cases) {
        const { response, location } = await authorize(provider, params);
        expect(response.status).toBe(302);
        expect(location.searchParams.get('error')).toBe(error);
        expect(location.searchParams.get('state')).toBe('state-123');
        expect(location.searchParams.get('error_description')).toEqual(expect.any(String));
      }
    });
  });

  describe('consent page', () => {
    it('lets a person pick a user and allow, once', async () => {
      const manual = await startHuggingFaceProvider();
      try {
        const response = await fetch(
          authorizeUrl(manual, { scope: 'openid profile read-memberships', orgIds: ACME }),
          { redirect: 'manual' }
        );
        expect(response.status).toBe(200);
        const html = await response.text();
        expect(html).toContain('<form method="post" action="/oauth/authorize/decision">');
        expect(html).toMatch(/<input type="radio" id="user-0" name="user" value="62f264b9f3c90f4b6514a269" checked>/);
        expect(html).toContain('>Allow</button>');
        expect(html).toContain('>Deny</button>');
        expect(html).toContain('See the organizations you belong to');
        expect(html).toContain('Acme Corp');
        const requestId = /name="request_id" value="([^"]+)"/.exec(html)[1];

        const decide = () =>
          fetch(new URL('/oauth/authorize/decision', manual.origin), {
            method: 'POST',
            redirect: 'manual',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ request_id: requestId, user: PRIYA, decision: 'allow' }),
          });
        const allowed = await decide();
        expect(allowed.status).toBe(302);
        const location = new URL(allowed.headers.get('location'));
        expect(location.searchParams.get('state')).toBe('state-123');
        const code = location.searchParams.get('code');
        const { body } = await postToken(manual, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
        expect((await userInfo(manual, body.access_token)).body.sub).toBe(PRIYA);

        const again = await decide();
        expect(again.status).toBe(400);
        expect(await again.text()).toContain('expired');
      } finally {
        await manual.close();
      }
    });
  });

  describe('keys', () => {
    it('keeps old keys in the JWKS after rotation so earlier ID tokens still verify', async () => {
      const before = await signIn(provider);
      const oldKid = decodeProtectedHeader(before.id_token).kid;
      const newKid = await provider.rotateSigningKey();
      expect(newKid).not.toBe(oldKid);
      const after = await signIn(provider);
      expect(decodeProtectedHeader(after.id_token).kid).toBe(newKid);

      const { keys } = await (await fetch(new URL('/oauth/jwks', provider.origin))).json();
      expect(keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
      const jwks = createRemoteJWKSet(new URL('/oauth/jwks', provider.origin));
      for (const token of [before.id_token, after.id_token]) {
        await expect(jwtVerify(token, jwks, { issuer: provider.issuer, audience: CLIENT_ID })).resolves.toBeTruthy();
      }
    });

    it('signs crafted tokens that verification then rejects', async () => {
      const token = await provider.signIdToken({ iss: 'https://evil.example.com' });
      const jwks = createRemoteJWKSet(new URL('/oauth/jwks', provider.origin));
      await expect(jwtVerify(token, jwks, { issuer: provider.issuer, audience: CLIENT_ID })).rejects.toThrow(/iss/);
    });
  });

  describe('expiry', () => {
    it('expires codes after 60 s and access tokens after accessTokenTtlSeconds', async () => {
      let clock = Date.now();
      const timed = await startHuggingFaceProvider({ now: () => clock, accessTokenTtlSeconds: 120 });
      try {
        const makeCode = () =>
          timed.createAuthorizationCode({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scope: 'profile', userSub: JANE });
        const stale = makeCode();
        clock += 61_000;
        const expired = await postToken(timed, { grant_type: 'authorization_code', code: stale, redirect_uri: REDIRECT_URI });
        expect(expired.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid code' });

        const fresh = await postToken(timed, { grant_type: 'authorization_code', code: makeCode(), redirect_uri: REDIRECT_URI });
        expect(fresh.body.expires_in).toBe(120);
        expect((await userInfo(timed, fresh.body.access_token)).response.status).toBe(200);
        clock += 121_000;
        expect((await userInfo(timed, fresh.body.access_token)).response.status).toBe(401);
      } finally {
        await timed.close();
      }
    });

    it('caps a store: the oldest entry goes when it is full', () => {
      const store = new ExpiringStore({ ttlMs: 1_000, maxSize: 2, now: () => 0 });
      store.set('a', 1);
      store.set('b', 2);
      store.set('c', 3);
      expect(store.size).toBe(2);
      expect(store.get('a')).toBeUndefined();
      expect(store.get('c')).toBe(3);
    });
  });

  describe('connections', () => {
    it('serves many requests over one keep-alive connection', async () => {
      const local = await startHuggingFaceProvider({ autoConsent: { userSub: JANE, decision: 'allow' } });
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; i < 3; i += 1) {
          const { location } = await (async () => {
            const res = await requestWith(agent, authorizeUrl(local));
            return { location: new URL(res.headers.location) };
          })();
          const token = await requestWith(agent, new URL('/oauth/token', local.origin), {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(CLIENT_ID, CLIENT_SECRET) },
            body: new URLSearchParams({ grant_type: 'authorization_code', code: location.searchParams.get('code'), redirect_uri: REDIRECT_URI }).toString(),
          });
          expect(token.status).toBe(200);
          const info = await requestWith(agent, new URL('/oauth/userinfo', local.origin), {
            headers: { Authorization: `Bearer ${JSON.parse(token.text).access_token}` },
          });
          expect(info.status).toBe(200);
        }
        expect(local.stats.connections).toBe(1);
        expect(local.stats.requests['/oauth/token']).toBe(3);
        local.resetStats();
        expect(local.stats).toEqual({ requests: {}, connections: 0, tlsHandshakes: 0 });
      } finally {
        agent.destroy();
        await local.close();
      }
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
      const { createDevCertificate } = await import('./dev-cert.js');
      const tls = createDevCertificate();
      const secure = await startHuggingFaceProvider({ tls, issuer: 'https://huggingface.co' });
      const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: tls.cert });
      try {
        expect(secure.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        for (let i = 0; i < 5; i += 1) {
          const res = await requestWith(agent, new URL('/.well-known/openid-configuration', secure.origin));
          expect(JSON.parse(res.text).issuer).toBe('https://huggingface.co');
        }
        expect(secure.stats.connections).toBe(1);
        expect(secure.stats.tlsHandshakes).toBe(1);
      } finally {
        agent.destroy();
        await secure.close();
      }
    });
  });
});
