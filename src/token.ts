import type { TokenResponse } from '@logto/connector-kit';
import { z } from 'zod';

import { connectorError, ConnectorErrorCodes, excerpt } from './errors.js';
import { sendRequest, type HttpResult } from './http.js';

/** A field that is absent, null or of another type reads as `undefined`. */
export const lenient = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: lenient(z.string()),
  expires_in: lenient(z.union([z.number(), z.string()])),
  scope: lenient(z.string()),
  id_token: lenient(z.string()),
  refresh_token: lenient(z.string()),
});

export type HuggingFaceTokens = z.infer<typeof tokenResponseSchema>;

const oauthErrorSchema = z.object({
  error: z.string().min(1),
  error_description: lenient(z.string()),
});

export type ClientCredentials = { clientId: string; clientSecret: string };

export type TokenGrant =
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; code_verifier: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

/** RFC 6749 §2.3.1: each part is form-encoded before the pair is base64-encoded. */
export const basicCredentials = ({ clientId, clientSecret }: ClientCredentials) => {
  const formEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);

  return Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
};

/** A rejected grant means different things to the user depending on what was presented. */
const rejectedGrantError = (grant: TokenGrant, errorDescription: string | undefined) =>
  grant.grant_type === 'authorization_code'
    ? connectorError(
        ConnectorErrorCodes.SocialAuthCodeInvalid,
        'Hugging Face rejected the authorization code: it is wrong, already used or expired, or the redirect URI or PKCE verifier does not match. Start the sign-in again.',
        { error: 'invalid_grant', errorDescription }
      )
    : connectorError(
        ConnectorErrorCodes.SocialAccessTokenInvalid,
        'Hugging Face rejected the refresh token: it expired, was already used or the app was revoked. The user must sign in with Hugging Face again.',
        { error: 'invalid_grant', errorDescription }
      );

/**
 * Maps every answer of the token endpoint to tokens or exactly one `ConnectorError`; `secrets` are
 * what the request carried, never shown in an excerpt. A redirect (3xx) is no success.
 */
export const interpretTokenResponse = (
  { status, text, json }: HttpResult,
  grant: TokenGrant,
  secrets: readonly string[]
): HuggingFaceTokens => {
  if (status >= 200 && status < 300) {
    const tokens = tokenResponseSchema.safeParse(json);

    if (!tokens.success) {
      throw connectorError(
        ConnectorErrorCodes.InvalidResponse,
        'Hugging Face answered the token request without an access token. This is unexpected; try again, and report it if it persists.',
        { status }
      );
    }

    return tokens.data;
  }

  const oauthError = oauthErrorSchema.safeParse(json);

  if (!oauthError.success) {
    throw connectorError(
      ConnectorErrorCodes.General,
      `Hugging Face's token endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
      { status, body: excerpt(text, secrets) }
    );
  }

  const { error, error_description: description } = oauthError.data;
  const errorDescription = description === undefined ? undefined : excerpt(description, secrets);

  if (error === 'invalid_grant') {
    throw rejectedGrantError(grant, errorDescription);
  }

  if (error === 'invalid_client') {
    throw connectorError(
      ConnectorErrorCodes.InvalidConfig,
      'Hugging Face does not accept the client ID or client secret. Copy both again from your Hugging Face OAuth app (Settings → Connected applications) into the connector config; generate a new secret if needed.',
      { error, errorDescription, status }
    );
  }

  const shownError = excerpt(error, secrets);

  throw connectorError(
    ConnectorErrorCodes.General,
    `Hugging Face refused the token request (${shownError}). See the description for what to change.`,
    { error: shownError, errorDescription, status }
  );
};

const publicFields = new Set(['grant_type', 'redirect_uri']);

/** The code grant of RFC 6749 §4.1.3 (with RFC 7636's verifier) or the refresh of §6. */
export const requestTokens = async (
  tokenEndpoint: string,
  credentials: ClientCredentials,
  grant: TokenGrant,
  timeoutMs: number
): Promise<HuggingFaceTokens> => {
  const basic = basicCredentials(credentials);
  const result = await sendRequest({
    url: tokenEndpoint,
    method: 'POST',
    headers: { accept: 'application/json', authorization: `Basic ${basic}` },
    body: new URLSearchParams(grant),
    purpose: 'token request',
    timeoutMs,
  });
  const secrets = [
    basic,
    credentials.clientSecret,
    ...Object.entries(grant)
      .filter(([field]) => !publicFields.has(field))
      .map(([, value]) => value),
  ];

  return interpretTokenResponse(result, grant, secrets);
};

/** The fields Logto keeps in its Secret Vault; absent ones are left out rather than undefined. */
export const toTokenResponse = (tokens: HuggingFaceTokens): TokenResponse =>
  Object.fromEntries(Object.entries(tokens).filter(([, value]) => value !== undefined));
