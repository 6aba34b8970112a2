/**
 * `npm run bench [-- --quick]`: our connector against the official @logto/connector-huggingface,
 * both installed and loaded the way Logto does it, both signing in against the same loopback
 * Hugging Face–compatible provider over HTTPS. Prints one table; see docs/benchmarks.md.
 *
 * Exits non-zero only when something breaks, never because a number misses its target.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { repository } from '../tooling/logto-instance.js';

import { aggregateRounds } from './aggregate-rounds.js';
import { ensureFreshBuild } from './ensure-build.js';
import { loadedByLogto, loadedInOfficialImage, measureImportTimes } from './import-time.js';
import { installBothConnectors } from './install-connectors.js';
import { describeMachine } from './machine.js';
import { parseOptions, UsageError } from './options.js';
import { startBenchProvider } from './provider-host.js';
import { isMissed, renderTable } from './report.js';
import { packageRows, signInRows } from './rows.js';
import { measureSignIns } from './sign-in-runs.js';

const scopes = [
  { scope: 'profile email', withIdToken: false },
  { scope: 'openid profile email', withIdToken: true },
];

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

const profileDirectory = path.join(repository, '.tmp/bench-profiles');

/** Node flags that make a worker write its CPU profile under a name saying what it measured. */
const profilingFlags = (name) => ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`, `--cpu-prof-name=${name}.cpuprofile`];

/** Alternates which connector goes first, so drift over the run does not favour one of them. */
const measureBothInRounds = async ({ provider, installed, scope, counts, cpuProfile }) => {
  const results = { ours: [], official: [] };

  for (let round = 0; round < counts.rounds; round += 1) {
    for (const side of round % 2 === 0 ? ['ours', 'official'] : ['official', 'ours']) {
      log(`sign-ins: ${side}, scope "${scope}", round ${round + 1} of ${counts.rounds}`);
      const nodeOptions = cpuProfile ? profilingFlags(`${side}-${scope.replaceAll(' ', '-')}-round${round + 1}`) : [];
      results[side].push(await measureSignIns({ provider, connectorPath: installed[side].path, scope, counts, nodeOptions }));
    }
  }

  return { ours: aggregateRounds(results.ours), official: aggregateRounds(results.official) };
};

const main = async () => {
  const options = parseOptions(process.argv.slice(2));

  if (options.help) {
    console.log(options.help);

    return;
  }

  const { counts, cpuProfile } = options;
  const started = performance.now();
  const workspace = mkdtempSync(path.join(tmpdir(), 'connector-huggingface-bench-'));
  let provider;

  try {
    ensureFreshBuild(repository, log);
    log('packing both connectors and installing them into a Logto instance (official image layout)');
    const installed = await installBothConnectors(workspace);
    const connectors = { ours: installed.ours.path, official: installed.official.path };

    log(`import time: ${counts.importRuns} fresh processes per connector, twice`);
    const imports = {
      runs: counts.importRuns,
      loadedByLogto: measureImportTimes({ core: installed.core, connectors, preload: loadedByLogto, runs: counts.importRuns }),
      officialImage: measureImportTimes({ core: installed.core, connectors, preload: loadedInOfficialImage, runs: counts.importRuns }),
    };

    provider = await startBenchProvider();
    log(`provider listening on https://127.0.0.1:${provider.port} as https://huggingface.co; warming it up`);
    await measureSignIns({
      provider,
      connectorPath: installed.ours.path,
      scope: 'openid profile email',
      counts: { warmupSequential: 50, warmupConcurrent: 320, sequential: 10, concurrent: 32, concurrency: counts.concurrency },
    });

    if (cpuProfile) {
      mkdirSync(profileDirectory, { recursive: true });
      log(`CPU profiles go to ${profileDirectory}`);
    }

    const rows = packageRows({ imports, sizes: installed });

    for (const { scope, withIdToken } of scopes) {
      const { ours, official } = await measureBothInRounds({ provider, installed, scope, counts, cpuProfile });
      rows.push(...signInRows({ scope, ours, official, withIdToken, concurrency: counts.concurrency }));
    }

    const judge = counts.mode === 'full';
    const missed = rows.filter((row) => isMissed(row, judge)).length;
    console.log(`connector-huggingface vs @logto/connector-huggingface: ${counts.mode} mode, ${counts.rounds} round(s) per connector and scope`);
    console.log(describeMachine());
    console.log();
    console.log(renderTable(rows, { judge }));
    console.log();
    console.log(
      judge
        ? `${missed === 0 ? 'Every target holds' : `${missed} target(s) missed`}. Median of rounds for latency, CPU and throughput; worst round for requests, connections, JWKS fetches and heap.`
        : 'Quick mode: too few iterations for the numbers to mean anything; targets are not judged.'
    );
    log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await provider?.close();
    rmSync(workspace, { recursive: true, force: true });
  }
};

main().catch((error) => {
  const report = error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`[bench] failed: ${report}\n`);
  process.exitCode = 1;
});
