/**
 * A throw-away Logto instance layout: connector tarballs are installed the way
 * `logto connector add` does it (npm pack + extract into `packages/core/connectors/`, never
 * `npm install`), next to a core `node_modules` that holds only the packages Logto core provides,
 * and loaded with Logto's own loader from `@logto/cli`. Shared by test/, bench/ and e2e/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { CreateConnector, SocialConnector } from '@logto/connector-kit';
import { addConnectorsToPath } from '@logto/cli/lib/commands/connector/utils.js';
import type * as consts from '@logto/cli/lib/connector/consts.js';
import type * as loader from '@logto/cli/lib/connector/loader.js';
import type * as utils from '@logto/cli/lib/connector/utils.js';
import { getConnectorPackagesFromDirectory } from '@logto/cli/lib/utils.js';

import { repository } from './build-check.js';

export { repository };

const nodeModules = path.join(repository, 'node_modules');

const minimal = ['@logto/connector-kit', 'zod'] as const;

/** What Logto core's `node_modules` holds, by the way Logto was installed. */
export const corePackageSets = {
  /** The least every Logto version provides. */
  minimal,
  /** A core with ky and essentials but without connector-oauth (Logto issue #6461). */
  withoutConnectorOauth: [...minimal, 'ky', '@silverhand/essentials'],
  /** Official Logto images link every official connector, connector-oauth included. */
  officialImage: [...minimal, 'ky', '@silverhand/essentials', '@logto/connector-oauth'],
} as const;

/**
 * Which `@logto/connector-kit` a Logto release ships, by the folder in this repository's
 * `node_modules` that holds it: the 5.x one under its own name, 4.7.0 under an npm alias.
 */
export const connectorKits = { current: '@logto/connector-kit', v4: 'connector-kit-4' } as const;

export type ConnectorKitFolder = (typeof connectorKits)[keyof typeof connectorKits];

/** The parts of `@logto/cli/lib/connector` that Logto core's `loadConnectorFactories` runs. */
export type LogtoConnectorLoader = typeof loader & typeof consts & typeof utils;

export type CreateSocialConnector = CreateConnector<SocialConnector>;

export type LoadResult = { name: string; path: string } & (
  | {
      ok: true;
      metadata: Awaited<ReturnType<typeof utils.parseMetadata>>;
      createConnector: CreateSocialConnector;
    }
  | { ok: false; error: string }
);

/**
 * Packs a package folder without running its scripts (build first) and names the tarball the way
 * `logto connector add` does: names that do not start with `connector-` get that prefix. Returns
 * what `npm pack --json` reports, and where the tarball now is.
 */
export const packForLogto = (directory: string, destination: string) => {
  const args = ['pack', directory, '--json', '--ignore-scripts', '--pack-destination', destination];
  const output = execFileSync('npm', args, { cwd: repository, encoding: 'utf8', stdio: 'pipe' });
  type Packed = { filename: string; files: Array<{ path: string; size: number }> };
  const [result] = JSON.parse(output) as [Packed];
  const tarball = path.join(destination, `connector-${result.filename}`);
  fs.renameSync(path.join(destination, result.filename), tarball);
  return { ...result, tarball };
};

const link = (target: string, from: string) => {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(from, target, 'dir');
};

/**
 * Creates `<workspace>/<name>`, a folder the Logto CLI accepts as an instance (its
 * `packages/core/package.json` names `@logto/core`), whose core `node_modules` links exactly
 * `corePackages` from this repository's `node_modules` (`@logto/connector-kit` from
 * `connectorKit`), and installs `tarballs` with Logto's own `addConnectorsToPath`. Returns the
 * instance folder, its connectors folder and what Logto's `getConnectorPackagesFromDirectory`
 * finds there.
 */
export const createLogtoInstance = async (options: {
  workspace: string;
  name: string;
  corePackages: readonly string[];
  tarballs: readonly string[];
  connectorKit?: ConnectorKitFolder;
}) => {
  const { workspace, name, corePackages, tarballs, connectorKit = connectorKits.current } = options;
  const root = path.join(workspace, name);
  const core = path.join(root, 'packages/core');
  const connectors = path.join(core, 'connectors');
  fs.mkdirSync(connectors, { recursive: true });
  fs.writeFileSync(path.join(core, 'package.json'), JSON.stringify({ name: '@logto/core' }));
  for (const corePackage of corePackages) {
    const source = corePackage === connectorKits.current ? connectorKit : corePackage;
    link(path.join(core, 'node_modules', corePackage), path.join(nodeModules, source));
  }
  if (tarballs.length > 0) await addConnectorsToPath(connectors, [...tarballs]);
  return { root, connectors, packages: await getConnectorPackagesFromDirectory(connectors) };
};

/**
 * Runs Logto's real CLI, `logto connector add <spec> --path <instance>`, from `@logto/cli`'s
 * `bin/`, as an operator would with `npx @logto/cli`.
 */
export const runLogtoConnectorAdd = (instance: string, spec: string, cwd = repository) => {
  const bin = path.join(nodeModules, '@logto/cli/bin/logto.js');
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  const args = [bin, 'connector', 'add', spec, '--path', instance];
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env });
};

const loaders = new Map<ConnectorKitFolder, Promise<LogtoConnectorLoader>>();

/**
 * A private copy of `@logto/cli` whose own `@logto/connector-kit` is `connectorKit`, the way a
 * Logto release ships its CLI next to its kit: the loader checks a connector's declared range
 * against that copy's version. Every other dependency resolves one folder up, where
 * `node_modules` links to this repository's.
 */
const cliWithKit = (connectorKit: ConnectorKitFolder, workspace: string) => {
  const folder = path.join(workspace, `logto-cli-with-${connectorKit.replace('/', '-')}`);
  const modules = path.join(folder, 'cli/node_modules');
  if (!fs.existsSync(modules)) {
    link(path.join(folder, 'node_modules'), nodeModules);
    link(path.join(modules, '@logto/connector-kit'), path.join(nodeModules, connectorKit));
    const cli = path.join(nodeModules, '@logto/cli');
    fs.cpSync(cli, path.join(modules, '@logto/cli'), { recursive: true });
  }
  return path.join(modules, '@logto/cli');
};

/**
 * Logto's connector loader (`@logto/cli/lib/connector`) as a Logto release whose kit is
 * `connectorKit` runs it. `workspace` holds the CLI copy a 4.x kit needs.
 */
export const logtoConnectorLoader = async (
  connectorKit: ConnectorKitFolder = connectorKits.current,
  workspace?: string
): Promise<LogtoConnectorLoader> => {
  const cached = loaders.get(connectorKit);
  if (cached) return cached;
  if (connectorKit !== connectorKits.current && !workspace) {
    throw new Error(`A workspace folder is needed for a Logto CLI with ${connectorKit}`);
  }
  const cli =
    connectorKit === connectorKits.current
      ? path.join(nodeModules, '@logto/cli')
      : cliWithKit(connectorKit, workspace!);
  const load = async (file: string) =>
    (await import(pathToFileURL(path.join(cli, 'lib/connector', file)).href)) as object;
  const loading = Promise.all(['loader.js', 'consts.js', 'utils.js'].map(load)).then(
    (modules) => Object.assign({}, ...modules) as LogtoConnectorLoader
  );
  loaders.set(connectorKit, loading);
  return loading;
};

/** The version of `@logto/connector-kit` that a loader from `logtoConnectorLoader` checks against. */
export const connectorKitVersion = (connectorKit: ConnectorKitFolder): string => {
  const manifest = fs.readFileSync(path.join(nodeModules, connectorKit, 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
};

/**
 * The body of Logto's `loadConnectorFactories`, without its process-wide cache: load (with the
 * connector-kit version check, never bypassed), create once with a `getConfig` that throws,
 * validate, parse metadata. A failure is a result, not a throw.
 */
export const loadConnectorsLikeLogto = async (
  packages: ReadonlyArray<{ name?: string; path: string }>,
  logto?: LogtoConnectorLoader
): Promise<LoadResult[]> => {
  const cli: LogtoConnectorLoader = logto ?? (await logtoConnectorLoader());
  return Promise.all(
    packages.map(async ({ name = '', path: packagePath }): Promise<LoadResult> => {
      try {
        const createConnector = await cli.loadConnector(packagePath, false);
        const connector = await createConnector({ getConfig: cli.notImplemented });
        cli.validateConnectorModule(connector);
        const metadata = await cli.parseMetadata(connector.metadata, packagePath);
        // Every connector this tooling loads is a social one.
        const create = createConnector as CreateSocialConnector;
        return { name, path: packagePath, ok: true, metadata, createConnector: create };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { name, path: packagePath, ok: false, error: message };
      }
    })
  );
};
