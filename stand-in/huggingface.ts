/**
 * What makes this OpenID provider Hugging Face rather than a stock oidc-provider, as data: paths,
 * scopes and their claims, lifetimes, token formats and the wording of errors.
 * Sources: hub-docs `docs/hub/oauth.md` and huggingface.co's own answers.
 */
import { randomInt } from 'node:crypto';

/** Hugging Face's paths (oidc-provider's own are /auth, /token, /jwks and /me). */
export const ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  userinfo: '/oauth/userinfo',
  jwks: '/oauth/jwks',
} as const;
export const WHOAMI_PATH = '/api/whoami-v2';
export const CONSENT_PATH = '/oauth/consent/';
/** Served by the stand-in itself, so that nothing loads from Hugging Face's CDN. */
export const avatarPath = (handle: string) => `/avatars/${handle}.svg`;

/** Every scope Hugging Face documents; `offline_access` is not one of them. */
export const SCOPES = `openid profile email read-billing read-memberships read-repos gated-repos
  contribute-repos write-repos manage-repos read-collections write-collections inference-api
  read-endpoints write-endpoints read-mcp jobs webhooks write-discussions`.split(/\s+/);

/**
 * The claims each scope reveals, in the ID token as in userinfo (`sub` always comes). Userinfo
 * alone adds `isPro` and `canPay` with `profile`, and `orgs` with `profile` and read-memberships.
 */
export const CLAIMS_BY_SCOPE: Readonly<Record<string, readonly string[]>> = {
  openid: ['sub'],
  profile: ['name', 'preferred_username', 'picture', 'profile', 'website'],
  email: ['email', 'email_verified'],
};

/** Lifetimes in seconds, by oidc-provider's model name; the consent page's session lasts 10 min. */
export const TTL = {
  AccessToken: 8 * 3600,
  IdToken: 3600,
  RefreshToken: 30 * 24 * 3600,
  Grant: 30 * 24 * 3600,
  AuthorizationCode: 60,
  Interaction: 600,
  Session: 600,
} as const;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomAlphanumeric = (length: number) =>
  Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');

/** Opaque tokens as huggingface.co mints them (oidc-provider's are random base64url). */
export const TOKEN_FORMATS = {
  AccessToken: () => `hf_oauth_${randomAlphanumeric(34)}`,
  RefreshToken: () => randomAlphanumeric(48),
} as const;

/** The token endpoint's `error_description`s. */
export function tokenErrorDescription(error: unknown, grantType: unknown): string | undefined {
  if (error === 'invalid_client') return 'Client not found';
  if (error !== 'invalid_grant') return undefined;
  return grantType === 'refresh_token' ? 'Invalid refresh token' : 'Invalid code';
}

/** The error page of an authorization request that cannot go back to the app. */
export function authorizationErrorPage(error: string, app: string, redirectUri: string) {
  if (error === 'invalid_client') return `Unknown client_id "${app}": no OAuth app has this id.`;
  if (error !== 'invalid_redirect_uri') return undefined;
  return (
    `The redirect_uri "${redirectUri}" is not registered for the app "${app}". It must match ` +
    'a registered URI exactly (on localhost, 127.0.0.1 and [::1] any port is accepted).'
  );
}

export const ACCESS_DENIED = 'The user denied the request';
export const USERINFO_UNAUTHORIZED = {
  error: 'invalid_token',
  error_description: 'Invalid or expired access token',
};
export const WHOAMI_UNAUTHORIZED = { error: 'Invalid credentials in Authorization header' };
