/** The playground's server-rendered pages. Tokens are always masked; all text is escaped. */
import { html } from './html.js';
import { layout } from './layout.js';
import { troubleshootingHint } from './troubleshooting.js';

/**
 * @typedef {import('./logto-host.js').SignIn} SignIn
 * @typedef {'embedded' | 'real'} Mode
 */

/** @param {string} token @returns {string} enough to tell tokens apart, never enough to use one */
export function maskToken(token) {
  const shown = token.slice(0, Math.min(6, Math.floor(token.length / 2)));
  return `${shown}… (${token.length} characters)`;
}

/** @param {number | undefined} ms */
const duration = (ms) =>
  ms === undefined ? html`<span class="absent">not measured</span>` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;

/** @param {unknown} value @returns {string | undefined} the URL when it is http(s), so it is safe in href/src */
function webUrl(value) {
  if (typeof value !== 'string') return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** @param {unknown} value */
const yesNo = (value) => (value === true ? 'Yes' : value === false ? 'No' : html`<span class="absent">not sent</span>`);

/** @param {string} text */
const absent = (text) => html`<span class="absent">${text}</span>`;

/**
 * @param {{ mode: Mode, issuer: string, clientId: string, scope: string, redirectUri: string,
 *   orgIds?: string, sampleUsers?: import('./provider/users.js').SampleUser[] }} input
 */
export function renderHomePage({ mode, issuer, clientId, scope, redirectUri, orgIds, sampleUsers = [] }) {
  const modeText = mode === 'embedded' ? 'Embedded test provider (no Hugging Face account needed)' : 'Real Hugging Face';
  const body = html`<section>
<h1>Sign in with Hugging Face</h1>
<p>This page plays the part of Logto: it loads the built connector (<code>lib/index.js</code>) and calls it
the way Logto does, then shows what Logto would receive.</p>
<dl>
<dt>Mode</dt><dd>${modeText}</dd>
<dt>Issuer</dt><dd><code>${issuer}</code></dd>
<dt>Client ID</dt><dd><code>${clientId}</code></dd>
<dt>Scope</dt><dd><code>${scope}</code></dd>
${orgIds ? html`<dt>Organization asked for</dt><dd><code>${orgIds}</code></dd>` : ''}
<dt>Redirect URI</dt><dd><code>${redirectUri}</code></dd>
</dl>
</section>
${mode === 'embedded' ? sampleUserNote(sampleUsers) : realModeNote(redirectUri)}
<section>
<form method="post" action="/sign-in" class="actions">
<button type="submit">Sign in with Hugging Face</button>
</form>
</section>`;
  return layout({ title: 'Home', mode, body });
}

/** @param {import('./provider/users.js').SampleUser[]} users */
function sampleUserNote(users) {
  const describe = (user) =>
    [
      user.emailVerified ? 'verified email' : 'unverified email',
      user.isPro ? 'PRO' : undefined,
      `${user.orgs.length} organization${user.orgs.length === 1 ? '' : 's'}`,
      user.name ? undefined : 'no display name',
    ]
      .filter(Boolean)
      .join(', ');
  return html`<section class="note">
<p>On the test provider’s consent page you can choose any sample user, then Allow or Deny:</p>
<ul>${users.map((user) => html`<li><strong>${user.name || `@${user.handle}`}</strong>: ${describe(user)}</li>`)}</ul>
</section>`;
}

/** @param {string} redirectUri */
const realModeNote = (redirectUri) => html`<section class="note">
<p>Your Hugging Face OAuth app must list <code>${redirectUri}</code> as a redirect URI and allow every scope above.</p>
</section>`;

/** @param {import('@logto/connector-kit').TokenResponse} tokenResponse */
function tokenTable(tokenResponse) {
  const rows = Object.entries(tokenResponse).map(
    ([field, value]) =>
      html`<tr><th scope="row"><code>${field}</code></th><td>${
        field.endsWith('_token') && typeof value === 'string' ? html`<code>${maskToken(value)}</code>` : String(value)
      }</td></tr>`
  );
  return html`<table>
<thead><tr><th scope="col">Field</th><th scope="col">Value</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

/**
 * Why the profile Logto receives has (or lacks) an email.
 * @param {SignIn} signIn
 */
function emailLine(signIn) {
  const { userInfo } = signIn;
  if (userInfo.email) return html`${userInfo.email} <small>(verified by Hugging Face)</small>`;
  const raw = rawObject(userInfo.rawData);
  if (typeof raw.email === 'string' && raw.email !== '') {
    return absent(
      `Absent: Hugging Face has not verified this address (${raw.email}; email_verified is ${raw.email_verified === undefined ? 'missing' : JSON.stringify(raw.email_verified)}), so the connector leaves it out.`
    );
  }
  if (!grantedScopes(signIn).includes('email')) return absent('Absent: the `email` scope was not granted.');
  return absent('Absent: Hugging Face sent no email address.');
}

/** @param {SignIn} signIn */
const grantedScopes = (signIn) => (signIn.tokenResponse.scope ?? signIn.requestedScope).split(/\s+/);

/** @param {unknown} rawData @returns {Record<string, unknown>} */
const rawObject = (rawData) =>
  rawData !== null && typeof rawData === 'object' && !Array.isArray(rawData) ? /** @type {any} */ (rawData) : {};

/** @param {SignIn} signIn */
function organizationsSection(signIn) {
  const { orgs } = rawObject(signIn.userInfo.rawData);
  if (!Array.isArray(orgs)) {
    return grantedScopes(signIn).includes('read-memberships')
      ? absent('Hugging Face sent no organization list.')
      : absent('No organization list: the `read-memberships` scope was not granted.');
  }
  if (orgs.length === 0) return absent('Not a member of any organization.');
  const rows = orgs.map((org) => {
    const { name, preferred_username: handle, plan, roleInOrg } = rawObject(org);
    return html`<tr><td>${name ?? ''}${handle ? html` <small>@${handle}</small>` : ''}</td><td>${plan ?? ''}</td>
<td>${roleInOrg ?? absent('not shared with this app')}</td></tr>`;
  });
  const roleNote = orgs.some((org) => rawObject(org).roleInOrg !== undefined)
    ? ''
    : html`<p class="absent">Hugging Face shows the role only in an organization the user granted to the app: the connector’s <code>orgIds</code> setting (HF_ORG_IDS here) asks for one.</p>`;
  return html`<table>
<thead><tr><th scope="col">Organization</th><th scope="col">Plan</th><th scope="col">Role</th></tr></thead>
<tbody>${rows}</tbody>
</table>
${roleNote}`;
}

/** @param {{ mode: Mode, signIn: SignIn }} input */
export function renderResultPage({ mode, signIn }) {
  const { userInfo, tokenResponse, timings, lastRefresh } = signIn;
  const raw = rawObject(userInfo.rawData);
  const displayName = userInfo.name ?? userInfo.id;
  const avatar = webUrl(userInfo.avatar);
  const profileUrl = webUrl(raw.profile);

  const body = html`<section>
<h1>Signed in as ${displayName}</h1>
<h2>Profile Logto receives</h2>
<div class="profile">
${avatar ? html`<img class="avatar" src="${avatar}" alt="Avatar of ${displayName}" width="80" height="80">` : ''}
<dl>
<dt>id</dt><dd><code>${userInfo.id}</code></dd>
<dt>name</dt><dd>${userInfo.name ?? absent('Absent: Hugging Face sent neither a name nor a handle.')}</dd>
<dt>email</dt><dd>${emailLine(signIn)}</dd>
<dt>avatar</dt><dd>${avatar ? html`<code>${avatar}</code>` : absent('Absent: Hugging Face sent no picture.')}</dd>
</dl>
</div>
</section>
<section>
<h2>rawData</h2>
<dl>
<dt>Handle</dt><dd>${raw.preferred_username ? `@${raw.preferred_username}` : absent('not sent')}</dd>
<dt>Profile page</dt><dd>${profileUrl ? html`<a href="${profileUrl}">${profileUrl}</a>` : absent('not sent')}</dd>
<dt>PRO (<code>isPro</code>)</dt><dd>${yesNo(raw.isPro)}</dd>
<dt>Can pay (<code>canPay</code>)</dt><dd>${yesNo(raw.canPay)}</dd>
</dl>
<h3>Organizations</h3>
${organizationsSection(signIn)}
<h3>Raw JSON</h3>
<pre>${JSON.stringify(userInfo.rawData ?? null, null, 2)}</pre>
</section>
<section>
<h2>Token response</h2>
<p>Tokens are masked: the first characters and the length only.</p>
${tokenTable(tokenResponse)}
</section>
<section>
<h2>Timing</h2>
<dl>
<dt>Authorization URL (<code>getAuthorizationUri</code>)</dt><dd>${duration(timings.authorizationUriMs)}</dd>
<dt>Token and userinfo (<code>getTokenResponseAndUserInfo</code>)</dt><dd>${duration(timings.tokenAndUserInfoMs)}</dd>
${lastRefresh ? html`<dt>Last refresh (<code>getAccessTokenByRefreshToken</code>)</dt><dd>${duration(lastRefresh.ms)}</dd>` : ''}
</dl>
</section>
${lastRefresh ? refreshedSection(lastRefresh) : ''}
<section class="actions">
${
  tokenResponse.refresh_token
    ? html`<form method="post" action="/refresh"><button type="submit">Refresh token</button></form>`
    : html`<p class="absent">Hugging Face sent no refresh token, so there is nothing to refresh.</p>`
}
<a href="/">Start over</a>
</section>`;
  return layout({ title: `Signed in as ${displayName}`, mode, body });
}

/** @param {NonNullable<SignIn['lastRefresh']>} lastRefresh */
const refreshedSection = ({ tokenResponse, ms, count }) => html`<section id="refreshed">
<h2>Refreshed tokens</h2>
<p>Refresh number ${count}, took ${duration(ms)}. The response of <code>getAccessTokenByRefreshToken</code>:</p>
${tokenTable(tokenResponse)}
</section>`;

const STEPS = {
  start: 'building the authorization URL (getAuthorizationUri)',
  callback: 'exchanging the code and reading the profile (getTokenResponseAndUserInfo)',
  refresh: 'refreshing the access token (getAccessTokenByRefreshToken)',
};

/** @param {unknown} value */
const fieldText = (value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value));

/**
 * @param {{ mode: Mode, step: keyof typeof STEPS, error: unknown, status: number,
 *   isConnectorError: boolean }} input
 */
export function renderErrorPage({ mode, step, error, status, isConnectorError }) {
  const startOver = html`<p><a href="/">Start over</a></p>`;
  if (!isConnectorError) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const body = html`<section class="error-section">
<h1>Unexpected error</h1>
<p>While ${STEPS[step]}, the connector threw something that is not a <code>ConnectorError</code>.
Logto would answer HTTP ${status}. This should never happen: please report it.</p>
<pre>${text}</pre>
${startOver}
</section>`;
    return layout({ title: 'Unexpected error', mode, body, status: 'error' });
  }

  const { code, data } = /** @type {{ code: string, data: unknown }} */ (error);
  const { message, ...details } =
    typeof data === 'string' ? { message: data } : /** @type {Record<string, unknown>} */ (rawObject(data));
  const messageText = typeof message === 'string' ? message : '';
  const hint = troubleshootingHint(code, messageText);
  const body = html`<section class="error-section">
<h1>The connector reported an error</h1>
<p>While ${STEPS[step]}. Logto would answer HTTP ${status} with <code>connector.${code}</code>.</p>
<dl>
<dt>Code</dt><dd><code>${code}</code></dd>
<dt>Message</dt><dd>${messageText || absent('none')}</dd>
${Object.entries(details).map(([field, value]) => html`<dt><code>${field}</code></dt><dd>${fieldText(value)}</dd>`)}
</dl>
${hint ? html`<h2>What to do</h2><p class="note">${hint}</p>` : ''}
${startOver}
</section>`;
  return layout({ title: `Error: ${code}`, mode, body, status: 'error' });
}

/** A short page for wrong addresses and methods. @param {{ mode: Mode, title: string, message: string }} input */
export function renderNoticePage({ mode, title, message }) {
  const body = html`<section><h1>${title}</h1><p>${message}</p>
<p><a href="/">Go to the playground’s home page</a></p></section>`;
  return layout({ title, mode, body });
}
