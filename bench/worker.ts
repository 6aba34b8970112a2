/**
 * One measuring process (run with --expose-gc): loads the floor, the official connector and ours
 * in the given order, routes https://huggingface.co to the stand-in, and measures them side by
 * side. Reports one JSON result over IPC.
 *
 * Phases, each the same for every contender:
 * 1. Warm-up: sequential sign-ins, then concurrent ones (the connection pool fills).
 * 2. Sequential: rounds of one sign-in per contender, the order rotating every round. CPU per
 *    sign-in (`process.cpuUsage`), latency, and whether a GC ran during the sign-in.
 * 3. Throughput: batches of concurrent sign-ins, one batch per contender in turn.
 * 4. Heap (when asked): per connector, full GC, sign-ins at the same concurrency, full GC; the
 *    growth.
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

import { notImplemented } from '@logto/cli/lib/connector/consts.js';
import { loadConnector } from '@logto/cli/lib/connector/loader.js';
import { validateConnectorModule } from '@logto/cli/lib/connector/utils.js';
import { setGlobalDispatcher } from 'undici';

import { createFloorSignIn } from './floor.js';
import { createConnectorSignIn } from './logto-sign-in.js';
import type { ContenderName, ContenderResult, WorkerResult, WorkerTask } from './contenders.js';
import { createProviderDispatcher } from './provider-dispatcher.js';
import { percentile } from './statistics.js';
import { idleStopwatch, RunningStopwatch, type Stopwatch } from './stopwatch.js';

const redirectUri = 'http://127.0.0.1:3001/callback/huggingface-bench';

type SignIn = (index: number, stopwatch: Stopwatch) => Promise<unknown>;

const task = JSON.parse(process.argv[2] ?? '') as WorkerTask;
const { order, standIn, scope, counts, measureHeap } = task;
const gc = globalThis.gc;

if (!gc) {
  throw new TypeError('Run the benchmark worker with --expose-gc');
}

setGlobalDispatcher(createProviderDispatcher(standIn));

const config = { ...standIn.client, scope };

const loadContender = async (name: ContenderName): Promise<SignIn> => {
  if (name === 'floor') {
    return createFloorSignIn({ client: standIn.client, jwk: standIn.jwk, scope, redirectUri });
  }

  // What Logto does once at start-up.
  const createConnector = await loadConnector(task.connectorPaths[name], false);
  validateConnectorModule(await createConnector({ getConfig: notImplemented }));

  return createConnectorSignIn({ createConnector, config, redirectUri });
};

const signIns = {} as Record<ContenderName, SignIn>;

for (const name of order) {
  signIns[name] = await loadContender(name);
}

let signInCount = 0;
const signIn = async (name: ContenderName, stopwatch: Stopwatch = idleStopwatch) => {
  signInCount += 1;
  const index = signInCount;
  const userId = await signIns[name](index, stopwatch);

  if (userId !== standIn.userId) {
    throw new Error(
      `Sign-in ${index} (${name}) returned user ${JSON.stringify(userId)}, expected ${standIn.userId}`
    );
  }
};

const runConcurrently = async (name: ContenderName, total: number) => {
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started += 1;
      await signIn(name);
    }
  };

  await Promise.all(Array.from({ length: Math.min(counts.concurrency, total) }, lane));
};

const rotated = <T>(list: readonly T[], by: number) =>
  list.map((_, index) => list[(index + by) % list.length]!);

const fullGc = async () => {
  for (let round = 0; round < 3; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
};

// 1. Warm-up.
for (const name of order) {
  for (let index = 0; index < counts.warmupSequential; index += 1) await signIn(name);
  await runConcurrently(name, counts.warmupConcurrent);
}

// 2. Sequential, alternating single sign-ins.
type Sample = { startMs: number; endMs: number; cpuMicros: number };
const samples = Object.fromEntries(order.map((name) => [name, [] as Sample[]])) as Record<
  ContenderName,
  Sample[]
>;
const gcPauses: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ['gc'] });
await fullGc();

for (let round = 0; round < counts.sequentialRounds; round += 1) {
  for (const name of rotated(order, round)) {
    const stopwatch = new RunningStopwatch();
    const startMs = performance.now();
    stopwatch.resume();
    await signIn(name, stopwatch);
    stopwatch.pause();
    const { elapsedMs, cpuMicros } = stopwatch;
    samples[name].push({ startMs, endMs: startMs + elapsedMs, cpuMicros });
  }
}

gcPauses.push(...gcObserver.takeRecords());
gcObserver.disconnect();

const hitByGc = ({ startMs, endMs }: Sample) =>
  gcPauses.some(({ startTime, duration }) => startTime < endMs && startTime + duration > startMs);

// 3. Throughput, batch by batch.
const throughputSeconds = Object.fromEntries(order.map((name) => [name, 0])) as Record<
  ContenderName,
  number
>;

for (let batch = 0; batch < counts.throughputBatches; batch += 1) {
  for (const name of rotated(order, batch)) {
    const startedAt = performance.now();
    await runConcurrently(name, counts.batchSize);
    throughputSeconds[name] += (performance.now() - startedAt) / 1000;
  }
}

// 4. Heap.
const heapGrowthBytes: Partial<Record<ContenderName, number>> = {};

// The floor keeps nothing between sign-ins: only the connectors are measured.
for (const name of measureHeap ? order.filter((contender) => contender !== 'floor') : []) {
  await fullGc();
  const before = process.memoryUsage().heapUsed;
  await runConcurrently(name, counts.heapSignIns);
  await fullGc();
  heapGrowthBytes[name] = process.memoryUsage().heapUsed - before;
}

const resultOf = (name: ContenderName): ContenderResult => {
  const list = samples[name];
  const latencies = list.map(({ startMs, endMs }) => endMs - startMs);

  return {
    cpuMicrosPerSignIn: list.reduce((sum, { cpuMicros }) => sum + cpuMicros, 0) / list.length,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    gcHitShare: list.filter(hitByGc).length / list.length,
    signInsPerSecond: (counts.throughputBatches * counts.batchSize) / throughputSeconds[name],
    heapGrowthBytes: heapGrowthBytes[name],
  };
};

const result: WorkerResult = {
  contenders: Object.fromEntries(order.map((name) => [name, resultOf(name)])) as Record<
    ContenderName,
    ContenderResult
  >,
  signIns: signInCount,
};

process.send?.({ result });
process.disconnect();
