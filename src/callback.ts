import type { ConnectorSession } from '@logto/connector-kit';
import { z } from 'zod';

import { connectorError, ConnectorErrorCodes, excerpt } from './errors.js';

const callbackSchema = z
  .object({
    code: z.unknown(),
    state: z.unknown(),
    error: z.unknown(),
    error_description: z.unknown(),
  })
  .partial();

const textOrUndefined = (value: unknown) =>
  typeof value === 'string' && value.length > 0 ? excerpt(value) : undefined;

const signInSessionSchema = z.object({
  redirectUri: z.string().min(1),
  state: z.string().min(1),
  codeVerifier: z.string().min(1),
  nonce: z.string().optional(),
});

export type SignInSession = z.infer<typeof signInSessionSchema>;

export const parseSignInSession = (session: ConnectorSession | undefined): SignInSession => {
  const parsed = signInSessionSchema.safeParse(session);

  if (!parsed.success) {
    throw connectorError(
      ConnectorErrorCodes.General,
      'The sign-in session is missing or expired (no redirect URI, state or PKCE verifier was stored). Start the sign-in with Hugging Face again.'
    );
  }

  return parsed.data;
};

/**
 * Checks the query Hugging Face sent the browser back with against the stored sign-in session.
 * The query is untrusted, and every failure here is decided without calling Hugging Face.
 * Hugging Face's own error is reported first, so a declined consent reads as such even when the
 * session has expired meanwhile.
 */
export const readCallback = (
  data: unknown,
  storedSession: ConnectorSession | undefined
): { code: string; session: SignInSession } => {
  const parsed = callbackSchema.safeParse(data);

  if (!parsed.success) {
    throw connectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      'The Hugging Face callback carried no parameters. Start the sign-in again.'
    );
  }

  const { code, state, error, error_description: description } = parsed.data;

  if (typeof error === 'string') {
    const shownError = excerpt(error);
    const errorDescription = textOrUndefined(description);

    // Logto shows no other text with this message: it names Hugging Face's error itself.
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      error === 'access_denied'
        ? 'The user declined to authorize the app on Hugging Face.'
        : `Hugging Face did not authorize the sign-in: it answered ${shownError}${errorDescription === undefined ? '' : ` (${errorDescription})`}. A scope your Hugging Face OAuth app does not allow (invalid_scope) is a common cause: allow it on the app, or remove it from the connector's Scope.`,
      { error: shownError, errorDescription }
    );
  }

  const session = parseSignInSession(storedSession);

  if (typeof code !== 'string' || code.length === 0) {
    throw connectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      'The Hugging Face callback has no authorization code. Start the sign-in again.'
    );
  }

  if (state !== session.state) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      'The callback does not belong to this sign-in (its state does not match). Start the sign-in again from the same browser.'
    );
  }

  return { code, session };
};
