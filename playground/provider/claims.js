/** What Hugging Face says about a user, per granted scope, in userinfo and in ID tokens. */

const PROFILE_BASE = 'https://huggingface.co';

/**
 * Claims shared by userinfo and the ID token.
 * @param {import('./users.js').SampleUser} user
 * @param {string[]} scopes granted scopes
 */
function standardClaims(user, scopes) {
  /** @type {Record<string, unknown>} */
  const claims = { sub: user.sub };
  if (scopes.includes('profile')) {
    claims.name = user.name;
    claims.preferred_username = user.handle;
    claims.profile = `${PROFILE_BASE}/${user.handle}`;
    claims.picture = user.picture;
    if (user.website) claims.website = user.website;
  }
  if (scopes.includes('email')) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  return claims;
}

/**
 * The `/oauth/userinfo` body.
 * @param {import('./users.js').SampleUser} user
 * @param {{ scopes: string[], orgIds: string[], orgsRequireScope: string | null }} grant
 */
export function buildUserInfo(user, { scopes, orgIds, orgsRequireScope }) {
  const claims = standardClaims(user, scopes);
  if (!scopes.includes('profile')) return claims;
  claims.isPro = user.isPro;
  claims.canPay = user.canPay;
  if (orgsRequireScope === null || scopes.includes(orgsRequireScope)) {
    claims.orgs = user.orgs.map((org) => ({
      sub: org.sub,
      name: org.name,
      preferred_username: org.handle,
      picture: org.picture,
      plan: org.plan,
      // Only an organization the user granted to the app reveals the user's role in it.
      ...(orgIds.includes(org.sub) ? { roleInOrg: org.roleInOrg } : {}),
    }));
  }
  return claims;
}

/**
 * ID token claims: never `isPro`, `canPay` or `orgs` (those need the userinfo call).
 * @param {import('./users.js').SampleUser} user
 * @param {{ issuer: string, clientId: string, scopes: string[], authTime: number,
 *   nonce?: string, issuedAt: number, ttlSeconds: number }} context
 */
export function buildIdTokenClaims(user, { issuer, clientId, scopes, authTime, nonce, issuedAt, ttlSeconds }) {
  return {
    iss: issuer,
    aud: clientId,
    iat: issuedAt,
    exp: issuedAt + ttlSeconds,
    auth_time: authTime,
    ...(nonce === undefined ? {} : { nonce }),
    ...standardClaims(user, scopes),
  };
}
