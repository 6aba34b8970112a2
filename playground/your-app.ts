/**
 * "Your app" after sign-in: it reads the Hugging Face token Logto keeps (Account API), calls
 * Hugging Face as the user (whoami-v2, which tells whom a token belongs to), and steps up to more
 * scope the way Logto's Account API does. The calls and the panel that shows them.
 */
import { html, type SafeHtml } from './html.js';
import { type SignIn, type Vault } from './logto-host.js';
import { absent, codeOr, duration, rawObject, scopeList, text, tokenTable } from './page-parts.js';

export type ApiCall = { url: string; ms: number } & (
  { status: number; body: unknown } | { status: undefined; reason: string }
);

export async function callWhoAmI(apiBase: string, accessToken: string): Promise<ApiCall> {
  const url = `${apiBase}/api/whoami-v2`;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    // Bounded, since the page keeps it per browser; whoami-v2 answers far less.
    const text = (await response.text()).slice(0, 20_000);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the text is shown as it came.
    }
    return { url, ms: performance.now() - started, status: response.status, body };
  } catch (error) {
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : {};
    const reason = typeof cause?.code === 'string' ? cause.code : String(error);
    return { url, ms: performance.now() - started, status: undefined, reason };
  }
}

/** The scope a step-up asks for: what an app needs to call Inference Providers as the user. */
export const STEP_UP_SCOPE = 'inference-api';

function apiCallResult(apiCall: ApiCall, source: Vault['source']): SafeHtml {
  const heading = html`<h3>Answer of <code>GET ${apiCall.url}</code></h3>`;
  if (apiCall.status === undefined) {
    return html`${heading}
      <p class="note">No answer: ${apiCall.reason} (after ${duration(apiCall.ms)}).</p>`;
  }
  const who = text(rawObject(apiCall.body).name);
  const fullname = text(rawObject(apiCall.body).fullname);
  const summary =
    apiCall.status === 200 && who
      ? html`The token belongs to <strong>@${who}</strong>${fullname && ` (${fullname})`}.`
      : apiCall.status === 401
        ? 'Hugging Face refused the token.'
        : 'This is not the answer of a valid token.';
  return html`${heading}
    <p id="api-call-summary">
      HTTP ${apiCall.status} in ${duration(apiCall.ms)}, with the access token of ${source}.
      ${summary}
    </p>
    <pre>${JSON.stringify(apiCall.body, null, 2)}</pre>`;
}

export function yourAppSection({ vault, stepUp }: SignIn): SafeHtml {
  const granted = scopeList(vault.tokens.scope).includes(STEP_UP_SCOPE);
  return html`<section id="your-app">
    <h2>Your app calls Hugging Face as the user</h2>
    <p>
      An app reads the stored token through Logto’s Account API (<code
        >GET /api/my-account/identities/huggingface/access-token</code
      >, which needs the identities scope) and sends it to Hugging Face as a Bearer token. Logto’s
      vault now holds the tokens of ${vault.source}.
    </p>
    <form method="post" action="/app/whoami" class="actions">
      <button type="submit">Call whoami-v2</button>
      ${!vault.tokens.access_token && absent('Hugging Face sent no access token.')}
    </form>
    ${vault.apiCall && apiCallResult(vault.apiCall, vault.source)}
    <h3>Step-up: ask for ${STEP_UP_SCOPE}</h3>
    ${
      stepUp || granted
        ? html`<p id="step-up-done">
            ${granted ? `The tokens in Logto’s vault include ${STEP_UP_SCOPE}` : 'The step-up is done'}:
            there is nothing more to step up to. Start over to see it again.
          </p>`
        : html`<p>
              To call Inference Providers an app needs the ${STEP_UP_SCOPE} scope. It asks Logto to
              re-authorize (<code>POST /api/verifications/social</code> with a scope); Logto passes
              that scope to <code>getAuthorizationUri</code>, the user consents on Hugging Face
              again, and <code>PUT /api/my-account/identities/huggingface/access-token</code> stores
              the new tokens.
            </p>
            <form method="post" action="/step-up" class="actions">
              <button type="submit" class="secondary">Step up to ${STEP_UP_SCOPE}</button>
            </form>`
    }
  </section>`;
}

export function stepUpSection(stepUp: Required<SignIn>['stepUp'], configuredScope: string) {
  const granted = scopeList(stepUp.tokenResponse.scope);
  const missing = [...scopeList(configuredScope), stepUp.requestedScope].filter(
    (scope) => !granted.includes(scope)
  );
  return html`<section id="step-up">
    <h2>Step-up result</h2>
    <dl>
      <dt>The app asked for</dt>
      <dd><code>${stepUp.requestedScope}</code></dd>
      <dt>Configured scope</dt>
      <dd><code>${configuredScope}</code></dd>
      <dt>The connector asked Hugging Face for</dt>
      <dd>${codeOr(stepUp.authorizationScope, 'no scope parameter')}</dd>
      <dt>Granted scope</dt>
      <dd id="granted-scope">
        ${codeOr(granted.length ? stepUp.tokenResponse.scope : undefined, 'Hugging Face did not say')}
      </dd>
    </dl>
    ${
      granted.length > 0 &&
      missing.length > 0 &&
      html`<p class="note">
        Not granted: ${missing.join(', ')}. Whatever needed those scopes (ID-token check, email,
        organizations) no longer has them.
      </p>`
    }
    <h3>Token response of the step-up</h3>
    ${tokenTable(stepUp.tokenResponse)}
  </section>`;
}
