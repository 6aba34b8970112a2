import type { SocialUserInfo } from '@logto/connector-kit';

import type { HuggingFaceUserInfo } from './userinfo.js';

const nonEmpty = (value: string | undefined) => {
  const trimmed = value?.trim();

  return trimmed ? trimmed : undefined;
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
  const avatar = nonEmpty(userInfo.picture);
  const email = userInfo.email_verified === true ? nonEmpty(userInfo.email) : undefined;

  return {
    id: userInfo.sub,
    ...(name && { name }),
    ...(avatar && { avatar }),
    ...(email && { email }),
    ...(rawData !== undefined && { rawData }),
  };
};
