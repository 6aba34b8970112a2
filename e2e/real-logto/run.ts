/**
 * `npm run test:logto`: the connector inside a real Logto built from source (see scenario.ts).
 * Without LOGTO_SRC (CI has no Logto source) it says it was skipped and why, and exits 0.
 * Otherwise it makes the certificate the stand-in serves as huggingface.co, points that name at
 * 127.0.0.1 in /etc/hosts, and runs scenario.ts in a process that trusts the certificate, as Logto
 * core will (Node reads NODE_EXTRA_CA_CERTS only at start). The hosts line goes when it ends.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createTestCertificate } from '../../tooling/certificate.js';

if (!process.env.LOGTO_SRC) {
  console.log(
    'test:logto SKIPPED: LOGTO_SRC is not set. This test runs the connector inside a real Logto built from source, ' +
      'which CI cannot reach. To run it: build Logto (see docs/install.md, "Test against a real Logto"), start ' +
      'PostgreSQL, then LOGTO_SRC=<the Logto checkout> npm run test:logto (as root).'
  );
  process.exit(0);
}

const workspace = mkdtempSync(path.join(tmpdir(), 'test-logto-'));
for (const [name, pem] of Object.entries(createTestCertificate(['huggingface.co']))) {
  writeFileSync(path.join(workspace, `${name}.pem`), pem);
}
const hosts = '/etc/hosts';
const hostsLine = '127.0.0.1 huggingface.co # connector-huggingface test:logto';
appendFileSync(hosts, `${readFileSync(hosts, 'utf8').endsWith('\n') ? '' : '\n'}${hostsLine}\n`);
const env = {
  ...process.env,
  DB_URL: process.env.DB_URL ?? 'postgres://logto:logto-lab@127.0.0.1:5432/logto',
  NO_COLOR: '1',
  NODE_EXTRA_CA_CERTS: path.join(workspace, 'ca.pem'),
  TEST_LOGTO_WORKSPACE: workspace,
};
const script = fileURLToPath(new URL('scenario.ts', import.meta.url));
const scenario = spawn(process.execPath, [...process.execArgv, script], { stdio: 'inherit', env });
const forward = (signal: NodeJS.Signals) => scenario.kill(signal);
process.on('SIGINT', forward).on('SIGTERM', forward);
const [exitCode] = (await once(scenario, 'exit')) as [number | null];
const lines = readFileSync(hosts, 'utf8').split('\n');
writeFileSync(hosts, lines.filter((line) => line !== hostsLine).join('\n'));
rmSync(workspace, { recursive: true, force: true });
process.exit(exitCode ?? 1);
