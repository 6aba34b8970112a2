/**
 * Folds the sign-in results of several rounds into one: the median for performance numbers,
 * the worst round for the correctness ones (requests, new connections, JWKS fetches, heap).
 */
import { median } from './statistics.js';

const worst = {
  requestsPerSignIn: Math.max,
  newTlsSequentialPerSignIn: Math.max,
  newTlsConcurrentPerSignIn: Math.max,
  jwksFetches: Math.max,
  heapGrowthBytes: Math.max,
};

/** @param {Array<Record<string, number>>} rounds @returns {Record<string, number>} */
export const aggregateRounds = (rounds) =>
  Object.fromEntries(
    Object.keys(rounds[0])
      .filter((key) => typeof rounds[0][key] === 'number')
      .map((key) => {
        const values = rounds.map((round) => round[key]);

        return [key, Object.hasOwn(worst, key) ? worst[key](...values) : median(values)];
      })
  );
