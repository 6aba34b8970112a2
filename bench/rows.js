/** Turns measurements into the table's rows, each with its target from issue #5 where it has one. */
import { targets } from './targets.js';

const kB = (bytes) => bytes / 1000;
const MB = (bytes) => bytes / 1e6;

/**
 * @param {{
 *   imports: { loadedByLogto: Record<string, { marginalMs: number }>, officialImage: Record<string, { marginalMs: number }>, runs: number },
 *   sizes: { ours: { packedBytes: number, unpackedBytes: number }, official: { packedBytes: number, unpackedBytes: number } },
 * }} measurements
 * @returns {import('./report.js').Row[]}
 */
export const packageRows = ({ imports, sizes }) => [
  {
    metric: `marginal import time, ms (after connector-kit + zod; median of ${imports.runs} fresh processes)`,
    ours: imports.loadedByLogto.ours.marginalMs,
    official: imports.loadedByLogto.official.marginalMs,
    digits: 2,
    target: targets.marginalImport,
  },
  {
    metric: 'marginal import time, ms (official image: ky, essentials, connector-oauth also loaded)',
    ours: imports.officialImage.ours.marginalMs,
    official: imports.officialImage.official.marginalMs,
    digits: 2,
  },
  { metric: 'packed size, kB (npm pack)', ours: kB(sizes.ours.packedBytes), official: kB(sizes.official.packedBytes), digits: 1 },
  { metric: 'unpacked size, kB (npm pack)', ours: kB(sizes.ours.unpackedBytes), official: kB(sizes.official.unpackedBytes), digits: 1 },
];

/**
 * @param {{ scope: string, ours: Record<string, number>, official: Record<string, number>, withIdToken: boolean, concurrency: number }} options
 * @returns {import('./report.js').Row[]}
 */
export const signInRows = ({ scope, ours, official, withIdToken, concurrency }) => {
  const label = (text) => `[${scope}] ${text}`;
  const rows = [
    { metric: label('sign-in latency p50, ms (sequential)'), ours: ours.latencyP50Ms, official: official.latencyP50Ms, digits: 3 },
    { metric: label('sign-in latency p99, ms (sequential)'), ours: ours.latencyP99Ms, official: official.latencyP99Ms, digits: 3 },
    {
      metric: label('CPU per sign-in, µs (sequential)'),
      ours: ours.cpuMicrosPerSignIn,
      official: official.cpuMicrosPerSignIn,
      digits: 0,
      target: withIdToken ? targets.cpuWithIdToken : targets.cpuWithoutIdToken,
    },
    {
      metric: label(`sign-ins per second at concurrency ${concurrency}`),
      ours: ours.signInsPerSecond,
      official: official.signInsPerSecond,
      digits: 0,
      target: targets.throughput,
    },
    {
      metric: label('HTTP requests per sign-in (after warm-up)'),
      ours: ours.requestsPerSignIn,
      official: official.requestsPerSignIn,
      digits: 2,
      target: targets.requestsPerSignIn,
    },
    {
      metric: label('new TLS connections per sign-in after warm-up (sequential)'),
      ours: ours.newTlsSequentialPerSignIn,
      official: official.newTlsSequentialPerSignIn,
      digits: 4,
      target: targets.newTlsAfterWarmup,
      noRatio: true,
    },
    {
      metric: label(`new TLS connections per sign-in at concurrency ${concurrency} (pool growth)`),
      ours: ours.newTlsConcurrentPerSignIn,
      official: official.newTlsConcurrentPerSignIn,
      digits: 4,
      noRatio: true,
    },
  ];

  if (withIdToken) {
    rows.push({
      metric: label('JWKS fetches per 1,000 sign-ins (no key rotation)'),
      ours: (1000 * ours.jwksFetches) / ours.signIns,
      official: undefined,
      digits: 3,
      target: targets.jwksPerProcess,
      judged: ours.jwksFetches,
      oursNote: `(${ours.jwksFetches} in ${ours.signIns.toLocaleString('en-US')})`,
    });
  }

  rows.push({
    metric: label(`heap growth over ${ours.heapSignIns.toLocaleString('en-US')} sign-ins, MB (after full GC)`),
    ours: MB(ours.heapGrowthBytes),
    official: MB(official.heapGrowthBytes),
    digits: 2,
    target: targets.heapGrowth,
    noRatio: true,
  });

  return rows;
};
