/**
 * A real Logto built from source (LOGTO_SRC): a fresh database, this package installed with that
 * release's own CLI, and core started the way an operator starts it, on ports 3001 (tenant) and
 * 3002 (admin), with the connector-kit version check on.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** The Logto checkout (built with setup.sh), the Node 22 Logto requires, and Logto's database. */
export type LogtoSettings = { source: string; node: string; databaseUrl: string };

export const logtoEndpoint = 'http://localhost:3001';

const run = (command: string, args: string[], options: { cwd?: string; input?: string } = {}) =>
  execFileSync(command, args, { ...options, encoding: 'utf8', stdio: 'pipe' });

/** Logto core's and its connector-kit's versions, read from the checkout. */
export const versionsOf = (source: string) => {
  const version = (folder: string) => {
    const manifest = readFileSync(path.join(source, 'packages', folder, 'package.json'), 'utf8');
    return (JSON.parse(manifest) as { version: string }).version;
  };
  return { core: version('core'), connectorKit: version('toolkit/connector-kit') };
};

export const psql = (databaseUrl: string, sql: string) =>
  run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qtAc', sql]).trim();

/**
 * Drops the database and the per-tenant roles a previous seed created, seeds the schema (the CLI
 * reads DB_URL, as core does), and applies config.sql (apps, sign-in experience, Account API).
 */
export const resetDatabase = ({ source, node, databaseUrl }: LogtoSettings) => {
  const maintenance = new URL('/postgres', databaseUrl).href;
  run('psql', [maintenance, '-v', 'ON_ERROR_STOP=1', '-q'], {
    input: `DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE);
      SELECT format('DROP ROLE %I', rolname) FROM pg_roles WHERE rolname ~ '^logto_tenant_' \\gexec`,
  });
  run(node, ['packages/cli/bin/logto.js', 'db', 'seed', '--swe'], { cwd: source });
  const configSql = new URL('config.sql', import.meta.url).pathname;
  run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-f', configSql]);
};

/**
 * `logto connector add <tarball> --path <source>` with the release's own CLI, after removing any
 * earlier copy of this package. Returns the CLI's output and what it left in the folder.
 */
export const installWithLogtoCli = ({ source, node }: LogtoSettings, tarball: string) => {
  const connectors = path.join(source, 'packages/core/connectors');
  rmSync(path.join(connectors, 'connector-huggingface'), { recursive: true, force: true });
  const args = ['packages/cli/bin/logto.js', 'connector', 'add', tarball, '--path', source];
  const output = run(node, args, { cwd: source });
  return {
    output,
    strayTarballs: readdirSync(connectors).filter((file) => file.endsWith('.tgz')),
    installed: existsSync(path.join(connectors, 'connector-huggingface/lib/index.js')),
  };
};

/**
 * Starts core (`node .` in packages/core) and resolves once its API answers. Core inherits
 * NODE_EXTRA_CA_CERTS, so it trusts the stand-in's certificate.
 */
export const startLogto = async ({ source, node }: LogtoSettings) => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ENDPOINT: logtoEndpoint,
    SECRET_VAULT_KEK: randomBytes(32).toString('base64'),
  };
  // Operators do not bypass the connector-kit range check; neither does this test.
  delete env.IGNORE_CONNECTOR_VERSION_CHECK;
  const core = spawn(node, ['.'], { cwd: path.join(source, 'packages/core'), env });
  let log = '';
  for (const output of [core.stdout, core.stderr]) output.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => core.once('exit', resolve));
  // If this process ends early (an error, a signal), core must not outlive it on ports 3001/3002.
  const killCore = () => core.kill('SIGKILL');
  process.once('exit', killCore);
  const logto = {
    log: () => log,
    async stop() {
      process.off('exit', killCore);
      if (core.exitCode === null && core.signalCode === null) core.kill('SIGTERM');
      await Promise.race([exited, delay(10_000).then(killCore)]);
    },
  };

  for (let attempt = 0; attempt < 240 && core.exitCode === null; attempt += 1) {
    const ready = await fetch(`${logtoEndpoint}/api/status`).catch(() => undefined);
    if (ready?.ok) return logto;
    await delay(500);
  }
  await logto.stop();
  throw new Error(`Logto core did not start within 120 s:\n${log.slice(-3000)}`);
};
