import { createHash, randomBytes } from 'node:crypto';

import type { ConnectorSession } from '@logto/connector-kit';
import { z } from 'zod';

import { connectorError, ConnectorErrorCodes, excerpt } from './errors.js';

const randomToken = () => randomBytes(32).toString('base64url');

/** RFC 7636 S256 over a 256-bit verifier, fresh for every sign-in. */
export const challengeFor = (codeVerifier: string) =>
  createHash('sha256').update(codeVerifier).digest('base64url');

/** What the callback needs from the authorization request; Logto keeps it between the two. */
export const signInSessionSchema = z.object({
  redirectUri: z.string().min(1),
  state: z.string().min(1),
  codeVerifier: z.string().min(1),
  /** Present exactly when openid was requested. */
  nonce: z.string().optional(),
  /** The scope asked for, which decides where the profile may come from. */
  scope: z.string().optional(),
});

export type SignInSession = z.infer<typeof signInSessionSchema>;

export const createSignInSession = (
  { redirectUri, state }: { redirectUri: string; state: string },
  scope: string,
  withNonce: boolean
): SignInSession => ({
  redirectUri,
  state,
  codeVerifier: randomToken(),
  ...(withNonce && { nonce: randomToken() }),
  scope,
});

export const buildAuthorizationUrl = (
  authorizationEndpoint: string,
  clientId: string,
  { redirectUri, state, codeVerifier, nonce, scope }: SignInSession,
  orgIds: string | undefined
): string => {
  const url = new URL(authorizationEndpoint);
  const parameters: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: challengeFor(codeVerifier),
    code_challenge_method: 'S256',
    nonce,
    orgIds,
  };

  const defined = Object.entries(parameters).filter(([, value]) => value !== undefined);
  url.search = new URLSearchParams(defined as Array<[string, string]>).toString();

  return url.href;
};

const authorizationRefused = (error: string, description: unknown) => {
  const shownError = excerpt(error);
  const errorDescription =
    typeof description === 'string' && description.length > 0 ? excerpt(description) : undefined;

  // Logto shows no other text with this message: it names Hugging Face's error itself.
  return connectorError(
    ConnectorErrorCodes.AuthorizationFailed,
    error === 'access_denied'
      ? 'The user declined to authorize the app on Hugging Face.'
      : `Hugging Face did not authorize the sign-in: it answered ${shownError}${errorDescription === undefined ? '' : ` (${errorDescription})`}. A scope your Hugging Face OAuth app does not allow (invalid_scope) is a common cause: allow it on the app, or remove it from the connector's Scope.`,
    { error: shownError, errorDescription }
  );
};

/**
 * Checks the query Hugging Face sent the browser back with against the stored sign-in session,
 * without calling Hugging Face. Its own error comes first, so a declined consent reads as such
 * even when the session has expired meanwhile.
 */
export const readCallback = (
  data: unknown,
  storedSession: ConnectorSession | undefined
): { code: string; session: SignInSession } => {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw connectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      'The Hugging Face callback carried no parameters. Start the sign-in again.'
    );
  }

  const { code, state, error, error_description: description } = data as Record<string, unknown>;

  if (typeof error === 'string') {
    throw authorizationRefused(error, description);
  }

  const session = signInSessionSchema.safeParse(storedSession);

  if (!session.success) {
    throw connectorError(
      ConnectorErrorCodes.General,
      'The sign-in session is missing or expired (no redirect URI, state or PKCE verifier was stored). Start the sign-in with Hugging Face again.'
    );
  }

  if (typeof code !== 'string' || code.length === 0) {
    throw connectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      'The Hugging Face callback has no authorization code. Start the sign-in again.'
    );
  }

  if (state !== session.data.state) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      'The callback does not belong to this sign-in (its state does not match). Start the sign-in again from the same browser.'
    );
  }

  return { code, session: session.data };
};
