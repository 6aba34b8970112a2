/**
 * A throw-away Logto instance layout: connector tarballs are installed the way
 * `logto connector add` does it (npm pack + extract into `packages/core/connectors/`, never
 * `npm install`), next to a core `node_modules` that holds only the packages Logto core provides,
 * and loaded with Logto's own loader from `@logto/cli`.
 *
 * Shared by `test/logto-install.test.ts` and the benchmark (`bench/`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { addConnectorsToPath } from '@logto/cli/lib/commands/connector/utils.js';
import { notImplemented } from '@logto/cli/lib/connector/consts.js';
import { loadConnector } from '@logto/cli/lib/connector/loader.js';
import { parseMetadata, validateConnectorModule } from '@logto/cli/lib/connector/utils.js';
import { getConnectorPackagesFromDirectory } from '@logto/cli/lib/utils.js';

/** This package's root folder. */
export const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What Logto core's `node_modules` holds, by the way Logto was installed. */
export const corePackageSets = Object.freeze({
  /** The least every Logto version provides. */
  minimal: Object.freeze(['@logto/connector-kit', 'zod']),
  /** A core with ky and essentials but without connector-oauth (Logto issue #6461). */
  withoutConnectorOauth: Object.freeze(['@logto/connector-kit', 'zod', 'ky', '@silverhand/essentials']),
  /** Official Logto images link every official connector, connector-oauth included. */
  officialImage: Object.freeze([
    '@logto/connector-kit',
    'zod',
    'ky',
    '@silverhand/essentials',
    '@logto/connector-oauth',
  ]),
});

const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Packs a package folder without running its scripts (build first) and names the tarball the way
 * `logto connector add` does: names that do not start with `connector-` get that prefix.
 *
 * @param {string} directory the package folder
 * @param {string} destination an existing folder for the tarball
 * @returns {import('./logto-instance.d.ts').PackResult} `npm pack --json`'s entry plus the tarball path
 */
export const packForLogto = (directory, destination) => {
  const [result] = JSON.parse(
    npm(['pack', directory, '--json', '--ignore-scripts', '--pack-destination', destination], repository)
  );
  const tarball = path.join(destination, `connector-${result.filename}`);
  renameSync(path.join(destination, result.filename), tarball);

  return { ...result, tarball };
};

/**
 * Creates `<workspace>/<name>/packages/core` whose `node_modules` links exactly `corePackages`
 * (from this repository's `node_modules`), and installs `tarballs` with Logto's own
 * `addConnectorsToPath`.
 *
 * @param {{ workspace: string, name: string, corePackages: readonly string[], tarballs: readonly string[] }} options
 * @returns {Promise<import('./logto-instance.d.ts').LogtoInstance>}
 */
export const createLogtoInstance = async ({ workspace, name, corePackages, tarballs }) => {
  const core = path.join(workspace, name, 'packages/core');
  const connectors = path.join(core, 'connectors');

  for (const corePackage of corePackages) {
    const target = path.join(core, 'node_modules', corePackage);
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(path.join(repository, 'node_modules', corePackage), target, 'dir');
  }

  await addConnectorsToPath(connectors, [...tarballs]);

  return { core, connectors, packages: await getConnectorPackagesFromDirectory(connectors) };
};

/**
 * The body of Logto's `loadConnectorFactories`, without its process-wide cache: load, create
 * once with a `getConfig` that throws, validate, parse metadata. A failure is a result, not a throw.
 *
 * @param {ReadonlyArray<{ name?: string, path: string }>} packages
 * @returns {Promise<import('./logto-instance.d.ts').LoadResult[]>}
 */
export const loadConnectorsLikeLogto = async (packages) =>
  Promise.all(
    packages.map(async ({ name = '', path: packagePath }) => {
      try {
        const createConnector = await loadConnector(packagePath);
        const connector = await createConnector({ getConfig: notImplemented });
        validateConnectorModule(connector);

        return {
          name,
          path: packagePath,
          ok: true,
          metadata: await parseMetadata(connector.metadata, packagePath),
          createConnector,
        };
      } catch (error) {
        return { name, path: packagePath, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    })
  );
