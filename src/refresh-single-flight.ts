import { createHash } from 'node:crypto';

import type { GetAccessTokenByRefreshToken, TokenResponse } from '@logto/connector-kit';

/**
 * Hugging Face rotates refresh tokens: once one has been used, presenting it again gets
 * invalid_grant, and the user's stored tokens are useless until they authorize again. Logto
 * refreshes inside each Account API token read, without a lock, so two reads of one expired token
 * refresh at once. The grace covers a read that fetched the old token set just before the first
 * refresh wrote the new one back: that write follows within milliseconds, so a few seconds are
 * ample while keeping short the time in which the retired token still yields tokens.
 */
export const refreshGraceMs = 5000;

/** Far above the refreshes one process runs within a grace period; bounds memory all the same. */
export const maxRefreshesRemembered = 1000;

/**
 * Wraps a refresh so that concurrent calls with the same refresh token, or calls within the grace
 * after it succeeded, share one request. A failure reaches every waiting caller and is forgotten
 * at once. Keys are SHA-256 hashes, so no refresh token is held here.
 */
export const createRefreshSingleFlight = () => {
  const flights = new Map<string, Promise<TokenResponse>>();

  const forget = (key: string, flight: Promise<TokenResponse>) => {
    if (flights.get(key) === flight) {
      flights.delete(key);
    }
  };

  const shared = async (refreshToken: string, refresh: GetAccessTokenByRefreshToken) => {
    const key = createHash('sha256').update(refreshToken).digest('base64url');
    const existing = flights.get(key);

    if (existing) {
      return existing;
    }

    // A Map iterates in insertion order: the first key is the oldest.
    if (flights.size >= maxRefreshesRemembered) {
      flights.delete(flights.keys().next().value!);
    }

    const flight = refresh(refreshToken);
    flights.set(key, flight);
    flight.then(
      () => setTimeout(() => forget(key, flight), refreshGraceMs).unref(),
      () => forget(key, flight)
    );

    return flight;
  };

  return (refresh: GetAccessTokenByRefreshToken): GetAccessTokenByRefreshToken =>
    async (refreshToken) =>
      // Only text can be hashed; the refresh refuses anything else with its own error. Each caller
      // gets its own copy, so a host that edits the object cannot affect the others.
      typeof refreshToken === 'string'
        ? { ...(await shared(refreshToken, refresh)) }
        : refresh(refreshToken);
};
