import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ensureConnectorBuilt } from './build.js';
import { startPlayground, type Playground } from './server.js';

const JANE = '62f264b9f3c90f4b6514a269';
const CONFIGURED_SCOPES = ['openid', 'profile', 'email', 'read-memberships'];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Set it to a folder to keep a screenshot of each page the tests check (for a human to look at). */
const screenshotFolder = process.env.PLAYGROUND_SCREENSHOTS;

let browser: Browser;
let playground: Playground;
let context: BrowserContext;
let page: Page;
/** Every request the pages tried to send off this machine: the test fails on any. */
let offMachineRequests: string[];

beforeAll(async () => {
  await ensureConnectorBuilt();
  playground = await startPlayground({ port: 0, env: {} });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

beforeEach(async () => {
  offMachineRequests = [];
  context = await browser.newContext();
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (LOOPBACK_HOSTS.has(new URL(url).host.replace(/:\d+$/, ''))) return route.continue();
    offMachineRequests.push(url);
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
  expect(offMachineRequests).toEqual([]);
});

async function screenshot(name: string) {
  if (!screenshotFolder) return;
  await mkdir(screenshotFolder, { recursive: true });
  await page.screenshot({ path: path.join(screenshotFolder, `${name}.png`), fullPage: true });
}

/** Home → consent page of the embedded provider. */
async function openConsentPage() {
  await page.goto(playground.url);
  await page.getByRole('button', { name: 'Sign in with Hugging Face' }).click();
  await expect
    .poll(() => page.getByRole('heading', { name: /^Authorize / }).isVisible())
    .toBe(true);
}

/** On the consent page: picks the sample user and allows. */
async function allowAs(name: RegExp) {
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: 'Allow' }).click();
}

/** Waits until the page's main heading has this name. */
async function expectHeading(name: string) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function signInAsJane() {
  await openConsentPage();
  await allowAs(/Jane Doe/);
  await expectHeading('Signed in as Jane Doe');
}

/** The masked refresh token shown in the card of this section. */
const refreshTokenIn = (sectionId: string) =>
  page
    .locator(`#${sectionId}`)
    .getByRole('row', { name: /refresh_token/ })
    .innerText();

describe('playground in a browser (embedded provider, nothing leaves the machine)', () => {
  it('signs in with Allow, shows the profile with its avatar, and refreshes the tokens', async () => {
    await signInAsJane();
    const main = page.locator('main');
    await expect.poll(() => main.innerText()).toContain(JANE);
    const text = await main.innerText();
    expect(text).toContain('jane@example.com');
    expect(text).toMatch(/hf_oau… \(43 characters\)/);
    expect(text).not.toMatch(/hf_oauth_[A-Za-z\d]{34}/);
    await expect.poll(() => page.getByRole('cell', { name: /Acme Corp/ }).isVisible()).toBe(true);
    await expect
      .poll(() => page.getByRole('cell', { name: /Open Research Lab/ }).isVisible())
      .toBe(true);

    const avatar = page.getByRole('img', { name: 'Avatar of Jane Doe' });
    expect(await avatar.isVisible()).toBe(true);
    await expect
      .poll(() =>
        avatar.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)
      )
      .toBeGreaterThan(0);
    expect(await page.locator('header svg.logo').isVisible()).toBe(true);

    const signInRefreshToken = await refreshTokenIn('sign-in-tokens');
    await page.getByRole('button', { name: 'Refresh token' }).click();
    await page.getByRole('heading', { name: 'Refreshed tokens' }).waitFor();
    const refreshed = await page.locator('#refreshed').innerText();
    expect(refreshed).toContain('Refresh number 1');
    expect(refreshed).toMatch(/access_token\s+hf_oau… \(43 characters\)/);
    // The sign-in card keeps the sign-in's tokens; the rotated refresh token is in its own card.
    expect(await refreshTokenIn('sign-in-tokens')).toBe(signInRefreshToken);
    expect(await refreshTokenIn('refreshed')).not.toBe(signInRefreshToken);
    expect(await page.locator('main').innerText()).toMatch(/Last refresh.*\s+[\d.]+\sms/);
    await screenshot('result-refreshed');

    await page.getByRole('link', { name: 'Start over' }).click();
    await page.getByRole('button', { name: 'Sign in with Hugging Face' }).waitFor();
  });

  it('plays the app: calls whoami-v2 with the stored token, then steps up to inference-api', async () => {
    await signInAsJane();

    await page.getByRole('button', { name: 'Call whoami-v2' }).click();
    const summary = page.locator('#api-call-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(
      /^HTTP 200 in [\d.]+\sms, with the access token of the sign-in\. The token belongs to @janedoe \(Jane Doe\)\.$/
    );

    await page.getByRole('button', { name: 'Step up to inference-api' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: /^Authorize / }).isVisible())
      .toBe(true);
    await allowAs(/Jane Doe/);
    await page.getByRole('heading', { name: 'Step-up result' }).waitFor();
    const granted = (await page.locator('#granted-scope').innerText()).split(/\s+/);
    expect(granted).toEqual(expect.arrayContaining([...CONFIGURED_SCOPES, 'inference-api']));
    expect(await page.locator('#step-up').innerText()).not.toContain('Not granted');
    await screenshot('result-step-up');

    // The app's next call uses the step-up's token, which Logto now keeps.
    await page.getByRole('button', { name: 'Call whoami-v2' }).click();
    await expect
      .poll(() => summary.innerText())
      .toMatch(/with the access token of the step-up\. The token belongs to @janedoe/);
  });

  it('shows authorization_failed and the declined message after Deny', async () => {
    await openConsentPage();
    await page.getByRole('button', { name: 'Deny' }).click();

    await expectHeading('The connector reported an error');
    const text = await page.locator('main').innerText();
    expect(text).toContain('authorization_failed');
    expect(text).toContain('The user declined to authorize the app on Hugging Face.');
    expect(text).toContain('access_denied');
    expect(text).toContain('HTTP 401');
    await page.getByRole('heading', { name: 'What to do' }).waitFor();
  });

  it('shows why the email of a user with an unverified address is absent', async () => {
    await openConsentPage();
    await allowAs(/Priya Raman/);

    await expectHeading('Signed in as Priya Raman');
    const email = await page.locator('dt:text-is("email") + dd').innerText();
    expect(email).toContain('Absent');
    expect(email).toContain('Hugging Face has not verified this address');
  });

  it('fits a 390 px wide phone screen: no sideways scroll, timings on one line', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(playground.url);
    await screenshot('home-390');
    expect(await horizontalOverflow()).toBe(0);

    await page.getByRole('button', { name: 'Sign in with Hugging Face' }).click();
    await allowAs(/Jane Doe/);
    await expectHeading('Signed in as Jane Doe');
    await page.getByRole('button', { name: 'Refresh token' }).click();
    await page.getByRole('heading', { name: 'Refreshed tokens' }).waitFor();
    await page.getByRole('button', { name: 'Call whoami-v2' }).click();
    await page.locator('#api-call-summary').waitFor();
    await screenshot('result-390');
    expect(await horizontalOverflow()).toBe(0);

    const durations = page.locator('.duration');
    expect(await durations.count()).toBeGreaterThanOrEqual(3);
    for (const duration of await durations.all()) {
      const lines = await duration.evaluate((element) => element.getClientRects().length);
      expect([await duration.innerText(), lines]).toEqual([expect.stringMatching(/ms$/), 1]);
    }
  });
});

/** How many pixels the page is wider than the screen (0 when nothing scrolls sideways). */
const horizontalOverflow = () =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
