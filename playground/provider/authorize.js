/**
 * `GET /oauth/authorize` and the consent form's `POST /oauth/authorize/decision`.
 * Errors about the client or the redirect URI are shown as a page (never redirected);
 * every other error goes back to the app as `?error=…&error_description=…&state=…`.
 */
import { findUser } from './context.js';
import { isRedirectUriAllowed } from './clients.js';
import { BodyError, readFormBody, redirectWithParams, sendHtml } from './http-io.js';
import { renderConsentPage, renderErrorPage } from './pages.js';
import { parseScope } from './scopes.js';

/** @typedef {import('./context.js').ProviderContext} ProviderContext */

const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** @param {URLSearchParams} params @returns {string | undefined} a name sent more than once */
function repeatedParameter(params) {
  const seen = new Set();
  for (const name of params.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** Organization ids from `orgIds` (comma or space separated). @param {string | null} value */
const parseOrgIds = (value) => [...new Set((value ?? '').split(/[\s,]+/).filter(Boolean))];

/**
 * @param {ProviderContext} context
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export function handleAuthorize(context, req, res, url) {
  if (req.method !== 'GET') {
    sendHtml(res, 405, renderErrorPage('Method not allowed', 'Open the authorization URL with GET.'));
    return;
  }
  const params = url.searchParams;
  const showError = (message) => sendHtml(res, 400, renderErrorPage('Sign-in error', message));

  for (const name of ['client_id', 'redirect_uri']) {
    if (params.getAll(name).length > 1) return showError(`The parameter ${name} was sent more than once.`);
  }
  const clientId = params.get('client_id');
  if (!clientId) return showError('The request has no client_id.');
  const client = context.clients.get(clientId);
  if (!client) return showError(`Unknown client_id "${clientId}": no OAuth app has this id.`);
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return showError('The request has no redirect_uri.');
  if (!isRedirectUriAllowed(client, redirectUri)) {
    return showError(
      `The redirect_uri "${redirectUri}" is not registered for the app "${client.name}". ` +
        'It must match a registered URI exactly (on localhost, 127.0.0.1 and [::1] any port is accepted).'
    );
  }

  const state = params.get('state') ?? undefined;
  const redirectError = (error, description) =>
    redirectWithParams(res, redirectUri, { error, error_description: description, state });

  const repeated = repeatedParameter(params);
  if (repeated) return redirectError('invalid_request', `The parameter ${repeated} was sent more than once`);

  const responseType = params.get('response_type');
  if (!responseType) return redirectError('invalid_request', 'Missing response_type');
  if (responseType !== 'code') {
    return redirectError('unsupported_response_type', 'Only response_type=code is supported');
  }

  const scopes = parseScope(params.get('scope'));
  if (scopes.length === 0) return redirectError('invalid_scope', 'Missing scope');
  const refused = scopes.filter((scope) => !client.allowedScopes.includes(scope));
  if (refused.length > 0) {
    return redirectError('invalid_scope', `This app is not allowed to request the scope(s): ${refused.join(', ')}`);
  }

  const codeChallenge = params.get('code_challenge') || undefined;
  const codeChallengeMethod = params.get('code_challenge_method') || undefined;
  if (codeChallenge !== undefined) {
    if (codeChallengeMethod !== 'S256') {
      return redirectError('invalid_request', 'code_challenge_method must be S256');
    }
    if (!CODE_CHALLENGE.test(codeChallenge)) {
      return redirectError('invalid_request', 'code_challenge must be the base64url SHA-256 of the code_verifier');
    }
  } else if (codeChallengeMethod !== undefined) {
    return redirectError('invalid_request', 'code_challenge_method was sent without code_challenge');
  } else if (client.clientSecret === null) {
    return redirectError('invalid_request', 'PKCE (code_challenge with S256) is required for apps without a secret');
  }

  if ((params.get('prompt') ?? '').split(' ').includes('none')) {
    return redirectError('login_required', 'The user is not signed in to Hugging Face');
  }

  /** @type {import('./grants.js').PendingRequest} */
  const request = {
    clientId,
    redirectUri,
    scopes,
    state,
    codeChallenge,
    nonce: params.get('nonce') || undefined,
    orgIds: parseOrgIds(params.get('orgIds')),
  };

  if (context.autoConsent) {
    return answer(context, res, request, context.autoConsent.userSub, context.autoConsent.decision);
  }
  const requestId = context.grants.savePendingRequest(request);
  sendHtml(
    res,
    200,
    renderConsentPage({
      requestId,
      client,
      redirectUri,
      scopes,
      organizations: request.orgIds.map((sub) => describeOrganization(context, sub)),
      users: context.users,
    })
  );
}

/**
 * @param {ProviderContext} context
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export async function handleDecision(context, req, res) {
  const showError = (status, message) => sendHtml(res, status, renderErrorPage('Sign-in error', message));
  if (req.method !== 'POST') return showError(405, 'The consent form must be sent with POST.');

  let form;
  try {
    form = await readFormBody(req);
  } catch (error) {
    if (error instanceof BodyError) return showError(error.status, error.message);
    throw error;
  }
  const requestId = form.get('request_id') ?? '';
  const request = context.grants.findPendingRequest(requestId);
  if (!request) {
    return showError(
      400,
      'This sign-in request has expired (after 10 minutes) or was already answered. Start the sign-in again from the application.'
    );
  }
  const decision = form.get('decision');
  if (decision !== 'allow' && decision !== 'deny') {
    return showError(400, 'Choose Allow or Deny.');
  }
  const userSub = form.get('user') ?? '';
  if (decision === 'allow' && !findUser(context, userSub)) {
    return showError(400, 'Choose one of the listed accounts.');
  }
  context.grants.deletePendingRequest(requestId);
  answer(context, res, request, userSub, decision);
}

/**
 * Sends the user back to the app with a code, or with access_denied.
 * @param {ProviderContext} context
 * @param {import('node:http').ServerResponse} res
 * @param {import('./grants.js').PendingRequest} request
 * @param {string} userSub
 * @param {'allow' | 'deny'} decision
 */
function answer(context, res, request, userSub, decision) {
  if (decision === 'deny') {
    redirectWithParams(res, request.redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied the request',
      state: request.state,
    });
    return;
  }
  const code = context.grants.createCode({
    clientId: request.clientId,
    userSub,
    scopes: request.scopes,
    orgIds: request.orgIds,
    authTime: context.grants.nowSeconds(),
    nonce: request.nonce,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
  });
  redirectWithParams(res, request.redirectUri, { code, state: request.state });
}

/**
 * Name and handle of an organization one of the sample users belongs to.
 * @param {ProviderContext} context
 * @param {string} sub
 */
function describeOrganization(context, sub) {
  for (const user of context.users) {
    const org = user.orgs.find((candidate) => candidate.sub === sub);
    if (org) return { sub: org.sub, name: org.name, handle: org.handle };
  }
  return { sub };
}
