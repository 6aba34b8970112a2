import type { SocialUserInfo } from '@logto/connector-kit';

import { scopeIncludes } from './scopes.js';
import { userInfoSchema, type HuggingFaceUserInfo, type UserInfoResult } from './userinfo.js';

const nonEmpty = (value: string | undefined) => value?.trim() || undefined;

/** Logto shows the avatar as an image source: only an https: URL may become one. */
const httpsUrl = (value: string | undefined) => {
  // The URL parser itself ignores surrounding spaces.
  const url = value === undefined ? null : URL.parse(value);

  return url?.protocol === 'https:' ? url.href : undefined;
};

/**
 * One address: a local part, one @, a domain with a dot; no whitespace, control or invisible
 * format characters that could smuggle a second header or address into whatever sends mail.
 */
const plausibleEmail = /^[^\s@\p{C}]+@[^\s@\p{C}]+\.[^\s@\p{C}]+$/u;

/** RFC 5321 §4.5.3.1.3: a path holds at most 256 octets, an address so at most 254 characters. */
const maxEmailLength = 254;

const singleEmail = (value: string | undefined) => {
  const trimmed = nonEmpty(value);

  return trimmed && trimmed.length <= maxEmailLength && plausibleEmail.test(trimmed)
    ? trimmed
    : undefined;
};

/**
 * `sub` is the stable id (handles can be renamed). An email goes to Logto only once Hugging Face
 * has verified it, because Logto may link accounts by email.
 */
export const mapUserInfoToProfile = (
  userInfo: HuggingFaceUserInfo,
  rawData: SocialUserInfo['rawData']
): SocialUserInfo => {
  const name = nonEmpty(userInfo.name) ?? nonEmpty(userInfo.preferred_username);
  const avatar = httpsUrl(userInfo.picture);
  const email = userInfo.email_verified === true ? singleEmail(userInfo.email) : undefined;

  return {
    id: userInfo.sub,
    ...(name && { name }),
    ...(avatar && { avatar }),
    ...(email && { email }),
    ...(rawData !== undefined && { rawData }),
  };
};

/** Claims about the token itself, not the user: they stay out of rawData. */
const protocolClaims = new Set(
  'iss aud exp iat nbf jti auth_time nonce azp at_hash c_hash sid acr amr'.split(' ')
);

/**
 * The profile from a verified ID token, when it carries every claim Logto maps for the granted
 * scope: a name or handle and a picture, and with `email` the address and whether it is verified.
 * Otherwise `undefined`, and the profile comes from userinfo.
 */
export const profileFromIdToken = (
  claims: Record<string, unknown>,
  grantedScope: string | undefined
): UserInfoResult | undefined => {
  const raw = Object.fromEntries(
    Object.entries(claims).filter(([key]) => !protocolClaims.has(key))
  );
  const { data: profile } = userInfoSchema.safeParse(raw);
  const hasEmail =
    !scopeIncludes(grantedScope, 'email') ||
    (profile?.email !== undefined && profile.email_verified !== undefined);
  const hasProfile =
    (nonEmpty(profile?.name) ?? nonEmpty(profile?.preferred_username)) !== undefined &&
    nonEmpty(profile?.picture) !== undefined;

  return profile && hasProfile && hasEmail ? { userInfo: profile, raw } : undefined;
};
