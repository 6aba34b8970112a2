/** The page after sign-in: what Logto received, its tokens and timings, and the app panel. */
import { stepUpSection, yourAppSection } from './app-panel.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { type Refresh, type SignIn } from './logto-host.js';
import {
  absent,
  duration,
  rawObject,
  scopeList,
  text,
  tokenTable,
  webUrl,
  yesNo,
} from './page-parts.js';
import { type Mode } from './settings.js';
import { type ApiCall } from './your-app.js';

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

function avatarLine(avatar: string | undefined, picture: string | undefined): SafeHtml {
  if (avatar) return html`<code>${avatar}</code>`;
  if (!picture) return absent('Absent: Hugging Face sent no picture.');
  return absent(
    `Absent: the connector passes only an https picture to Logto, and Hugging Face sent ${picture} (shown here from rawData).`
  );
}

export type ResultPageInput = { mode: Mode; signIn: SignIn; apiCall: ApiCall | undefined };

export function renderResultPage({ mode, signIn, apiCall }: ResultPageInput): string {
  const { userInfo, signInTokens, vaultTokens, timings, lastRefresh, stepUp } = signIn;
  const raw = rawObject(userInfo.rawData);
  const displayName = userInfo.name ?? userInfo.id;
  const avatar = webUrl(userInfo.avatar);
  // The connector passes only an https picture to Logto; the embedded provider serves plain http.
  const picture = avatar ?? webUrl(raw.picture);
  const profileUrl = webUrl(raw.profile);
  const handle = text(raw.preferred_username);

  const body = html`<section>
      <h1>Signed in as ${displayName}</h1>
      <h2>Profile Logto receives</h2>
      <div class="profile">
        ${picture ? html`<img class="avatar" src="${picture}" alt="Avatar of ${displayName}" width="80" height="80" />` : ''}
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
          <dd>${avatarLine(avatar, picture)}</dd>
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
