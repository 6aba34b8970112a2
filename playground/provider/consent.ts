/**
 * The consent page (oidc-provider's interaction): pick a sample user, see what the app asks for
 * (with the organizations of `orgIds`), then Allow or Deny.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';

import { CONSENT_PATH, createGrant } from './configuration.js';
import { readForm } from './http-io.js';
import { PAGE_HEADERS, renderConsentPage, renderErrorPage } from './pages.js';
import { findUser, parseOrgIds, stringParam, type ProviderState } from './state.js';

const EXPIRED =
  'This sign-in request has expired (after 10 minutes) or was already answered. Start the sign-in again from the application.';

/** Name and handle of an organization one of the sample users belongs to. */
function describeOrganization(state: ProviderState, sub: string) {
  const org = state.users.flatMap((user) => user.orgs).find((candidate) => candidate.sub === sub);
  return org ? { sub, name: org.name, handle: org.handle } : { sub };
}

const sendPage = (res: ServerResponse, status: number, html: string) => {
  res.writeHead(status, PAGE_HEADERS).end(html);
};

export async function handleConsent(
  provider: Provider,
  state: ProviderState,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const showError = (status: number, message: string) =>
    sendPage(res, status, renderErrorPage('Sign-in error', message));
  const interaction = await provider.interactionDetails(req, res).catch(() => undefined);
  if (!interaction || req.url !== `${CONSENT_PATH}${interaction.uid}`) {
    req.resume();
    return showError(400, EXPIRED);
  }
  const { params } = interaction;
  const clientId = stringParam(params.client_id);
  const scope = stringParam(params.scope);
  const orgIds = parseOrgIds(params.orgIds);
  const client = state.clients.get(clientId);
  if (!client) return showError(400, `Unknown client_id "${clientId}".`);

  const answer = async ({ decision, userSub }: { decision: unknown; userSub: unknown }) => {
    if (decision === 'deny') {
      const error = { error: 'access_denied', error_description: 'The user denied the request' };
      return provider.interactionFinished(req, res, error);
    }
    if (decision !== 'allow') return showError(400, 'Choose Allow or Deny.');
    const user = findUser(state, stringParam(userSub));
    if (!user) return showError(400, 'Choose one of the listed accounts.');
    const accountId = user.sub;
    const grantId = await createGrant(provider, state, { accountId, clientId, scope, orgIds });
    const result = { login: { accountId }, consent: { grantId } };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  };

  // A browser lands here under autoConsent only when the app forces a prompt (prompt=consent).
  if (req.method === 'GET' && state.autoConsent) return answer(state.autoConsent);
  if (req.method === 'GET') {
    const page = renderConsentPage({
      action: `${CONSENT_PATH}${interaction.uid}`,
      client,
      redirectUri: stringParam(params.redirect_uri),
      scopes: scope.split(' ').filter(Boolean),
      organizations: orgIds.map((sub) => describeOrganization(state, sub)),
      users: state.users,
    });
    return sendPage(res, 200, page);
  }
  if (req.method !== 'POST') return showError(405, 'The consent form must be sent with POST.');
  const form = await readForm(req);
  if (form === undefined) return showError(400, 'The consent form must be sent as a form.');
  return answer({ decision: form.get('decision'), userSub: form.get('user') });
}
