/** `POST /oauth/token`: the authorization_code and refresh_token grants. */
import { createHash } from 'node:crypto';

import { buildIdTokenClaims } from './claims.js';
import { authenticateClient, safeEqual } from './client-auth.js';
import { findUser } from './context.js';
import { BodyError, readFormBody, sendJson } from './http-io.js';
import { parseScope } from './scopes.js';

/** @typedef {import('./context.js').ProviderContext} ProviderContext */

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

class OAuthError extends Error {
  /**
   * @param {number} status
   * @param {string} error
   * @param {string} description
   * @param {Record<string, string>} [headers]
   */
  constructor(status, error, description, headers = {}) {
    super(description);
    this.status = status;
    this.error = error;
    this.headers = headers;
  }
}

const invalidRequest = (description) => new OAuthError(400, 'invalid_request', description);
const invalidGrant = (description) => new OAuthError(400, 'invalid_grant', description);

/**
 * @param {ProviderContext} context
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export async function handleToken(context, req, res) {
  try {
    const body = await exchange(context, req);
    sendJson(res, 200, body, NO_STORE);
  } catch (error) {
    if (error instanceof BodyError) {
      const headers = error.status === 413 ? { ...NO_STORE, Connection: 'close' } : NO_STORE;
      sendJson(res, error.status, { error: 'invalid_request', error_description: error.message }, headers);
      return;
    }
    if (!(error instanceof OAuthError)) throw error;
    sendJson(res, error.status, { error: error.error, error_description: error.message }, { ...NO_STORE, ...error.headers });
  }
}

/**
 * @param {ProviderContext} context
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>} the success body
 */
async function exchange(context, req) {
  if (req.method !== 'POST') {
    req.resume();
    throw new OAuthError(405, 'invalid_request', 'The token endpoint only accepts POST', { Allow: 'POST, OPTIONS' });
  }
  const params = await readFormBody(req);
  const seen = new Set();
  for (const name of params.keys()) {
    if (seen.has(name)) throw invalidRequest(`The parameter ${name} was sent more than once`);
    seen.add(name);
  }

  const auth = authenticateClient(context.clients, req.headers.authorization, params);
  if ('error' in auth) {
    const headers = auth.usedBasic ? { 'WWW-Authenticate': 'Basic realm="huggingface.co"' } : {};
    throw new OAuthError(401, 'invalid_client', auth.error, headers);
  }

  const grantType = params.get('grant_type');
  if (!grantType) throw invalidRequest('Missing grant_type');
  if (grantType === 'authorization_code') return exchangeCode(context, auth.client, params);
  if (grantType === 'refresh_token') return refresh(context, auth.client, params);
  throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant_type "${grantType}"`);
}

/**
 * @param {ProviderContext} context
 * @param {import('./clients.js').Client} client
 * @param {URLSearchParams} params
 */
async function exchangeCode(context, client, params) {
  const code = params.get('code');
  if (!code) throw invalidRequest('Missing code');
  const record = context.grants.redeemCode(code);
  if (!record || record.grant.clientId !== client.clientId || params.get('redirect_uri') !== record.redirectUri) {
    throw invalidGrant('Invalid code');
  }
  const verifier = params.get('code_verifier');
  if (record.codeChallenge !== undefined) {
    if (!verifier) throw invalidGrant('Missing code_verifier');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (!CODE_VERIFIER.test(verifier) || !safeEqual(challenge, record.codeChallenge)) {
      throw invalidGrant('Invalid code_verifier');
    }
  } else if (verifier) {
    throw invalidGrant('code_verifier was sent but the authorization request had no code_challenge');
  }
  const tokens = context.grants.issueTokens(record.grant);
  return tokenResponse(context, record.grant, tokens, { withNonce: true });
}

/**
 * Refresh with rotation: the presented refresh token stops working and a new one is returned.
 * @param {ProviderContext} context
 * @param {import('./clients.js').Client} client
 * @param {URLSearchParams} params
 */
async function refresh(context, client, params) {
  const refreshToken = params.get('refresh_token');
  if (!refreshToken) throw invalidRequest('Missing refresh_token');
  const record = context.grants.findRefreshToken(refreshToken);
  if (!record || record.grant.clientId !== client.clientId) throw invalidGrant('Invalid refresh token');
  const requested = parseScope(params.get('scope'));
  const beyond = requested.filter((scope) => !record.scopes.includes(scope));
  if (beyond.length > 0) {
    throw new OAuthError(400, 'invalid_scope', `Scope(s) not granted by the user: ${beyond.join(', ')}`);
  }
  context.grants.deleteRefreshToken(refreshToken);
  const tokens = context.grants.issueTokens(record.grant, {
    scopes: requested.length > 0 ? requested : record.scopes,
    refreshScopes: record.scopes,
  });
  return tokenResponse(context, record.grant, tokens, { withNonce: false });
}

/**
 * @param {ProviderContext} context
 * @param {import('./grants.js').Grant} grant
 * @param {{ accessToken: string, refreshToken: string, scopes: string[] }} tokens
 * @param {{ withNonce: boolean }} options the nonce belongs to the first ID token only
 */
async function tokenResponse(context, grant, { accessToken, refreshToken, scopes }, { withNonce }) {
  /** @type {Record<string, unknown>} */
  const body = {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: context.accessTokenTtlSeconds,
    scope: scopes.join(' '),
  };
  if (scopes.includes('openid')) {
    const user = findUser(context, grant.userSub);
    if (!user) throw invalidGrant('The user of this grant no longer exists');
    const claims = buildIdTokenClaims(user, {
      issuer: context.issuer,
      clientId: grant.clientId,
      scopes,
      authTime: grant.authTime,
      nonce: withNonce ? grant.nonce : undefined,
      issuedAt: context.grants.nowSeconds(),
      ttlSeconds: context.idTokenTtlSeconds,
    });
    body.id_token = await context.keys.sign(claims);
  }
  body.refresh_token = refreshToken;
  return body;
}
