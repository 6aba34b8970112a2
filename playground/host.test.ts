import net, { type AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureFreshBuild } from '../tooling/build-check.js';
import { createCookieClient } from '../tooling/cookie-client.js';

import { html } from './html.js';
import { describeListenFailure, startPlayground, type Playground } from './server.js';
import { readSettings } from './settings.js';
import { callWhoAmI } from './your-app.js';

const JANE = '62f264b9f3c90f4b6514a269';
const PRIYA = '6481f0c2a9e3d75b1c0f4e8a';
const ACME = '652db071b62cf1f8463221e2';
const SCOPE = 'openid profile email read-memberships';
const fullTokens = /hf_oauth_[A-Za-z\d]{34}|eyJ[\w-]+\.[\w-]+\.[\w-]+|[A-Za-z\d]{48}/;

/** A cookie-keeping client that follows redirects by hand, like a browser. */
function createBrowser(playground: Playground) {
  const client = createCookieClient();
  const request = (url: string | URL, method = 'GET') =>
    client.request(new URL(url, playground.url), { method });
  return {
    request,
    /** Sends the request, then follows every redirect; the last answer and the paths it passed. */
    async navigate(url: string, method = 'GET') {
      const hops: URL[] = [];
      let response = await request(url, method);
      while (response.status >= 300 && response.status < 400) {
        hops.push(new URL(response.headers.get('location') ?? '', response.url));
        response = await request(hops.at(-1) ?? '');
      }
      const text = (await response.text()).replace(/>\s+</g, '><').replace(/\s+/g, ' ');
      return { status: response.status, text, hops };
    },
  };
}

/** The markup of `<section id="…">`, or undefined when the page has none. */
const sectionOf = (page: string, id: string) =>
  new RegExp(`<section id="${id}">.*?</section>`).exec(page)?.[0];

/** Signs in through the playground; the stand-in's consent answers as `userSub`. */
async function signIn(
  playground: Playground,
  userSub = JANE,
  decision: 'allow' | 'deny' = 'allow'
) {
  playground.provider?.setAutoConsent({ userSub, decision });
  const browser = createBrowser(playground);
  return { browser, ...(await browser.navigate('/sign-in', 'POST')) };
}

async function withPlayground(env: Record<string, string>, run: (p: Playground) => Promise<void>) {
  const playground = await startPlayground({ ...env, PORT: '0' });
  try {
    await run(playground);
  } finally {
    await playground.close();
  }
}

beforeAll(() => void ensureFreshBuild(), 120_000);

describe('settings', () => {
  it('uses the stand-in without credentials and real Hugging Face with both', () => {
    expect(readSettings({})).toMatchObject({ mode: 'embedded', port: 3000, scope: SCOPE });
    expect(readSettings({ HF_CLIENT_ID: 'id', HF_CLIENT_SECRET: 's', PORT: '4000' })).toMatchObject(
      { mode: 'real', port: 4000, scope: 'openid profile email' }
    );
  });

  it('refuses half a set of credentials and a bad port', () => {
    expect(() => readSettings({ HF_CLIENT_ID: 'id' })).toThrow(
      /both HF_CLIENT_ID and HF_CLIENT_SECRET/
    );
    expect(() => readSettings({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});

describe('html', () => {
  it('escapes interpolated values but not nested fragments', () => {
    const [name, fragment] = ['<img src=x onerror=alert(1)>"', html`<b>ok</b>`];
    expect(html`<p>${name}${fragment}</p>`.toString()).toBe(
      '<p>&#60;img src=x onerror=alert(1)&#62;&#34;<b>ok</b></p>'
    );
  });
});

describe('the playground against the stand-in (automatic consent)', () => {
  let playground: Playground;
  beforeAll(async () => {
    playground = await startPlayground({ PORT: '0' });
  });
  afterAll(() => playground.close());

  it('signs in: profile, the role in the organization asked for, masked tokens', async () => {
    const home = await createBrowser(playground).navigate('/');
    expect(home.text).toContain('<button type="submit">Sign in with Hugging Face</button>');
    expect(home.text).toContain(`<dt>Organization asked for</dt><dd><code>${ACME}</code></dd>`);

    const { hops, status, text } = await signIn(playground);
    expect([hops[0]?.pathname, ...hops.slice(-2).map((hop) => hop.pathname)]).toEqual([
      '/oauth/authorize',
      '/callback',
      '/result',
    ]);
    expect(status).toBe(200);
    expect(text).toContain('Signed in as Jane Doe');
    expect(text).toContain('jane@example.com <small>(verified by Hugging Face)</small>');
    expect(text).toMatch(/Acme Corp <small>@acme<\/small><\/td><td>team<\/td><td>write<\/td>/);
    expect(text).toMatch(/Open Research Lab.*?<span class="absent">not shared<\/span>/);
    expect(text).toContain(
      `(the connector’s <code>orgIds</code>, HF_ORG_IDS here: <code>${ACME}</code>)`
    );
    expect(text).toMatch(/hf_oau… \(43 characters\)/);
    expect(text).not.toMatch(fullTokens);
  });

  it('shows in the timing card what each connector call sent to the stand-in', async () => {
    const before = playground.provider?.stats.requests['/oauth/token'] ?? 0;
    const { browser } = await signIn(playground);
    const { text } = await browser.navigate('/refresh', 'POST');
    expect(playground.provider?.stats.requests['/oauth/token']).toBe(before + 2);
    const timing = sectionOf(text, 'timing') ?? '';
    const line = (step: string) => new RegExp(`id="timing-${step}">(.*?)</dd>`).exec(timing)?.[1];
    for (const step of ['authorization', 'callback', 'refresh']) {
      expect(line(step)).toMatch(
        /^<span class="duration">[\d.]+&nbsp;ms<\/span> · .+ · \d+ new connections?$/
      );
    }
    expect(line('authorization')).not.toContain('/oauth/token');
    expect(line('callback')).toMatch(/ · (\/[^ ]+, )*\/oauth\/token(, \/[^ ]+)* · /);
    expect(line('refresh')).toContain(' · /oauth/token · ');
  });

  it('keeps the sign-in card when the tokens are refreshed, which rotates the refresh token', async () => {
    const { browser, text } = await signIn(playground);
    const first = await browser.navigate('/refresh', 'POST');
    const second = await browser.navigate('/refresh', 'POST');
    expect(sectionOf(second.text, 'sign-in-tokens')).toBe(sectionOf(text, 'sign-in-tokens'));
    expect(sectionOf(second.text, 'refreshed')).toContain('Refresh number 2');
    const refreshTokens = [
      sectionOf(text, 'sign-in-tokens'),
      sectionOf(first.text, 'refreshed'),
      sectionOf(second.text, 'refreshed'),
    ].map((card) => /refresh_token<\/code><\/th><td><code>([^<]+)</.exec(card ?? '')?.[1]);
    expect(new Set(refreshTokens).size).toBe(3);
    expect(second.text).not.toMatch(fullTokens);
  });

  it('plays the app: calls whoami-v2 with the token Logto keeps', async () => {
    const { browser } = await signIn(playground);
    const { text, hops } = await browser.navigate('/app/whoami', 'POST');
    expect(hops.map((hop) => hop.pathname + hop.hash)).toEqual(['/result#your-app']);
    expect(text).toMatch(
      /<p id="api-call-summary"> HTTP 200 in <span class="duration">[\d.]+&nbsp;ms<\/span>, with the access token of the sign-in\. The token belongs to <strong>@janedoe<\/strong> \(Jane Doe\)\. <\/p>/
    );
  });

  it('steps up like the Account API, keeping the configured scope, then offers no more step-up', async () => {
    const { browser, text } = await signIn(playground);
    expect(text).toContain(
      '<button type="submit" class="secondary">Step up to inference-api</button>'
    );
    const stepUp = await browser.navigate('/step-up', 'POST');
    expect(stepUp.hops[0]?.searchParams.get('scope')).toBe(`${SCOPE} inference-api`);
    expect(stepUp.hops.at(-1)?.hash).toBe('#step-up');
    const card = sectionOf(stepUp.text, 'step-up') ?? '';
    expect(card).toContain(`<dd id="granted-scope"><code>${SCOPE} inference-api</code></dd>`);
    expect(card).not.toContain('Not granted');
    expect(sectionOf(stepUp.text, 'sign-in-tokens')).toBe(sectionOf(text, 'sign-in-tokens'));
    expect(stepUp.text).toContain('vault now holds the tokens of the step-up');
    expect(stepUp.text).not.toContain('Step up to inference-api</button>');
    expect(stepUp.text).toContain('include inference-api: there is nothing more to step up to.');
    expect(stepUp.text).toMatch(/id="timing-step-up-callback">.*?\/oauth\/token/);
  });

  it('refuses a step-up that comes back with another account, as Logto does (422)', async () => {
    const { browser } = await signIn(playground);
    playground.provider?.setAutoConsent({ userSub: PRIYA, decision: 'allow' });
    const { status, text } = await browser.navigate('/step-up', 'POST');
    expect(status).toBe(422);
    expect(text).toContain(
      `The step-up signed in Hugging Face account ${PRIYA}, but this identity is linked to ${JANE}. Logto answers 422: the same account must re-authorize.`
    );
  });

  it('explains why an unverified email is absent', async () => {
    const { text } = await signIn(playground, PRIYA);
    expect(text).toContain(
      'Absent: Hugging Face has not verified this address (priya@example.org; email_verified is false), so the connector leaves it out.'
    );
  });

  it('shows a Deny as a handled answer (200), with the connector’s code and message', async () => {
    const { status, text } = await signIn(playground, JANE, 'deny');
    expect(status).toBe(200);
    expect(text).toContain('<h1>Sign-in declined</h1>');
    expect(text).toContain('reports it as <code>authorization_failed</code>');
    expect(text).toContain('The user declined to authorize the app on Hugging Face.');
  });

  it('fails a replayed callback, because Logto deleted the session on first read', async () => {
    const { browser, hops } = await signIn(playground);
    const callback = hops.find((hop) => hop.pathname === '/callback');
    const replay = await browser.navigate(callback?.href ?? '/callback');
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('The sign-in session is missing or expired');
  });

  it('sends a browser without a sign-in home, and serves the favicon', async () => {
    const browser = createBrowser(playground);
    for (const [path, method] of [
      ['/result', 'GET'],
      ['/app/whoami', 'POST'],
      ['/step-up', 'POST'],
      ['/refresh', 'POST'],
    ]) {
      const response = await browser.request(path ?? '', method);
      expect([path, response.status, response.headers.get('location')]).toEqual([path, 303, '/']);
    }
    const favicon = await browser.request('/favicon.ico');
    expect([favicon.status, favicon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect((await browser.request('/nowhere')).status).toBe(404);
    expect((await browser.request('/sign-in')).status).toBe(404);
  });
});

describe('other settings', () => {
  it('sends real-mode sign-ins to huggingface.co with the localhost callback', async () => {
    await withPlayground(
      { HF_CLIENT_ID: 'my-client', HF_CLIENT_SECRET: 'my-secret' },
      async (playground) => {
        const response = await createBrowser(playground).request('/sign-in', 'POST');
        const authorize = new URL(response.headers.get('location') ?? '');
        expect(authorize.origin + authorize.pathname).toBe(
          'https://huggingface.co/oauth/authorize'
        );
        expect(authorize.searchParams.get('client_id')).toBe('my-client');
        expect(authorize.searchParams.get('redirect_uri')).toBe(`${playground.url}callback`);
      }
    );
  });

  it('shows invalid_config with its troubleshooting entry when the scope uses commas', async () => {
    await withPlayground({ HF_SCOPE: 'profile,email' }, async (playground) => {
      const { status, text } = await createBrowser(playground).navigate('/sign-in', 'POST');
      expect(status).toBe(400);
      expect(text).toContain('<dd><code>invalid_config</code></dd>');
      expect(text).toContain('docs/troubleshooting.md#invalid_config">Troubleshooting</a>');
    });
  });

  it('refuses a member below the role floor of HF_ALLOWED_ORGANIZATIONS (401)', async () => {
    await withPlayground({ HF_ALLOWED_ORGANIZATIONS: 'acme:admin' }, async (playground) => {
      const { status, text } = await signIn(playground);
      expect(status).toBe(401);
      expect(text).toContain(
        '<dt>Message</dt><dd>Sign-in needs the role admin or higher in the Hugging Face organization acme, and this account has the role write there.</dd>'
      );
    });
  });

  it('names a busy port and how to pick another, instead of a raw EADDRINUSE', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, 'localhost', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startPlayground({ PORT: String(port) })).rejects.toThrow(
        `Port ${port} is already in use, perhaps by another playground. Stop that program, or pick another port: PORT=3000 npm start (PORT=0 picks a free one).`
      );
    } finally {
      blocker.close();
    }
    const busy = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(describeListenFailure(busy, 3000).message).toContain('PORT=3001 npm start');
  });

  it('reports an API the app cannot reach with the network error code', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const call = await callWhoAmI(`http://127.0.0.1:${port}`, 't');
    expect(call).toMatchObject({ status: undefined, reason: 'ECONNREFUSED' });
  });
});
