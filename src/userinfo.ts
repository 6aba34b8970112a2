import { z } from 'zod';

import { connectorError, ConnectorErrorCodes, excerpt } from './errors.js';
import { secretsCarriedBy, sendRequest, type HttpResult } from './http.js';
import { lenientField } from './lenient-field.js';
import { rawDataProblem } from './raw-data.js';

export const organizationSchema = z
  .object({
    sub: lenientField(z.string()),
    name: lenientField(z.string()),
    preferred_username: lenientField(z.string()),
  })
  .passthrough();

export const userInfoSchema = z
  .object({
    sub: z.string().min(1),
    name: lenientField(z.string()),
    preferred_username: lenientField(z.string()),
    picture: lenientField(z.string()),
    email: lenientField(z.string()),
    email_verified: lenientField(z.boolean()),
    orgs: lenientField(z.array(z.unknown())).transform((orgs) =>
      orgs?.flatMap((org) => {
        const parsed = organizationSchema.safeParse(org);

        return parsed.success ? [parsed.data] : [];
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

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describeBody = (json: unknown) =>
  json === undefined
    ? 'a body that is not JSON'
    : isPlainObject(json)
      ? 'a JSON object without a usable sub'
      : `JSON ${Array.isArray(json) ? 'array' : json === null ? 'null' : typeof json}`;

/** A redirect (3xx) is not followed and is no success either. */
export const interpretUserInfoResponse = ({
  status,
  text,
  json,
  request,
}: HttpResult): UserInfoResult => {
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
      { status, body: excerpt(text, secretsCarriedBy(request)) }
    );
  }

  const parsed = userInfoSchema.safeParse(json);

  if (!isPlainObject(json) || !parsed.success) {
    // No excerpt of the body here: a profile without `sub` may still carry personal data.
    throw connectorError(
      ConnectorErrorCodes.InvalidResponse,
      'Hugging Face answered the user profile request with something other than a profile with a user id (sub). This is unexpected; try again, and report it if it persists.',
      { status, received: describeBody(json) }
    );
  }

  const unstorable = rawDataProblem(json);

  if (unstorable !== undefined) {
    throw connectorError(
      ConnectorErrorCodes.InvalidResponse,
      `Hugging Face sent a user profile that Logto cannot store: ${unstorable}. This is unexpected; try again, and report it if it persists.`,
      { status }
    );
  }

  return { userInfo: parsed.data, raw: json };
};

export type UserInfoRequestOptions = {
  userInfoEndpoint: string;
  accessToken: string;
  timeoutMs: number;
};

export const fetchUserInfo = async ({
  userInfoEndpoint,
  accessToken,
  timeoutMs,
}: UserInfoRequestOptions): Promise<UserInfoResult> => {
  const result = await sendRequest({
    url: userInfoEndpoint,
    method: 'GET',
    headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
    purpose: 'user profile request',
    timeoutMs,
  });

  return interpretUserInfoResponse(result);
};
