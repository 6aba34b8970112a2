import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ensureFreshBuild } from '../tooling/build-check.js';

import { startPlayground, type Playground } from './server.js';

const JANE = '62f264b9f3c90f4b6514a269';
const CONFIGURED_SCOPES = ['openid', 'profile', 'email', 'read-memberships'];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const PHONE = { width: 390, height: 844 };
/** Set it to a folder to keep a screenshot of the pages the tests check (for a human to look at). */
const screenshotFolder = process.env.PLAYGROUND_SCREENSHOTS;

let browser: Browser;
let playground: Playground;
let context: BrowserContext;
let page: Page;
/** What must stay empty: requests sent off this machine, console errors, error answers. */
let problems: string[];

beforeAll(async () => {
  ensureFreshBuild();
  playground = await startPlayground({ PORT: '0' });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      // Nothing but loopback resolves, so no request can leave the machine. Intercepting requests
      // instead (page.route) would hide the favicon fetches, whose failures the console reports.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

beforeEach(async () => {
  problems = [];
  context = await browser.newContext();
  page = await context.newPage();
  page.on('request', (request) => {
    const url = request.url();
    if (!LOOPBACK_HOSTS.has(new URL(url).hostname)) problems.push(`off-machine request: ${url}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error')
      problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
});

afterEach(async () => {
  await context?.close();
  expect(problems).toEqual([]);
});

async function screenshot(name: string) {
  if (!screenshotFolder) return;
  await mkdir(screenshotFolder, { recursive: true });
  await page.screenshot({ path: path.join(screenshotFolder, `${name}.png`), fullPage: true });
}

const heading = (name: string | RegExp, level = 1) => page.getByRole('heading', { level, name });

/** From the playground's home page to the stand-in's consent page. */
async function openConsentPage(home = playground.url) {
  await page.goto(home);
  await page.getByRole('button', { name: 'Sign in with Hugging Face' }).click();
  await heading(/^Authorize /).waitFor();
}

/** On the consent page: picks the sample user and allows. */
async function allowAs(name: RegExp) {
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: 'Allow' }).click();
}

async function signInAsJane(home = playground.url) {
  await openConsentPage(home);
  await allowAs(/Jane Doe/);
  await heading('Signed in as Jane Doe').waitFor();
}

/** The masked refresh token shown in the card of this section. */
const refreshTokenIn = (sectionId: string) =>
  page
    .locator(`#${sectionId}`)
    .getByRole('row', { name: /refresh_token/ })
    .innerText();

/** The Timing card's line for a step: wall time, requests by path, new connections. */
async function timingOf(step: string) {
  const line = await page.locator(`#timing-${step}`).innerText();
  const match = /^([\d.]+)\sms · (.+) · (\d+) new connections?$/.exec(line);
  if (!match) throw new Error(`unexpected timing line for ${step}: ${line}`);
  const requests = match[2] === 'no request' ? [] : (match[2] ?? '').split(', ');
  return { line, requests, connections: Number(match[3]) };
}

/** How many pixels the page is wider than the screen (0 when nothing scrolls sideways). */
const horizontalOverflow = () =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('playground in a browser (the stand-in; nothing leaves the machine)', () => {
  it('signs in, shows the profile, the organization roles and the avatar, and refreshes', async () => {
    await signInAsJane();
    const main = page.locator('main');
    const text = await main.innerText();
    expect(text).toContain(JANE);
    expect(text).toContain('jane@example.com');
    expect(text).toMatch(/hf_oau… \(43 characters\)/);
    expect(text).not.toMatch(/hf_oauth_[A-Za-z\d]{34}/);
    const acme = page.getByRole('row', { name: /Acme Corp/ });
    expect(await acme.getByRole('cell').allInnerTexts()).toEqual([
      'Acme Corp @acme',
      'team',
      'write',
    ]);
    expect(await page.locator('#role-note').innerText()).toContain(
      'Hugging Face shares a member’s role only in the organization the app asked access to'
    );
    const avatar = page.getByRole('img', { name: 'Avatar of Jane Doe' });
    await expect
      .poll(() =>
        avatar.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)
      )
      .toBeGreaterThan(0);

    const signInRefreshToken = await refreshTokenIn('sign-in-tokens');
    await page.getByRole('button', { name: 'Refresh token' }).click();
    await heading('Refreshed tokens', 2).waitFor();
    expect(await page.locator('#refreshed').innerText()).toContain('Refresh number 1');
    // The sign-in card keeps the sign-in's tokens; the rotated refresh token is in its own card.
    expect(await refreshTokenIn('sign-in-tokens')).toBe(signInRefreshToken);
    expect(await refreshTokenIn('refreshed')).not.toBe(signInRefreshToken);
    await screenshot('result-desktop');
  });

  it('plays the app: calls whoami-v2, steps up once, then offers no more step-up', async () => {
    await signInAsJane();
    await page.getByRole('button', { name: 'Call whoami-v2' }).click();
    expect(await page.locator('#api-call-summary').innerText()).toMatch(
      /^HTTP 200 in [\d.]+\sms, with the access token of the sign-in\. The token belongs to @janedoe \(Jane Doe\)\.$/
    );

    await page.getByRole('button', { name: 'Step up to inference-api' }).click();
    await heading(/^Authorize /).waitFor();
    await allowAs(/Jane Doe/);
    await heading('Step-up result', 2).waitFor();
    const granted = (await page.locator('#granted-scope').innerText()).split(/\s+/);
    expect(granted).toEqual(expect.arrayContaining([...CONFIGURED_SCOPES, 'inference-api']));
    expect(await page.getByRole('button', { name: /Step up/ }).count()).toBe(0);
    expect(await page.locator('#step-up-done').innerText()).toContain(
      'include inference-api: there is nothing more to step up to.'
    );
    await screenshot('result-step-up');

    // The app's next call uses the step-up's token, which Logto now keeps.
    await page.getByRole('button', { name: 'Call whoami-v2' }).click();
    await expect
      .poll(() => page.locator('#api-call-summary').innerText())
      .toMatch(/with the access token of the step-up\. The token belongs to @janedoe/);
  });

  it('shows a Deny as a handled answer, with no error in the console', async () => {
    await openConsentPage();
    await page.getByRole('button', { name: 'Deny' }).click();
    await heading('Sign-in declined').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('You pressed Deny on Hugging Face. Nobody is signed in.');
    expect(text).toContain('authorization_failed');
    expect(text).toContain('The user declined to authorize the app on Hugging Face.');
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.getByRole('button', { name: 'Sign in with Hugging Face' }).waitFor();
  });

  it('counts in the Timing card what each connector call sent to Hugging Face', async () => {
    // A playground of its own, so that the connector has no connection open yet.
    const fresh = await startPlayground({ PORT: '0' });
    try {
      await signInAsJane(fresh.url);
      await page.getByRole('button', { name: 'Refresh token' }).click();
      await heading('Refreshed tokens', 2).waitFor();
      await page.getByRole('button', { name: 'Step up to inference-api' }).click();
      await allowAs(/Jane Doe/);
      await heading('Step-up result', 2).waitFor();
      await screenshot('timing');

      const steps = [
        'authorization',
        'callback',
        'refresh',
        'step-up-authorization',
        'step-up-callback',
      ];
      const timings = await Promise.all(steps.map(timingOf));
      const [authorization, callback, refresh, , stepUpCallback] = timings;
      expect(callback?.requests).toContain('/oauth/token');
      expect(refresh?.requests).toEqual(['/oauth/token']);
      expect(stepUpCallback?.requests).toContain('/oauth/token');
      // Only the connector calls the token endpoint: the card accounts for every such request.
      const shown = timings.flatMap(({ requests }) => requests).filter((r) => r === '/oauth/token');
      expect(shown).toHaveLength(fresh.provider?.stats.requests['/oauth/token'] ?? -1);
      // The sign-in opened the connector's first connection, at authorization or at the callback.
      expect((authorization?.connections ?? 0) + (callback?.connections ?? 0)).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });

  it('fits a 390 px wide phone: the sign-in button in view, no sideways scroll', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(playground.url);
    await screenshot('home-390');
    const button = await page
      .getByRole('button', { name: 'Sign in with Hugging Face' })
      .boundingBox();
    expect(button && button.y + button.height).toBeLessThanOrEqual(PHONE.height);
    expect(await horizontalOverflow()).toBe(0);

    await page.getByRole('button', { name: 'Sign in with Hugging Face' }).click();
    await allowAs(/Jane Doe/);
    await heading('Signed in as Jane Doe').waitFor();
    await page.getByRole('button', { name: 'Call whoami-v2' }).click();
    await page.locator('#api-call-summary').waitFor();
    await screenshot('result-390');
    expect(await horizontalOverflow()).toBe(0);
    for (const duration of await page.locator('.duration').all()) {
      expect(await duration.evaluate((element) => element.getClientRects().length)).toBe(1);
    }
  });
});
