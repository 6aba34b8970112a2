/** What Hugging Face says about a user, per granted scope: ID token, userinfo and whoami-v2. */
import { avatarPath, type SampleOrganization, type SampleUser } from './users.js';

/** What one access token lets the app see. */
export type TokenView = {
  issuer: string;
  scopes: ReadonlySet<string>;
  /** Organizations the user granted to the app (`orgIds` at authorize). */
  grantedOrgIds: readonly string[];
  /** `null`: `orgs` comes with `profile` alone. */
  orgsRequireScope: string | null;
};

/** The OpenID claims of the `profile` and `email` scopes, shared by the ID token and userinfo. */
export function standardClaims(user: SampleUser, scopes: ReadonlySet<string>, issuer: string) {
  return {
    sub: user.sub,
    ...(scopes.has('profile') && {
      name: user.name,
      preferred_username: user.handle,
      profile: `${issuer}/${user.handle}`,
      picture: `${issuer}${avatarPath(user.handle)}`,
      ...(user.website !== undefined && { website: user.website }),
    }),
    ...(scopes.has('email') && { email: user.email, email_verified: user.emailVerified }),
  };
}

const listsOrganizations = ({ scopes, orgsRequireScope }: TokenView) =>
  scopes.has('profile') && (orgsRequireScope === null || scopes.has(orgsRequireScope));

/** Only an organization the user granted to the app reveals the user's role in it. */
const roleIfGranted = (org: SampleOrganization, view: TokenView) =>
  view.grantedOrgIds.includes(org.sub) ? { roleInOrg: org.roleInOrg } : {};

/** The `/oauth/userinfo` body; `isPro`, `canPay` and `orgs` are never in the ID token. */
export function buildUserInfo(user: SampleUser, view: TokenView) {
  return {
    ...standardClaims(user, view.scopes, view.issuer),
    ...(view.scopes.has('profile') && { isPro: user.isPro, canPay: user.canPay }),
    ...(listsOrganizations(view) && {
      orgs: user.orgs.map((org) => ({
        sub: org.sub,
        name: org.name,
        preferred_username: org.handle,
        picture: `${view.issuer}${avatarPath(org.handle)}`,
        plan: org.plan,
        ...roleIfGranted(org, view),
      })),
    }),
  };
}

/** The `/api/whoami-v2` body for an OAuth access token, in huggingface.co's shape. */
export function buildWhoAmI(
  user: SampleUser,
  view: TokenView,
  token: { appName: string; issuedAt: number; expiresAt: number }
) {
  return {
    type: 'user',
    id: user.sub,
    name: user.handle,
    fullname: user.name,
    ...(view.scopes.has('email') && { email: user.email, emailVerified: user.emailVerified }),
    avatarUrl: `${view.issuer}${avatarPath(user.handle)}`,
    isPro: user.isPro,
    canPay: user.canPay,
    orgs: listsOrganizations(view)
      ? user.orgs.map((org) => ({
          type: 'org',
          id: org.sub,
          name: org.handle,
          fullname: org.name,
          avatarUrl: `${view.issuer}${avatarPath(org.handle)}`,
          ...roleIfGranted(org, view),
        }))
      : [],
    auth: {
      type: 'oauth',
      accessToken: {
        displayName: token.appName,
        role: 'fineGrained',
        createdAt: new Date(token.issuedAt * 1000).toISOString(),
      },
      expiresAt: new Date(token.expiresAt * 1000).toISOString(),
      scope: [...view.scopes].join(' '),
    },
  };
}
