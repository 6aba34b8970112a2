import { chromium } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';

import { ensureConnectorBuilt } from './build.js';
import { startPlayground } from './server.js';

const JANE = '62f264b9f3c90f4b6514a269';

// No internet in CI: avatars from Hugging Face's CDN are answered with a drawn placeholder.
const PLACEHOLDER_AVATAR =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80"><rect width="80" height="80" fill="#ffd21e"/>' +
  '<circle cx="40" cy="32" r="14" fill="#111827"/><rect x="16" y="52" width="48" height="24" rx="12" fill="#111827"/></svg>';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPlayground>>} */
let playground;
/** @type {import('playwright-core').BrowserContext} */
let context;
/** @type {import('playwright-core').Page} */
let page;

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
  context = await browser.newContext();
  await context.route('https://cdn-avatars.huggingface.co/**', (route) =>
    route.fulfill({ contentType: 'image/svg+xml', body: PLACEHOLDER_AVATAR })
  );
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

/** Home → consent page of the embedded provider. */
async function openConsentPage() {
  await page.goto(playground.url);
  await page.getByRole('button', { name: 'Sign in with Hugging Face' }).click();
  await expect.poll(() => page.getByRole('heading', { name: /^Authorize / }).isVisible()).toBe(true);
}

/** Waits until the page's main heading has this name. */
async function expectHeading(name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describe('playground in a browser (embedded provider)', () => {
  it('signs in with Allow, shows the profile, and refreshes the tokens', async () => {
    await openConsentPage();
    await page.getByRole('radio', { name: /Jane Doe/ }).check();
    await page.getByRole('button', { name: 'Allow' }).click();

    await expectHeading('Signed in as Jane Doe');
    const main = page.locator('main');
    await expect.poll(() => main.innerText()).toContain(JANE);
    const text = await main.innerText();
    expect(text).toContain('jane@example.com');
    expect(text).toMatch(/hf_oau… \(43 characters\)/);
    expect(text).not.toMatch(/hf_oauth_[A-Za-z\d]{34}/);
    await expect.poll(() => page.getByRole('cell', { name: /Acme Corp/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('cell', { name: /Open Research Lab/ }).isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: 'Avatar of Jane Doe' }).isVisible()).toBe(true);

    // Access tokens all start with hf_oauth_, so the masked refresh token is what tells them apart.
    const firstRefreshToken = await page.getByRole('row', { name: /refresh_token/ }).first().innerText();
    await page.getByRole('button', { name: 'Refresh token' }).click();
    await page.getByRole('heading', { name: 'Refreshed tokens' }).waitFor();
    const refreshed = await page.locator('#refreshed').innerText();
    expect(refreshed).toContain('Refresh number 1');
    expect(refreshed).toMatch(/access_token\s+hf_oau… \(43 characters\)/);
    expect(await page.getByRole('row', { name: /refresh_token/ }).first().innerText()).not.toBe(firstRefreshToken);
    expect(await page.locator('main').innerText()).toMatch(/Last refresh.*\s+[\d.]+ ms/);

    await page.getByRole('link', { name: 'Start over' }).click();
    await page.getByRole('button', { name: 'Sign in with Hugging Face' }).waitFor();
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
    await page.getByRole('radio', { name: /Priya Raman/ }).check();
    await page.getByRole('button', { name: 'Allow' }).click();

    await expectHeading('Signed in as Priya Raman');
    const email = await page.locator('dt:text-is("email") + dd').innerText();
    expect(email).toContain('Absent');
    expect(email).toContain('Hugging Face has not verified this address');
  });
});
