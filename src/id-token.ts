import {
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

import { connectorError, ConnectorErrorCodes } from './errors.js';
import { sendRequest } from './http.js';

/** Seconds of clock difference tolerated between Logto's server and Hugging Face. */
const clockToleranceSeconds = 60;

/** At most one JWKS download per minute, however many unknown key ids show up. */
const refetchCooldownMs = 60_000;

type KeySet = { getKey: JWTVerifyGetKey; keyIds: ReadonlySet<string>; fetchedAt: number };

/**
 * One cache per process, keyed by JWKS URL: Logto builds a new connector object for every
 * request, so a cache held by the connector would be refetched on every sign-in.
 */
const keySets = new Map<string, Promise<KeySet>>();

export const forgetCachedKeySets = () => {
  keySets.clear();
};

const invalidIdToken = (check: string) =>
  connectorError(
    ConnectorErrorCodes.SocialIdTokenInvalid,
    `Hugging Face's ID token failed verification: ${check}. Start the sign-in again; if it keeps failing, check the server clock and the connector's client ID.`,
    { check }
  );

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isKeySet = (value: unknown): value is JSONWebKeySet => {
  const keys: unknown = isObject(value) ? (value as { keys?: unknown }).keys : undefined;

  return Array.isArray(keys) && keys.every(isObject);
};

const downloadKeySet = async (jwksUrl: string, timeoutMs: number): Promise<KeySet> => {
  const { status, json } = await sendRequest({
    url: jwksUrl,
    method: 'GET',
    headers: { accept: 'application/json' },
    purpose: 'signing keys (JWKS) request',
    timeoutMs,
  });

  if (status !== 200 || !isKeySet(json)) {
    throw connectorError(
      ConnectorErrorCodes.General,
      `Could not load Hugging Face's signing keys (HTTP ${status}) to check the ID token. Try again in a moment, or remove openid from the scope to sign in without an ID token.`,
      { status, endpoint: jwksUrl }
    );
  }

  const keyIds = new Set(json.keys.flatMap(({ kid }) => (typeof kid === 'string' ? [kid] : [])));

  return { getKey: createLocalJWKSet(json), keyIds, fetchedAt: Date.now() };
};

const needsRefetch = ({ keyIds, fetchedAt }: KeySet, keyId: string | undefined) =>
  keyId !== undefined && !keyIds.has(keyId) && Date.now() - fetchedAt >= refetchCooldownMs;

const keySetFor = async (jwksUrl: string, keyId: string | undefined, timeoutMs: number) => {
  const pending = keySets.get(jwksUrl);
  const current = await pending?.catch(() => undefined);

  if (current && !needsRefetch(current, keyId)) {
    return current;
  }

  // Another sign-in started a fresh download while this one waited: share it.
  const latest = keySets.get(jwksUrl);

  if (latest && latest !== pending) {
    return latest;
  }

  const download = downloadKeySet(jwksUrl, timeoutMs);
  keySets.set(jwksUrl, download);
  // A failed download is not cached, so the next sign-in tries again. Nothing can replace it in
  // the cache while it is pending: every caller waits for it.
  download.catch(() => keySets.delete(jwksUrl));

  return download;
};

const keyIdOf = (idToken: string): string | undefined => {
  try {
    return decodeProtectedHeader(idToken).kid;
  } catch {
    // A malformed token fails in `jwtVerify` with a precise reason.
    return undefined;
  }
};

type JoseError = Error & { code?: string; claim: string };

const describeFailure = (error: JoseError): string => {
  switch (error.code) {
    case 'ERR_JWT_EXPIRED': {
      return 'the token has expired (exp)';
    }
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claims: Record<string, string> = {
        iss: 'the issuer (iss) is not Hugging Face',
        aud: 'the audience (aud) is not this connector’s client ID',
        iat: 'the issue time (iat) is invalid',
        nbf: 'the token is not valid yet (nbf)',
      };

      return claims[error.claim] ?? `the ${error.claim} claim is missing or invalid`;
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED': {
      return 'the signature does not match Hugging Face’s signing key';
    }
    case 'ERR_JWKS_NO_MATCHING_KEY': {
      return 'it is signed with a key (kid) that Hugging Face does not publish';
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED': {
      return 'it is not signed with RS256';
    }
    default: {
      return 'it is not a well-formed signed JWT';
    }
  }
};

export type IdTokenExpectations = {
  issuer: string;
  clientId: string;
  /**
   * The nonce of this sign-in; `undefined` for an ID token returned by a refresh, which has no
   * nonce of its own to match (OpenID Connect Core 12.2).
   */
  nonce: string | undefined;
  jwksUrl: string;
  timeoutMs: number;
};

/**
 * OpenID Connect Core 3.1.3.7: every audience must be trusted (only our client id is), and `azp`,
 * when present, must be our client id. jose has only checked that our client id is among them.
 */
const audienceProblem = ({ aud, azp }: JWTPayload, clientId: string) => {
  if (Array.isArray(aud) && aud.some((audience) => audience !== clientId)) {
    return 'the audience (aud) names other clients besides this connector';
  }

  if (azp !== undefined && azp !== clientId) {
    return 'the authorized party (azp) is not this connector’s client ID';
  }

  return undefined;
};

/** Verifies signature, issuer, audience, expiry, issue time and nonce; returns the subject. */
export const verifyIdToken = async (
  idToken: string | undefined,
  { issuer, clientId, nonce, jwksUrl, timeoutMs }: IdTokenExpectations
): Promise<string> => {
  if (!idToken) {
    throw invalidIdToken('Hugging Face sent no ID token although the openid scope was requested');
  }

  const { getKey } = await keySetFor(jwksUrl, keyIdOf(idToken), timeoutMs);

  const payload = await jwtVerify(idToken, getKey, {
    issuer,
    audience: clientId,
    algorithms: ['RS256'],
    clockTolerance: clockToleranceSeconds,
    requiredClaims: ['sub', 'exp', 'iat'],
  }).then(
    (result) => result.payload,
    (error: unknown) => {
      throw invalidIdToken(describeFailure(error as JoseError));
    }
  );

  const audience = audienceProblem(payload, clientId);

  if (audience !== undefined) {
    throw invalidIdToken(audience);
  }

  // jose checks `iat` only against a maximum age; a token from the future is no less suspicious.
  if (payload.iat! > Date.now() / 1000 + clockToleranceSeconds) {
    throw invalidIdToken('the issue time (iat) is in the future');
  }

  if (nonce !== undefined && payload.nonce !== nonce) {
    throw invalidIdToken('the nonce does not match the one sent for this sign-in');
  }

  return payload.sub!;
};

/** The ID token when it passes `verifyIdToken`, otherwise `undefined` (absent, forged, keys down). */
export const verifiedIdTokenOrUndefined = async (
  idToken: string | undefined,
  expectations: IdTokenExpectations
): Promise<string | undefined> => {
  if (idToken === undefined) {
    return undefined;
  }

  return verifyIdToken(idToken, expectations).then(
    () => idToken,
    () => undefined
  );
};

export const assertSameSubject = (idTokenSubject: string, userInfoSubject: string) => {
  if (idTokenSubject !== userInfoSubject) {
    throw invalidIdToken('the ID token’s sub differs from the user profile’s sub');
  }
};
