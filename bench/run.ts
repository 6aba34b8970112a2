/**
 * `npm run bench [-- --quick]`: the floor, the official @logto/connector-huggingface and ours,
 * loaded into one process and measured side by side, single sign-ins alternating between them,
 * against a stand-in for huggingface.co that runs in its own process. Several processes per
 * scope, each loading the contenders in a different order. Prints Markdown tables; see
 * docs/benchmarks.md.
 *
 * Exits non-zero only when something breaks, never because a number misses its target.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { repository } from '../tooling/logto-instance.js';

import { ensureFreshBuild } from './ensure-build.js';
import { loadedByLogto, loadedInOfficialImage, measureImportTimes } from './import-time.js';
import { installBothConnectors } from './install-connectors.js';
import { describeMachine } from './machine.js';
import { parseOptions, UsageError, type Counts } from './options.js';
import {
  packageTable,
  signInTable,
  standInTable,
  targetsOf,
  targetTable,
  type ScopeRun,
} from './report.js';
import { runWorker } from './run-worker.js';
import { startStandIn, type StandIn } from './stand-in-host.js';
import type { StandInStats } from './stand-in-provider.js';
import { contenderNames, type WorkerTask } from './contenders.js';

const scopes = [
  { scope: 'profile email', withIdToken: false },
  { scope: 'openid profile email', withIdToken: true },
];

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const profileDirectory = path.join(repository, '.tmp/bench-profiles');

const totalRequests = ({ requests }: StandInStats) =>
  Object.values(requests).reduce((sum, count) => sum + count, 0);

const measureScope = async ({
  standIn,
  connectorPaths,
  scope,
  withIdToken,
  counts,
  cpuProfile,
}: {
  standIn: StandIn;
  connectorPaths: WorkerTask['connectorPaths'];
  scope: string;
  withIdToken: boolean;
  counts: Counts;
  cpuProfile: boolean;
}): Promise<ScopeRun> => {
  const { stats, port, ca, jwk, client, userId } = standIn;
  const standInReady = { port, ca, jwk, client, userId };
  const run: ScopeRun = {
    scope,
    withIdToken,
    processes: [],
    requestsPerSignIn: [],
    jwksDownloads: [],
    tlsConnections: [],
  };

  for (let process = 0; process < counts.processes; process += 1) {
    const order = contenderNames.map(
      (_, index) => contenderNames[(index + process) % contenderNames.length]!
    );
    log(
      `scope "${scope}", process ${process + 1} of ${counts.processes}, load order ${order.join(', ')}`
    );
    const profileName = `${scope.replaceAll(' ', '-')}-process${process + 1}.cpuprofile`;
    const nodeOptions = cpuProfile
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`, `--cpu-prof-name=${profileName}`]
      : [];
    const before = await stats();
    const result = await runWorker(
      { order, connectorPaths, standIn: standInReady, scope, counts, measureHeap: process === 0 },
      nodeOptions
    );
    const after = await stats();

    run.processes.push(result);
    run.requestsPerSignIn.push((totalRequests(after) - totalRequests(before)) / result.signIns);
    run.jwksDownloads.push(
      (after.requests['/oauth/jwks'] ?? 0) - (before.requests['/oauth/jwks'] ?? 0)
    );
    run.tlsConnections.push(after.tlsConnections - before.tlsConnections);
  }

  return run;
};

const main = async () => {
  const options = parseOptions(process.argv.slice(2));

  if ('help' in options) {
    console.log(options.help);

    return;
  }

  const { counts, cpuProfile } = options;
  const started = performance.now();
  const workspace = mkdtempSync(path.join(tmpdir(), 'connector-huggingface-bench-'));
  let standIn: StandIn | undefined;

  try {
    ensureFreshBuild(repository, log);
    log(
      'packing both connectors and installing them into a Logto instance (official image layout)'
    );
    const installed = await installBothConnectors(workspace);
    const connectorPaths = { ours: installed.ours.path, official: installed.official.path };

    log(`import time: ${counts.importRuns} fresh processes per connector, twice`);
    const importTimes = (preload: readonly string[]) =>
      measureImportTimes({
        core: installed.core,
        connectors: connectorPaths,
        preload,
        runs: counts.importRuns,
      }) as Record<'ours' | 'official', number>;
    const packages = {
      importRuns: counts.importRuns,
      loadedByLogto: importTimes(loadedByLogto),
      officialImage: importTimes(loadedInOfficialImage),
      packedBytes: { ours: installed.ours.packedBytes, official: installed.official.packedBytes },
    };

    standIn = await startStandIn();
    log(`stand-in provider on https://127.0.0.1:${standIn.port} as https://huggingface.co`);

    if (cpuProfile) {
      mkdirSync(profileDirectory, { recursive: true });
      log(`CPU profiles go to ${profileDirectory}`);
    }

    const runs: ScopeRun[] = [];

    for (const { scope, withIdToken } of scopes) {
      runs.push(
        await measureScope({ standIn, connectorPaths, scope, withIdToken, counts, cpuProfile })
      );
    }

    const judge = counts.mode === 'full';
    console.log(
      `floor vs @logto/connector-huggingface vs connector-huggingface: ${counts.mode} mode, ` +
        `${counts.processes} processes per scope, load order rotated`
    );
    console.log(describeMachine());

    for (const run of runs) {
      console.log(`\nscope "${run.scope}"\n`);
      console.log(signInTable(run, counts.heapSignIns));
    }

    console.log('\n');
    console.log(targetTable(targetsOf(runs), judge));
    console.log();
    console.log(standInTable(runs));
    console.log();
    console.log(packageTable(packages));
    console.log();
    console.log(
      judge
        ? 'Absolute figures: median of processes. Ratios: median [min–max] of the ratios within each process.'
        : 'Quick mode: too few sign-ins for the numbers to mean anything; targets are not judged.'
    );
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await standIn?.close();
    rmSync(workspace, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  const report =
    error instanceof UsageError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`[bench] failed: ${report}\n`);
  process.exitCode = 1;
});
