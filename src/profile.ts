import type { SocialUserInfo } from '@logto/connector-kit';

import type { HuggingFaceUserInfo } from './userinfo.js';

const nonEmpty = (value: string | undefined) => {
  const trimmed = value?.trim();

  return trimmed ? trimmed : undefined;
};

/** Logto shows the avatar as an image source: only an https: URL may become one. */
const httpsUrl = (value: string | undefined) => {
  const trimmed = nonEmpty(value);

  if (trimmed === undefined || !URL.canParse(trimmed)) {
    return undefined;
  }

  const url = new URL(trimmed);

  return url.protocol === 'https:' ? url.href : undefined;
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

  return trimmed !== undefined && trimmed.length <= maxEmailLength && plausibleEmail.test(trimmed)
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
