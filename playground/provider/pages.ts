/** HTML of the consent page and of the error page, styled loosely after huggingface.co. */
import { type Client } from './clients.js';
import { describeScope } from './scopes.js';
import { type SampleUser } from './users.js';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `
  :root { --hf-yellow: #ffd21e; --hf-orange: #ff9d00; --ink: #111827; --muted: #4b5563; --line: #e5e7eb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: var(--ink); background: #f9fafb; }
  header { display: flex; align-items: center; gap: .5rem; padding: .75rem 1.25rem;
           background: #fff; border-bottom: 1px solid var(--line); font-weight: 700; }
  header .note { margin-left: auto; font-weight: 400; font-size: .8rem; color: var(--muted); }
  main { max-width: 34rem; margin: 2rem auto; padding: 1.5rem 1.75rem; background: #fff;
         border: 1px solid var(--line); border-top: 6px solid var(--hf-yellow); border-radius: .75rem; }
  h1 { font-size: 1.35rem; margin: 0 0 .5rem; }
  h2 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
  p, li { color: var(--muted); }
  code { font-size: .875em; overflow-wrap: break-word; }
  fieldset { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .75rem; margin: 1rem 0; }
  legend { font-weight: 600; padding: 0 .25rem; }
  .user { display: flex; align-items: center; gap: .6rem; padding: .45rem .25rem; cursor: pointer; }
  .user + .user { border-top: 1px solid var(--line); }
  .user small { display: block; color: var(--muted); }
  .badge { font-size: .7rem; font-weight: 700; padding: 0 .35rem; border-radius: .25rem;
           background: linear-gradient(90deg, #f0abfc, #a5b4fc); color: #111; }
  .unverified { color: #b45309; }
  ul.scopes { padding-left: 1.25rem; }
  .org { padding: .6rem .75rem; background: #fffbeb; border: 1px solid #fde68a; border-radius: .5rem; }
  .actions { display: flex; gap: .75rem; margin-top: 1.25rem; }
  button { flex: 1; font: inherit; font-weight: 600; padding: .6rem 1rem; border-radius: .5rem;
           border: 1px solid var(--line); background: #fff; color: var(--ink); cursor: pointer; }
  button.allow { background: var(--hf-yellow); border-color: var(--hf-orange); }
  button:hover { filter: brightness(.96); }
  button:focus-visible, input:focus-visible { outline: 3px solid var(--hf-orange); outline-offset: 2px; }
  .error { border-top-color: #ef4444; }
`;

/** A yellow smiling face, inline so that it shows without an emoji font or a network. */
const LOGO = `<svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true">
<circle cx="16" cy="16" r="15" fill="#ffd21e" stroke="#ff9d00"/>
<circle cx="11" cy="13" r="2" fill="#3a3b45"/><circle cx="21" cy="13" r="2" fill="#3a3b45"/>
<path d="M10 19q6 6 12 0" fill="none" stroke="#3a3b45" stroke-width="2" stroke-linecap="round"/></svg>`;

function layout(title: string, body: string, mainClass = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${LOGO}<span>Hugging Face</span>
<span class="note">Local test double, not huggingface.co</span></header>
<main class="${mainClass}">
${body}
</main>
</body>
</html>`;
}

function userOption(user: SampleUser, index: number): string {
  const id = `user-${index}`;
  const email = user.emailVerified
    ? escapeHtml(user.email)
    : `${escapeHtml(user.email)} <span class="unverified">(unverified)</span>`;
  return `<label class="user" for="${id}">
  <input type="radio" id="${id}" name="user" value="${escapeHtml(user.sub)}"${index === 0 ? ' checked' : ''}>
  <span>${escapeHtml(user.name || `@${user.handle}`)}${user.isPro ? ' <span class="badge">PRO</span>' : ''}
  <small>@${escapeHtml(user.handle)} · ${email}</small></span>
</label>`;
}

export type ConsentPageInput = {
  /** Where the form is sent. */
  action: string;
  client: Client;
  redirectUri: string;
  scopes: readonly string[];
  /** Organizations asked for with `orgIds` (name and handle when a sample user belongs to it). */
  organizations: readonly { sub: string; name?: string; handle?: string }[];
  users: readonly SampleUser[];
};

export function renderConsentPage(input: ConsentPageInput): string {
  const app = escapeHtml(input.client.name);
  const scopeItems = input.scopes.map(
    (scope) => `<li>${escapeHtml(describeScope(scope))} <code>${escapeHtml(scope)}</code></li>`
  );
  const organizations = input.organizations.map((org) =>
    org.name && org.handle
      ? `<strong>${escapeHtml(org.name)}</strong> (@${escapeHtml(org.handle)})`
      : `the organization <code>${escapeHtml(org.sub)}</code>`
  );
  const orgSection =
    organizations.length === 0
      ? ''
      : `<h2>Organization access</h2>
<p class="org">${app} also asks for access to ${organizations.join(', ')}.</p>`;
  const body = `<h1>Authorize ${app}</h1>
<p><strong>${app}</strong> wants to access your Hugging Face account.</p>
<form method="post" action="${escapeHtml(input.action)}">
<fieldset>
<legend>Sign in as</legend>
${input.users.map(userOption).join('\n')}
</fieldset>
<h2>This will allow ${app} to:</h2>
<ul class="scopes">
${scopeItems.join('\n') || '<li>Know who you are</li>'}
</ul>
${orgSection}
<p>After you decide, you will be sent to <code>${escapeHtml(input.redirectUri)}</code>.</p>
<div class="actions">
<button type="submit" class="allow" name="decision" value="allow">Allow</button>
<button type="submit" class="deny" name="decision" value="deny">Deny</button>
</div>
</form>`;
  return layout(`Authorize ${input.client.name} – Hugging Face`, body);
}

/** The public page of a sample user or organization, where the `profile` claim points. */
export function renderProfilePage(profile: { name: string; handle: string; avatar: string }) {
  const title = profile.name || `@${profile.handle}`;
  const body = `<h1><img src="${escapeHtml(profile.avatar)}" alt="" width="48" height="48"> ${escapeHtml(title)}</h1>
<p>@${escapeHtml(profile.handle)} on the local Hugging Face test double.</p>`;
  return layout(`${title} – Hugging Face`, body);
}

/** A page for errors that must not redirect back to the app (unknown client, bad redirect_uri). */
export function renderErrorPage(title: string, message: string): string {
  const body = `<h1>${escapeHtml(title)}</h1>
<p role="alert">${escapeHtml(message)}</p>
<p>Go back to the application and try again. If it keeps happening, the application's OAuth settings on Hugging Face need fixing.</p>`;
  return layout(`${title} – Hugging Face`, body, 'error');
}

export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
  'Referrer-Policy': 'no-referrer',
};
