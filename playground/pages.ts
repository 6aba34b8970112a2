/** The home page, the error page and short notices. All text is escaped. */
import { html } from './html.js';
import { layout } from './layout.js';
import { absent, rawObject } from './page-parts.js';
import { type Mode } from './settings.js';
import { troubleshootingHint } from './troubleshooting.js';

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
