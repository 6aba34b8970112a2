/** The home page, the error pages and short notices. All text is escaped. */

import { html } from './html.js';
import { absent, code, codeOr, definitions, layout, rawObject } from './page-parts.js';
import { type Mode } from './settings.js';

const TROUBLESHOOTING =
  'https://github.com/logto-hf/connector-huggingface/blob/main/docs/troubleshooting.md';

/** `config` holds the connector's settings, as the Admin Console would show them. */
export function renderHomePage(
  mode: Mode,
  issuer: string,
  redirectUri: string,
  config: { clientId: string; scope: string; orgIds?: string; allowedOrganizations?: string }
): string {
  const anyone = 'anyone may sign in (HF_ALLOWED_ORGANIZATIONS, for example acme:write)';
  const body = html`<section>
      <h1>Sign in with Hugging Face</h1>
      <p>
        This page plays Logto: it calls the built connector (<code>lib/index.js</code>) the way
        Logto does and shows what Logto receives.
      </p>
      <form method="post" action="/sign-in" class="actions">
        <button type="submit">Sign in with Hugging Face</button>
      </form>
    </section>
    <section>
      <h2>Connector settings</h2>
      ${definitions([
        ['Issuer', code(issuer)],
        ['Client ID', code(config.clientId)],
        ['Scope', code(config.scope)],
        ['Organization asked for', codeOr(config.orgIds, 'none (HF_ORG_IDS)')],
        ['Allowed organizations', codeOr(config.allowedOrganizations, anyone)],
        ['Redirect URI', code(redirectUri)],
      ])}
    </section>
    <p class="note">
      ${
        mode === 'embedded'
          ? 'On the stand-in’s consent page, pick a sample user, then Allow or Deny. Jane Doe belongs to two organizations, Priya Raman has an unverified email, @quiet-tensor has no display name.'
          : html`Your Hugging Face OAuth app must list <code>${redirectUri}</code> as a redirect URI
              and allow every scope above.`
      }
    </p>`;
  return layout('Home', mode, body);
}

const STEPS: Record<string, string> = {
  '/sign-in': 'building the authorization URL (getAuthorizationUri)',
  '/callback': 'exchanging the code and reading the profile (getTokenResponseAndUserInfo)',
  '/refresh': 'refreshing the access token (getAccessTokenByRefreshToken)',
  '/step-up': 'building the step-up authorization URL (getAuthorizationUri with a scope)',
};

/** What a `ConnectorError` carries, read without trusting its shape. */
function connectorErrorFields(error: unknown) {
  const { code, data } = error as { code: string; data: unknown };
  const { message, ...details } = typeof data === 'string' ? { message: data } : rawObject(data);
  return { code, message: typeof message === 'string' ? message : '', details };
}

/** What the connector threw at `path`, or what Logto refused, as Logto would answer it. */
export function renderErrorPage(mode: Mode, path: string, error: unknown, status: number): string {
  if (status === 422) return renderNoticePage(mode, 'Step-up refused', (error as Error).message);
  if (status === 500) {
    const thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const message = `While ${STEPS[path]}, the connector threw something that is not a ConnectorError (${thrown}). Logto would answer HTTP 500. Please report it.`;
    return renderNoticePage(mode, 'Unexpected error', message);
  }
  const { code: errorCode, message, details } = connectorErrorFields(error);
  const body = html`<section class="error">
    <h1>The connector reported an error</h1>
    <p>
      While ${STEPS[path]}. Logto would answer HTTP ${status} with
      <code>connector.${errorCode}</code>.
    </p>
    ${definitions([
      ['Code', code(errorCode)],
      ['Message', message || absent('none')],
      ...Object.entries(details).map(([field, value]): [unknown, unknown] => [
        code(field),
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    ])}
    <p class="note">
      The message says what to do; <a href="${TROUBLESHOOTING}#${errorCode}">Troubleshooting</a>
      explains every code. Here the connector’s settings come from HF_CLIENT_ID, HF_CLIENT_SECRET,
      HF_SCOPE, HF_ORG_IDS and HF_ALLOWED_ORGANIZATIONS.
    </p>
    <p><a href="/">Start over</a></p>
  </section>`;
  return layout(`Error: ${errorCode}`, mode, body);
}

/** Deny is an answer, not a failure: Logto shows the connector's message and nothing breaks. */
export function renderDeclinedPage(mode: Mode, error: unknown, stepUp: boolean): string {
  const { code, message } = connectorErrorFields(error);
  const title = stepUp ? 'Step-up declined' : 'Sign-in declined';
  const body = html`<section>
    <h1>${title}</h1>
    <p>
      You pressed Deny on Hugging Face.
      ${stepUp ? 'Logto’s vault keeps the tokens it had.' : 'Nobody is signed in.'} The connector
      reports it as <code>${code}</code>: “${message}” Logto shows that message on its sign-in page;
      nothing needs fixing.
    </p>
    <p>
      ${stepUp ? html`<a href="/result">Back to the result</a>` : html`<a href="/">Sign in again</a>`}
    </p>
  </section>`;
  return layout(title, mode, body);
}

/** A short page for wrong addresses and methods, and for what Logto itself refuses. */
export function renderNoticePage(mode: Mode, title: string, message: string): string {
  const body = html`<section>
    <h1>${title}</h1>
    <p>${message}</p>
    <p><a href="/">Go to the playground’s home page</a></p>
  </section>`;
  return layout(title, mode, body);
}
