import { z } from 'zod';

import { connectorError, ConnectorErrorCodes, excerpt } from './errors.js';
import { sendRequest, type HttpResult } from './http.js';
import { lenient } from './token.js';

export const organizationSchema = z
  .object({
    sub: lenient(z.string()),
    name: lenient(z.string()),
    preferred_username: lenient(z.string()),
    roleInOrg: lenient(z.string()),
  })
  .passthrough();

/** Userinfo's shape, and the profile claims of an ID token: only `sub` may fail a sign-in. */
export const userInfoSchema = z
  .object({
    sub: z.string().min(1),
    name: lenient(z.string()),
    preferred_username: lenient(z.string()),
    picture: lenient(z.string()),
    email: lenient(z.string()),
    email_verified: lenient(z.boolean()),
    // An organization entry of an unexpected shape is left out, not the whole profile.
    orgs: lenient(z.array(z.unknown())).transform((orgs) =>
      orgs?.flatMap((org) => {
        const { data } = organizationSchema.safeParse(org);

        return data ? [data] : [];
      })
    ),
  })
  .passthrough();

export type HuggingFaceUserInfo = z.infer<typeof userInfoSchema>;

export type UserInfoResult = {
  userInfo: HuggingFaceUserInfo;
  /** The body exactly as Hugging Face sent it, for `rawData`. */
  raw: Record<string, unknown>;
};

/** Deeper than any profile Hugging Face sends; deep enough that no host recursion overflows. */
export const maxRawDataDepth = 32;

const tooDeep = (value: unknown, depth = 1): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (depth > maxRawDataDepth || Object.values(value).some((item) => tooDeep(item, depth + 1)));

/**
 * PostgreSQL's jsonb, where Logto keeps rawData, refuses a NUL character and a lone UTF-16
 * surrogate, which JSON.parse accepts as escapes. JSON.stringify writes exactly those two as \u
 * escapes (a paired surrogate stays as it is), so its output shows them.
 */
const unstorableText = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/i;

/** Why Logto could not store this as rawData; depth first, so JSON.stringify cannot overflow. */
const unstorableProblem = (json: unknown) =>
  tooDeep(json)
    ? `it is nested more than ${maxRawDataDepth} levels deep`
    : unstorableText.test(JSON.stringify(json))
      ? 'a text contains a NUL character or a broken UTF-16 surrogate'
      : undefined;

const describeBody = (json: unknown) =>
  json === undefined
    ? 'a body that is not JSON'
    : typeof json === 'object' && json !== null && !Array.isArray(json)
      ? 'a JSON object without a usable sub'
      : `JSON ${Array.isArray(json) ? 'array' : json === null ? 'null' : typeof json}`;

/** A redirect (3xx) is not followed and is no success either. */
export const interpretUserInfoResponse = (
  { status, text, json }: HttpResult,
  accessToken: string
): UserInfoResult => {
  if (status === 401) {
    throw connectorError(
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      'Hugging Face rejected the access token (HTTP 401): it expired or the user revoked this app. Sign in with Hugging Face again.',
      { status }
    );
  }

  if (status < 200 || status >= 300) {
    throw connectorError(
      ConnectorErrorCodes.General,
      `Hugging Face's userinfo endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
      { status, body: excerpt(text, [accessToken]) }
    );
  }

  const parsed = userInfoSchema.safeParse(json);

  if (!parsed.success) {
    // No excerpt of the body here: a profile without `sub` may still carry personal data.
    throw connectorError(
      ConnectorErrorCodes.InvalidResponse,
      'Hugging Face answered the user profile request with something other than a profile with a user id (sub). This is unexpected; try again, and report it if it persists.',
      { status, received: describeBody(json) }
    );
  }

  const unstorable = unstorableProblem(json);

  if (unstorable !== undefined) {
    throw connectorError(
      ConnectorErrorCodes.InvalidResponse,
      `Hugging Face sent a user profile that Logto cannot store: ${unstorable}. This is unexpected; try again, and report it if it persists.`,
      { status }
    );
  }

  // The schema admits only an object: the body as sent is one.
  return { userInfo: parsed.data, raw: json as Record<string, unknown> };
};

export const fetchUserInfo = async (
  userInfoEndpoint: string,
  accessToken: string,
  timeoutMs: number
): Promise<UserInfoResult> => {
  const result = await sendRequest({
    url: userInfoEndpoint,
    headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
    purpose: 'user profile request',
    timeoutMs,
  });

  return interpretUserInfoResponse(result, accessToken);
};
