import { createHash } from 'node:crypto';

import type { GetAccessTokenByRefreshToken, TokenResponse } from '@logto/connector-kit';

export type SingleFlightOptions = {
  /** How long a fulfilled result keeps answering callers with the same key. */
  graceMs: number;
  /** Upper bound of keys remembered at once; the oldest is forgotten first. */
  maxEntries: number;
};

/**
 * Runs one task per key at a time: callers that arrive while it runs, or within `graceMs` after it
 * succeeded, share its result. A failure reaches every waiting caller and is forgotten at once.
 * Keys are kept only as SHA-256 hashes, so a secret used as a key is never held in memory here.
 */
export const createSingleFlight = <T>({ graceMs, maxEntries }: SingleFlightOptions) => {
  const flights = new Map<string, Promise<T>>();

  const forget = (id: string, flight: Promise<T>) => {
    if (flights.get(id) === flight) {
      flights.delete(id);
    }
  };

  const run = async (key: string, task: () => Promise<T>): Promise<T> => {
    const id = createHash('sha256').update(key).digest('base64url');
    const existing = flights.get(id);

    if (existing) {
      return existing;
    }

    // A Map iterates in insertion order: the first keys are the oldest.
    for (const oldest of flights.keys()) {
      if (flights.size < maxEntries) {
        break;
      }

      flights.delete(oldest);
    }

    // An async wrapper turns a synchronous throw of the task into a rejection shared like any other.
    const flight = (async () => task())();
    flights.set(id, flight);
    flight.then(
      () => {
        setTimeout(() => {
          forget(id, flight);
        }, graceMs).unref();
      },
      () => {
        forget(id, flight);
      }
    );

    return flight;
  };

  return Object.assign(run, {
    /** How many keys are remembered now (in flight or within their grace). */
    size: () => flights.size,
  });
};

/**
 * Hugging Face rotates refresh tokens: once one has been used, presenting it again gets
 * invalid_grant, and the user's stored tokens are useless until they authorize again. Logto
 * refreshes inside each Account API token read, without a lock, so two reads of one expired token
 * refresh at once.
 *
 * The grace covers a read that fetched the old token set from Logto's database just before the
 * first refresh wrote the new one back: that write follows the answer within milliseconds, so a few
 * seconds are ample, while keeping short the time in which the retired token still yields tokens.
 * A late caller's expires_in is then a few seconds too long, well inside any client's margin.
 */
export const refreshGraceMs = 5000;

/** Far above the refreshes one process runs within a grace period; bounds memory all the same. */
export const maxRefreshesRemembered = 1000;

/** Wraps a refresh so that concurrent calls with the same refresh token send one request. */
export const createRefreshSingleFlight = () => {
  const refreshes = createSingleFlight<TokenResponse>({
    graceMs: refreshGraceMs,
    maxEntries: maxRefreshesRemembered,
  });

  return (refresh: GetAccessTokenByRefreshToken): GetAccessTokenByRefreshToken =>
    async (refreshToken) => {
      // Only text can be hashed; the refresh refuses anything else with its own error.
      if (typeof refreshToken !== 'string') {
        return refresh(refreshToken);
      }

      // Each caller gets its own copy, so a host that edits the object cannot affect the others.
      return { ...(await refreshes(refreshToken, async () => refresh(refreshToken))) };
    };
};
