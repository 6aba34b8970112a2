/**
 * A throw-away Logto instance layout: connector tarballs are installed the way
 * `logto connector add` does it (npm pack + extract into `packages/core/connectors/`, never
 * `npm install`), next to a core `node_modules` that holds only the packages Logto core provides,
 * and loaded with Logto's own loader from `@logto/cli`.
 *
 * Shared by the tests in `test/` and the benchmark (`bench/`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { SocialConnector } from '@logto/connector-kit';
import { addConnectorsToPath } from '@logto/cli/lib/commands/connector/utils.js';
import type { notImplemented } from '@logto/cli/lib/connector/consts.js';
import type { loadConnector } from '@logto/cli/lib/connector/loader.js';
import type { parseMetadata, validateConnectorModule } from '@logto/cli/lib/connector/utils.js';
import { getConnectorPackagesFromDirectory } from '@logto/cli/lib/utils.js';

/** This package's root folder. */
export const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const nodeModules = path.join(repository, 'node_modules');

/** What Logto core's `node_modules` holds, by the way Logto was installed. */
export const corePackageSets = Object.freeze({
  /** The least every Logto version provides. */
  minimal: Object.freeze(['@logto/connector-kit', 'zod']),
  /** A core with ky and essentials but without connector-oauth (Logto issue #6461). */
  withoutConnectorOauth: Object.freeze([
    '@logto/connector-kit',
    'zod',
    'ky',
    '@silverhand/essentials',
  ]),
  /** Official Logto images link every official connector, connector-oauth included. */
  officialImage: Object.freeze([
    '@logto/connector-kit',
    'zod',
    'ky',
    '@silverhand/essentials',
    '@logto/connector-oauth',
  ]),
});

/**
 * Which `@logto/connector-kit` a Logto release ships, by the folder in this repository's
 * `node_modules` that holds it: the 5.x one under its own name, 4.7.0 under an npm alias.
 */
export const connectorKits = Object.freeze({
  current: '@logto/connector-kit',
  v4: 'connector-kit-4',
});

export type ConnectorKitFolder = (typeof connectorKits)[keyof typeof connectorKits];

export type PackResult = {
  filename: string;
  /** Packed size in bytes. */
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
  /** Where the tarball is, renamed like `logto connector add` names it. */
  tarball: string;
};

export type LogtoInstance = {
  /** The instance folder, what `logto connector add --path` takes. */
  root: string;
  /** `<instance>/packages/core` */
  core: string;
  /** `<instance>/packages/core/connectors` */
  connectors: string;
  /** What Logto's `getConnectorPackagesFromDirectory` finds there. */
  packages: Array<{ name?: string; path: string }>;
};

/** The parts of `@logto/cli/lib/connector` that Logto core's `loadConnectorFactories` runs. */
export type LogtoConnectorLoader = {
  loadConnector: typeof loadConnector;
  notImplemented: typeof notImplemented;
  parseMetadata: typeof parseMetadata;
  validateConnectorModule: typeof validateConnectorModule;
};

export type CreateSocialConnector = (options: {
  getConfig: (id: string) => Promise<unknown>;
}) => Promise<SocialConnector>;

export type LoadResult =
  | {
      name: string;
      path: string;
      ok: true;
      metadata: Awaited<ReturnType<typeof parseMetadata>>;
      createConnector: CreateSocialConnector;
    }
  | { name: string; path: string; ok: false; error: string };

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Packs a package folder without running its scripts (build first) and names the tarball the way
 * `logto connector add` does: names that do not start with `connector-` get that prefix.
 */
export const packForLogto = (directory: string, destination: string): PackResult => {
  const [result] = JSON.parse(
    npm(
      ['pack', directory, '--json', '--ignore-scripts', '--pack-destination', destination],
      repository
    )
  ) as [Omit<PackResult, 'tarball'>];
  const tarball = path.join(destination, `connector-${result.filename}`);
  renameSync(path.join(destination, result.filename), tarball);

  return { ...result, tarball };
};

const linkPackage = (target: string, from: string) => {
  mkdirSync(path.dirname(target), { recursive: true });
  symlinkSync(from, target, 'dir');
};

/**
 * Creates `<workspace>/<name>`, a folder the Logto CLI accepts as an instance (its
 * `packages/core/package.json` names `@logto/core`), whose core `node_modules` links exactly
 * `corePackages` from this repository's `node_modules` (`@logto/connector-kit` from
 * `connectorKit`), and installs `tarballs` with Logto's own `addConnectorsToPath`.
 */
export const createLogtoInstance = async ({
  workspace,
  name,
  corePackages,
  tarballs,
  connectorKit = connectorKits.current,
}: {
  workspace: string;
  name: string;
  corePackages: readonly string[];
  tarballs: readonly string[];
  connectorKit?: ConnectorKitFolder;
}): Promise<LogtoInstance> => {
  const root = path.join(workspace, name);
  const core = path.join(root, 'packages/core');
  const connectors = path.join(core, 'connectors');

  mkdirSync(core, { recursive: true });
  writeFileSync(path.join(core, 'package.json'), JSON.stringify({ name: '@logto/core' }));
  for (const corePackage of corePackages) {
    const source = corePackage === connectorKits.current ? connectorKit : corePackage;
    linkPackage(path.join(core, 'node_modules', corePackage), path.join(nodeModules, source));
  }

  if (tarballs.length > 0) await addConnectorsToPath(connectors, [...tarballs]);
  mkdirSync(connectors, { recursive: true });

  return {
    root,
    core,
    connectors,
    packages: await getConnectorPackagesFromDirectory(connectors),
  };
};

export type CliRun = { status: number | null; stdout: string; stderr: string };

/**
 * Runs Logto's real CLI, `logto connector add <spec> --path <instance>`, from `@logto/cli`'s
 * `bin/`, as an operator would with `npx @logto/cli`.
 */
export const runLogtoConnectorAdd = (instance: string, spec: string, cwd = repository): CliRun => {
  const bin = path.join(nodeModules, '@logto/cli/bin/logto.js');
  const { status, stdout, stderr } = spawnSync(
    process.execPath,
    [bin, 'connector', 'add', spec, '--path', instance],
    { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }
  );

  return { status, stdout, stderr };
};

const loaderModules = new Map<ConnectorKitFolder, Promise<LogtoConnectorLoader>>();

/**
 * A private copy of `@logto/cli` whose own `@logto/connector-kit` is `connectorKit`, the way a
 * Logto release ships its CLI next to its kit: the loader checks a connector's declared range
 * against that copy's version. Its other dependencies link to this repository's.
 */
const cliWithKit = (connectorKit: ConnectorKitFolder, workspace: string) => {
  const modules = path.join(
    workspace,
    `logto-cli-with-${connectorKit.replace('/', '-')}`,
    'node_modules'
  );
  if (!existsSync(modules)) {
    for (const entry of readdirSync(nodeModules)) {
      if (entry.startsWith('.') || entry === '@logto') continue;
      linkPackage(path.join(modules, entry), path.join(nodeModules, entry));
    }
    for (const entry of readdirSync(path.join(nodeModules, '@logto'))) {
      if (entry === 'cli' || entry === 'connector-kit') continue;
      linkPackage(path.join(modules, '@logto', entry), path.join(nodeModules, '@logto', entry));
    }
    linkPackage(path.join(modules, '@logto/connector-kit'), path.join(nodeModules, connectorKit));
    cpSync(path.join(nodeModules, '@logto/cli'), path.join(modules, '@logto/cli'), {
      recursive: true,
    });
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
  const cached = loaderModules.get(connectorKit);
  if (cached) return cached;

  if (connectorKit !== connectorKits.current && !workspace) {
    throw new Error(`A workspace folder is needed for a Logto CLI with ${connectorKit}`);
  }
  const cli =
    connectorKit === connectorKits.current
      ? path.join(nodeModules, '@logto/cli')
      : cliWithKit(connectorKit, workspace!);
  const load = async (file: string) =>
    (await import(pathToFileURL(path.join(cli, 'lib/connector', file)).href)) as Record<
      string,
      unknown
    >;
  const loading = Promise.all([load('loader.js'), load('consts.js'), load('utils.js')]).then(
    ([loader, consts, utils]) => ({ ...loader, ...consts, ...utils }) as LogtoConnectorLoader
  );
  loaderModules.set(connectorKit, loading);

  return loading;
};

/** The version of `@logto/connector-kit` that a loader from `logtoConnectorLoader` checks against. */
export const connectorKitVersion = (connectorKit: ConnectorKitFolder): string =>
  (
    JSON.parse(readFileSync(path.join(nodeModules, connectorKit, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/**
 * The body of Logto's `loadConnectorFactories`, without its process-wide cache: load (with the
 * connector-kit version check, never bypassed), create once with a `getConfig` that throws,
 * validate, parse metadata. A failure is a result, not a throw.
 */
export const loadConnectorsLikeLogto = async (
  packages: ReadonlyArray<{ name?: string; path: string }>,
  loader?: LogtoConnectorLoader
): Promise<LoadResult[]> => {
  const logto: LogtoConnectorLoader = loader ?? (await logtoConnectorLoader());

  return Promise.all(
    packages.map(async ({ name = '', path: packagePath }): Promise<LoadResult> => {
      try {
        const createConnector = await logto.loadConnector(packagePath, false);
        const connector = await createConnector({ getConfig: logto.notImplemented });
        logto.validateConnectorModule(connector);

        return {
          name,
          path: packagePath,
          ok: true,
          metadata: await logto.parseMetadata(connector.metadata, packagePath),
          // Every connector this tooling loads is a social one.
          createConnector: createConnector as CreateSocialConnector,
        };
      } catch (error) {
        return {
          name,
          path: packagePath,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        };
      }
    })
  );
};
