/**
 * The routes Hugging Face answers with its own shapes, on top of oidc-provider's token store:
 * `/oauth/userinfo` (also without `openid`, with isPro, canPay and orgs), `/api/whoami-v2`, and
 * the sample avatars.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';

import { avatarHandles, handleOfAvatarPath, renderAvatar } from './avatars.js';
import { buildUserInfo, buildWhoAmI, type TokenView } from './claims.js';
import { sendJson } from './http-io.js';
import { PAGE_HEADERS, renderProfilePage } from './pages.js';
import { findUser, type ProviderState } from './state.js';
import { avatarPath } from './users.js';

/** The user and the view of an `Authorization: Bearer` access token, if it is valid. */
async function authenticate(provider: Provider, state: ProviderState, req: IncomingMessage) {
  const value = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = value === undefined ? undefined : await provider.AccessToken.find(value);
  const user = findUser(state, token?.accountId);
  if (!token || !user) return undefined;
  const view: TokenView = {
    issuer: state.issuer,
    scopes: token.scopes,
    grantedOrgIds: state.grantedOrgs.get(token.grantId ?? '') ?? [],
    orgsRequireScope: state.orgsRequireScope,
  };
  return { token, user, view };
}

export async function handleUserInfo(
  provider: Provider,
  state: ProviderState,
  req: IncomingMessage,
  res: ServerResponse
) {
  req.resume();
  const found = await authenticate(provider, state, req);
  if (!found) {
    const description = req.headers.authorization
      ? 'Invalid or expired access token'
      : 'Missing access token';
    return sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: description },
      { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` }
    );
  }
  sendJson(res, 200, buildUserInfo(found.user, found.view), { 'Cache-Control': 'no-store' });
}

export async function handleWhoAmI(
  provider: Provider,
  state: ProviderState,
  req: IncomingMessage,
  res: ServerResponse
) {
  req.resume();
  const found = await authenticate(provider, state, req);
  if (!found) {
    return sendJson(res, 401, { error: 'Invalid credentials in Authorization header' });
  }
  const { token, user, view } = found;
  const body = buildWhoAmI(user, view, {
    appName: state.clients.get(token.clientId ?? '')?.name ?? '',
    issuedAt: token.iat,
    expiresAt: token.iat + token.expiration,
  });
  sendJson(res, 200, body, { 'Cache-Control': 'no-store' });
}

/** `/<handle>`: the profile page of a sample user or organization; false for any other path. */
export function handleProfilePage(state: ProviderState, req: IncomingMessage, res: ServerResponse) {
  const handle = new URL(req.url ?? '/', 'http://provider.invalid').pathname.slice(1);
  const profile = state.users
    .flatMap((user) => [user, ...user.orgs])
    .find((candidate) => candidate.handle === handle);
  if (!profile || req.method !== 'GET') return false;
  req.resume();
  const page = renderProfilePage({ ...profile, avatar: avatarPath(profile.handle) });
  res.writeHead(200, PAGE_HEADERS).end(page);
  return true;
}

export function handleAvatar(state: ProviderState, req: IncomingMessage, res: ServerResponse) {
  req.resume();
  const handle = handleOfAvatarPath(new URL(req.url ?? '/', 'http://provider.invalid').pathname);
  if (handle === undefined || !avatarHandles(state.users).has(handle)) {
    return sendJson(res, 404, { error: 'Avatar not found' });
  }
  res.writeHead(200, {
    'Content-Type': 'image/svg+xml',
    'Cache-Control': 'public, max-age=86400',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(renderAvatar(handle));
}
