/**
 * A real Logto built from source (LOGTO_SRC): a fresh database, this package installed with that
 * release's own CLI, and core started the way an operator starts it, on ports 3001 (tenant) and
 * 3002 (admin), with the connector-kit version check on.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export type LogtoSettings = {
  /** The Logto checkout, built with setup.sh. */
  source: string;
  /** Logto requires Node 22. */
  node: string;
  databaseUrl: string;
  /** The CA that signed the huggingface.co certificate, trusted by core. */
  caFile: string;
};

export const logtoEndpoint = 'http://localhost:3001';

const configSql = path.join(path.dirname(fileURLToPath(import.meta.url)), 'config.sql');

const run = (
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
) =>
  execFileSync(command, args, {
    ...options,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Logto core's and its connector-kit's versions, read from the checkout. */
export const versionsOf = (source: string) => {
  const version = (file: string) =>
    (JSON.parse(readFileSync(path.join(source, file), 'utf8')) as { version: string }).version;

  return {
    core: version('packages/core/package.json'),
    connectorKit: version('packages/toolkit/connector-kit/package.json'),
  };
};

export const psql = (databaseUrl: string, sql: string) =>
  run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qtAc', sql]);

/**
 * Drops the database and the per-tenant roles a previous seed created, then seeds the schema and
 * applies config.sql (apps, sign-in experience, Account API).
 */
export const resetDatabase = ({ source, node, databaseUrl }: LogtoSettings) => {
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  psql(maintenance.href, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  const roles = psql(
    maintenance.href,
    "SELECT rolname FROM pg_roles WHERE rolname LIKE 'logto_tenant_%'"
  )
    .split('\n')
    .filter(Boolean);
  for (const role of roles) psql(maintenance.href, `DROP ROLE IF EXISTS "${role}"`);

  run(node, ['packages/cli/bin/logto.js', 'db', 'seed', '--swe'], {
    cwd: source,
    env: { ...process.env, DB_URL: databaseUrl },
  });
  run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-f', configSql]);
};

/**
 * `logto connector add <tarball> --path <source>` with the release's own CLI; any earlier copy of
 * this package is removed first. Returns the CLI's output.
 */
export const installWithLogtoCli = ({ source, node }: LogtoSettings, tarball: string) => {
  const connectors = path.join(source, 'packages/core/connectors');
  rmSync(path.join(connectors, 'connector-huggingface'), { recursive: true, force: true });
  const output = run(
    node,
    ['packages/cli/bin/logto.js', 'connector', 'add', tarball, '--path', source],
    {
      cwd: source,
      env: { ...process.env, NO_COLOR: '1' },
    }
  );
  const strayTarballs = readdirSync(connectors).filter((file) => file.endsWith('.tgz'));

  return {
    output,
    strayTarballs,
    installed: existsSync(path.join(connectors, 'connector-huggingface/lib/index.js')),
  };
};

export type RunningLogto = { log: () => string; stop: () => Promise<void> };

/** Starts core (`node .` in packages/core) and resolves once its API answers. */
export const startLogto = async ({
  source,
  node,
  databaseUrl,
  caFile,
}: LogtoSettings): Promise<RunningLogto> => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DB_URL: databaseUrl,
    ENDPOINT: logtoEndpoint,
    SECRET_VAULT_KEK: randomBytes(32).toString('base64'),
    NODE_EXTRA_CA_CERTS: caFile,
  };
  // Operators do not bypass the connector-kit range check; neither does this test.
  delete env.IGNORE_CONNECTOR_VERSION_CHECK;
  const core: ChildProcess = spawn(node, ['.'], {
    cwd: path.join(source, 'packages/core'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  core.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  core.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => core.once('exit', () => resolve()));
  // If this process ends early (an error, a signal), core must not outlive it on ports 3001/3002.
  const killCore = () => core.kill('SIGKILL');
  process.once('exit', killCore);

  const stop = async () => {
    process.off('exit', killCore);
    if (core.exitCode === null && core.signalCode === null) core.kill('SIGTERM');
    await Promise.race([exited, delay(10_000).then(() => core.kill('SIGKILL'))]);
  };

  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (core.exitCode !== null)
      throw new Error(`Logto core exited during start-up:\n${log.slice(-3000)}`);
    const ready = await fetch(`${logtoEndpoint}/api/status`).then(
      (response) => response.status < 300,
      () => false
    );
    if (ready) return { log: () => log, stop };
    await delay(500);
  }
  await stop();
  throw new Error(`Logto core did not answer within 120 s:\n${log.slice(-3000)}`);
};
