/**
 * The panel that plays "your app" after sign-in: it calls Hugging Face with the token Logto keeps,
 * and steps up to more scope the way Logto's Account API does.
 */
import { html, type SafeHtml } from './html.js';
import { type SignIn, type StepUp, type VaultSource } from './logto-host.js';
import { absent, duration, rawObject, scopeList, text, tokenTable } from './page-parts.js';
import { type ApiCall } from './your-app.js';

/** The scope a step-up asks for: what an app needs to call Inference Providers as the user. */
export const STEP_UP_SCOPE = 'inference-api';

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

export function yourAppSection(signIn: SignIn, apiCall: ApiCall | undefined): SafeHtml {
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

export function stepUpSection(signIn: SignIn, stepUp: StepUp): SafeHtml {
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
