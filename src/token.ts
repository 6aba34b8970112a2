import type { TokenResponse } from '@logto/connector-kit';
import { z } from 'zod';

import { connectorError, ConnectorErrorCodes, excerpt } from './errors.js';
import { secretsCarriedBy, sendRequest, type HttpResult } from './http.js';
import { lenientField } from './lenient-field.js';

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: lenientField(z.string()),
  expires_in: lenientField(z.union([z.number(), z.string()])),
  scope: lenientField(z.string()),
  id_token: lenientField(z.string()),
  refresh_token: lenientField(z.string()),
});

export type HuggingFaceTokens = z.infer<typeof tokenResponseSchema>;

const oauthErrorSchema = z.object({
  error: z.string().min(1),
  error_description: lenientField(z.string()),
});

export type ClientCredentials = { clientId: string; clientSecret: string };

export type TokenGrant =
  | { grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string }
  | { grantType: 'refresh_token'; refreshToken: string };

/** RFC 6749 §2.3.1: each part is form-encoded before the pair is base64-encoded. */
export const basicAuthorization = ({ clientId, clientSecret }: ClientCredentials) => {
  const formEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);

  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`;
};

/** A rejected grant means different things to the user depending on what was presented. */
const rejectedGrantError = (grant: TokenGrant, description: string | undefined) =>
  grant.grantType === 'authorization_code'
    ? connectorError(
        ConnectorErrorCodes.SocialAuthCodeInvalid,
        'Hugging Face rejected the authorization code: it is wrong, already used or expired, or the redirect URI or PKCE verifier does not match. Start the sign-in again.',
        { error: 'invalid_grant', errorDescription: description }
      )
    : connectorError(
        ConnectorErrorCodes.SocialAccessTokenInvalid,
        'Hugging Face rejected the refresh token: it expired, was already used or the app was revoked. The user must sign in with Hugging Face again.',
        { error: 'invalid_grant', errorDescription: description }
      );

/**
 * Maps every answer of the token endpoint to tokens or exactly one `ConnectorError`. A redirect
 * (3xx) is not followed and is no success either.
 */
export const interpretTokenResponse = (
  { status, text, json, request }: HttpResult,
  grant: TokenGrant
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
  const secrets = secretsCarriedBy(request);

  if (!oauthError.success) {
    throw connectorError(
      ConnectorErrorCodes.General,
      `Hugging Face's token endpoint failed with HTTP ${status}. Hugging Face may be having trouble; try again in a moment.`,
      { status, body: excerpt(text, secrets) }
    );
  }

  const { error, error_description: rawDescription } = oauthError.data;
  const errorDescription =
    rawDescription === undefined ? undefined : excerpt(rawDescription, secrets);

  switch (error) {
    case 'invalid_grant': {
      throw rejectedGrantError(grant, errorDescription);
    }
    case 'invalid_client': {
      throw connectorError(
        ConnectorErrorCodes.InvalidConfig,
        'Hugging Face does not accept the client ID or client secret. Copy both again from your Hugging Face OAuth app (Settings → Connected applications) into the connector config; generate a new secret if needed.',
        { error, errorDescription, status }
      );
    }
    default: {
      const shownError = excerpt(error, secrets);

      throw connectorError(
        ConnectorErrorCodes.General,
        `Hugging Face refused the token request (${shownError}). See the description for what to change.`,
        { error: shownError, errorDescription, status }
      );
    }
  }
};

export type TokenRequestOptions = {
  tokenEndpoint: string;
  credentials: ClientCredentials;
  grant: TokenGrant;
  timeoutMs: number;
};

/** The grant as the form of RFC 6749 §4.1.3 (code, with RFC 7636's verifier) or §6 (refresh). */
const formOf = (grant: TokenGrant) =>
  new URLSearchParams(
    grant.grantType === 'authorization_code'
      ? {
          grant_type: grant.grantType,
          code: grant.code,
          redirect_uri: grant.redirectUri,
          code_verifier: grant.codeVerifier,
        }
      : { grant_type: grant.grantType, refresh_token: grant.refreshToken }
  );

export const requestTokens = async ({
  tokenEndpoint,
  credentials,
  grant,
  timeoutMs,
}: TokenRequestOptions): Promise<HuggingFaceTokens> => {
  const result = await sendRequest({
    url: tokenEndpoint,
    method: 'POST',
    headers: {
      accept: 'application/json',
      authorization: basicAuthorization(credentials),
    },
    body: formOf(grant),
    purpose: 'token request',
    timeoutMs,
  });

  return interpretTokenResponse(result, grant);
};

/** The fields Logto keeps in its Secret Vault; absent ones are left out rather than undefined. */
export const toTokenResponse = (tokens: HuggingFaceTokens): TokenResponse =>
  Object.fromEntries(Object.entries(tokens).filter(([, value]) => value !== undefined));
