/** The page after sign-in: what Logto received, its tokens, the timing card and the app panel. */
import { html, type SafeHtml } from './html.js';
import { type Measure, type SignIn, type StepName } from './logto-host.js';
import {
  absent,
  definitions,
  duration,
  layout,
  rawObject,
  scopeList,
  text,
  tokenTable,
} from './page-parts.js';
import { type Mode } from './settings.js';
import { stepUpSection, yourAppSection } from './your-app.js';

/** The URL when it is http(s), so that it is safe in src. */
const webUrl = (value: unknown) =>
  typeof value === 'string' && /^https?:\/\//.test(value) && URL.canParse(value)
    ? value
    : undefined;

/** Why the profile Logto receives has (or lacks) an email. */
function emailLine({ userInfo, signInTokens }: SignIn, configuredScope: string): SafeHtml {
  const { email, email_verified: verified } = rawObject(userInfo.rawData);
  if (userInfo.email) return html`${userInfo.email} <small>(verified by Hugging Face)</small>`;
  if (typeof email === 'string' && email !== '') {
    return absent(
      `Absent: Hugging Face has not verified this address (${email}; email_verified is ${JSON.stringify(verified) ?? 'missing'}), so the connector leaves it out.`
    );
  }
  return scopeList(signInTokens.scope ?? configuredScope).includes('email')
    ? absent('Absent: Hugging Face sent no email address.')
    : absent('Absent: the email scope was not granted.');
}

function organizationsTable(rawData: unknown, orgIds: string | undefined): SafeHtml {
  const { orgs } = rawObject(rawData);
  if (!Array.isArray(orgs)) {
    return absent('No organization list: Hugging Face sends one with the read-memberships scope.');
  }
  if (orgs.length === 0) return absent('Not a member of any organization.');
  const rows = orgs.map((org) => {
    const { name, preferred_username: handle, plan, roleInOrg } = rawObject(org);
    return html`<tr>
      <td>${text(name)} <small>@${text(handle)}</small></td>
      <td>${text(plan)}</td>
      <td>${text(roleInOrg) ?? absent('not shared')}</td>
    </tr>`;
  });
  const hidden = orgs.some((org) => rawObject(org).roleInOrg === undefined);
  const why = orgIds
    ? html`Hugging Face shares a member’s role only in the organization the app asked access to at
        consent (the connector’s <code>orgIds</code>, HF_ORG_IDS here: <code>${orgIds}</code>).`
    : html`Hugging Face shares a member’s role only in an organization the app asked access to at
      consent, and this playground asks for none: set HF_ORG_IDS to an organization’s id.`;
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
    ${hidden && html`<p class="absent" id="role-note">${why}</p>`}`;
}

const STEP_LABELS: Record<StepName, SafeHtml> = {
  authorization: html`Authorization URL (<code>getAuthorizationUri</code>)`,
  callback: html`Callback (<code>getTokenResponseAndUserInfo</code>)`,
  refresh: html`Last refresh (<code>getAccessTokenByRefreshToken</code>)`,
  'step-up-authorization': html`Step-up authorization URL`,
  'step-up-callback': html`Step-up callback`,
};

function measureLine({ ms, sent }: Measure): SafeHtml {
  if (!sent) return duration(ms);
  const requests = Object.entries(sent.requests).map(([path, count]) =>
    count === 1 ? path : `${path} ×${count}`
  );
  const connections = `${sent.connections} new connection${sent.connections === 1 ? '' : 's'}`;
  return html`${duration(ms)} · ${requests.join(', ') || 'no request'} · ${connections}`;
}

function timingSection({ timings }: SignIn): SafeHtml {
  const steps = (Object.keys(STEP_LABELS) as StepName[]).filter((step) => timings[step]);
  return html`<section id="timing">
    <h2>Timing</h2>
    <p>
      Each connector call: its wall time and, with the stand-in, the requests it sent to Hugging
      Face (by path) and the connections it opened. A connection kept open from an earlier step
      costs nothing.
    </p>
    <dl>
      ${steps.map(
        (step) =>
          html`<dt>${STEP_LABELS[step]}</dt>
            <dd id="timing-${step}">${measureLine(timings[step] as Measure)}</dd>`
      )}
    </dl>
  </section>`;
}

/** `config`: the connector's configured scope and the organization it asks for. */
export function renderResultPage(
  mode: Mode,
  signIn: SignIn,
  config: { scope: string; orgIds?: string }
): string {
  const { userInfo, signInTokens, vault, refresh, stepUp } = signIn;
  const displayName = userInfo.name ?? userInfo.id;
  const avatar = webUrl(userInfo.avatar);
  // The connector passes only an https picture to Logto; the stand-in serves plain http.
  const picture = avatar ?? webUrl(rawObject(userInfo.rawData).picture);
  const noAvatar = picture
    ? `Absent: the connector passes only an https picture to Logto, and Hugging Face sent ${picture} (shown here from rawData).`
    : 'Absent: Hugging Face sent no picture.';
  const noName = 'Absent: Hugging Face sent neither a name nor a handle.';

  const body = html`<section>
      <h1>Signed in as ${displayName}</h1>
      <h2>Profile Logto receives</h2>
      <div class="profile">
        ${picture && html`<img class="avatar" src="${picture}" alt="Avatar of ${displayName}" width="80" height="80" />`}
        ${definitions([
          ['id', html`<code>${userInfo.id}</code>`],
          ['name', userInfo.name ?? absent(noName)],
          ['email', emailLine(signIn, config.scope)],
          ['avatar', avatar ? html`<code>${avatar}</code>` : absent(noAvatar)],
        ])}
      </div>
    </section>
    <section id="raw-data">
      <h2>rawData</h2>
      <h3>Organizations</h3>
      ${organizationsTable(userInfo.rawData, config.orgIds)}
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
    ${timingSection(signIn)}
    ${
      refresh &&
      html`<section id="refreshed">
        <h2>Refreshed tokens</h2>
        <p>
          Refresh number ${refresh.count}: what <code>getAccessTokenByRefreshToken</code> returned.
        </p>
        ${tokenTable(refresh.tokenResponse)}
      </section>`
    }
    ${yourAppSection(signIn)} ${stepUp && stepUpSection(stepUp, config.scope)}
    <section class="actions">
      ${
        vault.tokens.refresh_token
          ? html`<form method="post" action="/refresh">
              <button type="submit">Refresh token</button>
            </form>`
          : absent('Hugging Face sent no refresh token, so there is nothing to refresh.')
      }
      <a href="/">Start over</a>
    </section>`;
  return layout(`Signed in as ${displayName}`, mode, body);
}
