/** The playground's server-rendered pages. Tokens are always masked; all text is escaped. */
import { type TokenResponse } from '@logto/connector-kit';

import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { type Refresh, type SignIn, type StepUp, type VaultSource } from './logto-host.js';
import { type Mode } from './settings.js';
import { troubleshootingHint } from './troubleshooting.js';
import { type ApiCall } from './your-app.js';

/** The scope a step-up asks for: what an app needs to call Inference Providers as the user. */
export const STEP_UP_SCOPE = 'inference-api';

/** Enough to tell tokens apart, never enough to use one. */
export function maskToken(token: string): string {
  const shown = token.slice(0, Math.min(6, Math.floor(token.length / 2)));
  return `${shown}… (${token.length} characters)`;
}

const absent = (text: string) => html`<span class="absent">${text}</span>`;

const duration = (ms: number | undefined) =>
  ms === undefined
    ? absent('not measured')
    : html`<span class="duration">${ms < 10 ? ms.toFixed(1) : Math.round(ms)}&nbsp;ms</span>`;

/** The URL when it is http(s), so that it is safe in href and src. */
function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}

const yesNo = (value: unknown) =>
  value === true ? 'Yes' : value === false ? 'No' : absent('not sent');

const rawObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

const scopeList = (scope: string | undefined) => (scope ?? '').split(/\s+/).filter(Boolean);

/** What the home page says about a sample user of the embedded provider. */
export type SampleUserSummary = {
  name: string;
  handle: string;
  emailVerified: boolean;
  isPro: boolean;
  orgs: ReadonlyArray<{ handle: string; roleInOrg?: string }>;
};

export type HomePageInput = {
  mode: Mode;
  issuer: string;
  clientId: string;
  scope: string;
  redirectUri: string;
  orgIds: string | undefined;
  allowedOrganizations: string | undefined;
  sampleUsers: readonly SampleUserSummary[];
};

export function renderHomePage(input: HomePageInput): string {
  const { mode, issuer, clientId, scope, redirectUri, orgIds, allowedOrganizations } = input;
  const modeText =
    mode === 'embedded'
      ? 'Embedded test provider (no Hugging Face account needed)'
      : 'Real Hugging Face';
  const body = html`<section>
      <h1>Sign in with Hugging Face</h1>
      <p>
        This page plays the part of Logto: it loads the built connector (<code>lib/index.js</code>)
        and calls it the way Logto does, then shows what Logto would receive.
      </p>
      <dl>
        <dt>Mode</dt>
        <dd>${modeText}</dd>
        <dt>Issuer</dt>
        <dd><code>${issuer}</code></dd>
        <dt>Client ID</dt>
        <dd><code>${clientId}</code></dd>
        <dt>Scope</dt>
        <dd><code>${scope}</code></dd>
        ${
          orgIds
            ? html`<dt>Organization asked for</dt>
                <dd><code>${orgIds}</code></dd>`
            : ''
        }
        <dt>Allowed organizations</dt>
        <dd>
          ${
            allowedOrganizations
              ? html`<code>${allowedOrganizations}</code>`
              : absent(
                  'Anyone may sign in. Set HF_ALLOWED_ORGANIZATIONS (handles or ids, each optionally with a minimum role, such as acme:write) to admit only members.'
                )
          }
        </dd>
        <dt>Redirect URI</dt>
        <dd><code>${redirectUri}</code></dd>
      </dl>
    </section>
    ${mode === 'embedded' ? sampleUserNote(input.sampleUsers) : realModeNote(redirectUri)}
    <section>
      <form method="post" action="/sign-in" class="actions">
        <button type="submit">Sign in with Hugging Face</button>
      </form>
    </section>`;
  return layout({ title: 'Home', mode, body });
}

function describeSampleUser(user: SampleUserSummary): string {
  const organizations =
    user.orgs.length === 0
      ? 'no organization'
      : `member of ${user.orgs.map((org) => (org.roleInOrg ? `${org.handle} (${org.roleInOrg})` : org.handle)).join(', ')}`;
  return [
    user.emailVerified ? 'verified email' : 'unverified email',
    user.isPro ? 'PRO' : undefined,
    organizations,
    user.name ? undefined : 'no display name',
  ]
    .filter(Boolean)
    .join(', ');
}

const sampleUserNote = (users: readonly SampleUserSummary[]) =>
  html`<section class="note">
    <p>On the test provider’s consent page you can choose any sample user, then Allow or Deny:</p>
    <ul>
      ${users.map((user) => html`<li><strong>${user.name || `@${user.handle}`}</strong>: ${describeSampleUser(user)}</li>`)}
    </ul>
  </section>`;

const realModeNote = (redirectUri: string) =>
  html`<section class="note">
    <p>
      Your Hugging Face OAuth app must list <code>${redirectUri}</code> as a redirect URI and allow
      every scope above.
    </p>
  </section>`;

function tokenTable(tokenResponse: TokenResponse): SafeHtml {
  const rows = Object.entries(tokenResponse).map(
    ([field, value]) =>
      html`<tr>
        <th scope="row"><code>${field}</code></th>
        <td>
          ${
            field.endsWith('_token') && typeof value === 'string'
              ? html`<code>${maskToken(value)}</code>`
              : String(value)
          }
        </td>
      </tr>`
  );
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Field</th>
        <th scope="col">Value</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

/** The scopes of the sign-in: what Hugging Face granted, else what was configured. */
const signInScopes = (signIn: SignIn) =>
  scopeList(signIn.signInTokens.scope ?? signIn.configuredScope);

/** Why the profile Logto receives has (or lacks) an email. */
function emailLine(signIn: SignIn): SafeHtml {
  const { userInfo } = signIn;
  if (userInfo.email) return html`${userInfo.email} <small>(verified by Hugging Face)</small>`;
  const raw = rawObject(userInfo.rawData);
  if (typeof raw.email === 'string' && raw.email !== '') {
    const verified =
      raw.email_verified === undefined ? 'missing' : JSON.stringify(raw.email_verified);
    return absent(
      `Absent: Hugging Face has not verified this address (${raw.email}; email_verified is ${verified}), so the connector leaves it out.`
    );
  }
  if (!signInScopes(signIn).includes('email')) {
    return absent('Absent: the email scope was not granted.');
  }
  return absent('Absent: Hugging Face sent no email address.');
}

function organizationsSection(signIn: SignIn): SafeHtml {
  const { orgs } = rawObject(signIn.userInfo.rawData);
  if (!Array.isArray(orgs)) {
    return signInScopes(signIn).includes('read-memberships')
      ? absent('Hugging Face sent no organization list.')
      : absent('No organization list: the read-memberships scope was not granted.');
  }
  if (orgs.length === 0) return absent('Not a member of any organization.');
  const rows = orgs.map((org) => {
    const { name, preferred_username: handle, plan, roleInOrg } = rawObject(org);
    return html`<tr>
      <td>${text(name) ?? ''}${text(handle) ? html` <small>@${text(handle)}</small>` : ''}</td>
      <td>${text(plan) ?? ''}</td>
      <td>${text(roleInOrg) ?? absent('not shared with this app')}</td>
    </tr>`;
  });
  const roleNote = orgs.some((org) => rawObject(org).roleInOrg !== undefined)
    ? ''
    : html`<p class="absent">
        Hugging Face shows the role only in an organization the user granted to the app: the
        connector’s <code>orgIds</code> setting (HF_ORG_IDS here) asks for one.
      </p>`;
  return html`<table>
      <thead>
        <tr>
          <th scope="col">Organization</th>
          <th scope="col">Plan</th>
          <th scope="col">Role</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${roleNote}`;
}

export type ResultPageInput = { mode: Mode; signIn: SignIn; apiCall: ApiCall | undefined };

export function renderResultPage({ mode, signIn, apiCall }: ResultPageInput): string {
  const { userInfo, signInTokens, vaultTokens, timings, lastRefresh, stepUp } = signIn;
  const raw = rawObject(userInfo.rawData);
  const displayName = userInfo.name ?? userInfo.id;
  const avatar = webUrl(userInfo.avatar);
  const profileUrl = webUrl(raw.profile);
  const handle = text(raw.preferred_username);

  const body = html`<section>
      <h1>Signed in as ${displayName}</h1>
      <h2>Profile Logto receives</h2>
      <div class="profile">
        ${avatar ? html`<img class="avatar" src="${avatar}" alt="Avatar of ${displayName}" width="80" height="80" />` : ''}
        <dl>
          <dt>id</dt>
          <dd><code>${userInfo.id}</code></dd>
          <dt>name</dt>
          <dd>
            ${userInfo.name ?? absent('Absent: Hugging Face sent neither a name nor a handle.')}
          </dd>
          <dt>email</dt>
          <dd>${emailLine(signIn)}</dd>
          <dt>avatar</dt>
          <dd>
            ${avatar ? html`<code>${avatar}</code>` : absent('Absent: Hugging Face sent no picture.')}
          </dd>
        </dl>
      </div>
    </section>
    <section>
      <h2>rawData</h2>
      <dl>
        <dt>Handle</dt>
        <dd>${handle ? `@${handle}` : absent('not sent')}</dd>
        <dt>Profile page</dt>
        <dd>
          ${profileUrl ? html`<a href="${profileUrl}">${profileUrl}</a>` : absent('not sent')}
        </dd>
        <dt>PRO (<code>isPro</code>)</dt>
        <dd>${yesNo(raw.isPro)}</dd>
        <dt>Can pay (<code>canPay</code>)</dt>
        <dd>${yesNo(raw.canPay)}</dd>
      </dl>
      <h3>Organizations</h3>
      ${organizationsSection(signIn)}
      <h3>Raw JSON</h3>
      <pre>${JSON.stringify(userInfo.rawData ?? null, null, 2)}</pre>
    </section>
    <section id="sign-in-tokens">
      <h2>Token response of the sign-in</h2>
      <p>
        What <code>getTokenResponseAndUserInfo</code> returned; a refresh or a step-up never changes
        this card. Tokens are masked: the first characters and the length only.
      </p>
      ${tokenTable(signInTokens)}
    </section>
    <section>
      <h2>Timing</h2>
      <dl>
        <dt>Authorization URL (<code>getAuthorizationUri</code>)</dt>
        <dd>${duration(timings.authorizationUriMs)}</dd>
        <dt>Token and userinfo (<code>getTokenResponseAndUserInfo</code>)</dt>
        <dd>${duration(timings.tokenAndUserInfoMs)}</dd>
        ${
          lastRefresh
            ? html`<dt>Last refresh (<code>getAccessTokenByRefreshToken</code>)</dt>
                <dd>${duration(lastRefresh.ms)}</dd>`
            : ''
        }
      </dl>
    </section>
    ${lastRefresh ? refreshedSection(lastRefresh) : ''} ${yourAppSection(signIn, apiCall)}
    ${stepUp ? stepUpSection(signIn, stepUp) : ''}
    <section class="actions">
      ${
        vaultTokens.refresh_token
          ? html`<form method="post" action="/refresh">
              <button type="submit">Refresh token</button>
            </form>`
          : html`<p class="absent">
              Hugging Face sent no refresh token, so there is nothing to refresh.
            </p>`
      }
      <a href="/">Start over</a>
    </section>`;
  return layout({ title: `Signed in as ${displayName}`, mode, body });
}

const refreshedSection = ({ tokenResponse, ms, count }: Refresh) =>
  html`<section id="refreshed">
    <h2>Refreshed tokens</h2>
    <p>
      Refresh number ${count}, took ${duration(ms)}. The response of
      <code>getAccessTokenByRefreshToken</code>:
    </p>
    ${tokenTable(tokenResponse)}
  </section>`;

const VAULT_SOURCES: Record<VaultSource, string> = {
  'sign-in': 'the sign-in',
  refresh: 'the last refresh',
  'step-up': 'the step-up',
};

function apiCallResult(apiCall: ApiCall): SafeHtml {
  const heading = html`<h3>Answer of <code>GET ${apiCall.url}</code></h3>`;
  if (apiCall.outcome === 'unreachable') {
    return html`${heading}
      <p class="note">No answer: ${apiCall.reason} (after ${duration(apiCall.ms)}).</p>`;
  }
  const answer = rawObject(apiCall.body);
  const who = text(answer.name);
  const summary =
    apiCall.status === 200 && who
      ? html`The token belongs to
          <strong>@${who}</strong>${text(answer.fullname) ? ` (${text(answer.fullname)})` : ''}.`
      : apiCall.status === 401
        ? html`Hugging Face refused the token.`
        : html`This is not the answer of a valid token.`;
  return html`${heading}
    <p id="api-call-summary">
      HTTP ${apiCall.status} in ${duration(apiCall.ms)}, with the access token of
      ${VAULT_SOURCES[apiCall.tokenSource]}. ${summary}
    </p>
    <pre>${JSON.stringify(apiCall.body, null, 2)}</pre>`;
}

function yourAppSection(signIn: SignIn, apiCall: ApiCall | undefined): SafeHtml {
  const granted = scopeList(signIn.vaultTokens.scope);
  const hasStepUpScope = granted.includes(STEP_UP_SCOPE);
  return html`<section id="your-app">
    <h2>Your app calls Hugging Face as the user</h2>
    <p>
      An app reads the stored token through Logto’s Account API (<code
        >GET /api/my-account/identities/huggingface/access-token</code
      >, which needs the identities scope) and sends it to Hugging Face as a Bearer token. Logto’s
      vault now holds the tokens of ${VAULT_SOURCES[signIn.vaultSource]}.
    </p>
    <div class="actions">
      <form method="post" action="/app/whoami"><button type="submit">Call whoami-v2</button></form>
      ${
        signIn.vaultTokens.access_token
          ? ''
          : html`<span class="absent"
              >Hugging Face sent no access token, so the call will be refused.</span
            >`
      }
    </div>
    ${apiCall ? apiCallResult(apiCall) : ''}
    <h3>Step-up: ask for ${STEP_UP_SCOPE}</h3>
    <p>
      To call Inference Providers an app needs the ${STEP_UP_SCOPE} scope. It asks Logto to
      re-authorize (<code>POST /api/verifications/social</code> with a scope); Logto passes that
      scope to <code>getAuthorizationUri</code>, the user consents on Hugging Face again, and
      <code>PUT /api/my-account/identities/huggingface/access-token</code> stores the new tokens.
      ${hasStepUpScope ? html` The tokens in the vault already include ${STEP_UP_SCOPE}.` : ''}
    </p>
    <form method="post" action="/step-up" class="actions">
      <button type="submit" class="secondary">Step up to ${STEP_UP_SCOPE}</button>
    </form>
  </section>`;
}

function stepUpSection(signIn: SignIn, stepUp: StepUp): SafeHtml {
  const granted = scopeList(stepUp.tokenResponse.scope);
  const configured = scopeList(signIn.configuredScope);
  const missing = [...configured, stepUp.requestedScope].filter(
    (scope) => !granted.includes(scope)
  );
  return html`<section id="step-up">
    <h2>Step-up result</h2>
    <dl>
      <dt>The app asked for</dt>
      <dd><code>${stepUp.requestedScope}</code></dd>
      <dt>Configured scope</dt>
      <dd><code>${signIn.configuredScope}</code></dd>
      <dt>The connector asked Hugging Face for</dt>
      <dd>
        ${stepUp.authorizationScope ? html`<code>${stepUp.authorizationScope}</code>` : absent('no scope parameter')}
      </dd>
      <dt>Granted scope</dt>
      <dd id="granted-scope">
        ${stepUp.tokenResponse.scope ? html`<code>${stepUp.tokenResponse.scope}</code>` : absent('Hugging Face did not say')}
      </dd>
      <dt>Authorization URL</dt>
      <dd>${duration(stepUp.authorizationUriMs)}</dd>
      <dt>Token and userinfo</dt>
      <dd>${duration(stepUp.tokenAndUserInfoMs)}</dd>
    </dl>
    ${
      stepUp.tokenResponse.scope !== undefined && missing.length > 0
        ? html`<p class="note">
            Not granted: ${missing.join(', ')}. Whatever needed those scopes (ID-token check, email,
            organizations) no longer has them.
          </p>`
        : ''
    }
    <h3>Token response of the step-up</h3>
    ${tokenTable(stepUp.tokenResponse)}
  </section>`;
}

const STEPS = {
  start: 'building the authorization URL (getAuthorizationUri)',
  callback: 'exchanging the code and reading the profile (getTokenResponseAndUserInfo)',
  refresh: 'refreshing the access token (getAccessTokenByRefreshToken)',
  'step-up': 'building the step-up authorization URL (getAuthorizationUri with a scope)',
} as const;

export type Step = keyof typeof STEPS;

const fieldText = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);

export type ErrorPageInput = {
  mode: Mode;
  step: Step;
  error: unknown;
  status: number;
  isConnectorError: boolean;
};

export function renderErrorPage({
  mode,
  step,
  error,
  status,
  isConnectorError,
}: ErrorPageInput): string {
  const startOver = html`<p><a href="/">Start over</a></p>`;
  if (!isConnectorError) {
    const description = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const body = html`<section class="error-section">
      <h1>Unexpected error</h1>
      <p>
        While ${STEPS[step]}, the connector threw something that is not a
        <code>ConnectorError</code>. Logto would answer HTTP ${status}. This should never happen:
        please report it.
      </p>
      <pre>${description}</pre>
      ${startOver}
    </section>`;
    return layout({ title: 'Unexpected error', mode, body, status: 'error' });
  }

  const { code, data } = error as { code: string; data: unknown };
  const { message, ...details } = typeof data === 'string' ? { message: data } : rawObject(data);
  const messageText = typeof message === 'string' ? message : '';
  const hint = troubleshootingHint(code, messageText);
  const body = html`<section class="error-section">
    <h1>The connector reported an error</h1>
    <p>
      While ${STEPS[step]}. Logto would answer HTTP ${status} with <code>connector.${code}</code>.
    </p>
    <dl>
      <dt>Code</dt>
      <dd><code>${code}</code></dd>
      <dt>Message</dt>
      <dd>${messageText || absent('none')}</dd>
      ${Object.entries(details).map(
        ([field, value]) =>
          html`<dt><code>${field}</code></dt>
            <dd>${fieldText(value)}</dd>`
      )}
    </dl>
    ${
      hint
        ? html`<h2>What to do</h2>
            <p class="note">${hint}</p>`
        : ''
    }
    ${startOver}
  </section>`;
  return layout({ title: `Error: ${code}`, mode, body, status: 'error' });
}

/** A short page for wrong addresses and methods, and for what Logto itself refuses. */
export function renderNoticePage({
  mode,
  title,
  message,
}: {
  mode: Mode;
  title: string;
  message: string;
}): string {
  const body = html`<section>
    <h1>${title}</h1>
    <p>${message}</p>
    <p><a href="/">Go to the playground’s home page</a></p>
  </section>`;
  return layout({ title, mode, body });
}
