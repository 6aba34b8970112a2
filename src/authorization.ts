import { createHash, randomBytes } from 'node:crypto';

import { defaultScope } from './endpoints.js';

const base64Url = (bytes: Buffer) => bytes.toString('base64url');

export type PkcePair = { codeVerifier: string; codeChallenge: string };

/** RFC 7636 S256: a 256-bit verifier, fresh for every sign-in. */
export const createPkcePair = (): PkcePair => {
  const codeVerifier = base64Url(randomBytes(32));

  return { codeVerifier, codeChallenge: challengeFor(codeVerifier) };
};

export const challengeFor = (codeVerifier: string) =>
  base64Url(createHash('sha256').update(codeVerifier).digest());

export const createNonce = () => base64Url(randomBytes(32));

const normalizeScope = (scope: string | undefined) =>
  scope?.split(/\s+/).filter(Boolean).join(' ') ?? '';

/** The sign-in request's scope wins over the configured one, which wins over `profile`. */
export const resolveScope = (requestScope: string | undefined, configScope: string | undefined) =>
  normalizeScope(requestScope) || normalizeScope(configScope) || defaultScope;

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
      url.searchParams.set(key, value);
    }
  }

  return url.toString();
};
