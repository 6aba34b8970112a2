/** Userinfo (also without `openid`), whoami-v2 and avatars, in Hugging Face's shapes. */
import type { ServerResponse } from 'node:http';

import * as huggingFace from './huggingface.js';
import { renderAvatar, userClaims } from './sample-users.js';
import { findUser, type Request } from './state.js';

const { avatarPath, CLAIMS_BY_SCOPE } = huggingFace;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  res.writeHead(status, headers).end(JSON.stringify(body));
}

/** The user of the `Authorization: Bearer` access token, and what the token lets the app see. */
async function authenticate({ provider, state, req }: Request) {
  const value = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = value === undefined ? undefined : await provider.AccessToken.find(value);
  const user = findUser(state, token?.accountId);
  if (!token || !user) return undefined;
  const { scopes } = token;
  const listsOrgs = scopes.has('profile') && scopes.has('read-memberships');
  const grantedOrgIds = state.grantedOrgs.get(token.grantId ?? '') ?? [];
  // Only an organization the user granted to the app (`orgIds`) reveals the user's role in it.
  const orgs = listsOrgs
    ? user.orgs.map(({ roleInOrg, ...org }) => ({
        ...org,
        avatarUrl: `${state.issuer}${avatarPath(org.handle)}`,
        ...(grantedOrgIds.includes(org.sub) && { roleInOrg }),
      }))
    : undefined;
  return { token, user, scopes, orgs };
}

export async function handleUserInfo(request: Request, res: ServerResponse) {
  const found = await authenticate(request);
  if (!found) return sendJson(res, 401, huggingFace.USERINFO_UNAUTHORIZED);
  const { user, scopes, orgs } = found;
  const claims: Record<string, unknown> = userClaims(user, request.state.issuer);
  const names = ['sub', ...[...scopes].flatMap((scope) => CLAIMS_BY_SCOPE[scope] ?? [])];
  sendJson(res, 200, {
    ...Object.fromEntries(names.map((name) => [name, claims[name]])),
    ...(scopes.has('profile') && { isPro: user.isPro, canPay: user.canPay }),
    orgs: orgs?.map(({ sub, name, handle, avatarUrl, plan, roleInOrg }) => {
      return { sub, name, preferred_username: handle, picture: avatarUrl, plan, roleInOrg };
    }),
  });
}

/** `/api/whoami-v2` for an OAuth access token, in huggingface.co's shape. */
export async function handleWhoAmI(request: Request, res: ServerResponse) {
  const found = await authenticate(request);
  if (!found) return sendJson(res, 401, huggingFace.WHOAMI_UNAUTHORIZED);
  const { token, user, scopes, orgs = [] } = found;
  const { issuer, clients } = request.state;
  sendJson(res, 200, {
    type: 'user',
    id: user.sub,
    name: user.handle,
    fullname: user.name,
    ...(scopes.has('email') && { email: user.email, emailVerified: user.emailVerified }),
    avatarUrl: `${issuer}${avatarPath(user.handle)}`,
    isPro: user.isPro,
    canPay: user.canPay,
    orgs: orgs.map(({ sub, name, handle, avatarUrl, roleInOrg }) => {
      return { type: 'org', id: sub, name: handle, fullname: name, avatarUrl, roleInOrg };
    }),
    auth: {
      type: 'oauth',
      accessToken: { displayName: clients.get(token.clientId ?? '')?.name, role: 'fineGrained' },
      expiresAt: new Date((token.exp ?? 0) * 1000).toISOString(),
      scope: [...scopes].join(' '),
    },
  });
}

export function handleAvatar({ state, req }: Request, res: ServerResponse) {
  const handles = state.users.flatMap((user) => [user, ...user.orgs]).map((one) => one.handle);
  const handle = handles.find((candidate) => req.url === avatarPath(candidate));
  if (handle === undefined) return sendJson(res, 404, { error: 'Avatar not found' });
  const csp = "default-src 'none'; style-src 'unsafe-inline'";
  res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Content-Security-Policy': csp });
  res.end(renderAvatar(handle));
}
