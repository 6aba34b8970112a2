/** The consent page (oidc-provider's interaction): pick a sample user, then Allow or Deny. */
import type { ServerResponse } from 'node:http';
import { text } from 'node:stream/consumers';

import { ACCESS_DENIED, CONSENT_PATH } from './huggingface.js';
import { type SampleUser } from './sample-users.js';
import {
  createGrant,
  findUser,
  parseOrgIds,
  stringParam,
  type Request,
  type StandInState,
} from './state.js';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} – Hugging Face</title><style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; }
label { display: block; } button { font: inherit; padding: .5rem 2rem; }
</style></head>
<body><p>🤗 <strong>Hugging Face</strong> <small>(local stand-in, not huggingface.co)</small></p>
${body}
</body>
</html>`;

/** For errors that must not redirect back to the app (unknown client, bad redirect_uri). */
export const renderErrorPage = (message: string) =>
  page('Sign-in error', `<h1>Sign-in error</h1>\n<p role="alert">${escapeHtml(message)}</p>`);

function userOption(user: SampleUser, index: number) {
  const name = `${escapeHtml(user.name || `@${user.handle}`)}${user.isPro ? ' PRO' : ''}`;
  const email = `${escapeHtml(user.email)}${user.emailVerified ? '' : ' (unverified)'}`;
  return `<label><input type="radio" name="user" value="${user.sub}"${index === 0 ? ' checked' : ''}>
${name} <small>@${user.handle} · ${email}</small></label>`;
}

type Consent = { app: string; scope: string; orgIds: string[] };

function renderConsentPage(state: StandInState, action: string, request: Consent): string {
  const app = escapeHtml(request.app);
  const scopes = request.scope.split(' ').filter(Boolean).map(escapeHtml);
  const orgs = request.orgIds.map((sub) => {
    const org = state.users.flatMap((user) => user.orgs).find((one) => one.sub === sub);
    return org ? `<strong>${escapeHtml(org.name)}</strong> (@${org.handle})` : escapeHtml(sub);
  });
  const body = `<h1>Authorize ${app}</h1>
<form method="post" action="${escapeHtml(action)}">
<fieldset><legend>Sign in as</legend>
${state.users.map(userOption).join('\n')}
</fieldset>
<p>${app} asks for <code>${scopes.join('</code>, <code>')}</code>.</p>
${orgs.length > 0 ? `<p>${app} also asks for access to ${orgs.join(', ')}.</p>` : ''}
<button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button>
</form>`;
  return page(`Authorize ${request.app}`, body);
}

export async function handleConsent({ provider, state, req }: Request, res: ServerResponse) {
  const send = (status: number, html: string) => {
    const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    res.writeHead(status, { ...headers, 'X-Frame-Options': 'DENY' }).end(html);
  };
  const refuse = (message: string) => send(400, renderErrorPage(message));
  const form = new URLSearchParams(await text(req));
  const interaction = await provider.interactionDetails(req, res).catch(() => undefined);
  const action = `${CONSENT_PATH}${interaction?.uid}`;
  if (!interaction || req.url !== action) {
    return refuse('This sign-in request has expired or was already answered. Start it again.');
  }
  const { params } = interaction;
  const [clientId, scope] = [stringParam(params.client_id), stringParam(params.scope)];
  const orgIds = parseOrgIds(params.orgIds);
  const app = state.clients.get(clientId)?.name ?? clientId;

  // A browser lands here under autoConsent only when the app forces a prompt (prompt=consent).
  const decision = req.method === 'GET' ? state.autoConsent?.decision : form.get('decision');
  const userSub = req.method === 'GET' ? state.autoConsent?.userSub : form.get('user');
  if (decision === undefined) {
    return send(200, renderConsentPage(state, action, { app, scope, orgIds }));
  }
  if (decision === 'deny') {
    const denied = { error: 'access_denied', error_description: ACCESS_DENIED };
    return provider.interactionFinished(req, res, denied);
  }
  const accountId = findUser(state, userSub)?.sub;
  if (decision !== 'allow' || !accountId) return refuse('Choose an account, then Allow or Deny.');
  const grantId = await createGrant(provider, state, { accountId, clientId, scope, orgIds });
  const result = { login: { accountId }, consent: { grantId } };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}
