import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createBoundedMap } from './bounded-map.js';
import { ensureConnectorBuilt } from './build.js';
import { html } from './html.js';
import { createConnectorSessionStore } from './logto-host.js';
import { maskToken } from './page-parts.js';
import { describeListenFailure, startPlayground, type Playground } from './server.js';
import { EMBEDDED_DEFAULT_SCOPE, readSettings } from './settings.js';
import { callWhoAmI } from './your-app.js';

const JANE = '62f264b9f3c90f4b6514a269';
const PRIYA = '6481f0c2a9e3d75b1c0f4e8a';

/** A cookie-keeping client that follows redirects by hand, like a browser would. */
function createBrowser(playgroundUrl: string) {
  const playgroundOrigin = new URL(playgroundUrl).origin;
  let cookie = '';

  async function request(url: string | URL, { method = 'GET' } = {}) {
    const target = new URL(url, playgroundUrl);
    const ownSite = target.origin === playgroundOrigin;
    const response = await fetch(target, {
      method,
      redirect: 'manual',
      headers: ownSite && cookie ? { cookie } : {},
    });
    const setCookie = response.headers.get('set-cookie');
    if (ownSite && setCookie) cookie = setCookie.split(';')[0] ?? '';
    return response;
  }

  return {
    request,
    /** Sends the request, then follows every redirect with GET; returns the last response and the hops. */
    async navigate(url: string | URL, { method = 'GET' } = {}) {
      const hops: string[] = [];
      let response = await request(url, { method });
      while (response.status >= 300 && response.status < 400) {
        const next = new URL(locationOf(response), response.url || new URL(url, playgroundUrl));
        hops.push(next.href);
        response = await request(next);
      }
      return { response, text: await response.text(), hops };
    },
  };
}

function locationOf(response: Response): string {
  const location = response.headers.get('location');
  if (location === null) throw new Error(`HTTP ${response.status} without a Location header`);
  return location;
}

/** Makes the embedded provider's consent page answer by itself, as this user. */
function consentAs(
  playground: Playground,
  autoConsent: { userSub: string; decision: 'allow' | 'deny' }
) {
  if (!playground.provider) throw new Error('this test needs the embedded provider');
  playground.provider.setAutoConsent(autoConsent);
}

/** Markup without the whitespace between tags, which Prettier's formatting of the pages changes. */
const squash = (markup: string) => markup.replace(/>\s+</g, '><').replace(/\s+/g, ' ');

/** The markup of `<section id="…">`, or undefined when the page has none. */
const sectionOf = (page: string, id: string) =>
  new RegExp(`<section id="${id}">[\\s\\S]*?</section>`).exec(squash(page))?.[0];

const fullTokens = /hf_oauth_[A-Za-z\d]{34}|eyJ[\w-]+\.[\w-]+\.[\w-]+|[A-Za-z\d]{48}/;

beforeAll(async () => {
  await ensureConnectorBuilt();
}, 120_000);

describe('connector session store (Logto semantics)', () => {
  it('replaces the stored session on every write instead of merging', async () => {
    const { setSession, getSession } = createConnectorSessionStore().forBrowser('browser-a');
    await setSession({ state: 'first', codeVerifier: 'v1' });
    await setSession({ state: 'second' });
    expect(await getSession()).toEqual({ state: 'second' });
  });

  it('deletes the session when it is read, so a second read finds nothing', async () => {
    const store = createConnectorSessionStore();
    const { setSession, getSession } = store.forBrowser('browser-a');
    await setSession({ state: 's' });
    expect(await getSession()).toEqual({ state: 's' });
    expect(await getSession()).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps one session per browser', async () => {
    const store = createConnectorSessionStore();
    await store.forBrowser('a').setSession({ state: 'a' });
    await store.forBrowser('b').setSession({ state: 'b' });
    expect(await store.forBrowser('a').getSession()).toEqual({ state: 'a' });
    expect(await store.forBrowser('b').getSession()).toEqual({ state: 'b' });
  });

  it('forgets the oldest browsers beyond its bound', async () => {
    const store = createConnectorSessionStore(2);
    for (const id of ['a', 'b', 'c']) await store.forBrowser(id).setSession({ state: id });
    expect(store.size).toBe(2);
    expect(await store.forBrowser('a').getSession()).toBeUndefined();
  });
});

describe('page helpers', () => {
  it('escapes interpolated values but not nested fragments', () => {
    const name = '<img src=x onerror=alert(1)>"&\'';
    const fragment = html`<b>ok</b>`;
    // Prettier would add whitespace inside the template, and the exact output is what is compared.
    // prettier-ignore
    expect(html`<p>${name}</p>${fragment}`.toString()).toBe('<p>&#60;img src=x onerror=alert(1)&#62;&#34;&#38;&#39;</p><b>ok</b>');
  });

  it('masks a token to its first six characters and its length', () => {
    expect(maskToken('hf_oauth_abcdefghijklmnopqrstuvwxyz01234567')).toBe(
      'hf_oau… (43 characters)'
    );
    expect(maskToken('short')).toBe('sh… (5 characters)');
  });

  it('keeps only the newest entries in a bounded map', () => {
    const map = createBoundedMap(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([3, undefined, 4]);
  });
});

describe('settings', () => {
  it('uses the embedded provider without credentials, with organizations in the scope', () => {
    expect(readSettings({})).toMatchObject({
      mode: 'embedded',
      port: 3000,
      scope: 'openid profile email read-memberships',
    });
  });

  it('uses real Hugging Face with both credentials', () => {
    expect(
      readSettings({ HF_CLIENT_ID: 'id', HF_CLIENT_SECRET: 'secret', PORT: '4000' })
    ).toMatchObject({
      mode: 'real',
      port: 4000,
      scope: 'openid profile email',
    });
  });

  it('reads the organizations a user must belong to from HF_ALLOWED_ORGANIZATIONS', () => {
    expect(readSettings({ HF_ALLOWED_ORGANIZATIONS: ' acme, open-research-lab ' })).toMatchObject({
      allowedOrganizations: 'acme, open-research-lab',
    });
    expect(readSettings({ HF_ALLOWED_ORGANIZATIONS: '  ' }).allowedOrganizations).toBeUndefined();
  });

  it('refuses half a set of credentials and a bad port', () => {
    expect(() => readSettings({ HF_CLIENT_ID: 'id' })).toThrow(
      /both HF_CLIENT_ID and HF_CLIENT_SECRET/
    );
    expect(() => readSettings({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});

describe('sign-in through the playground (embedded provider, automatic consent)', () => {
  let playground: Playground;

  beforeAll(async () => {
    playground = await startPlayground({ port: 0, env: {} });
  });
  afterAll(() => playground.close());

  it('shows the profile, masked tokens and timings, then refreshes the tokens', async () => {
    consentAs(playground, { userSub: JANE, decision: 'allow' });
    const browser = createBrowser(playground.url);

    const home = await browser.navigate(playground.url);
    expect(home.text).toContain('Sign in with Hugging Face</button>');
    expect(home.text).toContain(`${playground.url}callback`);

    const signIn = await browser.navigate('/sign-in', { method: 'POST' });
    const paths = signIn.hops.map((hop) => new URL(hop).pathname);
    // The provider may pass through its own interaction pages between these.
    expect([paths[0], ...paths.slice(-2)]).toEqual(['/oauth/authorize', '/callback', '/result']);
    expect(signIn.response.status).toBe(200);
    expect(signIn.text).toContain('Signed in as Jane Doe');
    expect(signIn.text).toContain(JANE);
    expect(signIn.text).toContain('jane@example.com');
    expect(signIn.text).toContain('Acme Corp');
    expect(signIn.text).toMatch(/hf_oau… \(43 characters\)/);
    expect(signIn.text).not.toMatch(fullTokens);

    const refreshed = await browser.navigate('/refresh', { method: 'POST' });
    expect(refreshed.text).toContain('Refreshed tokens');
    expect(refreshed.text).toContain('Refresh number 1');
    expect(refreshed.text).not.toMatch(fullTokens);
  });

  it('shows the avatar the embedded provider serves, so nothing loads from off the machine', async () => {
    consentAs(playground, { userSub: JANE, decision: 'allow' });
    const { text } = await createBrowser(playground.url).navigate('/sign-in', { method: 'POST' });
    const avatarUrl = `${playground.issuer}/avatars/janedoe.svg`;
    expect(squash(text)).toContain(
      `<img class="avatar" src="${avatarUrl}" alt="Avatar of Jane Doe"`
    );
    const avatar = await fetch(avatarUrl);
    expect([avatar.status, avatar.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
  });

  it('plays the app: calls the provider’s whoami-v2 with the token Logto keeps', async () => {
    consentAs(playground, { userSub: JANE, decision: 'allow' });
    const browser = createBrowser(playground.url);
    await browser.navigate('/sign-in', { method: 'POST' });
    const { text, hops } = await browser.navigate('/app/whoami', { method: 'POST' });
    expect(hops.map((hop) => new URL(hop).pathname + new URL(hop).hash)).toEqual([
      '/result#your-app',
    ]);
    const panel = sectionOf(text, 'your-app') ?? '';
    expect(panel).toContain(`<code>GET ${playground.issuer}/api/whoami-v2</code>`);
    expect(panel).toMatch(
      /<p id="api-call-summary"> HTTP 200 in <span class="duration">[\d.]+&nbsp;ms<\/span>, with the access token of the sign-in\. The token belongs to <strong>@janedoe<\/strong> \(Jane Doe\)\. <\/p>/
    );
    expect(panel).not.toMatch(fullTokens);
  });

  it('keeps the sign-in token response in its own card when the tokens are refreshed', async () => {
    consentAs(playground, { userSub: JANE, decision: 'allow' });
    const browser = createBrowser(playground.url);
    const signIn = await browser.navigate('/sign-in', { method: 'POST' });
    const signInCard = sectionOf(signIn.text, 'sign-in-tokens');
    expect(sectionOf(signIn.text, 'refreshed')).toBeUndefined();

    const first = await browser.navigate('/refresh', { method: 'POST' });
    const second = await browser.navigate('/refresh', { method: 'POST' });
    expect(sectionOf(second.text, 'sign-in-tokens')).toBe(signInCard);
    const refreshedCard = sectionOf(second.text, 'refreshed') ?? '';
    expect(refreshedCard).toContain('Refresh number 2');
    // The provider rotates refresh tokens: each card shows a different one.
    const refreshTokens = [signInCard, sectionOf(first.text, 'refreshed'), refreshedCard].map(
      (card) => /refresh_token<\/code><\/th><td><code>([^<]+)</.exec(card ?? '')?.[1]
    );
    expect(new Set(refreshTokens).size).toBe(3);
    expect(refreshTokens).not.toContain(undefined);
  });

  it('sends an app call or a step-up from a browser without a sign-in home', async () => {
    const browser = createBrowser(playground.url);
    for (const path of ['/app/whoami', '/step-up', '/refresh']) {
      const response = await browser.request(path, { method: 'POST' });
      expect([path, response.status, response.headers.get('location')]).toEqual([path, 303, '/']);
    }
  });

  it('steps up to inference-api like the Account API, keeping the configured scope', async () => {
    consentAs(playground, { userSub: JANE, decision: 'allow' });
    const browser = createBrowser(playground.url);
    const signIn = await browser.navigate('/sign-in', { method: 'POST' });

    const stepUp = await browser.navigate('/step-up', { method: 'POST' });
    const authorize = new URL(stepUp.hops[0] ?? '');
    expect(authorize.pathname).toBe('/oauth/authorize');
    expect(authorize.searchParams.get('scope')).toBe(`${EMBEDDED_DEFAULT_SCOPE} inference-api`);
    expect(stepUp.hops.slice(-2).map((hop) => new URL(hop).pathname)).toEqual([
      '/callback',
      '/result',
    ]);

    const card = sectionOf(stepUp.text, 'step-up') ?? '';
    expect(card).toContain('<dt>The app asked for</dt><dd><code>inference-api</code></dd>');
    expect(card).toContain(
      `<dt>Granted scope</dt><dd id="granted-scope"><code>${EMBEDDED_DEFAULT_SCOPE} inference-api</code></dd>`
    );
    expect(card).not.toContain('Not granted');
    expect(card).not.toMatch(fullTokens);
    // The sign-in card is untouched; Logto's vault now holds the step-up's tokens.
    expect(sectionOf(stepUp.text, 'sign-in-tokens')).toBe(sectionOf(signIn.text, 'sign-in-tokens'));
    expect(sectionOf(stepUp.text, 'your-app')).toContain('holds the tokens of the step-up');
  });

  it('refuses a step-up that comes back with another account, as Logto does (422)', async () => {
    consentAs(playground, { userSub: JANE, decision: 'allow' });
    const browser = createBrowser(playground.url);
    await browser.navigate('/sign-in', { method: 'POST' });
    consentAs(playground, { userSub: PRIYA, decision: 'allow' });
    const { response, text } = await browser.navigate('/step-up', { method: 'POST' });
    expect(response.status).toBe(422);
    expect(text).toContain(
      `The step-up signed in Hugging Face account ${PRIYA}, but this identity is linked to ${JANE}. Logto answers 422: the same account must re-authorize.`
    );
  });

  it('explains why an unverified email is absent', async () => {
    consentAs(playground, { userSub: PRIYA, decision: 'allow' });
    const { text } = await createBrowser(playground.url).navigate('/sign-in', { method: 'POST' });
    expect(text).toContain('Signed in as Priya Raman');
    expect(text).toContain('Hugging Face has not verified this address');
  });

  it('shows the connector error with its hint when the user denies', async () => {
    consentAs(playground, { userSub: JANE, decision: 'deny' });
    const { response, text } = await createBrowser(playground.url).navigate('/sign-in', {
      method: 'POST',
    });
    expect(response.status).toBe(401);
    expect(text).toContain('<code>authorization_failed</code>');
    expect(text).toContain('The user declined to authorize the app on Hugging Face.');
    expect(text).toContain('access_denied');
    expect(text).toContain('the user clicked Deny');
  });

  it('fails a replayed callback because Logto deleted the session on first read', async () => {
    consentAs(playground, { userSub: JANE, decision: 'allow' });
    const browser = createBrowser(playground.url);
    const { hops } = await browser.navigate('/sign-in', { method: 'POST' });
    const callback = hops.find((hop) => new URL(hop).pathname === '/callback');
    const replay = await browser.navigate(callback ?? '/callback');
    expect(replay.response.status).toBe(400);
    expect(replay.text).toContain('The sign-in session is missing or expired');
  });

  it('sends a browser without a sign-in from the result page home', async () => {
    const response = await createBrowser(playground.url).request('/result');
    expect([response.status, response.headers.get('location')]).toEqual([303, '/']);
  });
});

describe('other configurations', () => {
  it('sends real-mode sign-ins to huggingface.co with the localhost callback', async () => {
    const playground = await startPlayground({
      port: 0,
      env: { HF_CLIENT_ID: 'my-client', HF_CLIENT_SECRET: 'my-secret' },
    });
    try {
      expect(playground.provider).toBeUndefined();
      const response = await createBrowser(playground.url).request('/sign-in', { method: 'POST' });
      const authorize = new URL(locationOf(response));
      expect(authorize.origin + authorize.pathname).toBe('https://huggingface.co/oauth/authorize');
      expect(authorize.searchParams.get('client_id')).toBe('my-client');
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${playground.url}callback`);
      expect(authorize.searchParams.get('scope')).toBe('openid profile email');
    } finally {
      await playground.close();
    }
  });

  it('shows the role in the organization asked for with HF_ORG_IDS', async () => {
    const playground = await startPlayground({
      port: 0,
      env: { HF_ORG_IDS: '652db071b62cf1f8463221e2' },
    });
    try {
      consentAs(playground, { userSub: JANE, decision: 'allow' });
      const { text } = await createBrowser(playground.url).navigate('/sign-in', { method: 'POST' });
      expect(squash(text)).toMatch(/Acme Corp[\s\S]*?<td>write<\/td>/);
      expect(text).toMatch(/Open Research Lab[\s\S]*?not shared with this app/);
    } finally {
      await playground.close();
    }
  });

  it('shows invalid_config and how to fix it when the scope uses commas', async () => {
    const playground = await startPlayground({ port: 0, env: { HF_SCOPE: 'profile,email' } });
    try {
      const { response, text } = await createBrowser(playground.url).navigate('/sign-in', {
        method: 'POST',
      });
      expect(response.status).toBe(400);
      expect(text).toContain('<code>invalid_config</code>');
      expect(text).toContain('not commas');
    } finally {
      await playground.close();
    }
  });
});

describe('organization gate (HF_ALLOWED_ORGANIZATIONS)', () => {
  let playground: Playground;

  beforeAll(async () => {
    playground = await startPlayground({ port: 0, env: { HF_ALLOWED_ORGANIZATIONS: 'acme' } });
  });
  afterAll(() => playground.close());

  it('shows the allowed organizations on the home page', async () => {
    const { text } = await createBrowser(playground.url).navigate('/');
    expect(squash(text)).toContain('<dt>Allowed organizations</dt><dd><code>acme</code></dd>');
  });

  it('admits a member of an allowed organization', async () => {
    consentAs(playground, { userSub: JANE, decision: 'allow' });
    const { response, text } = await createBrowser(playground.url).navigate('/sign-in', {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    expect(text).toContain('Signed in as Jane Doe');
  });

  it('refuses a user outside the allowed organizations with authorization_failed', async () => {
    consentAs(playground, { userSub: PRIYA, decision: 'allow' });
    const { response, text } = await createBrowser(playground.url).navigate('/sign-in', {
      method: 'POST',
    });
    expect(response.status).toBe(401);
    expect(squash(text)).toContain('<dt>Code</dt><dd><code>authorization_failed</code></dd>');
    expect(text).toContain('HF_ALLOWED_ORGANIZATIONS here');
  });
});

describe('organization gate with a minimum role (HF_ALLOWED_ORGANIZATIONS=acme:admin)', () => {
  it('refuses a member whose role is lower, with a hint that fits', async () => {
    const playground = await startPlayground({
      port: 0,
      env: { HF_ALLOWED_ORGANIZATIONS: 'acme:admin', HF_ORG_IDS: '652db071b62cf1f8463221e2' },
    });
    try {
      consentAs(playground, { userSub: JANE, decision: 'allow' });
      const { response, text } = await createBrowser(playground.url).navigate('/sign-in', {
        method: 'POST',
      });
      expect(response.status).toBe(401);
      expect(squash(text)).toContain(
        '<dt>Message</dt><dd>Sign-in needs the role admin or higher in the Hugging Face organization acme, and this account has the role write there.</dd>'
      );
      expect(text).toContain('lower the minimum role in the connector’s allowed organizations');
    } finally {
      await playground.close();
    }
  });
});

describe('a busy port', () => {
  it('names the port and how to pick another instead of a raw EADDRINUSE', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, 'localhost', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startPlayground({ port, env: {} })).rejects.toThrow(
        `Port ${port} is already in use, perhaps by another playground. Stop that program, or pick another port: PORT=3000 npm start (PORT=0 picks a free one).`
      );
    } finally {
      blocker.close();
    }
  });

  it('suggests the next port when the default one is taken', () => {
    const busy = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(describeListenFailure(busy, 3000).message).toContain('PORT=3001 npm start');
  });
});

describe('your app’s call to whoami-v2', () => {
  /** A stand-in API that answers every request with `answer` and records the Authorization header. */
  async function startApi(answer: (res: http.ServerResponse) => void) {
    const authorizations: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      apiBase: `http://127.0.0.1:${port}/`,
      authorizations,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('sends the access token as a Bearer token to /api/whoami-v2 and keeps the JSON answer', async () => {
    const api = await startApi((res) =>
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end('{"name":"janedoe","fullname":"Jane Doe"}')
    );
    try {
      const call = await callWhoAmI({
        apiBase: api.apiBase,
        accessToken: 'hf_oauth_token',
        tokenSource: 'sign-in',
      });
      expect(call).toMatchObject({
        url: `${api.apiBase}api/whoami-v2`,
        outcome: 'answered',
        status: 200,
        body: { name: 'janedoe', fullname: 'Jane Doe' },
        tokenSource: 'sign-in',
      });
      expect(api.authorizations).toEqual(['Bearer hf_oauth_token']);
    } finally {
      await api.close();
    }
  });

  it('keeps an answer that is not JSON as text', async () => {
    const api = await startApi((res) => res.writeHead(502).end('Bad gateway'));
    try {
      const call = await callWhoAmI({
        apiBase: api.apiBase,
        accessToken: 't',
        tokenSource: 'refresh',
      });
      expect(call).toMatchObject({ outcome: 'answered', status: 502, body: 'Bad gateway' });
    } finally {
      await api.close();
    }
  });

  it('reports an API it cannot reach with the network error code', async () => {
    const api = await startApi((res) => res.end());
    await api.close();
    const call = await callWhoAmI({
      apiBase: api.apiBase,
      accessToken: 't',
      tokenSource: 'step-up',
    });
    expect(call).toMatchObject({ outcome: 'unreachable', reason: 'ECONNREFUSED' });
  });
});
