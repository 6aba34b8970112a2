import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload } from 'jose';

import { connectorError, ConnectorError, ConnectorErrorCodes } from './errors.js';
import { sendRequest } from './http.js';

/** Seconds of clock difference tolerated between Logto's server and Hugging Face. */
const clockToleranceSeconds = 60;

const keysUnavailable = (status: number, endpoint: string) =>
  connectorError(
    ConnectorErrorCodes.General,
    `Could not load Hugging Face's signing keys (HTTP ${status}) to check the ID token. Try again in a moment, or remove openid from the scope to sign in without an ID token.`,
    { status, endpoint }
  );

/**
 * One key set per JWKS URL for the whole process (Logto builds a connector object per request).
 * jose downloads one at a time and shares the download, and downloads again at most once a minute
 * for an unknown key id; the keys are otherwise kept for the life of the process. The first
 * download is the warm-up's (`prepareKeySet`), through the connector's bounded request.
 */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

const keySetFor = (jwksUrl: string, timeoutMs: number) => {
  const cached = keySets.get(jwksUrl);

  if (cached) {
    return cached;
  }

  const keySet = createRemoteJWKSet(new URL(jwksUrl), {
    cooldownDuration: 60_000,
    cacheMaxAge: Number.POSITIVE_INFINITY,
    timeoutDuration: timeoutMs,
    [customFetch]: async (url: string) => {
      const { status, json } = await sendRequest({
        url,
        headers: { accept: 'application/json' },
        purpose: 'signing keys (JWKS) request',
        timeoutMs,
      });

      if (status !== 200) {
        throw keysUnavailable(status, url);
      }

      return Response.json(json ?? null);
    },
  });
  keySets.set(jwksUrl, keySet);

  return keySet;
};

export const forgetCachedKeySets = () => keySets.clear();

/** Downloads the keys unless a fresh set is cached; resolves to whether it had to. */
export const prepareKeySet = async (jwksUrl: string, timeoutMs: number) => {
  const keySet = keySetFor(jwksUrl, timeoutMs);

  if (keySet.fresh) {
    return false;
  }

  await keySet.reload();

  return true;
};

const invalidIdToken = (check: string) =>
  connectorError(
    ConnectorErrorCodes.SocialIdTokenInvalid,
    `Hugging Face's ID token failed verification: ${check}. Start the sign-in again; if it keeps failing, check the server clock and the connector's client ID.`,
    { check }
  );

const malformed = 'it is not a well-formed signed JWT';

/** jose's error codes, and the claim of a failed claim check, in the words operators read. */
const problems: Record<string, string> = {
  iss: 'the issuer (iss) is not Hugging Face',
  aud: 'the audience (aud) is not this connector’s client ID',
  iat: 'the issue time (iat) is invalid',
  nbf: 'the token is not valid yet (nbf)',
  [errors.JWTExpired.code]: 'the token has expired (exp)',
  [errors.JOSEAlgNotAllowed.code]: 'it is not signed with RS256',
  [errors.JWSSignatureVerificationFailed.code]:
    'the signature does not match Hugging Face’s signing key',
  [errors.JWKSNoMatchingKey.code]:
    'it is signed with a key (kid) that Hugging Face does not publish',
  [errors.JWKSMultipleMatchingKeys.code]:
    'several of Hugging Face’s published keys match its key id (kid)',
  [errors.JWSInvalid.code]: malformed,
  [errors.JWTInvalid.code]: malformed,
  [errors.JOSENotSupported.code]: malformed,
};

const toConnectorError = (error: unknown, jwksUrl: string) => {
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalidIdToken(
      problems[error.claim] ?? `the ${error.claim} claim is missing or invalid`
    );
  }

  if (error instanceof errors.JOSEError) {
    // Otherwise an unusable key set: not JSON, not a set of keys, or past jose's deadline.
    const problem = problems[error.code];

    return problem ? invalidIdToken(problem) : keysUnavailable(200, jwksUrl);
  }

  return error instanceof ConnectorError
    ? error
    : invalidIdToken(
        /modulusLength/.test(String(error))
          ? 'its signing key is shorter than 2048 bits'
          : 'Hugging Face publishes its signing key in a form that cannot be read'
      );
};

export type IdTokenExpectations = {
  issuer: string;
  clientId: string;
  /** The nonce of this sign-in; `undefined` for a refreshed ID token (OpenID Connect Core 12.2). */
  nonce: string | undefined;
  jwksUrl: string;
  timeoutMs: number;
};

/** What OpenID Connect Core 3.1.3.7 adds to jose's checks. */
const openIdProblem = (
  { sub, aud, azp, nonce, iat = 0 }: JWTPayload,
  expected: IdTokenExpectations
) =>
  typeof sub !== 'string' || sub.length === 0
    ? 'the sub claim is missing or invalid'
    : Array.isArray(aud) && aud.some((audience) => audience !== expected.clientId)
      ? 'the audience (aud) names other clients besides this connector'
      : azp !== undefined && azp !== expected.clientId
        ? 'the authorized party (azp) is not this connector’s client ID'
        : iat > Date.now() / 1000 + clockToleranceSeconds
          ? 'the issue time (iat) is in the future'
          : expected.nonce !== undefined && nonce !== expected.nonce
            ? 'the nonce does not match the one sent for this sign-in'
            : undefined;

/** Verifies the ID token (signature, RS256, issuer, audience, times, nonce); returns its claims. */
export const verifyIdToken = async (
  idToken: string | undefined,
  expected: IdTokenExpectations
): Promise<JWTPayload & { sub: string }> => {
  if (!idToken) {
    throw invalidIdToken('Hugging Face sent no ID token although the openid scope was requested');
  }

  const { payload } = await jwtVerify(idToken, keySetFor(expected.jwksUrl, expected.timeoutMs), {
    issuer: expected.issuer,
    audience: expected.clientId,
    algorithms: ['RS256'],
    clockTolerance: clockToleranceSeconds,
    requiredClaims: ['iat', 'exp', 'sub'],
  }).catch((error: unknown) => {
    throw toConnectorError(error, expected.jwksUrl);
  });
  const problem = openIdProblem(payload, expected);

  if (problem !== undefined) {
    throw invalidIdToken(problem);
  }

  return payload as JWTPayload & { sub: string };
};

/** The ID token when it passes `verifyIdToken`, otherwise `undefined` (absent, forged, keys down). */
export const verifiedIdTokenOrUndefined = async (
  idToken: string | undefined,
  expected: IdTokenExpectations
) =>
  verifyIdToken(idToken, expected).then(
    () => idToken,
    () => undefined
  );

export const assertSameSubject = (idTokenSubject: string, userInfoSubject: string) => {
  if (idTokenSubject !== userInfoSubject) {
    throw invalidIdToken('the ID token’s sub differs from the user profile’s sub');
  }
};
