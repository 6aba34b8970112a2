import { hash, randomBytes } from 'node:crypto';

import { defaultScope } from './endpoints.js';

const base64Url = (bytes: Buffer) => bytes.toString('base64url');

export type PkcePair = { codeVerifier: string; codeChallenge: string };

/** RFC 7636 S256: a 256-bit verifier, fresh for every sign-in. */
export const createPkcePair = (): PkcePair => {
  const codeVerifier = base64Url(randomBytes(32));

  return { codeVerifier, codeChallenge: challengeFor(codeVerifier) };
};

/** One-shot hash: no Hash object per sign-in. */
export const challengeFor = (codeVerifier: string) => hash('sha256', codeVerifier, 'base64url');

export const createNonce = () => base64Url(randomBytes(32));

const scopeNames = (scope: string | undefined) => scope?.split(/\s/).filter(Boolean) ?? [];

/**
 * The configured scope (or `profile`) plus whatever else the request asks for. Logto passes a
 * request scope only for a step-up through its Account API; replacing the configured scope there
 * would drop openid, email and read-memberships, and with them the checks that rely on them.
 */
export const mergeScopes = (configScope: string | undefined, requestScope: string | undefined) => {
  const configured = scopeNames(configScope);
  const base = configured.length > 0 ? configured : [defaultScope];

  return [...new Set([...base, ...scopeNames(requestScope)])].join(' ');
};

export const scopeIncludes = (scope: string, wanted: string) => scope.split(' ').includes(wanted);

export type AuthorizationRequest = {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  codeChallenge: string;
  nonce?: string;
  orgIds?: string;
};

export const buildAuthorizationUrl = ({
  authorizationEndpoint,
  clientId,
  redirectUri,
  scope,
  state,
  codeChallenge,
  nonce,
  orgIds,
}: AuthorizationRequest): string => {
  const url = new URL(authorizationEndpoint);
  // One serialisation: each `url.searchParams.set` would rewrite the whole URL.
  const search = new URLSearchParams(url.search);
  const parameters: Array<[string, string | undefined]> = [
    ['response_type', 'code'],
    ['client_id', clientId],
    ['redirect_uri', redirectUri],
    ['scope', scope],
    ['state', state],
    ['code_challenge', codeChallenge],
    ['code_challenge_method', 'S256'],
    ['nonce', nonce],
    ['orgIds', orgIds],
  ];

  for (const [key, value] of parameters) {
    if (value !== undefined) {
      search.set(key, value);
    }
  }

  url.search = search.toString();

  return url.href;
};
