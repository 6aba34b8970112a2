import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';

import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createTestCertificate } from '../tooling/certificate.js';
import { createCookieClient, type RequestOptions } from '../tooling/cookie-client.js';
import {
  startHuggingFaceProvider,
  type HuggingFaceProvider as P,
  type ProviderOptions,
} from './index.js';

type Json = Record<string, unknown>;
type Params = Record<string, string>;

const JANE = '62f264b9f3c90f4b6514a269';
const PRIYA = '6481f0c2a9e3d75b1c0f4e8a';
const ACME = '652db071b62cf1f8463221e2';
const LAB = '64a1c3e9d7f2b5a8c0e4d613';
const CLIENT_ID = 'playground-client';
const REDIRECT_URI = 'http://localhost:3001/callback/huggingface';
const BASIC = `Basic ${btoa(`${CLIENT_ID}:playground-secret`)}`;

const janeAllows = { userSub: JANE, decision: 'allow' } as const;
let provider: P;
beforeAll(async () => {
  provider = await startHuggingFaceProvider({ autoConsent: janeAllows });
});
afterAll(() => provider.close());
afterEach(() => provider.setAutoConsent(janeAllows));

async function withProvider(options: ProviderOptions, run: (p: P) => Promise<void>) {
  const other = await startHuggingFaceProvider(options);
  await run(other).finally(() => other.close());
}

const client = createCookieClient();
const atApp = (location: URL) => location.href.startsWith(REDIRECT_URI);

const authorizeUrl = (on: P, params: Params = {}) => {
  const query = { response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI };
  const rest = { scope: 'openid profile email', state: 'st', ...params };
  return new URL(`/oauth/authorize?${new URLSearchParams({ ...query, ...rest })}`, on.origin);
};

/** GET /oauth/authorize, answered by autoConsent; the query of the redirect back to the app. */
const authorize = async (on: P, params: Params = {}) =>
  (await client.followUntil(authorizeUrl(on, params), atApp)).searchParams;

const send = async (on: P, path: string, options: RequestOptions) =>
  (await client.json(new URL(path, on.origin), options)) as { status: number; body: Json };

const postToken = (on: P, form: Params, headers: Params = { authorization: BASIC }) =>
  send(on, '/oauth/token', { body: new URLSearchParams(form), headers });

const getJson = (on: P, path: string, token?: unknown) => {
  const headers: Params = typeof token === 'string' ? { authorization: `Bearer ${token}` } : {};
  return send(on, path, { headers });
};

const codeGrant = (code: string | null) => ({
  grant_type: 'authorization_code',
  code: code ?? '',
  redirect_uri: REDIRECT_URI,
});

/** Authorize with PKCE (autoConsent answers) and exchange the code: the token response. */
async function signIn(on: P, params: Params = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
  const code = (await authorize(on, { ...pkce, ...params })).get('code');
  const { status, body } = await postToken(on, { ...codeGrant(code), code_verifier: verifier });
  expect(status).toBe(200);
  return body;
}

const userInfo = async (on: P, params: Params = {}) =>
  (await getJson(on, '/oauth/userinfo', (await signIn(on, params)).access_token)).body;

const janeProfile = () => ({
  sub: JANE,
  name: 'Jane Doe',
  preferred_username: 'janedoe',
  picture: `${provider.origin}/avatars/janedoe.svg`,
  profile: `${provider.origin}/janedoe`,
  website: 'https://janedoe.dev',
});
const janeEmail = { email: 'jane@example.com', email_verified: true };

it('answers the discovery URL with JSON naming its issuer, and publishes one RS256 key', async () => {
  const discovery = await getJson(provider, '/.well-known/openid-configuration');
  expect([discovery.status, discovery.body.issuer]).toEqual([200, provider.origin]);
  const { keys } = (await getJson(provider, '/oauth/jwks')).body as { keys: Json[] };
  expect(keys.map(({ kty, alg, use, e }) => ({ kty, alg, use, e }))).toEqual([
    { kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' },
  ]);
});

it('names a configured issuer while listening on its own origin, with the token lifetime asked', async () => {
  const hf = 'https://huggingface.co';
  const options = { issuer: `${hf}/`, accessTokenTtlSeconds: 20 };
  await withProvider({ ...options, autoConsent: janeAllows }, async (other) => {
    const { body } = await getJson(other, '/.well-known/openid-configuration');
    const { expires_in: lifetime } = await signIn(other);
    expect([other.issuer, body.issuer, lifetime]).toEqual([hf, hf, 20]);
  });
});

describe('token endpoint', () => {
  it('exchanges a PKCE code sent with client_secret_basic, in the Hugging Face shape', async () => {
    const { access_token: access, refresh_token: refresh, ...rest } = await signIn(provider);
    expect(access).toMatch(/^hf_oauth_[A-Za-z\d]{34}$/);
    expect(refresh).toMatch(/^[A-Za-z\d]{48}$/);
    const shape = { token_type: 'bearer', expires_in: 28_800, scope: 'openid profile email' };
    expect(rest).toEqual({ ...shape, id_token: rest.id_token });
    expect(rest.id_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('accepts client_secret_post and a code made with createAuthorizationCode', async () => {
    const request = { clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scope: 'openid email' };
    const code = await provider.createAuthorizationCode({ ...request, userSub: PRIYA });
    const secret = { client_id: CLIENT_ID, client_secret: 'playground-secret' };
    const { body } = await postToken(provider, { ...codeGrant(code), ...secret }, {});
    const { body: claims } = await getJson(provider, '/oauth/userinfo', body.access_token);
    expect(claims).toEqual({ sub: PRIYA, email: 'priya@example.org', email_verified: false });
  });

  it('words its errors like huggingface.co', async () => {
    const challenge = { code_challenge: 'A'.repeat(43), code_challenge_method: 'S256' };
    const code = (await authorize(provider, challenge)).get('code');
    const wrongVerifier = { ...codeGrant(code), code_verifier: 'B'.repeat(43) };
    expect(await postToken(provider, wrongVerifier)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid code' },
    });
    const wrongSecret = { authorization: `Basic ${btoa(`${CLIENT_ID}:wrong`)}` };
    expect(await postToken(provider, codeGrant('x'), wrongSecret)).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Client not found' },
    });
  });

  it('rotates refresh tokens: a used one gets invalid_grant', async () => {
    const first = await signIn(provider);
    const refresh = (token: unknown) =>
      postToken(provider, { grant_type: 'refresh_token', refresh_token: String(token) });
    const second = await refresh(first.refresh_token);
    expect(second.body.refresh_token).toMatch(/^[A-Za-z\d]{48}$/);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(await refresh(first.refresh_token)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid refresh token' },
    });
  });
});

it('signs ID tokens with the claims of the granted scopes (never isPro, canPay or orgs), only with openid', async () => {
  const keys = createRemoteJWKSet(new URL('/oauth/jwks', provider.origin));
  const options = { issuer: provider.issuer, audience: CLIENT_ID, algorithms: ['RS256'] };
  const claimsFor = async (scope: string) => {
    const { id_token: idToken } = await signIn(provider, { scope, nonce: 'n-1' });
    const { payload } = await jwtVerify(String(idToken), keys, options);
    const { iss, aud, iat = 0, exp, nonce, ...claims } = payload;
    expect([iss, aud, exp, nonce]).toEqual([provider.issuer, CLIENT_ID, iat + 3600, 'n-1']);
    return claims;
  };
  const all = await claimsFor('openid profile email read-memberships');
  expect(all).toEqual({ ...janeProfile(), ...janeEmail });
  expect(await claimsFor('openid profile')).toEqual(janeProfile());
  expect(await claimsFor('openid email')).toEqual({ sub: JANE, ...janeEmail });
  expect(await signIn(provider, { scope: 'profile' })).not.toHaveProperty('id_token');
});

describe('userinfo', () => {
  it('answers per scope in the Hugging Face shape, also without openid', async () => {
    const account = { isPro: false, canPay: true };
    expect(await userInfo(provider)).toEqual({ ...janeProfile(), ...janeEmail, ...account });
    const profileOnly = await userInfo(provider, { scope: 'profile' });
    expect(profileOnly).toEqual({ ...janeProfile(), ...account });
    expect(await userInfo(provider, { scope: 'openid' })).toEqual({ sub: JANE });
  });

  it('lists orgs only with read-memberships, with roleInOrg only for those granted by orgIds', async () => {
    expect(await userInfo(provider, { scope: 'openid profile' })).not.toHaveProperty('orgs');
    const { orgs } = await userInfo(provider, { scope: 'profile read-memberships', orgIds: ACME });
    expect(orgs).toEqual([
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

  it('answers 401 invalid_token for an unknown token', async () => {
    expect(await getJson(provider, '/oauth/userinfo', 'hf_oauth_unknown')).toEqual({
      status: 401,
      body: { error: 'invalid_token', error_description: 'Invalid or expired access token' },
    });
  });
});

describe('what the playground calls', () => {
  it('answers whoami-v2 with the handle and the role in granted organizations', async () => {
    const scope = 'openid profile read-memberships';
    const { access_token: token } = await signIn(provider, { scope, orgIds: LAB });
    const { body } = await getJson(provider, '/api/whoami-v2', token);
    const orgs = body.orgs as Json[];
    const roles = Object.fromEntries(orgs.map((org) => [String(org.name), org.roleInOrg]));
    expect(body).toMatchObject({ name: 'janedoe', fullname: 'Jane Doe' });
    expect(roles).toStrictEqual({ acme: undefined, 'open-research-lab': 'read' });
    expect(await getJson(provider, '/api/whoami-v2')).toEqual({
      status: 401,
      body: { error: 'Invalid credentials in Authorization header' },
    });
  });

  it('serves the avatars it names, and no other', async () => {
    const avatar = await fetch(`${provider.origin}/avatars/janedoe.svg`);
    expect([avatar.status, avatar.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await avatar.text()).toContain('>J</text>');
    expect((await fetch(`${provider.origin}/avatars/nobody.svg`)).status).toBe(404);
  });

  it('shows an error page, and no redirect, for a redirect_uri registered for none but on loopback any port', async () => {
    const app = { clientId: 'app', clientSecret: 's', redirectUris: ['http://127.0.0.1:3001/cb'] };
    await withProvider({ clients: [app], autoConsent: janeAllows }, async (other) => {
      const at = (uri: string) =>
        client.request(authorizeUrl(other, { client_id: 'app', redirect_uri: uri }));
      expect((await at('http://127.0.0.1:49152/cb')).status).toBe(303);
      const refused = await at('http://127.0.0.1:49152/other');
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(
        'The redirect_uri &#34;http://127.0.0.1:49152/other&#34; is not registered for the app &#34;app&#34;.'
      );
    });
  });
});

describe('consent page', () => {
  /** Authorize without autoConsent, up to the consent page, in a browser of its own. */
  async function openConsentPage(manual: P, params: Params = {}) {
    const browser = createCookieClient();
    const isConsent = (location: URL) => location.pathname.startsWith('/oauth/consent/');
    const url = await browser.followUntil(authorizeUrl(manual, params), isConsent);
    const html = await (await browser.request(url)).text();
    /** Answers the page; the query of the redirect back to the app. */
    const answer = async (form: Params) => {
      const resumed = await browser.request(url, { body: new URLSearchParams(form) });
      const location = new URL(resumed.headers.get('location') ?? '/', url);
      return (await browser.followUntil(location, atApp)).searchParams;
    };
    return { html, answer };
  }

  it('offers the sample users and the organization asked for, and signs in the one chosen', async () => {
    await withProvider({}, async (manual) => {
      const params = { scope: 'openid read-memberships', orgIds: ACME };
      const consent = await openConsentPage(manual, params);
      expect(consent.html).toContain('<h1>Authorize Hugging Face connector playground</h1>');
      expect(consent.html).toContain(`<input type="radio" name="user" value="${PRIYA}">`);
      expect(consent.html).toContain('<code>openid</code>, <code>read-memberships</code>.');
      expect(consent.html).toContain('also asks for access to <strong>Acme Corp</strong> (@acme).');
      const back = await consent.answer({ user: PRIYA, decision: 'allow' });
      expect(back.get('state')).toBe('st');
      const { body } = await postToken(manual, codeGrant(back.get('code')));
      const { body: claims } = await getJson(manual, '/oauth/userinfo', body.access_token);
      expect(claims).toEqual({ sub: PRIYA });
    });
  });

  it('sends access_denied back on Deny, and under autoConsent "deny"', async () => {
    const denied = { error: 'access_denied', error_description: 'The user denied the request' };
    await withProvider({}, async (manual) => {
      const back = await (await openConsentPage(manual)).answer({ decision: 'deny' });
      expect(Object.fromEntries(back)).toEqual({ ...denied, state: 'st', iss: manual.issuer });
    });
    provider.setAutoConsent({ userSub: JANE, decision: 'deny' });
    const back = await authorize(provider);
    expect(Object.fromEntries(back)).toEqual({ ...denied, state: 'st', iss: provider.issuer });
  });
});

describe('connections', () => {
  /** GET /oauth/jwks through `agent` (at most one connection): the answer, body read. */
  const get = (agent: http.Agent, origin: string) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      (origin.startsWith('https:') ? https : http)
        .get(`${origin}/oauth/jwks`, { agent }, (res) => res.resume().on('end', () => resolve(res)))
        .on('error', reject);
    });

  it('keeps connections, with a Keep-Alive hint unless sendKeepAliveHint is false, and counts them', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(agent, provider.origin)).headers['keep-alive']).toBe('timeout=65');
    await withProvider({ sendKeepAliveHint: false }, async (local) => {
      const hint = async () => (await get(agent, local.origin)).headers['keep-alive'];
      expect([await hint(), await hint(), await hint()]).toEqual([undefined, undefined, undefined]);
      const stats = { requests: { '/oauth/jwks': 3 }, connections: 1, tlsHandshakes: 0 };
      expect(local.stats).toEqual(stats);
      local.resetStats();
      expect(local.stats).toEqual({ requests: {}, connections: 0, tlsHandshakes: 0 });
    });
    agent.destroy();
  });

  it('serves HTTPS with a certificate of tooling/certificate.ts, one handshake per connection', async () => {
    const { ca, key, cert } = createTestCertificate();
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
    await withProvider({ tls: { key, cert }, issuer: 'https://huggingface.co' }, async (secure) => {
      expect(secure.origin).toBe(`https://127.0.0.1:${secure.port}`);
      expect((await get(agent, secure.origin)).statusCode).toBe(200);
      expect((await get(agent, secure.origin)).statusCode).toBe(200);
      expect(secure.stats).toMatchObject({ connections: 1, tlsHandshakes: 1 });
    });
    agent.destroy();
  });
});

it('prints no oidc-provider warning while it starts and signs in, even on Node 20', async () => {
  const script = `
    const { startHuggingFaceProvider } = await import('./stand-in/index.ts');
    const provider = await startHuggingFaceProvider({ autoConsent: { userSub: '${JANE}', decision: 'allow' } });
    const url = provider.origin + '/oauth/authorize?response_type=code&client_id=${CLIENT_ID}&scope=openid&redirect_uri=${REDIRECT_URI}';
    const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')).searchParams.get('code');
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: '${REDIRECT_URI}' });
    const token = await fetch(provider.origin + '/oauth/token', { method: 'POST', body, headers: { authorization: '${BASIC}' } });
    console.log(token.status);
    await provider.close();`;
  const args = ['--import', 'tsx', '--input-type=module', '-e', script];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, args);
  expect({ stdout, stderr }).toEqual({ stdout: '200\n', stderr: '' });
}, 60_000);
