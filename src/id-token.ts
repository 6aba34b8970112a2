import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

import { connectorError, ConnectorErrorCodes } from './errors.js';
import { sendRequest } from './http.js';

/** Seconds of clock difference tolerated between Logto's server and Hugging Face. */
const clockToleranceSeconds = 60;

/** At most one JWKS download per minute, however many unknown key ids show up. */
const refetchCooldownMs = 60_000;

type Jwk = JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown; key_ops?: unknown };

type KeySet = {
  keys: readonly Jwk[];
  keyIds: ReadonlySet<string>;
  fetchedAt: number;
  /** Each key is imported once, on first use, and kept with the key set. */
  imported: Map<Jwk, KeyObject | Error>;
};

/**
 * One cache per process, keyed by JWKS URL: Logto builds a new connector object for every
 * request, so a cache held by the connector would be refetched on every sign-in.
 */
const keySets = new Map<string, Promise<KeySet>>();

/** The downloaded key sets, for the common case of a sign-in that need not wait for one. */
const settledKeySets = new Map<string, KeySet>();

export const forgetCachedKeySets = () => {
  keySets.clear();
  settledKeySets.clear();
};

const invalidIdToken = (check: string) =>
  connectorError(
    ConnectorErrorCodes.SocialIdTokenInvalid,
    `Hugging Face's ID token failed verification: ${check}. Start the sign-in again; if it keeps failing, check the server clock and the connector's client ID.`,
    { check }
  );

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isKeySet = (value: unknown): value is { keys: Jwk[] } => {
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

  return { keys: json.keys, keyIds, fetchedAt: Date.now(), imported: new Map() };
};

const needsRefetch = ({ keyIds, fetchedAt }: KeySet, keyId: string | undefined) =>
  keyId !== undefined && !keyIds.has(keyId) && Date.now() - fetchedAt >= refetchCooldownMs;

// Stryker disable next-line BlockStatement: without this shortcut keySetFor returns the same cached set, one await later
const settledKeySetFor = (jwksUrl: string, keyId: string | undefined) => {
  const settled = settledKeySets.get(jwksUrl);

  return settled && !needsRefetch(settled, keyId) ? settled : undefined;
};

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

  const download = downloadKeySet(jwksUrl, timeoutMs).then((keySet) => {
    // Only while it is still the cached download: forgetCachedKeySets may have run meanwhile.
    // Stryker disable next-line EqualityOperator,BlockStatement: a set never recorded as settled is still found through keySets, one await later
    if (keySets.get(jwksUrl) === download) {
      settledKeySets.set(jwksUrl, keySet);
    }

    return keySet;
  });
  keySets.set(jwksUrl, download);
  // A failed download is not cached, so the next sign-in tries again. Nothing can replace it in
  // the cache while it is pending: every caller waits for it.
  // Stryker disable next-line ArrowFunction: a failed download left in keySets is awaited, found empty and replaced by the next sign-in all the same
  download.catch(() => keySets.delete(jwksUrl));

  return download;
};

/** A check that failed, in the words of the error message. */
class FailedCheck extends Error {}

const fail = (check: string): never => {
  throw new FailedCheck(check);
};

const malformed = 'it is not a well-formed signed JWT';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const decodeJson = (segment: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

    return isRecord(value) ? value : fail(malformed);
  } catch (error: unknown) {
    throw error instanceof FailedCheck ? error : new FailedCheck(malformed);
  }
};

type IdTokenParts = {
  header: Record<string, unknown>;
  signedPart: string;
  payloadSegment: string;
  signature: string;
};

/** Splits a compact JWS and decodes its header, once. */
const partsOf = (idToken: string): IdTokenParts => {
  const [headerSegment = '', payloadSegment = '', signature = '', ...rest] = idToken.split('.');

  // An empty signature is left to the signature check: `alg: none` reads as not RS256 first.
  if (rest.length > 0 || !headerSegment || !payloadSegment) {
    fail(malformed);
  }

  const header = decodeJson(headerSegment);

  // jku, x5u and jwk are never followed: the key comes from Hugging Face's JWKS only.
  if (header.crit !== undefined || (header.b64 !== undefined && header.b64 !== true)) {
    fail(malformed);
  }

  if (header.alg !== 'RS256') {
    fail('it is not signed with RS256');
  }

  return { header, signedPart: `${headerSegment}.${payloadSegment}`, payloadSegment, signature };
};

/** The key rules of RFC 7517 §4 a JWKS entry must meet to verify an RS256 signature. */
const canVerifyRs256 = (jwk: Jwk, keyId: unknown) =>
  jwk.kty === 'RSA' &&
  (typeof keyId !== 'string' || jwk.kid === keyId) &&
  (typeof jwk.alg !== 'string' || jwk.alg === 'RS256') &&
  (typeof jwk.use !== 'string' || jwk.use === 'sig') &&
  (!Array.isArray(jwk.key_ops) || jwk.key_ops.includes('verify'));

const importKey = (jwk: Jwk): KeyObject | Error => {
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });

    return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048
      ? key
      : new FailedCheck('its signing key is shorter than 2048 bits');
  } catch {
    return new FailedCheck('Hugging Face publishes its signing key in a form that cannot be read');
  }
};

const keyFor = ({ keys, imported }: KeySet, keyId: unknown): KeyObject => {
  const candidates = keys.filter((jwk) => canVerifyRs256(jwk, keyId));
  const [jwk] = candidates;

  if (!jwk) {
    return fail('it is signed with a key (kid) that Hugging Face does not publish');
  }

  if (candidates.length > 1) {
    return fail('several of Hugging Face’s published keys match its key id (kid)');
  }

  const key = imported.get(jwk) ?? importKey(jwk);
  imported.set(jwk, key);

  if (key instanceof Error) {
    throw key;
  }

  return key;
};

const claimProblems: Record<string, string> = {
  iss: 'the issuer (iss) is not Hugging Face',
  aud: 'the audience (aud) is not this connector’s client ID',
  iat: 'the issue time (iat) is invalid',
  nbf: 'the token is not valid yet (nbf)',
};

const claimProblem = (claim: string) =>
  claimProblems[claim] ?? `the ${claim} claim is missing or invalid`;

/**
 * The registered claims, checked in the order jose checks them, so that a token with several
 * faults reports the same one as before: presence, issuer, audience, issue time, not-before,
 * expiry.
 */
const checkRegisteredClaims = (
  payload: Record<string, unknown>,
  { issuer, clientId }: { issuer: string; clientId: string }
) => {
  for (const claim of ['iss', 'aud', 'iat', 'exp', 'sub']) {
    if (!(claim in payload)) {
      fail(claimProblem(claim));
    }
  }

  const { iss, aud, iat, nbf, exp, sub } = payload;
  const now = Math.floor(Date.now() / 1000);

  if (iss !== issuer) {
    fail(claimProblem('iss'));
  }

  if (aud !== clientId && !(Array.isArray(aud) && aud.includes(clientId))) {
    fail(claimProblem('aud'));
  }

  if (typeof iat !== 'number') {
    fail(claimProblem('iat'));
  }

  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + clockToleranceSeconds)) {
    fail(claimProblem('nbf'));
  }

  if (typeof exp !== 'number') {
    fail(claimProblem('exp'));
  }

  if ((exp as number) <= now - clockToleranceSeconds) {
    fail('the token has expired (exp)');
  }

  if (typeof sub !== 'string' || sub.length === 0) {
    fail(claimProblem('sub'));
  }
};

/** Signature (RS256, synchronous, key imported once) and registered claims; returns the payload. */
const verifiedPayload = (
  { signedPart, payloadSegment, signature }: IdTokenParts,
  key: KeyObject,
  expected: { issuer: string; clientId: string }
): Record<string, unknown> => {
  if (!verify('sha256', Buffer.from(signedPart), key, Buffer.from(signature, 'base64url'))) {
    fail('the signature does not match Hugging Face’s signing key');
  }

  const payload = decodeJson(payloadSegment);
  checkRegisteredClaims(payload, expected);

  return payload;
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
 * when present, must be our client id. The registered-claims check only asked for our client id
 * among them.
 */
const audienceProblem = ({ aud, azp }: Record<string, unknown>, clientId: string) => {
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

  try {
    const parts = partsOf(idToken);
    const keyId = typeof parts.header.kid === 'string' ? parts.header.kid : undefined;
    const keySet = settledKeySetFor(jwksUrl, keyId) ?? (await keySetFor(jwksUrl, keyId, timeoutMs));
    const payload = verifiedPayload(parts, keyFor(keySet, keyId), { issuer, clientId });
    const audience = audienceProblem(payload, clientId);

    if (audience !== undefined) {
      fail(audience);
    }

    if ((payload.iat as number) > Date.now() / 1000 + clockToleranceSeconds) {
      fail('the issue time (iat) is in the future');
    }

    if (nonce !== undefined && payload.nonce !== nonce) {
      fail('the nonce does not match the one sent for this sign-in');
    }

    return payload.sub as string;
  } catch (error: unknown) {
    throw error instanceof FailedCheck ? invalidIdToken(error.message) : error;
  }
};

/** The ID token when it passes `verifyIdToken`, otherwise `undefined` (absent, forged, keys down). */
export const verifiedIdTokenOrUndefined = async (
  idToken: string | undefined,
  expectations: IdTokenExpectations
): Promise<string | undefined> => {
  // Stryker disable next-line BlockStatement: verifyIdToken rejects a missing token before any download, which also ends as undefined
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
