/**
 * `npm run bench`: how long a user waits for the sign-in callback. The official connector, ours
 * (two scopes) and the floor, each in its own process, sign in against the stand-in for
 * huggingface.co, found by name behind a proxy that adds a round-trip time. See
 * docs/benchmarks.md. Exits non-zero only when something breaks, never because of a figure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startHuggingFaceProvider } from '../stand-in/index.js';
import { ensureFreshBuild } from '../tooling/build-check.js';
import { createTestCertificate } from '../tooling/certificate.js';

import { drawChart } from './chart.js';
import { installConnectors } from './contenders.js';
import { addHostsEntry } from './hosts-entry.js';
import { startLatencyProxy } from './latency-proxy.js';
import { parseOptions, usage, UsageError } from './options.js';
import { cpuGuard, scenarioTable, targetTable } from './report.js';
import { runScenario, type ScenarioResult } from './scenario.js';

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const why = 'the benchmark stands in for huggingface.co on 127.0.0.1:443 and in /etc/hosts';

const main = async () => {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') return console.log(usage);
  const { quick, rttMs, signIns } = options;
  if (process.getuid?.() !== 0) throw new UsageError(`Run it as root: ${why}.`);
  const started = performance.now();
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'connector-huggingface-bench-'));
  process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));

  const { ca, key, cert } = createTestCertificate();
  const caFile = path.join(workspace, 'ca.pem');
  writeFileSync(caFile, ca);
  // Like huggingface.co, no Keep-Alive hint: each client keeps a connection as long as it likes.
  const tls = { key, cert };
  const issuer = 'https://huggingface.co';
  const standIn = await startHuggingFaceProvider({ tls, issuer, sendKeepAliveHint: false });
  const proxy = await startLatencyProxy(443, standIn.port, rttMs).catch((error: Error) => {
    const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new UsageError(`${taken ? 'Port 443 is taken' : error.message}: ${why}.`);
  });

  ensureFreshBuild(log);
  log('packing both connectors and installing them into a Logto instance');
  const packages = await installConnectors(workspace);
  addHostsEntry();
  log(`huggingface.co → 127.0.0.1:443 (RTT ${rttMs} ms) → stand-in on port ${standIn.port}`);

  const setup = { standIn, proxy, caFile, packages, rttMs, signIns, log };
  const results: ScenarioResult[] = [];
  for (const scenario of options.scenarios) results.push(await runScenario(scenario, setup));

  const { model = 'unknown CPU' } = os.cpus()[0] ?? {};
  console.log(`## npm run bench${quick ? ' -- --quick' : ''}: ${signIns} sign-ins each\n`);
  console.log(`${os.availableParallelism()} × ${model}, Node ${process.version}\n`);
  for (const result of results) console.log(`${scenarioTable(result, rttMs)}\n`);
  console.log(quick ? 'Quick mode: targets not judged.' : targetTable(results, rttMs));
  console.log(`\n${cpuGuard(results)}`);
  if (options.svg) writeFileSync(options.svg, drawChart(results, rttMs, signIns));
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
};

// Every way out goes through process.exit, whose handlers remove the /etc/hosts line and the
// workspace; the measured processes exit when their IPC channel closes.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
main().then(
  () => process.exit(0),
  (error: Error) => {
    log(`failed: ${error instanceof UsageError ? error.message : error.stack}`);
    process.exit(1);
  }
);
