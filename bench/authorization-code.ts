/**
 * The browser's part of a sign-in, done in the benchmark worker: the user consents at once, and
 * the authorization code carries what the stand-in provider needs to answer the token request
 * for that sign-in (scope, nonce, PKCE challenge). No provider state, no IPC round trip: the
 * step costs the worker a few microseconds and is left out of every measurement.
 */
import { providerHostname } from './provider-dispatcher.js';

export const issuer = `https://${providerHostname}`;

export type CodeGrant = {
  scope: string;
  nonce?: string;
  /** S256 PKCE challenge; the official connector sends none. */
  codeChallenge?: string;
};

export const encodeCode = (grant: CodeGrant): string =>
  Buffer.from(JSON.stringify(grant)).toString('base64url');

export const decodeCode = (code: string): CodeGrant | undefined => {
  try {
    const grant: unknown = JSON.parse(Buffer.from(code, 'base64url').toString());

    return typeof grant === 'object' && grant !== null && 'scope' in grant
      ? (grant as CodeGrant)
      : undefined;
  } catch {
    return undefined;
  }
};

/** Consents to exactly what the authorization URL asks for, and returns the code. */
export const consent = (authorizationUrl: string, clientId: string): string => {
  const url = new URL(authorizationUrl);
  const parameter = (name: string) => url.searchParams.get(name) ?? undefined;

  if (`${url.origin}${url.pathname}` !== `${issuer}/oauth/authorize`) {
    throw new Error(`Not an authorization URL of ${issuer}: ${url.origin}${url.pathname}`);
  }

  if (parameter('client_id') !== clientId || parameter('response_type') !== 'code') {
    throw new Error(`Unexpected authorization request: ${url.search}`);
  }

  return encodeCode({
    scope: parameter('scope') ?? '',
    nonce: parameter('nonce'),
    codeChallenge: parameter('code_challenge'),
  });
};
