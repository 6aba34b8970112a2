/**
 * Worker process (run with --expose-gc): loads one installed connector with Logto's loader, routes
 * global fetch to the loopback provider, and measures sign-ins. Reports one JSON result over IPC.
 *
 * Phases: warm-up (sequential, then concurrent so the connection pool is full), sequential
 * (latency, CPU, requests and new TLS connections per sign-in), concurrent (throughput and heap
 * growth, with a full GC before and after).
 */
import { notImplemented } from '@logto/cli/lib/connector/consts.js';
import { loadConnector } from '@logto/cli/lib/connector/loader.js';
import { validateConnectorModule } from '@logto/cli/lib/connector/utils.js';
import { setGlobalDispatcher } from 'undici';

import { signInLikeLogto } from './logto-sign-in.js';
import { createParentRpc } from './parent-rpc.js';
import { createProviderDispatcher } from './provider-dispatcher.js';
import { percentile } from './statistics.js';

const { connectorPath, port, ca, config, expectedUserId, counts } = JSON.parse(process.argv[2]);

if (typeof globalThis.gc !== 'function') {
  throw new TypeError('Run the sign-in worker with --expose-gc');
}

setGlobalDispatcher(createProviderDispatcher({ port, ca }));
const parent = createParentRpc();

// What Logto does once at start-up.
const createConnector = await loadConnector(connectorPath);
validateConnectorModule(await createConnector({ getConfig: notImplemented }));

let signIns = 0;
const signIn = async (meter) => {
  signIns += 1;
  await signInLikeLogto({
    createConnector,
    config,
    authorize: (url) => parent.call('mintCode', url),
    expectedUserId,
    index: signIns,
    meter,
  });
};

const runConcurrently = async (total, concurrency) => {
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started += 1;
      await signIn();
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
};

const fullGc = async () => {
  for (let round = 0; round < 3; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
  }
};

const sumRequests = ({ requests }) => Object.values(requests).reduce((sum, count) => sum + count, 0);
const difference = (after, before) => ({
  requests: sumRequests(after) - sumRequests(before),
  tlsHandshakes: after.tlsHandshakes - before.tlsHandshakes,
  byPath: Object.fromEntries(
    Object.entries(after.requests).map(([path, count]) => [path, count - (before.requests[path] ?? 0)])
  ),
});

// Warm-up.
for (let index = 0; index < counts.warmupSequential; index += 1) await signIn();
await runConcurrently(counts.warmupConcurrent, counts.concurrency);

// Sequential.
const beforeSequential = await parent.call('stats');
const latenciesMs = [];
let cpuMicros = 0;
for (let index = 0; index < counts.sequential; index += 1) {
  const meter = { elapsedMs: 0, cpuMicros: 0 };
  await signIn(meter);
  latenciesMs.push(meter.elapsedMs);
  cpuMicros += meter.cpuMicros;
}
const afterSequential = await parent.call('stats');

// Concurrent.
await fullGc();
const heapBefore = process.memoryUsage().heapUsed;
const concurrentStart = performance.now();
await runConcurrently(counts.concurrent, counts.concurrency);
const concurrentSeconds = (performance.now() - concurrentStart) / 1000;
await fullGc();
const heapAfter = process.memoryUsage().heapUsed;
const afterConcurrent = await parent.call('stats');

const sequential = difference(afterSequential, beforeSequential);
const concurrent = difference(afterConcurrent, afterSequential);

process.send({
  result: {
    latencyP50Ms: percentile(latenciesMs, 50),
    latencyP99Ms: percentile(latenciesMs, 99),
    cpuMicrosPerSignIn: cpuMicros / counts.sequential,
    signInsPerSecond: counts.concurrent / concurrentSeconds,
    requestsPerSignIn: sequential.requests / counts.sequential,
    requestsByPath: sequential.byPath,
    warmupTlsHandshakes: beforeSequential.tlsHandshakes,
    newTlsSequentialPerSignIn: sequential.tlsHandshakes / counts.sequential,
    newTlsConcurrentPerSignIn: concurrent.tlsHandshakes / counts.concurrent,
    jwksFetches: afterConcurrent.requests['/oauth/jwks'] ?? 0,
    signIns,
    heapGrowthBytes: heapAfter - heapBefore,
    heapSignIns: counts.concurrent,
  },
});
parent.close();
