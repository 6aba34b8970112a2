/** Issue #5's targets, each a check on our value and the official one. */

/** @typedef {{ text: string, holds: (ours: number, official: number) => boolean }} Target */

/** @type {Record<string, Target>} */
export const targets = {
  marginalImport: { text: '≤ 0.25× official', holds: (ours, official) => ours <= 0.25 * official },
  cpuWithoutIdToken: { text: '≤ 1.0× official', holds: (ours, official) => ours <= official },
  cpuWithIdToken: { text: '≤ 1.3× official', holds: (ours, official) => ours <= 1.3 * official },
  throughput: { text: '≥ 1.0× official', holds: (ours, official) => ours >= official },
  requestsPerSignIn: { text: 'exactly 2', holds: (ours) => ours === 2 },
  newTlsAfterWarmup: { text: '0 (keep-alive)', holds: (ours) => ours === 0 },
  jwksPerProcess: { text: '≤ 1 per process', holds: (ours) => ours <= 1 },
  heapGrowth: { text: '< 5 MB', holds: (ours) => ours < 5 },
};
